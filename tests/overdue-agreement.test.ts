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
import { importFiles } from '../src/index';
import { queryActions } from '../src/query/canned-queries';
import { trackerJson, trackerRows } from '../src/query/tracker';
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

  /** The library's answers (src/query/*) as of a date: the overdue actions, the tracker's JSON (as `query tracker --format json` prints it). */
  const libraryAnswers = (asOf: string) => {
    const conn = openForQuery(db);
    try {
      const overdueActions = queryActions(conn, { la: '301', overdue: true, asOf }) as Array<Record<string, unknown>>;
      const trackerJsonRows = JSON.parse(JSON.stringify(trackerJson(conn, trackerRows(conn, { la: '301', asOf }), asOf))) as Array<{ links: Array<{ recommendationRef: string; counts: { overdue: number } }> }>;
      return { overdueActions, trackerJsonRows };
    } finally {
      conn.close();
    }
  };

  // 2015-01-01: some actions due before it are "Completed" (rag null): overdue for none of the three.
  for (const asOf of ['2014-10-01', '2015-01-01', '2016-06-01']) {
    it(`as of ${asOf}`, async () => {
      const { overdueActions, trackerJsonRows } = libraryAnswers(asOf);
      for (const a of overdueActions) expect(String(a.rag_raw ?? '')).not.toMatch(/^complete/i);
      const links = trackerJsonRows.flatMap((t) => t.links);
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

  // The CLI once per command: its options reach the same functions (the JSON it prints is theirs).
  it('`query actions --overdue --as-of` and `query tracker --as-of` print what the library answers', async () => {
    const asOf = '2015-01-01';
    const { overdueActions, trackerJsonRows } = libraryAnswers(asOf);
    const [actions, tracker] = await Promise.all([
      cli(['query', 'actions', '--db', db, '--la', '301', '--overdue', '--as-of', asOf, '--format', 'json']),
      cli(['query', 'tracker', '--db', db, '--la', '301', '--as-of', asOf, '--format', 'json']),
    ]);
    expect(actions.code, actions.stderr).toBe(0);
    expect(tracker.code, tracker.stderr).toBe(0);
    expect(JSON.parse(actions.stdout)).toEqual(JSON.parse(JSON.stringify(overdueActions)));
    expect(JSON.parse(tracker.stdout)).toEqual(trackerJsonRows);
  });

  it('the dates chosen tell the rule apart: nothing, some and more actions overdue', () => {
    const n = (asOf: string) => libraryAnswers(asOf).overdueActions.length;
    const [a, b, c] = [n('2014-01-01'), n('2015-01-01'), n('2016-06-01')];
    expect(a).toBe(0);
    expect(b).toBeGreaterThan(0);
    expect(c).toBeGreaterThan(b);
  });
});

/**
 * Issue 25: done and overdue decided once, at load time, from the plan vocabulary (actions.state),
 * and only the current version of a plan counted. A second version of the real Barking and Dagenham
 * plan (fixtures/make/make-plan-versions.ts) whose progress opens with "Fully completed", "Achieved",
 * "Complete", "On track" and "Not started", all past their dates: the tracker, `query actions
 * --overdue`, the export (xlsx and csv) and the JSON API give the same overdue and complete counts.
 */
describe('status words past their dates: the same overdue and complete counts everywhere', () => {
  const asOf = '2015-06-01';
  let db: string;
  beforeAll(async () => {
    db = join(tmp('ofsted-states-'), 'db.sqlite');
    const opts = { db, jobs: 1, inProcess: true };
    // The report and the first version, then (a later import, so the current one) the second.
    for (const files of [[fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), fixture('plans', 'barking-dagenham-2014-action-plan.md')], [fixture('plans', 'versions', 'barking-dagenham-2014-action-plan-2015-q1.md')]]) {
      const s = await importFiles(files, opts);
      expect(s.failed).toEqual([]);
    }
  }, 300_000);

  it('each status word gives the state the vocabulary says, stored with the action', () => {
    const conn = openForQuery(db);
    try {
      const rows = queryActions(conn, { la: '301' }) as Array<{ recommendation: string; id: string; rag_raw: string | null; state: string; due_date: string | null; path: string }>;
      expect(new Set(rows.map((r) => r.path))).toEqual(new Set([fixture('plans', 'versions', 'barking-dagenham-2014-action-plan-2015-q1.md')]));
      const state = (rec: string, id: string, raw: string) => {
        const hit = rows.filter((r) => r.recommendation === rec && r.id === id && r.rag_raw === raw);
        expect(hit, `${rec} ${id} ${raw}`).toHaveLength(1);
        expect(hit[0]!.due_date! < asOf).toBe(true);
        return hit[0]!.state;
      };
      expect(state('1', '1.4', 'Fully completed')).toBe('done');
      expect(state('1', '1.6', 'Achieved')).toBe('done');
      expect(state('2', '2.', 'Complete')).toBe('done');
      expect(state('3', '3.1', 'On track')).toBe('open');
      expect(state('5', '5.4', 'Not started')).toBe('not_started');
    } finally {
      conn.close();
    }
  });

  it('tracker, query actions --overdue, export (xlsx, csv) and /api agree', async () => {
    const conn = openForQuery(db);
    let api: { plans: Array<{ overdue: number; complete: number }>; tracker: Array<{ overdue: number | null; complete: number | null }> };
    let tracker: ReturnType<typeof trackerRows>;
    let overdue: Array<Record<string, unknown>>;
    let all: Array<Record<string, unknown>>;
    try {
      tracker = trackerRows(conn, { la: '301', asOf });
      overdue = queryActions(conn, { la: '301', overdue: true, asOf });
      all = queryActions(conn, { la: '301' });
      const res = await createApp(conn).request(`/api/authorities/301?as_of=${asOf}`);
      expect(res.status).toBe(200);
      api = (await res.json()) as typeof api;
    } finally {
      conn.close();
    }
    const linked = tracker.filter((t) => t.plan_recommendation_id !== null);
    // Only the current version is linked in the tracker.
    expect(new Set(linked.map((t) => t.plan_path))).toEqual(new Set([fixture('plans', 'versions', 'barking-dagenham-2014-action-plan-2015-q1.md')]));
    const refs = new Set(linked.map((t) => t.plan_rec_id));
    const sum = (xs: Array<{ overdue?: unknown; complete?: unknown }>, k: 'overdue' | 'complete') => xs.reduce((n, x) => n + Number(x[k] ?? 0), 0);
    const trackerOverdue = sum(linked, 'overdue');
    const trackerComplete = sum(linked, 'complete');
    const actionsOverdue = overdue.filter((a) => refs.has(String(a.recommendation))).length;
    const actionsComplete = all.filter((a) => refs.has(String(a.recommendation)) && a.state === 'done').length;
    expect(trackerOverdue).toBe(actionsOverdue);
    expect(trackerComplete).toBe(actionsComplete);
    // Known from the plan: 10 actions done (8 "Completed"/... in the first version, 1.6 and area 2's third now done, 1.4 still done).
    expect(actionsComplete).toBe(10);
    expect(overdue.some((a) => a.state === 'done')).toBe(false);
    expect(overdue.filter((a) => a.rag_raw === 'On track' || a.rag_raw === 'Not started').length).toBeGreaterThan(0);
    // The web API: the plan summary (all of the current plan's actions) and the tracker.
    expect(sum(api!.plans, 'overdue')).toBe(overdue.length);
    expect(sum(api!.plans, 'complete')).toBe(all.filter((a) => a.state === 'done').length);
    expect(sum(api!.tracker, 'overdue')).toBe(trackerOverdue);
    expect(sum(api!.tracker, 'complete')).toBe(trackerComplete);
    // The export, as a workbook and as CSV files.
    const dir = tmp('ofsted-states-x-');
    await exportWorkbook({ db, format: 'xlsx', out: join(dir, 'book.xlsx'), asOf, la: ['Barking and Dagenham'] });
    await exportWorkbook({ db, format: 'csv', out: join(dir, 'csv'), asOf, la: ['Barking and Dagenham'] });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, 'book.xlsx'));
    const csvSheet = async (name: string) => {
      const w = new ExcelJS.Workbook();
      return w.csv.readFile(join(dir, 'csv', name));
    };
    for (const [actionsSheet, trackerSheet] of [
      [wb.getWorksheet('Actions')!, wb.getWorksheet('Tracker')!],
      [await csvSheet('actions.csv'), await csvSheet('tracker.csv')],
    ] as const) {
      const acts = sheetRows(actionsSheet);
      expect(acts.filter((r) => r[`Overdue at ${asOf}`] === 'Yes').length).toBe(overdue.length);
      expect(acts.filter((r) => r.State === 'Done').length).toBe(all.filter((a) => a.state === 'done').length);
      const tr = sheetRows(trackerSheet);
      expect(tr.reduce((n, r) => n + Number(r[`Overdue at ${asOf}`] ?? 0), 0)).toBe(trackerOverdue);
      expect(tr.reduce((n, r) => n + Number(r.Complete ?? 0), 0)).toBe(trackerComplete);
    }
  });
});

function sheetRows(ws: ExcelJS.Worksheet): Array<Record<string, unknown>> {
  const h = (ws.getRow(1).values as unknown[]).slice(1).map(String);
  const rows: Array<Record<string, unknown>> = [];
  ws.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(h.map((k, i) => [k, row.getCell(i + 1).value])));
  });
  return rows;
}
