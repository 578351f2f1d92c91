import { describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_SCHEMA, openMigrated, schemaVersion } from '../src/db/database.js';
import { openDatabase } from '../src/store/open.js';
import { rederiveStoredDocuments } from '../src/store/rederive.js';
import { DocumentSchema } from '../src/model/document.js';
import { cli, fixture, tmp } from './helpers.js';

// fixtures/db/v1.sqlite was written by the previous release (schema version 1, commit 32146ad):
// the Barking and Dagenham 2014 plan (Markdown) and report (PDF), seed 001 and the Brent 2011 plan.
const v1Copy = () => {
  const path = join(tmp('ofsted-v1-'), 'v1.sqlite');
  copyFileSync(fixture('db', 'v1.sqlite'), path);
  return path;
};

const counts = (db: Database.Database) =>
  Object.fromEntries(['documents', 'judgements', 'recommendations', 'paragraphs', 'actions', 'recommendation_paragraph_refs'].map((t) => [t, (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n]));

describe('a version-1 database is upgraded in place', () => {
  it('fills the new columns from the stored documents, keeps every row, and links', async () => {
    const path = v1Copy();
    const raw = new Database(path, { readonly: true });
    expect(schemaVersion(raw)).toBe(1);
    const before = counts(raw);
    const warningsBefore = (raw.prepare('SELECT count(*) AS n FROM warnings').get() as { n: number }).n;
    raw.close();

    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA);
    expect(counts(db)).toEqual(before);
    expect((db.prepare('SELECT count(*) AS n FROM local_authorities').get() as { n: number }).n).toBe(156);

    const docs = db.prepare('SELECT path, kind, local_authority, local_authority_code, local_authority_as_written, schema_version, json FROM documents ORDER BY path').all() as Array<Record<string, string>>;
    expect(Object.fromEntries(docs.map((d) => [d.path.split('/').pop(), [d.local_authority, d.local_authority_code, d.schema_version]]))).toEqual({
      '001_dab7261901101738.md': ['Brent', '304', '4'],
      'barking-dagenham-2014-action-plan.md': ['Barking and Dagenham', '301', '4'],
      'brent-2011-action-plan.md': ['Brent', '304', '4'],
      'barking-and-dagenham_2014-07-07.pdf': ['Barking and Dagenham', '301', '4'],
    });
    // Seed 001 had no authority in version 1: found in its paragraphs ("Brent Social Care").
    expect(docs.find((d) => d.path.endsWith('001_dab7261901101738.md'))!.local_authority_as_written).toBe('Brent Social Care');
    // The stored JSON is the current version and valid, with the columns' values.
    for (const d of docs) {
      const doc = DocumentSchema.parse(JSON.parse(d.json));
      expect(doc.schemaVersion).toBe('4');
      expect(doc.document.localAuthorityCode).toBe(d.local_authority_code);
      expect(Object.keys(doc.document).slice(2, 5)).toEqual(['localAuthority', 'localAuthorityCode', 'localAuthorityAsWritten']);
    }
    // Old warnings kept.
    expect((db.prepare("SELECT count(*) AS n FROM warnings WHERE origin <> 'link'").get() as { n: number }).n).toBeGreaterThanOrEqual(warningsBefore);

    // Links made from what was stored: 13 of 13, and the progress report to its plan.
    const links = db
      .prepare('SELECT p.rec_id AS plan, r.rec_id AS report FROM recommendation_links l JOIN recommendations p ON p.id = l.plan_recommendation_id JOIN recommendations r ON r.id = l.report_recommendation_id ORDER BY p.id')
      .all();
    expect(links).toEqual(Array.from({ length: 13 }, (_, i) => ({ plan: String(i + 1), report: String(28 + i) })));
    const reportsOn = db.prepare("SELECT t.path FROM document_links l JOIN documents t ON t.id = l.to_document_id WHERE l.kind = 'reports_on'").all();
    expect(reportsOn).toEqual([{ path: 'fixtures/plans/brent-2011-action-plan.md' }]);
    db.close();

    // Opening again changes nothing.
    const again = openDatabase(path);
    expect(counts(again)).toEqual(before);
    expect((again.prepare('SELECT count(*) AS n FROM recommendation_links').get() as { n: number }).n).toBe(13);
    again.close();
  });

  it('migrating changes the schema only; re-deriving the stored documents is a step of its own', () => {
    const path = v1Copy();
    const db = openMigrated(path);
    try {
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA);
      // The schema is the current one; the documents are as stored, nothing linked yet.
      expect(db.prepare('SELECT DISTINCT schema_version AS v FROM documents').all()).toEqual([{ v: '1' }]);
      expect(db.prepare('SELECT count(*) AS n FROM documents WHERE local_authority_code IS NOT NULL').get()).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM recommendation_links').get()).toEqual({ n: 0 });
      expect(rederiveStoredDocuments(db)).toEqual({ documents: 4, fromVersions: ['1'] });
      expect(db.prepare('SELECT DISTINCT schema_version AS v FROM documents').all()).toEqual([{ v: '4' }]);
      expect(db.prepare('SELECT count(*) AS n FROM recommendation_links').get()).toEqual({ n: 13 });
      // Nothing left to do.
      expect(rederiveStoredDocuments(db)).toEqual({ documents: 0, fromVersions: [] });
    } finally {
      db.close();
    }
  });

  it('a query on a version-1 file upgrades it first, and the log says it re-derived the stored documents', async () => {
    const path = v1Copy();
    const r = await cli(['query', 'tracker', '--db', path, '--la', 'Barking & Dagenham', '--format', 'json', '--as-of', '2015-01-01'], { env: { OFSTED_LOG_LEVEL: 'info' } });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/re-deriving stored documents of an older document version/);
    const rows = JSON.parse(r.stdout) as Array<{ links: unknown[] }>;
    expect(rows).toHaveLength(18);
    expect(rows.filter((x) => x.links.length === 1)).toHaveLength(13);
  });

  it('an import into a version-1 file upgrades it, then loads', async () => {
    const path = v1Copy();
    const r = await cli(['import', fixture('plans', 'harrow-2012-improvement-plan.md'), '--db', path, '--json', '--quiet', '--jobs', '1']);
    expect(r.code).toBe(0);
    const db = new Database(path, { readonly: true });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA);
    expect(db.prepare("SELECT local_authority_code AS code FROM documents WHERE path LIKE '%harrow%'").get()).toEqual({ code: '310' });
    db.close();
  });
});

