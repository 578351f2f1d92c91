import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/store/open.js';
import { Loader } from '../src/store/loader.js';
import { MIGRATIONS } from '../src/db/migrations.js';
import type { OfstedDocument } from '../src/model/document.js';
import { fixture, tmp } from './helpers.js';

const golden = (name = '004_b1cb188c35d1ae0d.md.json'): OfstedDocument => JSON.parse(readFileSync(fixture('expected', name), 'utf8'));
const counts = (db: ReturnType<typeof openDatabase>) =>
  Object.fromEntries(
    ['documents', 'judgements', 'recommendations', 'recommendation_paragraph_refs', 'paragraphs', 'actions', 'warnings'].map((t) => [
      t,
      (db.prepare(`SELECT count(*) n FROM ${t}`).get() as { n: number }).n,
    ]),
  );

describe('SQLite loader', () => {
  it('loads a document with every row, refs resolved to paragraph rows, FTS in step', () => {
    const db = openDatabase(join(tmp(), 'a.sqlite'));
    expect(new Loader(db).load(golden(), [])).toBe('loaded');
    expect(counts(db)).toEqual({ documents: 1, judgements: 7, recommendations: 17, recommendation_paragraph_refs: 24, paragraphs: 129, actions: 0, warnings: 0 });
    const unresolved = db.prepare('SELECT count(*) n FROM recommendation_paragraph_refs WHERE paragraph_id IS NULL').get() as { n: number };
    expect(unresolved.n).toBe(0);
    const hit = db.prepare("SELECT r.rec_id FROM recommendations_fts f JOIN recommendations r ON r.id = f.rowid WHERE recommendations_fts MATCH 'translators'").all();
    expect(hit).toEqual([{ rec_id: '8' }]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
  });

  it('is idempotent: the same bytes twice change nothing', () => {
    const db = openDatabase(join(tmp(), 'b.sqlite'));
    const loader = new Loader(db);
    loader.load(golden(), []);
    const before = counts(db);
    expect(loader.load(golden(), [])).toBe('unchanged');
    expect(counts(db)).toEqual(before);
  });

  it('a changed file at the same path replaces the old rows; --force reloads in place', () => {
    const db = openDatabase(join(tmp(), 'c.sqlite'));
    const loader = new Loader(db);
    loader.load(golden(), []);
    const changed = golden();
    changed.source.sha256 = 'f'.repeat(64);
    changed.recommendations = changed.recommendations.slice(0, 3);
    expect(loader.load(changed, [])).toBe('replaced');
    expect(counts(db)).toMatchObject({ documents: 1, recommendations: 3 });
    expect(loader.load(changed, [], { force: true })).toBe('replaced');
    expect(counts(db)).toMatchObject({ documents: 1, recommendations: 3 });
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
  });

  it('writes a document in one transaction: a failure mid-document leaves nothing of it', () => {
    const db = openDatabase(join(tmp(), 'd.sqlite'));
    const loader = new Loader(db);
    loader.load(golden('001_dab7261901101738.md.json'), []);
    const before = counts(db);
    const bad = golden();
    // A NOT NULL violation on the last paragraph: judgements and recommendations were already written.
    (bad.paragraphs[bad.paragraphs.length - 1] as { text: unknown }).text = null;
    expect(() => loader.load(bad, [])).toThrow(/NOT NULL/);
    expect(counts(db)).toEqual(before);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('stores validation issues beside extraction warnings, with severity', () => {
    const db = openDatabase(join(tmp(), 'e.sqlite'));
    new Loader(db).load(golden(), [{ severity: 'error', code: 'x', message: 'y', loc: { page: 3, line: null, block: null } }]);
    expect(db.prepare('SELECT origin, severity, code, page FROM warnings').all()).toEqual([{ origin: 'validate', severity: 'error', code: 'x', page: 3 }]);
    expect(db.prepare('SELECT has_errors FROM documents').get()).toEqual({ has_errors: 1 });
  });
});
