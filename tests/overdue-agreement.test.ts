/**
 * One rule for "overdue as of a date" (src/query/rules.ts: isOverdue): the CLI (`query actions
 * --overdue --as-of`, `query tracker --as-of`), the web app (/api/authorities/<key>?as_of=) and
 * the export (Actions and Tracker sheets, --as-of) give the same answers for the same date.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { openForQuery } from '../src/store/open';
import { exportWorkbook } from '../src/export/workbook';
import { createApp } from '../src/web/server';
import { cli, fixture, tmp } from './helpers';

describe('overdue as of a date: CLI, web and export agree', () => {
  let db: string;
  beforeAll(async () => {
    db = join(tmp('ofsted-overdue-'), 'db.sqlite');
    // The Barking and Dagenham plan (dated actions, some "Completed" with no colour) and the report it answers.
    const r = await cli(['import', fixture('plans', 'barking-dagenham-2014-action-plan.md'), fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), '--db', db, '--jobs', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }, 300_000);

  const sheetRows = (ws: ExcelJS.Worksheet) => {
    const h = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: Array<Record<string, unknown>> = [];
    ws.eachRow((row, n) => {
      if (n > 1) rows.push(Object.fromEntries(h.map((k, i) => [k, row.getCell(i + 1).value])));
    });
    return rows;
  };

  // 2015-01-01: some actions due before it are "Completed" (rag null): overdue for none of the three.
  for (const asOf of ['2014-10-01', '2015-01-01', '2016-06-01']) {
    it(`as of ${asOf}`, async () => {
      const actions = await cli(['query', 'actions', '--db', db, '--la', '301', '--overdue', '--as-of', asOf, '--format', 'json']);
      expect(actions.code, actions.stderr).toBe(0);
      const overdueActions = JSON.parse(actions.stdout) as Array<Record<string, unknown>>;
      for (const a of overdueActions) expect(String(a.rag_raw ?? '')).not.toMatch(/^complete/i);
      const tracker = await cli(['query', 'tracker', '--db', db, '--la', '301', '--as-of', asOf, '--format', 'json']);
      expect(tracker.code, tracker.stderr).toBe(0);
      const links = (JSON.parse(tracker.stdout) as Array<{ links: Array<{ recommendationRef: string; counts: { overdue: number } }> }>).flatMap((t) => t.links);
      const cliTracker = links.reduce((n, l) => n + l.counts.overdue, 0);
      // The tracker counts the overdue actions of linked plan recommendations: the same actions.
      const linked = new Set(links.map((l) => l.recommendationRef));
      expect(cliTracker).toBe(overdueActions.filter((a) => linked.has(String(a.recommendation))).length);

      const conn = openForQuery(db);
      let web: { plans: Array<{ overdue: number }>; tracker: Array<{ overdue: number | null }>; asOf: string };
      try {
        const res = await createApp(conn).request(`/api/authorities/301?as_of=${asOf}`);
        expect(res.status).toBe(200);
        web = (await res.json()) as typeof web;
      } finally {
        conn.close();
      }
      expect(web.asOf).toBe(asOf);
      expect(web.plans.reduce((n, p) => n + Number(p.overdue), 0)).toBe(overdueActions.length);
      expect(web.tracker.reduce((n, t) => n + Number(t.overdue ?? 0), 0)).toBe(cliTracker);

      const out = join(tmp('ofsted-overdue-x-'), 'book.xlsx');
      await exportWorkbook({ db, format: 'xlsx', out, asOf, la: ['Barking and Dagenham'] });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const sheetActions = sheetRows(wb.getWorksheet('Actions')!).filter((r) => r[`Overdue at ${asOf}`] === 'Yes');
      expect(sheetActions.length).toBe(overdueActions.length);
      const sheetTracker = sheetRows(wb.getWorksheet('Tracker')!).reduce((n, r) => n + Number(r[`Overdue at ${asOf}`] ?? 0), 0);
      expect(sheetTracker).toBe(cliTracker);
    });
  }

  it('the dates chosen tell the rule apart: nothing, some and more actions overdue', async () => {
    const n = async (asOf: string) => JSON.parse((await cli(['query', 'actions', '--db', db, '--la', '301', '--overdue', '--as-of', asOf, '--format', 'json'])).stdout).length as number;
    const [a, b, c] = [await n('2014-01-01'), await n('2015-01-01'), await n('2016-06-01')];
    expect(a).toBe(0);
    expect(b).toBeGreaterThan(0);
    expect(c).toBeGreaterThan(b);
  });
});