// fixtures/db/v2.sqlite was written by the release before schema version 3 (commit cc8c4d6): the same
// four documents and an ILACS report (Brent 2023), whose "What needs to improve" items become areas for improvement.
describe('a version-2 database is upgraded in place', () => {
  const v2Copy = () => {
    const path = join(tmp('ofsted-v2-'), 'v2.sqlite');
    copyFileSync(fixture('db', 'v2.sqlite'), path);
    return path;
  };

  it('rebuilds documents, fills the version-3 columns from the stored JSON, keeps every row and link', async () => {
    const path = v2Copy();
    const raw = new Database(path, { readonly: true });
    expect(schemaVersion(raw)).toBe(2);
    const before = counts(raw);
    const linksBefore = raw.prepare('SELECT plan_recommendation_id, report_recommendation_id, method FROM recommendation_links ORDER BY 1, 2').all();
    const warningsBefore = (raw.prepare('SELECT count(*) AS n FROM warnings').get() as { n: number }).n;
    raw.close();

    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA);
    expect(counts(db)).toEqual(before);
    expect(db.prepare('SELECT plan_recommendation_id, report_recommendation_id, method FROM recommendation_links ORDER BY 1, 2').all()).toEqual(linksBefore);
    expect((db.prepare('SELECT count(*) AS n FROM warnings').get() as { n: number }).n).toBe(warningsBefore);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);

    for (const d of db.prepare('SELECT id, framework, lead_inspector, inspectors, schema_version, json FROM documents').all() as Array<Record<string, string | number | null>>) {
      const doc = DocumentSchema.parse(JSON.parse(d.json as string));
      expect(d.schema_version).toBe('4');
      expect(JSON.parse(d.inspectors as string)).toEqual(d.lead_inspector ? [d.lead_inspector] : []);
      const kinds = db.prepare('SELECT rec_id, kind FROM recommendations WHERE document_id = ? ORDER BY id').all(d.id) as Array<{ rec_id: string; kind: string }>;
      expect(kinds).toEqual(doc.recommendations.map((r) => ({ rec_id: r.id, kind: r.kind })));
      const expected = d.framework === 'ilacs' ? 'area_for_improvement' : 'recommendation';
      for (const k of kinds) expect(k.kind).toBe(expected);
    }
    expect((db.prepare("SELECT count(*) AS n FROM recommendations WHERE kind = 'area_for_improvement'").get() as { n: number }).n).toBeGreaterThan(0);
    // The new source format is accepted by the rebuilt table.
    expect(() => db.prepare("INSERT INTO documents (sha256, path, format, bytes, kind, schema_version, imported_at, json) VALUES (?, 'x.xlsx', 'xlsx', 1, 'action_plan', '3', '', '{}')").run('a'.repeat(64))).not.toThrow();
    db.close();
  });
});
