/**
 * An authority's page as a summary (issue 28, queries at scale): its size does not grow with the
 * archive's long lists. The tracker a page at a time (the newest report first), every row on exactly
 * one page; the findings of the latest documents in full, the others' linked to their own pages,
 * where they are shown in full. Barking and Dagenham's 2014 report and plan (linked), and its focused
 * visit, monitoring visit and area SEND letters (fixtures/downstream, loaded through the loader).
 * Page sizes are parameters so that a small fixture needs several pages.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { openDatabase, openForQuery } from '../src/store/open';
import { Loader } from '../src/store/loader';
import { toV3 } from '../src/store/document-versions';
import { DataAccess, FINDINGS_IN_FULL, TRACKER_PAGE_SIZE } from '../src/query/access';
import { authorityPage } from '../src/web/pages';
import { createApp } from '../src/web/server';
import type { DB } from '../src/db/types';
import { cli, fixture, tmp } from './helpers';

const AS_OF = '2024-06-01';

describe('an authority page is a summary: the tracker paged, earlier findings linked', () => {
  let db: DB;
  let data: DataAccess;
  beforeAll(async () => {
    const path = join(tmp('ofsted-authority-page-'), 'db.sqlite');
    const r = await cli(['import', fixture('plans', 'barking-dagenham-2014-action-plan.md'), fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), '--db', path, '--jobs', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const w = openDatabase(path);
    const loader = new Loader(w);
    for (const f of ['bd-focused-visit-2022.json', 'bd-monitoring-visit-2023.json', 'bd-area-send-2024.json'])
      expect(loader.load(toV3(JSON.parse(readFileSync(fixture('downstream', f), 'utf8')) as Record<string, unknown>), [])).toBe('loaded');
    w.close();
    db = openForQuery(path);
    data = new DataAccess(db);
  }, 300_000);
  afterAll(() => db?.close());

  it('the tracker: every row on exactly one page, the newest report first, the tracker\'s own order within a report', () => {
    const sel = data.select('301');
    const all = data.tracker(AS_OF, [sel]);
    expect(all.length).toBeGreaterThan(12);
    const size = { trackerPage: 5, findingsInFull: 1 };
    const first = data.authoritySummary(sel, AS_OF, 1, size);
    expect(first.trackerPage).toEqual({ page: 1, pages: Math.ceil(all.length / 5), pageSize: 5, total: all.length });
    const pages = Array.from({ length: first.trackerPage.pages }, (_, i) => data.authoritySummary(sel, AS_OF, i + 1, size).tracker);
    for (const p of pages.slice(0, -1)) expect(p).toHaveLength(5);
    const joined = pages.flat();
    expect(joined.map((r) => r.report_recommendation_id + ':' + String(r.plan_recommendation_id)).sort()).toEqual(all.map((r) => r.report_recommendation_id + ':' + String(r.plan_recommendation_id)).sort());
    const dates = joined.map((r) => String(r.report_date));
    expect(dates).toEqual([...dates].sort().reverse());
    // Within one report, the rows keep the tracker's order.
    const report = String(joined[0]!.report_document_id);
    expect(joined.filter((r) => String(r.report_document_id) === report)).toEqual(all.filter((r) => String(r.report_document_id) === report));
    // A page past the last shows the last.
    expect(data.authoritySummary(sel, AS_OF, 99, size).trackerPage.page).toBe(first.trackerPage.pages);
  });

  it('the findings: the latest documents with items in full (as the document page has them), the others listed', () => {
    const sel = data.select('301');
    const v = data.authoritySummary(sel, AS_OF, 1, { trackerPage: 5, findingsInFull: 1 });
    const withItems = v.documents.filter((d) => d.kind !== 'action_plan' && Number(d.priority_actions) + Number(d.areas_for_improvement) + Number(d.recommendations) > 0).map((d) => d.id);
    expect(withItems.length).toBeGreaterThanOrEqual(3);
    expect(v.findings.map((f) => f.documentId)).toEqual(withItems.slice(0, 1));
    expect(v.findingsElsewhere).toEqual(withItems.slice(1));
    expect(v.findings[0]!.recommendations).toEqual(data.recommendationsOf(withItems[0]!));
    // The defaults, on this small authority: everything on one page.
    const d = data.authoritySummary(sel, AS_OF);
    expect(d.findings.map((f) => f.documentId)).toEqual(withItems.slice(0, FINDINGS_IN_FULL));
    expect(d.trackerPage.pages).toBe(Math.max(1, Math.ceil(data.tracker(AS_OF, [sel]).length / TRACKER_PAGE_SIZE)));
  });

  it('the page links to the other tracker pages and to each earlier document\'s findings, which its page shows', async () => {
    const sel = data.select('301');
    const v = data.authoritySummary(sel, AS_OF, 2, { trackerPage: 5, findingsInFull: 1 });
    const page = String(await authorityPage({ ...v, pageHref: (p) => `/authority/301?page=${p}` }));
    expect(page).toContain('<a rel="prev" href="/authority/301?page=1#tracker">');
    expect(page).toContain('<a rel="next" href="/authority/301?page=3#tracker">');
    expect(page).toContain(`Rows 6 to 10 of ${v.trackerPage.total}`);
    const app = createApp(db, { asOf: AS_OF });
    for (const id of v.findingsElsewhere) {
      expect(page).toContain(`href="/document/${id}#recommendations"`);
      const doc = await (await app.request(`/document/${id}`)).text();
      const items = data.recommendationsOf(id);
      expect(doc).toContain(`<section id="recommendations"><h2>Recommendations (${items.length})</h2>`);
      for (const r of items) expect(doc).toContain(`id="recommendation-${Number(r.id)}"`);
    }
    // The route: its page of the tracker; the JSON twin says which.
    const res = await app.request('/api/authorities/301?page=1');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { trackerPage: { page: number; total: number }; tracker: unknown[] };
    expect(body.trackerPage).toMatchObject({ page: 1, total: data.tracker(AS_OF, [sel]).length });
    expect(body.tracker).toHaveLength(Math.min(TRACKER_PAGE_SIZE, body.trackerPage.total));
  });
});
