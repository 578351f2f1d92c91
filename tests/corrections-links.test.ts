/**
 * A plan item's link to a report item, corrected (issue 29: "a plan item's link to a report item"):
 * set to another report item or to none through the CLI (the API and the web form in
 * tests/corrections-web.test.ts); shown by `query tracker` and the export with the "corrected" mark
 * and the linker's link beside it; kept through `import --force` of the plan and of the report;
 * orphaned and listed (never lost) when the report item it names is gone; refused with a message,
 * nothing written, for a report item not stored. On the Barking and Dagenham 2014 report and the
 * council's plan answering it: the linker links plan item N to report item 27+N by text.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openDatabase } from '../src/store/open.js';
import { importCorrections, listCorrections } from '../src/store/corrections.js';
import { correctionMarks, trackerCorrections } from '../src/query/corrections.js';
import { DataAccess } from '../src/query/access.js';
import { cli, fixture, tmp, sqlValue } from './helpers.js';

async function setUp(): Promise<{ dir: string; db: string; plan: string; report: string }> {
  const dir = tmp('ofsted-corrections-links-');
  const plan = join(dir, 'plan.md');
  const report = join(dir, 'report.pdf');
  copyFileSync(fixture('plans', 'barking-dagenham-2014-action-plan.md'), plan);
  copyFileSync(fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), report);
  const db = join(dir, 'db.sqlite');
  const r = await cli(['import', plan, report, '--db', db, '--jobs', '1', '--quiet']);
  expect(r.code, r.stderr).toBe(0);
  return { dir, db, plan, report };
}

const sql = sqlValue;

interface TrackerJson {
  recommendation: { id: string; corrected: Array<{ field: string; original: unknown; value: unknown }> };
  links: Array<{ recommendationRef: string; method: string; score: number | null; corrected: Array<{ field: string; original: unknown; value: unknown; by: string }> }>;
}

async function tracker(db: string): Promise<Map<string, TrackerJson>> {
  const r = await cli(['query', 'tracker', '--db', db, '--format', 'json', '--as-of', '2014-12-31']);
  expect(r.code, r.stderr).toBe(0);
  return new Map((JSON.parse(r.stdout) as TrackerJson[]).map((x) => [x.recommendation.id, x]));
}

/** Each correction: field, state, the path of its document. */
const listCorrectionsOf = (db: string) => {
  const h = openDatabase(db);
  try {
    return listCorrections(h)
      .map((c) => [c.field, c.state, c.document.path])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  } finally {
    h.close();
  }
};

/** The plan items linked to a report item, as the tracker shows them. */
const linked = (t: Map<string, TrackerJson>, reportItem: string) => t.get(reportItem)!.links.map((l) => `${l.recommendationRef}:${l.method}`);

