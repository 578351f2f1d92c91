/**
 * Which documents are graded full inspections, decided once (issue 25, item 5): a standalone LSCB
 * review (fixtures/reports/made-up-lscb-review-2016.md: the corpus holds none, its reviews are bound
 * into SIF reports) is never an authority's latest grades and gets no plan deadline; and a report
 * held in two formats (Brent's 2015 SIF report as Ofsted's PDF and as a council's Markdown,
 * fixtures/seeds/004_...md) counts once in the grades by year, the theme counts, the overview and
 * the export. The documents are the goldens (fixtures/expected), loaded through the loader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/open';
import { Loader } from '../src/store/loader';
import { DataAccess } from '../src/query/access';
import { documentDeadlines } from '../src/query/deadlines';
import { trackerRows } from '../src/query/tracker';
import { planDueDate } from '../src/draft/due';
import { themeCounts, themeItems, themesByYear } from '../src/query/themes';
import { buildSheets } from '../src/export/workbook';
import { createApp } from '../src/web/server';
import type { DB } from '../src/db/types';
import { PUBLICATION_SOURCES, type OfstedDocument } from '../src/model/document';
import { isOtherFile, OTHER_FILES_SQL } from '../src/db/inspections';
import { TRACKER_ORDER, trackerSql } from '../src/query/views';
import { fixture, tmp } from './helpers';

const golden = (name: string) => JSON.parse(readFileSync(fixture('expected', `${name}.json`), 'utf8')) as OfstedDocument;
const PDF = golden('brent_2015-11-30.pdf');
const MD = golden('004_b1cb188c35d1ae0d.md');
const LSCB = golden('made-up-lscb-review-2016.md');

/** Items per theme of one document (any rank). */
function themesOf(doc: OfstedDocument): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of doc.recommendations) for (const t of r.themes) out.set(t.id, (out.get(t.id) ?? 0) + 1);
  return out;
}

