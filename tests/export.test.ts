import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tmp } from './helpers';
import { buildWebDb, withLinks } from './web-helpers';

// Runs dist/ (tests/build-dist.ts, vitest's global setup, rebuilds it first when src/ is newer).
describe('ofsted export', () => {
  let dbPath: string;
  let db: Database.Database;
  let wb: ExcelJS.Workbook;
  const out = join(tmp('ofsted-export-'), 'book.xlsx');

  beforeAll(async () => {
    dbPath = await buildWebDb();
    db = new Database(dbPath, { readonly: true });
    const r = await cli(['export', '--format', 'xlsx', '--db', dbPath, '--out', out, '--as-of', '2024-07-01']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Wrote .*book\.xlsx: Latest by authority \d+, Judgements \d+, Recommendations \d+, Actions \d+, Plan deadlines \d+, Themes \d+\n$/);
    wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
  }, 300_000);

  const header = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);
  const rowsOf = (ws: ExcelJS.Worksheet) => {
    const h = header(ws) as string[];
    const rows: Array<Record<string, unknown>> = [];
    ws.eachRow((row, n) => {
      if (n > 1) rows.push(Object.fromEntries(h.map((k, i) => [k, row.getCell(i + 1).value])));
    });
    return rows;
  };

  it('has the six sheets (no Tracker without plan links, no SEND outcomes without a SEND report), each with a frozen header, an auto-filter and fitted widths', async () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Latest by authority', 'Judgements', 'Recommendations', 'Actions', 'Plan deadlines', 'Themes']);
    for (const ws of wb.worksheets) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect(ws.autoFilter).toBeTruthy();
      expect(String(ws.autoFilter)).toMatch(new RegExp(`^A1:[A-Z]+${ws.rowCount}$`));
      for (let i = 1; i <= ws.columnCount; i++) {
        const w = ws.getColumn(i).width!;
        expect(w).toBeGreaterThanOrEqual(String(header(ws)[i - 1]).length);
        expect(w).toBeLessThanOrEqual(62);
      }
    }
  });

  it('Latest by authority: latest date as a real date, every grade, the previous grades and the direction of travel', async () => {
    const rows = rowsOf(wb.getWorksheet('Latest by authority')!);
    const brent = rows.find((r) => r.Authority === 'Brent')!;
    const latest = db
      .prepare("SELECT id, coalesce(publication_date, inspection_end) AS date FROM documents WHERE path LIKE '%brent_2023-04-11.pdf'")
      .get() as { id: number; date: string };
    expect(brent['Latest inspection']).toBeInstanceOf(Date);
    expect((brent['Latest inspection'] as Date).toISOString().slice(0, 10)).toBe(latest.date);
    expect(brent.Framework).toBe('ILACS');
    const grades = db.prepare('SELECT area, grade FROM judgements WHERE document_id = ?').all(latest.id) as Array<{ area: string; grade: string }>;
    // An ILACS report grades these five areas (src/model/framework-registry.ts).
    expect(grades.map((g) => g.area).sort()).toEqual(['care_leavers', 'children_in_care', 'help_and_protection', 'leadership', 'overall_effectiveness']);
    const header = (a: string) => (a === 'lscb' ? 'LSCB' : a.charAt(0).toUpperCase() + a.slice(1).replace(/_/g, ' '));
    for (const g of grades) expect(brent[header(g.area)], g.area).toBe(header(g.grade));
    expect(brent['Previous overall effectiveness']).toBe('Requires improvement');
    expect(brent['Direction of travel']).toBe('Improved');
    expect(rows.map((r) => r.Authority)).toEqual([...rows.map((r) => r.Authority)].sort((a, b) => String(a).localeCompare(String(b))));
  });

  it('Recommendations carry their cited paragraph numbers; Actions their RAG, due date and overdue flag', async () => {
    const recs = rowsOf(wb.getWorksheet('Recommendations')!);
    const want = db.prepare('SELECT count(*) n FROM recommendations').get() as { n: number };
    // Brent's 2015 report is held twice (Ofsted's PDF and the seed Markdown, 17 items each): listed once.
    const [pdf, md] = ['%brent_2015-11-30.pdf', '%004_b1cb188c35d1ae0d.md'].map(
      (p) => (db.prepare('SELECT count(*) n FROM recommendations r JOIN documents d ON d.id = r.document_id WHERE d.path LIKE ?').get(p) as { n: number }).n,
    );
    expect(pdf).toBe(17);
    expect(md).toBe(17);
    expect(recs.length).toBe(want.n - 17);
    const cited = db
      .prepare(
        `SELECT r.text, group_concat(x.paragraph_number, ', ') AS nums FROM recommendations r JOIN recommendation_paragraph_refs x ON x.recommendation_id = r.id
         GROUP BY r.id HAVING count(*) > 1 LIMIT 1`,
      )
      .get() as { text: string; nums: string };
    expect(recs.find((r) => r.Text === cited.text)!['Cited paragraphs']).toBe(cited.nums);

    const actions = rowsOf(wb.getWorksheet('Actions')!);
    expect(actions.length).toBe((db.prepare('SELECT count(*) n FROM actions').get() as { n: number }).n);
    const a11 = actions.find((r) => r.Authority === 'Wessex' && r.Action === '1.1')!;
    expect(a11.RAG).toBe('Amber');
    expect((a11.Due as Date).toISOString().slice(0, 10)).toBe('2024-06-30');
    expect(a11['Overdue at 2024-07-01']).toBe('Yes');
    expect(actions.find((r) => r.Authority === 'Wessex' && r.Action === '2.1')!['Overdue at 2024-07-01']).toBe('No');
    // Hostile text is data in a spreadsheet: kept as written.
    expect(String(a11.Description)).toContain('<img src=x onerror=');
  });

  it('--la keeps one authority; CSV writes one file per sheet with the same rows', async () => {
    const dir = join(tmp('ofsted-export-csv-'), 'csv');
    const r = await cli(['export', '--format', 'csv', '--db', dbPath, '--out', dir, '--la', 'brent']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['actions.csv', 'judgements.csv', 'latest-by-authority.csv', 'plan-deadlines.csv', 'recommendations.csv', 'themes.csv']);
    const latest = readFileSync(join(dir, 'latest-by-authority.csv'), 'utf8').trim().split('\n');
    expect(latest[0]).toMatch(/^Authority,Code,Region,Latest inspection,Framework,Overall effectiveness,/);
    expect(latest.length).toBe(2);
    expect(latest[1]).toMatch(/^Brent,304,London,2023-\d\d-\d\d,ILACS,Good,/);
    const recs = readFileSync(join(dir, 'recommendations.csv'), 'utf8');
    const n = (db.prepare("SELECT count(*) n FROM recommendations r JOIN documents d ON d.id = r.document_id WHERE d.local_authority = 'Brent'").get() as { n: number }).n;
    const parsed = new ExcelJS.Workbook();
    const ws = await parsed.csv.readFile(join(dir, 'recommendations.csv'));
    // Brent's 2015 report in two formats counts once.
    expect(ws.rowCount - 1).toBe(n - 17);
    expect(recs).not.toMatch(/Bradford/);
  });

  it('adds the Tracker sheet when the database links plans to reports', async () => {
    const reg = await withLinks(dbPath);
    const file = join(tmp('ofsted-export-reg-'), 'reg.xlsx');
    const r = await cli(['export', '--db', reg, '--out', file]);
    expect(r.code, r.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    expect(book.worksheets.map((w) => w.name)).toEqual(['Latest by authority', 'Judgements', 'Recommendations', 'Actions', 'Plan deadlines', 'Tracker', 'Themes']);
    const tracker = rowsOf(book.getWorksheet('Tracker')!);
    expect(tracker.some((t) => t['Plan path'] && String(t['Plan path']).includes('barking-dagenham-2014-action-plan'))).toBe(true);
    expect(header(book.getWorksheet('Latest by authority')!)).toContain('Region');
    expect(rowsOf(book.getWorksheet('Latest by authority')!).find((x) => x.Authority === 'Brent')!.Region).toBe('London');
  });
});