describe('a plan item\'s link to a report item, corrected', () => {
  it('set by the CLI: the tracker and the export show it, marked, with the linker\'s link beside it; kept through import --force of the plan and of the report', async () => {
    const { dir, db, plan, report } = await setUp();
    let t = await tracker(db);
    expect(linked(t, '29')).toEqual(['2:text']);
    expect(linked(t, '30')).toEqual(['3:text']);

    const fix = await cli(['correct', plan, '--item', '2', '--set', 'link=30', '--by', 'analyst', '--db', db]);
    expect(fix.code, fix.stderr).toBe(0);
    const check = async () => {
      t = await tracker(db);
      expect(linked(t, '30')).toEqual(['2:person', '3:text']);
      expect(linked(t, '29')).toEqual([]);
      const link = t.get('30')!.links.find((l) => l.recommendationRef === '2')!;
      expect(link.score).toBeNull();
      expect(link.corrected).toEqual([expect.objectContaining({ field: 'link', original: 'item 29', value: 'item 30', by: 'analyst' })]);
      // The report item the linker had linked it to says where the link went.
      expect(t.get('29')!.recommendation.corrected).toEqual([expect.objectContaining({ field: 'link of plan item 2', original: 'item 29', value: 'item 30' })]);
    };
    await check();

    // The CSV tracker's corrected column, and the export's Tracker sheet.
    const csv = await cli(['query', 'tracker', '--db', db, '--format', 'csv', '--as-of', '2014-12-31']);
    expect(csv.stdout.split('\n').filter((l) => l.includes('link (was item 29)'))).toHaveLength(1);
    const out = join(dir, 'x.xlsx');
    expect((await cli(['export', '--db', db, '--out', out, '--as-of', '2014-12-31'])).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Tracker')!;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const cells = ws.getRows(2, ws.rowCount - 1)!.map((r) => String(r.getCell(header.findIndex((h) => /^corrected/i.test(h))).value ?? ''));
    expect(cells.filter((c) => c.includes('link (was item 29)'))).toHaveLength(1);
    expect(cells.filter((c) => c.includes('link of plan item 2 (was item 29)'))).toHaveLength(1);

    // Read again (both files), relinked: the person's link stays, logged once.
    for (const file of [plan, report]) {
      const again = await cli(['import', file, '--force', '--db', db, '--jobs', '1', '--quiet']);
      expect(again.code, again.stderr).toBe(0);
      await check();
    }
    const log = JSON.parse((await cli(['corrections', '--log', '--format', 'json', '--db', db])).stdout) as unknown[];
    expect(log).toHaveLength(1);
    expect(sql(db, "SELECT count(*) FROM recommendation_links WHERE method = 'person'")).toBe(1);
  });

  it('set to none: the plan item links to nothing, through import --force; the same again changes nothing', async () => {
    const { db, plan } = await setUp();
    expect((await cli(['correct', plan, '--item', '13', '--set', 'link=none', '--db', db])).code).toBe(0);
    let t = await tracker(db);
    expect(linked(t, '40')).toEqual([]);
    expect(t.get('40')!.recommendation.corrected).toEqual([expect.objectContaining({ field: 'link of plan item 13', original: 'item 40', value: null })]);
    expect((await cli(['import', plan, '--force', '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    t = await tracker(db);
    expect(linked(t, '40')).toEqual([]);
    const same = await cli(['correct', plan, '--item', '13', '--set', 'link=none', '--db', db]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toMatch(/nothing changed/);
    expect(sql(db, 'SELECT count(*) FROM correction_log')).toBe(1);
  });

  it('a report item not stored, or a link on what is not a plan: refused with one line, nothing written', async () => {
    const { db, plan, report } = await setUp();
    const planId = sql(db, "SELECT id FROM documents WHERE kind = 'action_plan'");
    const links = () => sql(db, 'SELECT group_concat(plan_recommendation_id || \'>\' || report_recommendation_id || \':\' || method) FROM recommendation_links');
    const before = links();
    const cases: Array<[string[], RegExp]> = [
      [[plan, '--item', '2', '--set', 'link=999'], /report \d+ has no item "999"/],
      [[plan, '--item', '2', '--set', 'link=item#999999'], /no report item has the row 999999/],
      [[plan, '--item', '2', '--set', `link=item#${String(sql(db, `SELECT min(id) FROM recommendations WHERE document_id = ${planId}`))}`], /no report item has the row/],
      [[plan, '--item', '2', '--set', 'link={"report": "no-such-report.pdf", "item": "30"}'], /no stored document is "no-such-report.pdf"/],
      [[plan, '--item', '2', '--set', 'link=[1, 2]'], /link must be a report item/],
      [[plan, '--item', '99', '--set', 'link=30'], /no item "99"/],
      [[report, '--item', '30', '--set', 'link=31'], /only a plan's items link to report items/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['correct', ...args, '--db', db]);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(sql(db, 'SELECT count(*) FROM corrections')).toBe(0);
    expect(sql(db, 'SELECT count(*) FROM correction_log')).toBe(0);
    expect(links()).toBe(before);
  });

  it('the report item it names gone: orphaned, listed, applied nowhere (the linker\'s link stands), kept through import --force', async () => {
    const { db, plan, report } = await setUp();
    expect((await cli(['correct', plan, '--item', '2', '--set', 'link=30', '--db', db])).code).toBe(0);
    // The report's item 30 removed (one the extractor invented, says a person): the link's report item is gone.
    const gone = await cli(['correct', report, '--item', '30', '--set', 'removed=true', '--db', db]);
    expect(gone.code, gone.stderr).toBe(0);
    const orphaned = async () => {
      const list = JSON.parse((await cli(['corrections', '--orphaned', '--format', 'json', '--db', db])).stdout) as Array<{ field: string; state: string; value: { number: string } }>;
      expect(list).toEqual([expect.objectContaining({ field: 'link', state: 'orphaned', value: expect.objectContaining({ number: '30' }) })]);
      const t = await tracker(db);
      expect(t.has('30')).toBe(false);
      expect(linked(t, '29')).toEqual(['2:text']);
      expect(t.get('29')!.links[0]!.corrected).toEqual([]);
      expect(sql(db, "SELECT count(*) FROM recommendation_links WHERE method = 'person'")).toBe(0);
    };
    await orphaned();
    for (const file of [plan, report]) {
      expect((await cli(['import', file, '--force', '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
      await orphaned();
    }
    // The plan item itself removed (its link set before): both kept, the link orphaned, nothing linked from it.
    expect((await cli(['correct', plan, '--item', '4', '--set', 'link=32', '--db', db])).code).toBe(0);
    const removed = await cli(['correct', plan, '--item', '4', '--set', 'removed=true', '--db', db]);
    expect(removed.code, removed.stderr).toBe(0);
    const list = JSON.parse((await cli(['corrections', '--orphaned', '--format', 'json', '--db', db])).stdout) as Array<{ field: string; value: { number: string } }>;
    expect(list.map((c) => `${c.field}:${c.value.number}`).sort()).toEqual(['link:30', 'link:32']);
    expect(linked(await tracker(db), '31')).toEqual([]);
  });

  it('shared as a file: a second database with the same documents gets the link, by its keys', async () => {
    const one = await setUp();
    expect((await cli(['correct', one.plan, '--item', '2', '--set', 'link=30', '--db', one.db])).code).toBe(0);
    const file = join(one.dir, 'corrections.json');
    expect((await cli(['corrections', '--export', file, '--db', one.db])).code).toBe(0);
    const two = await setUp();
    const h = openDatabase(two.db);
    try {
      expect(importCorrections(h, JSON.parse(readFileSync(file, 'utf8')), 'colleague')).toEqual({ ok: true, added: 1, changed: 0, unchanged: 0 });
      expect(listCorrections(h)).toEqual([expect.objectContaining({ field: 'link', state: 'applied', original: expect.objectContaining({ number: '29' }) })]);
      expect(h.prepare("SELECT r.rec_id FROM recommendation_links l JOIN recommendations r ON r.id = l.report_recommendation_id WHERE l.method = 'person'").pluck().all()).toEqual(['30']);
      // A link in a file by number (not the stored keys): refused whole.
      const bad = JSON.parse(readFileSync(file, 'utf8'));
      bad.corrections[0].value = '31';
      expect(importCorrections(h, bad, 'x')).toMatchObject({ ok: false, reason: expect.stringMatching(/link must be null or/) });
    } finally {
      h.close();
    }
  });

  it('marks are found by document and row id (no path needed), read only for the documents asked; a document page reads only its own corrections', async () => {
    const { db, plan, report } = await setUp();
    expect((await cli(['correct', plan, '--item', '2', '--set', 'link=30', '--db', db])).code).toBe(0);
    expect((await cli(['correct', plan, '--action', '1.1', '--set', 'rag=red', '--db', db])).code).toBe(0);
    expect((await cli(['correct', report, '--item', '28', '--set', 'text=Corrected text', '--db', db])).code).toBe(0);
    const h = openDatabase(db);
    try {
      const planId = h.prepare("SELECT id FROM documents WHERE kind = 'action_plan'").pluck().get() as number;
      const reportId = h.prepare("SELECT id FROM documents WHERE kind = 'inspection_report'").pluck().get() as number;
      const row = (docId: number, rec: string) => h.prepare('SELECT id FROM recommendations WHERE document_id = ? AND rec_id = ?').pluck().get(docId, rec) as number;
      // A tracker row by its ids only: the report item 28 (text corrected) answered by plan item 1 (action 1.1 corrected).
      const all = correctionMarks(h);
      expect(all.size).toBe(3);
      expect(trackerCorrections(all, { report_document_id: reportId, report_recommendation_id: row(reportId, '28'), plan_document_id: planId, plan_recommendation_id: row(planId, '1'), plan_rec_id: '1' })).toMatch(/^text \(was Ensure that sufficient checks.*\); action 1\.1 rag \(was none\)$/);
      expect(all.row('item', row(planId, '2')).map((m) => [m.field, m.original, m.value])).toEqual([['link', 'item 29', 'item 30']]);
      // Only the plan's: the report's correction is not read.
      const plans = correctionMarks(h, [planId]);
      expect(plans.size).toBe(2);
      expect(plans.row('item', row(reportId, '28'))).toEqual([]);
      expect(plans.actionsOf(planId, '1').map((m) => m.field)).toEqual(['rag']);
      // Through the web app's reader (its time budget): a document's own corrections only.
      const data = new DataAccess(h);
      expect(data.correctionsOf(planId).map((c) => c.field).sort()).toEqual(['link', 'rag']);
      expect(data.correctionsOf(reportId).map((c) => c.field)).toEqual(['text']);
      expect(correctionMarks(data.reader, [reportId]).document(reportId)).toEqual([]);
    } finally {
      h.close();
    }
  });

  it('a file moved keeps its corrections and their marks: edited (found by the path it was made on), then moved and read again with --force', async () => {
    const { dir, db, plan } = await setUp();
    expect((await cli(['correct', plan, '--action', '1.1', '--set', 'rag=red', '--db', db])).code).toBe(0);
    expect((await cli(['correct', plan, '--item', '2', '--set', 'link=30', '--db', db])).code).toBe(0);
    // Edited where it is: other bytes, the same path.
    writeFileSync(plan, readFileSync(plan, 'utf8').replace('Due January 2015.', 'Due February 2015.'));
    expect((await cli(['import', plan, '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    // Moved, and read again at its new path.
    mkdirSync(join(dir, 'moved'));
    const moved = join(dir, 'moved', 'plan.md');
    renameSync(plan, moved);
    const r = await cli(['import', moved, '--force', '--db', db, '--jobs', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(sql(db, 'SELECT path FROM documents WHERE kind = \'action_plan\'')).toBe(moved);
    const list = listCorrectionsOf(db);
    expect(list).toEqual([
      ['link', 'applied', moved],
      ['rag', 'applied', moved],
    ]);
    const t = await tracker(db);
    expect(linked(t, '30')).toEqual(['2:person', '3:text']);
    const a11 = t.get('28')!.links[0]! as unknown as { actions: Array<{ id: string; rag: string; corrected: Array<{ field: string }> }> };
    expect(a11.actions.find((a) => a.id === '1.1')).toMatchObject({ rag: 'red', corrected: [expect.objectContaining({ field: 'rag' })] });
  });

  it('a report held in two files (Markdown, then its PDF): the link follows the file that stands for the inspection, the one the tracker shows', async () => {
    const dir = tmp('ofsted-corrections-links-two-files-');
    const db = join(dir, 'db.sqlite');
    const plan = fixture('plans', 'brent-2011-action-plan.md');
    const markdown = fixture('seeds', '004_b1cb188c35d1ae0d.md');
    expect((await cli(['import', plan, markdown, '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    // The 2011 plan answers no report of 2015 by the linker's rules; a person links its S1 to the 2015 report's recommendation 3.
    const fix = await cli(['correct', plan, '--item', 'S1', '--set', `link={"report": "${markdown}", "item": "3"}`, '--db', db]);
    expect(fix.code, fix.stderr).toBe(0);
    const linkedTo = () => sql(db, "SELECT d.path || ' ' || r.rec_id FROM recommendation_links l JOIN recommendations r ON r.id = l.report_recommendation_id JOIN documents d ON d.id = r.document_id WHERE l.method = 'person'");
    expect(linkedTo()).toBe(`${markdown} 3`);
    const pdf = fixture('reports', 'brent_2015-11-30.pdf');
    expect((await cli(['import', pdf, '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    expect(linkedTo()).toBe(`${pdf} 3`);
    const t = await tracker(db);
    expect(linked(t, '3')).toEqual(['S1:person']);
  });

  it('a link to another authority\'s report: kept through import --force of that report, orphaned when its item is removed', async () => {
    const { dir, db, plan } = await setUp();
    const other = join(dir, 'other.pdf');
    copyFileSync(fixture('reports', 'brent_2015-11-30.pdf'), other);
    expect((await cli(['import', other, '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    const set = await cli(['correct', plan, '--item', '2', '--set', `link={"report": ${JSON.stringify(other)}, "item": "3"}`, '--db', db]);
    expect(set.code, set.stderr).toBe(0);
    const personLinks = () => sql(db, "SELECT count(*) FROM recommendation_links WHERE method = 'person'");
    const states = () => listCorrectionsOf(db).map((c) => `${c[0]}:${c[1]}`);
    expect(personLinks()).toBe(1);
    // The other authority's report read again: its item rows remade, the person's link put back.
    expect((await cli(['import', other, '--force', '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    expect(personLinks()).toBe(1);
    expect(states()).toEqual(['link:applied']);
    // Its item 3 removed by a correction: the link's report item is gone, the correction orphaned, not left "applied".
    const gone = await cli(['correct', other, '--item', '3', '--set', 'removed=true', '--db', db]);
    expect(gone.code, gone.stderr).toBe(0);
    expect(personLinks()).toBe(0);
    expect(states()).toEqual(['link:orphaned', 'removed:applied']);
  });

  it('a file edited since it was corrected, corrected again: the same correction changed (one row, the extractor\'s value kept), not a second', async () => {
    const { db, plan } = await setUp();
    expect((await cli(['correct', plan, '--action', '1.1', '--set', 'rag=red', '--db', db])).code).toBe(0);
    writeFileSync(plan, readFileSync(plan, 'utf8').replace('Due January 2015.', 'Due February 2015.'));
    expect((await cli(['import', plan, '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    const again = await cli(['correct', plan, '--action', '1.1', '--set', 'rag=green', '--db', db]);
    expect(again.code, again.stderr).toBe(0);
    const h = openDatabase(db);
    try {
      const rows = h.prepare("SELECT value, original, state FROM corrections WHERE field = 'rag'").all() as Array<{ value: string; original: string | null; state: string }>;
      expect(rows).toHaveLength(1);
      expect(rows[0]!.value).toBe('"green"');
      expect(rows[0]!.state).toBe('applied');
      expect(rows[0]!.original).not.toBe('"red"');
    } finally {
      h.close();
    }
  });
});