describe('one inspection, one count; an LSCB review is not a full inspection', () => {
  let db: DB;
  const ids: Record<string, number> = {};
  beforeAll(() => {
    db = openDatabase(join(tmp('ofsted-one-'), 'db.sqlite'));
    const loader = new Loader(db);
    for (const [name, doc] of Object.entries({ pdf: PDF, md: MD, lscb: LSCB })) {
      expect(loader.load(doc, [])).toBe('loaded');
      ids[name] = (db.prepare('SELECT id FROM documents WHERE sha256 = ?').get(doc.source.sha256) as { id: number }).id;
    }
  });
  afterAll(() => db?.close());

  it('the fixtures are what the test needs: one SIF report in two formats, and a later standalone LSCB review, all of Brent', () => {
    expect(PDF.source.format).toBe('pdf');
    expect(MD.source.format).toBe('markdown');
    expect(PDF.document).toEqual(MD.document);
    expect(LSCB.document).toMatchObject({ framework: 'lscb_review', localAuthorityCode: '304', publicationDate: '2016-04-06' });
    expect(LSCB.judgements.map((j) => j.area)).toEqual(['lscb']);
  });

  it('the LSCB review is never the latest grades: the SIF report is, and nothing stands before it', () => {
    const brent = new DataAccess(db).latest().find((r) => r.key === '304')!;
    expect(brent.framework).toBe('sif');
    expect(brent.date).toBe('2015-11-30');
    expect([ids.pdf, ids.md]).toContain(brent.documentId);
    expect(brent.grades.overall_effectiveness).toBe('requires_improvement');
    // The other file of the same inspection is not "the previous inspection".
    expect(brent.prevDocumentId).toBeNull();
    // Its latest inspection event of any kind is still the review.
    expect(brent.latestEvent?.documentId).toBe(ids.lscb);
    // The view people open in other tools says the same.
    expect(db.prepare("SELECT document_id, framework, prev_document_id FROM v_latest_judgements WHERE la_code = '304'").get()).toEqual({ document_id: brent.documentId, framework: 'sif', prev_document_id: null });
  });

  it('an authority whose only graded document is an LSCB review has no latest grades', () => {
    const only = openDatabase(join(tmp('ofsted-one-lscb-'), 'db.sqlite'));
    try {
      expect(new Loader(only).load(LSCB, [])).toBe('loaded');
      const brent = new DataAccess(only).latest().find((r) => r.key === '304')!;
      expect(brent).toMatchObject({ documentId: null, framework: null, grades: {} });
    } finally {
      only.close();
    }
  });

  it('the LSCB review gets no plan deadline; the SIF report gets its 70 working days', () => {
    const all = documentDeadlines(db, '2016-12-31');
    expect(all.find((d) => d.documentId === ids.lscb)).toBeUndefined();
    expect(all.filter((d) => d.framework === 'sif').map((d) => [d.rule, d.planDue])).toContainEqual(['full-inspection-plan', expect.any(String)]);
    // One deadline for the inspection (query deadlines, the export's sheet, the authority page), of the file that stands for it, as in the tracker.
    const sif = all.filter((d) => d.framework === 'sif');
    expect(sif).toHaveLength(1);
    expect(sif[0]!.documentId).toBe(trackerRows(db, { la: '304', asOf: '2016-12-31' }).find((r) => r.framework === 'sif')!.report_document_id);
    // The drafted plan's due date reads the same rules from the document itself.
    expect(planDueDate(LSCB).date).toBeNull();
    expect(planDueDate(PDF)).toMatchObject({ date: all.find((d) => d.documentId === ids.pdf)!.planDue });
  });

  it('grades by year count the report once (the data and GET /api/grade-distribution)', async () => {
    const rows = new DataAccess(db).gradeDistribution();
    expect(rows).toEqual([{ year: 2015, grade: 'requires_improvement', n: 1 }]);
    const res = await createApp(db).request('/api/grade-distribution');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { rows: unknown[] }).rows).toEqual(rows);
  });

  it('theme counts (query themes, /api/themes/by-year) count its items once', async () => {
    const one = themesOf(MD);
    expect(one.size).toBeGreaterThan(3);
    const sif = themeCounts(db, { framework: 'sif' });
    expect(Object.fromEntries(sif.map((r) => [r.theme, r.items]))).toEqual(Object.fromEntries(one));
    expect(sif.every((r) => r.documents === 1)).toBe(true);
    const byYear = themesByYear(db);
    const y2015 = byYear.years.indexOf('2015');
    expect(y2015).toBeGreaterThanOrEqual(0);
    for (const t of byYear.themes) expect(t.counts[y2015], t.id).toBe(one.get(t.id) ?? 0);
    const res = await createApp(db).request('/api/themes/by-year');
    expect(await res.json()).toEqual(byYear);
  });

  it('the export counts it once: Judgements, Recommendations and Themes rows of one file', () => {
    const data = new DataAccess(db);
    const sheets = buildSheets(data, undefined, '2016-12-31');
    const sheet = (name: string) => sheets.find((s) => s.name === name)!.rows;
    expect(sheet('Judgements').filter((r) => r.framework === 'SIF')).toHaveLength(MD.judgements.length);
    expect(sheet('Recommendations').filter((r) => r.framework === 'SIF')).toHaveLength(MD.recommendations.length);
    const pairs = [...themesOf(MD).values()].reduce((a, b) => a + b, 0);
    expect(themeItems(db).filter((r) => r.framework === 'sif')).toHaveLength(pairs);
    // The LSCB review's items are its own, counted as such.
    expect(sheet('Recommendations').filter((r) => r.framework === 'LSCB review')).toHaveLength(LSCB.recommendations.length);
  });

  it('the rule is a test of one row (isOtherFile) and picks the same files as ranking each inspection\'s files (a window over the archive)', () => {
    // Variants of the SIF report's row: other sources of the publication date, another format, no
    // DfE code (the stored name standing for the authority), no framework, another date, another authority.
    const insert = (sha: string, set: Record<string, unknown>) => {
      const cols = (db.prepare('PRAGMA table_info(documents)').all() as Array<{ name: string }>).map((c) => c.name).filter((c) => c !== 'id');
      const vals = cols.map((c) => (c in set ? '@' + c : c === 'sha256' ? `'${sha}'` : c === 'path' ? `path || '#${sha.slice(0, 4)}'` : c));
      db.prepare(`INSERT INTO documents (${cols.join(', ')}) SELECT ${vals.join(', ')} FROM documents WHERE id = @id`).run({ ...set, id: ids.pdf });
    };
    const sha = (n: number) => String(n).padStart(64, 'a');
    const variants: Array<Record<string, unknown>> = [
      { publication_date_source: 'ofsted_listing' },
      { publication_date_source: 'pdf_created' },
      { publication_date_source: null, format: 'docx' },
      { local_authority_code: null },
      { local_authority_code: null, local_authority: '304' },
      { local_authority_code: null, local_authority: 'Wessex' },
      { local_authority_code: null, local_authority: 'Wessex', format: 'markdown' },
      { framework: null },
      { framework: null, format: 'markdown' },
      { inspection_start: null },
      { inspection_start: null, inspection_end: null },
      { inspection_end: '2015-11-01' },
      { local_authority_code: '301' },
      { kind: 'action_plan' },
    ];
    const window = `SELECT id FROM (SELECT d.id, row_number() OVER (
        PARTITION BY d.kind, coalesce(d.local_authority_code, d.local_authority), d.framework, d.inspection_start, d.inspection_end
        ORDER BY CASE d.publication_date_source ${PUBLICATION_SOURCES.map((x, i) => `WHEN '${x}' THEN ${i}`).join(' ')} ELSE ${PUBLICATION_SOURCES.length} END, d.format = 'pdf' DESC, d.path, d.sha256) AS n
      FROM documents d WHERE d.kind = 'inspection_report' AND coalesce(d.local_authority_code, d.local_authority) IS NOT NULL
        AND (d.inspection_start IS NOT NULL OR d.inspection_end IS NOT NULL)) WHERE n > 1 ORDER BY id`;
    db.exec('SAVEPOINT variants');
    try {
      variants.forEach((v, i) => insert(sha(i), v));
      const others = (db.prepare(`${OTHER_FILES_SQL} ORDER BY 1`).pluck().all() as number[]);
      expect(others.length).toBeGreaterThan(5);
      expect(others).toEqual(db.prepare(window).pluck().all());
      // The test of one row (for the rows of a few authorities) picks the same files as the set.
      expect(db.prepare(`SELECT d.id FROM documents d WHERE ${isOtherFile('d')} ORDER BY 1`).pluck().all()).toEqual(others);
      // And the tracker is the same asked either way.
      const params = { asOf: '2016-12-31' };
      expect(db.prepare(`SELECT * FROM (${trackerSql('@asOf', true)}) ${TRACKER_ORDER}`).all(params)).toEqual(db.prepare(`SELECT * FROM (${trackerSql('@asOf', false)}) ${TRACKER_ORDER}`).all(params));
    } finally {
      db.exec('ROLLBACK TO variants');
      db.exec('RELEASE variants');
    }
  });

  it('the tracker lists the report\'s items once (the file that stands for the inspection)', () => {
    const rows = trackerRows(db, { la: '304', asOf: '2016-12-31' }).filter((r) => r.framework === 'sif');
    expect(rows).toHaveLength(MD.recommendations.length);
    expect(new Set(rows.map((r) => r.report_document_id)).size).toBe(1);
  });
});
