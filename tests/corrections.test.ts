/**
 * Corrections that last (issue 29 items 2-5): stored apart from the extraction, re-applied on every
 * import (also --force), orphaned (kept and listed) when the target is gone, refused with a message
 * (nothing written) for an unknown field, a value of the wrong type or a document not stored; shown
 * with their mark in `query tracker`, the export, and shared as a file. On the Barking and Dagenham
 * 2014 report and the council's plan answering it.
 */
import { describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { openDatabase } from '../src/store/open.js';
import { correct, correctionLog, exportCorrections, importCorrections, listCorrections } from '../src/store/corrections.js';
import { cli, fixture, tmp, sqlValue } from './helpers.js';

const PLAN = fixture('plans', 'barking-dagenham-2014-action-plan.md');
const REPORT = fixture('reports', 'barking-and-dagenham_2014-07-07.pdf');

async function setUp(): Promise<{ dir: string; db: string; plan: string }> {
  const dir = tmp('ofsted-corrections-');
  const plan = join(dir, 'plan.md');
  copyFileSync(PLAN, plan);
  const db = join(dir, 'db.sqlite');
  const r = await cli(['import', plan, REPORT, '--db', db]);
  expect(r.code, r.stderr).toBe(0);
  return { dir, db, plan };
}

const count = sqlValue;

interface TrackerJson {
  localAuthority: string;
  recommendation: { id: string; text: string; corrected: unknown[] };
  links: Array<{ counts: { red: number }; actions: Array<{ id: string; rag: string | null; state: string; corrected: Array<{ field: string; original: unknown }> }> }>;
}

async function tracker(db: string): Promise<TrackerJson[]> {
  const r = await cli(['query', 'tracker', '--db', db, '--format', 'json', '--as-of', '2014-12-31']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as TrackerJson[];
}

const action11 = (rows: TrackerJson[]) => rows.flatMap((r) => r.links.flatMap((l) => l.actions)).find((a) => a.id === '1.1')!;

describe('corrections', () => {
  it("an action's RAG corrected by the CLI shows in the tracker (marked, state following the one rule) and the export, and survives import --force", async () => {
    const { dir, db, plan } = await setUp();
    const before = action11(await tracker(db));
    expect(before.rag).toBeNull();
    const fix = await cli(['correct', plan, '--action', '1.1', '--set', 'rag=complete', '--by', 'analyst', '--db', db]);
    expect(fix.code, fix.stderr).toBe(0);
    expect(fix.stdout).toContain('rag null -> "complete"');
    let after = action11(await tracker(db));
    expect(after.rag).toBe('complete');
    expect(after.state).toBe('done');
    expect(after.corrected).toEqual([expect.objectContaining({ field: 'rag', original: null, value: 'complete', by: 'analyst' })]);

    // The export's Actions sheet shows the corrected value and the mark.
    const out = join(dir, 'x.xlsx');
    const ex = await cli(['export', '--db', db, '--out', out, '--as-of', '2014-12-31']);
    expect(ex.code, ex.stderr).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet('Actions')!;
    const header = (ws.getRow(1).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    const row = ws.getRows(2, ws.rowCount - 1)!.find((r) => r.getCell(col('Action')).value === '1.1')!;
    expect(row.getCell(col('RAG')).value).toMatch(/complete/i);
    expect(row.getCell(col('Corrected (was)')).value).toBe('rag (was none)');

    // Import --force: read again, corrected again, logged once.
    const again = await cli(['import', plan, '--force', '--db', db]);
    expect(again.code, again.stderr).toBe(0);
    after = action11(await tracker(db));
    expect(after.rag).toBe('complete');
    expect(after.state).toBe('done');
    const log = await cli(['corrections', '--log', '--format', 'json', '--db', db]);
    expect(JSON.parse(log.stdout)).toHaveLength(1);
  });

  it('an edited source file that removes the corrected action leaves the correction orphaned, listed, applied nowhere', async () => {
    const { db, plan } = await setUp();
    expect((await cli(['correct', plan, '--action', '1.1', '--set', 'rag=red', '--db', db])).code).toBe(0);
    writeFileSync(plan, readFileSync(plan, 'utf8').replace(/^1\.1\t.*\n/m, ''));
    const r = await cli(['import', plan, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(action11(await tracker(db))).toBeUndefined();
    const orphaned = await cli(['corrections', '--orphaned', '--format', 'json', '--db', db]);
    const list = JSON.parse(orphaned.stdout) as Array<{ state: string; field: string; value: unknown }>;
    expect(list).toEqual([expect.objectContaining({ state: 'orphaned', field: 'rag', value: 'red' })]);
    expect(count(db, "SELECT count(*) FROM actions WHERE rag = 'red'")).toBe(0);
  });

  it("the document's authority (through the register) and an item's text, corrected in-process; markup stored as text", async () => {
    const { db } = await setUp();
    const h = openDatabase(db);
    try {
      const report = h.prepare("SELECT id, sha256 FROM documents WHERE kind = 'inspection_report'").get() as { id: number; sha256: string };
      const a = correct(h, { document: report.sha256, target: 'document', field: 'authority', value: 'Havering', by: 't', via: 'api' });
      expect(a).toMatchObject({ ok: true, old: '301' });
      expect(h.prepare('SELECT local_authority, local_authority_code FROM documents WHERE id = ?').get(report.id)).toEqual({ local_authority: 'Havering', local_authority_code: '311' });
      const t = correct(h, { document: report.id, target: 'item:28', field: 'text', value: '<script>x</script> Ensure checks', by: 't', via: 'api' });
      expect(t.ok).toBe(true);
      expect(h.prepare("SELECT text FROM recommendations WHERE document_id = ? AND rec_id = '28'").pluck().get(report.id)).toBe('<script>x</script> Ensure checks');
      // The full-text index follows the corrected text.
      expect(h.prepare("SELECT count(*) FROM recommendations_fts WHERE recommendations_fts MATCH 'script'").pluck().get()).toBe(1);
      const json = JSON.parse(h.prepare('SELECT json FROM documents WHERE id = ?').pluck().get(report.id) as string);
      expect(json.document.localAuthorityCode).toBe('311');
      expect(listCorrections(h).map((c) => [c.field, c.original, c.state])).toEqual([
        ['text', expect.stringMatching(/^Ensure that sufficient checks/), 'applied'],
        ['authority', '301', 'applied'],
      ]);
    } finally {
      h.close();
    }
  });

  it('refuses an unknown field, a value of the wrong type, a document not stored: a message, nothing written', async () => {
    const { db, plan } = await setUp();
    const cases: Array<[string[], RegExp]> = [
      [[plan, '--action', '1.1', '--set', 'colour=red'], /unknown field "colour"/],
      [[plan, '--action', '1.1', '--set', 'rag=purple'], /rag must be one of red, amber, green, blue, complete/],
      [[plan, '--action', '1.1', '--set', 'due=2014-02-30'], /due must be a date/],
      [[plan, '--action', '99.9', '--set', 'rag=red'], /no action "99.9"/],
      [['12345', '--document', '--set', 'kind=other'], /no stored document/],
      [[plan, '--document', '--set', 'authority=Atlantis'], /authority "Atlantis"/],
      // A publication date given by a person follows the rule for given dates (src/store/publication.ts).
      [[REPORT, '--document', '--set', 'publication_date=2099-01-01'], /publication_date 2099-01-01 is in the future/],
      [[REPORT, '--document', '--set', 'publication_date=2014-01-01'], /publication_date 2014-01-01 is before the inspection ended/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['correct', ...args, '--db', db]);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(count(db, 'SELECT count(*) FROM corrections')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM correction_log')).toBe(0);
  });

  it('an item the extractor missed (added) and one it invented (removed) stay so through import --force; a field of an added item is corrected by its own key', async () => {
    const { db } = await setUp();
    const fix = async (...args: string[]) => {
      const r = await cli(['correct', REPORT, ...args, '--db', db]);
      expect(r.code, r.stderr).toBe(0);
    };
    await fix('--item', 'new', '--set', 'added={"number": "99", "text": "A missed item", "kind": "area_for_improvement"}');
    await fix('--item', '99', '--set', 'text=A missed item, corrected');
    await fix('--item', '30', '--set', 'removed=true');
    await fix('--item', '31', '--set', 'text=Corrected after a removal');
    const items = () => count(db, "SELECT json_group_object(rec_id, text) FROM (SELECT rec_id, text FROM recommendations WHERE rec_id IN ('29', '30', '31', '99') ORDER BY rec_id)");
    expect(JSON.parse(items() as string)).toEqual({ '29': expect.any(String), '31': 'Corrected after a removal', '99': 'A missed item, corrected' });
    const again = await cli(['import', REPORT, '--force', '--db', db]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(items() as string)).toEqual({ '29': expect.any(String), '31': 'Corrected after a removal', '99': 'A missed item, corrected' });
    // The stored JSON says the same; nothing orphaned; an item added twice is refused.
    const json = JSON.parse(count(db, "SELECT json FROM documents WHERE kind = 'inspection_report'") as string) as { recommendations: Array<{ id: string }> };
    expect(json.recommendations.map((r) => r.id)).toContain('99');
    expect(json.recommendations.map((r) => r.id)).not.toContain('30');
    expect((await cli(['corrections', '--orphaned', '--db', db])).stdout).toContain('no orphaned corrections');
    const twice = await cli(['correct', REPORT, '--item', 'new', '--set', 'added={"number": "99", "text": "again", "kind": "area_for_improvement"}', '--db', db]);
    expect(twice.stderr).toMatch(/already has that item/);
  });

  it('export and import as a file: a second database gets the same corrections, applied, logged once', async () => {
    const one = await setUp();
    expect((await cli(['correct', one.plan, '--action', '1.1', '--set', 'rag=amber', '--db', one.db])).code).toBe(0);
    const file = join(one.dir, 'corrections.json');
    expect((await cli(['corrections', '--export', file, '--db', one.db])).code).toBe(0);
    const two = await setUp();
    // The same bytes (a copy of the plan at another path): matched by sha256.
    const h = openDatabase(two.db);
    try {
      const r = importCorrections(h, JSON.parse(readFileSync(file, 'utf8')), 'colleague');
      expect(r).toEqual({ ok: true, added: 1, changed: 0, unchanged: 0 });
      expect(h.prepare("SELECT rag, state FROM actions WHERE action_id = '1.1'").get()).toEqual({ rag: 'amber', state: 'open' });
      expect(importCorrections(h, JSON.parse(readFileSync(file, 'utf8')), 'colleague')).toMatchObject({ unchanged: 1 });
      expect(correctionLog(h)).toHaveLength(1);
      expect(exportCorrections(h).corrections).toHaveLength(1);
      // A file with a bad value: refused whole.
      const bad = JSON.parse(readFileSync(file, 'utf8'));
      bad.corrections[0].value = 'purple';
      expect(importCorrections(h, bad, 'x')).toMatchObject({ ok: false, reason: expect.stringMatching(/rag must be one of/) });
    } finally {
      h.close();
    }
  });
});
