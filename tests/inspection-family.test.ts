/**
 * Downstream of the whole family of inspection documents (issue 18, item 6): a focused visit
 * with priority actions, a monitoring visit and an area SEND report (hand-written document JSON
 * in fixtures/downstream/, loaded through the loader) beside Barking and Dagenham's 2014 report
 * and its plan. The tracker, `query judgements --framework area_send`, `query visits`, the web
 * authority page and overview, and the export's SEND outcomes and Tracker sheets.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, openForQuery } from '../src/store/open';
import { Loader } from '../src/store/loader';
import { toV3 } from '../src/store/document-versions';
import { exportWorkbook } from '../src/export/workbook';
import { createApp } from '../src/web/server';
import { cli, fixture, tmp } from './helpers';
import { CHROMIUM, CHROMIUM_ARGS, serveCli } from './web-helpers';

const FAMILY = ['bd-focused-visit-2022.json', 'bd-monitoring-visit-2023.json', 'bd-area-send-2024.json'];

describe('visits and area SEND inspections, downstream', () => {
  let db: string;
  beforeAll(async () => {
    db = join(tmp('ofsted-family-'), 'db.sqlite');
    const r = await cli(['import', fixture('plans', 'barking-dagenham-2014-action-plan.md'), fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), '--db', db, '--jobs', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const conn = openDatabase(db);
    const loader = new Loader(conn);
    // The hand-written JSON is of document version 3: brought to the current version as stored documents are.
    for (const f of FAMILY) expect(loader.load(toV3(JSON.parse(readFileSync(fixture('downstream', f), 'utf8')) as Record<string, unknown>), [])).toBe('loaded');
    conn.pragma('wal_checkpoint(TRUNCATE)');
    conn.close();
  }, 300_000);

  const json = async (...args: string[]) => {
    const r = await cli([...args, '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Array<Record<string, any>>;
  };

  it('the tracker has a row for each priority action and area for improvement of every visit and SEND report, with its kind', async () => {
    const rows = await json('query', 'tracker', '--la', '301', '--as-of', '2024-06-01');
    // The 2014 SIF report's 18 items (its areas for improvement and the LSCB's recommendations) as before.
    expect(rows.filter((r) => r.report.framework === 'sif')).toHaveLength(18);
    const family = rows.filter((r) => r.report.framework !== 'sif');
    const kinds = (k: string) => family.filter((r) => r.recommendation.kind === k);
    expect(family.map((r) => r.recommendation.kind).sort()).toEqual([...Array(5).fill('area_for_improvement'), ...Array(3).fill('priority_action')]);
    expect(kinds('priority_action').map((r) => [r.report.framework, r.recommendation.id])).toEqual([
      ['focused_visit', 'P1'],
      ['focused_visit', 'P2'],
      ['area_send', 'P1'],
    ]);
    expect(kinds('area_for_improvement').map((r) => r.report.framework)).toEqual(['focused_visit', 'focused_visit', 'monitoring_visit', 'area_send', 'area_send']);
    // Each row carries its document's plan deadline.
    expect(rows.find((r) => r.report.framework === 'focused_visit')!.deadline).toMatchObject({ draftDue: '2022-07-05', planDue: '2022-09-14', plan: null, late: true });
    expect(rows.find((r) => r.report.framework === 'sif')!.deadline).toMatchObject({ planDue: '2014-10-14', late: false, plan: { path: expect.stringMatching(/action-plan\.md$/) } });
    expect(rows.find((r) => r.report.framework === 'monitoring_visit')!.deadline).toBeNull();
    const csv = await cli(['query', 'tracker', '--db', db, '--la', '301', '--format', 'csv']);
    expect(csv.stdout.split('\n')[0]).toMatch(/^la,code,report_date,rec,kind,scope,text,/);
  });

  it('query judgements --framework area_send gives the SEND outcome with its wording; query visits lists the events', async () => {
    const j = await json('query', 'judgements', '--framework', 'area_send');
    expect(j).toHaveLength(1);
    expect(j[0]).toMatchObject({ la: 'Barking and Dagenham', area: 'send_outcome', grade: 'inconsistent_experiences', wording: expect.stringMatching(/inconsistent experiences/) });
    const v = await json('query', 'visits', '--la', 'Barking & Dagenham');
    expect(v.map((r) => [r.date, r.framework, r.focus, r.priority_actions, r.areas_for_improvement, r.send_outcome])).toEqual([
      ['2024-03-01', 'area_send', null, 1, 2, 'inconsistent_experiences'],
      ['2023-03-10', 'monitoring_visit', 'children_in_care', 0, 1, null],
      ['2022-06-07', 'focused_visit', 'front_door', 2, 2, null],
    ]);
    expect(await json('query', 'visits', '--framework', 'focused_visit')).toHaveLength(1);
    const bad = await cli(['query', 'visits', '--db', db, '--framework', 'nope']);
    expect(bad.code).toBe(1);
  });

  it('latest and previous grades come from full inspections only; the overview adds the latest event and SEND outcome', async () => {
    const conn = openForQuery(db);
    try {
      const app = createApp(conn, { asOf: '2024-06-01' });
      const o = (await (await app.request('/api/authorities')).json()) as { rows: Array<Record<string, any>> };
      const bd = o.rows.find((r) => r.key === '301')!;
      expect(bd).toMatchObject({ framework: 'sif', date: '2014-07-07', grades: { overall_effectiveness: 'requires_improvement' } });
      expect(bd.grades.send_outcome).toBeUndefined();
      expect(bd.latestEvent).toMatchObject({ framework: 'area_send', date: '2024-03-01' });
      expect(bd.send).toMatchObject({ framework: 'area_send', date: '2024-03-01', outcome: 'inconsistent_experiences' });
      const view = conn.prepare("SELECT framework, publication_date FROM v_latest_judgements WHERE la_code = '301'").get();
      expect(view).toEqual({ framework: 'sif', publication_date: '2014-07-07' });
      const a = (await (await app.request('/api/authorities/301')).json()) as { documents: Array<Record<string, any>> };
      const events = a.documents.filter((d) => d.kind !== 'action_plan').map((d) => [d.framework, d.priority_actions]);
      expect(events).toEqual([
        ['area_send', 1],
        ['monitoring_visit', 0],
        ['focused_visit', 2],
        ['sif', 0],
      ]);
    } finally {
      conn.close();
    }
  });

  it('the export has a SEND outcomes sheet and the visits in its Tracker sheet', async () => {
    const out = join(tmp('ofsted-family-x-'), 'book.xlsx');
    await exportWorkbook({ db, format: 'xlsx', out, asOf: '2024-06-01' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Latest by authority', 'Judgements', 'Recommendations', 'Actions', 'SEND outcomes', 'Plan deadlines', 'Tracker', 'Themes']);
    // Plan deadlines: the 2014 report (70 working days from 2014-07-07) with its plan on file; the focused visit with priority actions (draft 20, plan 70).
    const dl = wb.getWorksheet('Plan deadlines')!;
    const dh = (dl.getRow(1).values as unknown[]).slice(1);
    const dv: Array<Record<string, unknown>> = [];
    dl.eachRow((r, n) => n > 1 && dv.push(Object.fromEntries(dh.map((h, i) => [String(h), r.getCell(i + 1).value]))));
    const day = (v: unknown) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
    expect(dv.map((r) => [r.Framework, day(r['Draft plan due by']), day(r['Plan due by']), r['Late at 2024-06-01']])).toEqual([
      ['SIF', null, '2014-10-14', 'No'],
      ['Focused visit', '2022-07-05', '2022-09-14', 'Yes'],
    ]);
    expect(String(dv[0]!['Plan on file'])).toMatch(/barking-dagenham-2014-action-plan\.md$/);
    const send = wb.getWorksheet('SEND outcomes')!;
    const header = (send.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 7)).toEqual(['Authority', 'Partnership', 'Framework', 'Inspection start', 'Inspection end', 'Published', 'Outcome']);
    const row = (send.getRow(2).values as unknown[]).slice(1);
    expect(row[1]).toBe('Barking and Dagenham Local Area Partnership');
    expect(row[6]).toBe('Inconsistent experiences');
    expect((row[header.indexOf('Next inspection by')] as Date).toISOString().slice(0, 10)).toBe('2027-03-01');
    const tracker = wb.getWorksheet('Tracker')!;
    const th = (tracker.getRow(1).values as unknown[]).slice(1);
    const kindCol = th.indexOf('Item kind') + 1;
    expect(kindCol).toBeGreaterThan(0);
    const fwCol = th.indexOf('Framework') + 1;
    const kinds: unknown[] = [];
    tracker.eachRow((r, n) => n > 1 && r.getCell(fwCol).value !== 'sif' && kinds.push(r.getCell(kindCol).value));
    expect(kinds.filter((k) => k === 'priority_action')).toHaveLength(3);
    expect(kinds.filter((k) => k === 'area_for_improvement')).toHaveLength(5);
    expect(kinds).toHaveLength(8);
  });

  it('the authority page shows every event on one timeline, priority actions marked, document text escaped (Chromium)', async () => {
    const served = await serveCli(db, ['--as-of', '2024-06-01']);
    const browser = await chromium.launchPersistentContext(tmp('ofsted-chromium-'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    try {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on('dialog', (d) => {
        dialogs.push(d.message());
        void d.dismiss();
      });
      page.on('pageerror', (e) => errors.push(e.message));
      expect((await page.goto(`${served.url}/authority/301`, { waitUntil: 'networkidle' }))?.status()).toBe(200);
      const shots = tmp('ofsted-shots-');
      process.stderr.write(`screenshots: ${shots}\n`);
      await page.screenshot({ path: join(shots, 'authority-family.png'), fullPage: true });
      const items = await page.locator('#timeline li').evaluateAll((els) => els.map((e) => [e.getAttribute('data-framework'), e.classList.contains('has-priority')]));
      expect(items).toEqual([
        ['area_send', true],
        ['monitoring_visit', false],
        ['focused_visit', true],
        ['sif', false],
      ]);
      expect(await page.locator('#timeline li[data-framework=focused_visit] .priority-badge').innerText()).toBe('2 priority actions');
      // Each priority action of the authority's documents is tagged once in its document's list and once in the tracker (no plan answers one).
      const conn = openForQuery(db);
      const priority = (conn.prepare("SELECT count(*) AS n FROM recommendations r JOIN documents d ON d.id = r.document_id WHERE d.local_authority_code = '301' AND r.kind = 'priority_action'").get() as { n: number }).n;
      const linked = (conn.prepare("SELECT count(*) AS n FROM recommendation_links l JOIN recommendations r ON r.id = l.report_recommendation_id WHERE r.kind = 'priority_action'").get() as { n: number }).n;
      conn.close();
      expect([priority, linked]).toEqual([3, 0]);
      expect(await page.locator('.reclist .tag.kind-priority_action').count()).toBe(priority);
      expect(await page.locator('#tracker .tag.kind-priority_action').count()).toBe(priority);
      // Plan deadlines: due by, on file (linked) or not, late as of --as-of.
      const fv = page.locator('#timeline li[data-framework=focused_visit] .deadline');
      expect(await fv.innerText()).toMatch(/^Draft plan due by 2022-07-05; Plan due by 2022-09-14 .* no plan on file · late as of 2024-06-01$/);
      const sif = page.locator('#timeline li[data-framework=sif] .deadline');
      expect(await sif.innerText()).toMatch(/Plan due by 2014-10-14 .* plan on file: .*barking-dagenham-2014-action-plan\.md/);
      expect(await sif.locator('a').count()).toBe(1);
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).toContain("<script>alert('pa')</script>");
      expect(text).toContain('<b>annual reviews</b>');
      expect(dialogs).toEqual([]);
      expect(errors).toEqual([]);
      const o = await browser.newPage();
      await o.goto(`${served.url}/`, { waitUntil: 'networkidle' });
      const bd = o.locator('#authorities tr[data-key="301"]');
      expect(await bd.locator('td.send').innerText()).toMatch(/2024-03-01 Inconsistent experiences/);
      expect(await bd.locator('td.event').innerText()).toMatch(/2024-03-01 Area SEND/);
      await o.screenshot({ path: join(shots, 'overview-family.png'), fullPage: true });
    } finally {
      await browser.close();
      await served.stop();
    }
  });
});
