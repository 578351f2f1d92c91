/**
 * Versions of one plan (issue 25 item 3): plans answering the same report for the same authority are
 * versions of one plan; the tracker, the authority page, the export, the API and the views show only
 * the current one (the latest by the plan's own date, else by import; or the one the person importing
 * said), the earlier kept as history with what changed per action. The second version is the real
 * Barking and Dagenham plan with six actions' progress brought up to date (fixtures/make/make-plan-versions.ts).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../src/index';
import { openForQuery, openDatabase } from '../src/store/open';
import { inspectFile } from '../src/db/database';
import { makeCurrent } from '../src/store/plan-current';
import { matchActions, planVersions, type PlanVersionCandidate } from '../src/link/versions';
import { wordOverlap } from '../src/link/similarity';
import { trackerRows } from '../src/query/tracker';
import { queryActions } from '../src/query/canned-queries';
import { createApp } from '../src/web/server';
import { publish } from '../src/publish/publish';
import { cli, fixture, tmp } from './helpers';
import { startCluster, type Cluster } from './pg-helpers';

const REPORT = fixture('reports', 'barking-and-dagenham_2014-07-07.pdf');
const V1 = fixture('plans', 'barking-dagenham-2014-action-plan.md');
const V2 = fixture('plans', 'versions', 'barking-dagenham-2014-action-plan-2015-q1.md');

describe('which version is current (src/link/versions.ts)', () => {
  const p = (id: number, planDate: string | null, importedAt: string, claimedAt: string | null = null): PlanVersionCandidate => ({ id, path: `p${id}`, planDate, importedAt, claimedAt });

  it('the plan\'s own date first, else the day it was imported', () => {
    const r = planVersions([p(1, '2015-03-31', '2026-01-02T00:00:00Z'), p(2, '2014-12-01', '2026-01-03T00:00:00Z')]);
    expect(r.versions.find((v) => v.current)!.id).toBe(1);
    expect(r.versions.map((v) => [v.id, v.version])).toEqual([[2, 1], [1, 2]]);
    expect(r.versions[0]!.basis).toBe('plan_date');
    const u = planVersions([p(1, null, '2026-01-02T00:00:00Z'), p(2, null, '2026-01-01T00:00:00Z')]);
    expect(u.versions.find((v) => v.current)).toMatchObject({ id: 1, basis: 'imported' });
    expect(u.warnings).toEqual([]);
  });

  it('two plans of the same date: both kept, the later import current, a warning', () => {
    const r = planVersions([p(1, '2015-03-31', '2026-01-02T00:00:00Z'), p(2, '2015-03-31', '2026-01-03T00:00:00Z')]);
    expect(r.versions).toHaveLength(2);
    expect(r.versions.find((v) => v.current)!.id).toBe(2);
    expect(r.warnings).toEqual([expect.objectContaining({ planId: 2, code: 'plan_version_same_date' })]);
  });

  it('a plan said current wins, until a later version is imported after the claim', () => {
    const claimed = planVersions([p(1, null, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'), p(2, null, '2026-01-02T00:00:00Z')]);
    expect(claimed.versions.find((v) => v.current)).toMatchObject({ id: 1, basis: 'claimed' });
    const superseded = planVersions([p(1, null, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'), p(2, null, '2026-03-01T00:00:00Z')]);
    expect(superseded.versions.find((v) => v.current)!.id).toBe(2);
    const both = planVersions([p(1, null, '2026-01-01T09:00:00Z', '2026-01-01T09:00:00Z'), p(2, null, '2026-01-01T10:00:00Z', '2026-01-01T10:00:00Z')]);
    expect(both.versions.find((v) => v.current)!.id).toBe(2);
    expect(both.warnings).toEqual([expect.objectContaining({ planId: 2, code: 'plan_version_claims' })]);
  });

  it('actions match by recommendation and action id, and by their words where an id is repeated', () => {
    const a = (ref: string, id: string | null, description: string) => ({ recommendationRef: ref, actionId: id, description });
    const older = [a('2', '2.', 'DCS and LSCB Chair to write to all partner agencies'), a('2', '2.', 'Train Child Protection Leads in schools on completing MARFs'), a('3', '3.1', 'Produce practice standards')];
    const newer = [a('2', '2.', 'Train Child Protection Leads in schools on completing MARFs'), a('2', '2.', 'DCS and LSCB Chair to write to all partner agencies'), a('3', '3.1', 'Produce and implement practice standards')];
    expect(matchActions(older, newer, wordOverlap).map((m) => [m.older, m.newer, m.by])).toEqual([[1, 0, 'text'], [0, 1, 'text'], [2, 2, 'id']]);
  });
});

describe('two versions of the Barking and Dagenham plan in a database', () => {
  let db: string;
  const asOf = '2015-06-01';
  beforeAll(async () => {
    db = join(tmp('ofsted-versions-'), 'db.sqlite');
    for (const files of [[REPORT, V1], [V2]]) expect((await importFiles(files, { db, jobs: 1, inProcess: true })).failed).toEqual([]);
  }, 300_000);

  it('one current answer per item: the tracker, query actions and the view show the later import only; the older is kept', () => {
    const conn = openForQuery(db);
    try {
      const linked = trackerRows(conn, { la: '301', asOf }).filter((t) => t.plan_recommendation_id !== null);
      expect(linked.length).toBe(13);
      // Each report item answered once.
      expect(new Set(linked.map((t) => t.report_recommendation_id)).size).toBe(13);
      expect(new Set(linked.map((t) => t.plan_path))).toEqual(new Set([V2]));
      const view = conn.prepare('SELECT DISTINCT plan_path FROM v_tracker WHERE plan_path IS NOT NULL').all() as Array<{ plan_path: string }>;
      expect(view.map((r) => r.plan_path)).toEqual([V2]);
      expect(new Set((queryActions(conn, { la: '301' }) as Array<{ path: string }>).map((a) => a.path))).toEqual(new Set([V2]));
      expect(new Set((queryActions(conn, { la: '301', allVersions: true }) as Array<{ path: string }>).map((a) => a.path))).toEqual(new Set([V1, V2]));
      const versions = conn.prepare('SELECT d.path, v.version, v.versions, v.is_current, v.basis FROM plan_versions v JOIN documents d ON d.id = v.plan_document_id ORDER BY v.version').all();
      expect(versions).toEqual([
        { path: V1, version: 1, versions: 2, is_current: 0, basis: 'imported' },
        { path: V2, version: 2, versions: 2, is_current: 1, basis: 'imported' },
      ]);
    } finally {
      conn.close();
    }
  });

  it('the history: per action, what changed in RAG and progress between the versions (API and page)', async () => {
    const conn = openForQuery(db);
    try {
      const id = (conn.prepare('SELECT id FROM documents WHERE path = ?').get(V1) as { id: number }).id;
      const app = createApp(conn);
      const res = await app.request(`/api/plans/${id}/history`);
      expect(res.status).toBe(200);
      const h = (await res.json()) as { versions: Array<{ path: string; current: boolean }>; steps: Array<{ changed: Array<{ recommendationRef: string; actionId: string; matchedBy: string; changed: string[]; before: { ragRaw: string | null; state: string; progress: string }; after: { ragRaw: string | null; state: string; progress: string } }>; unchanged: number; added: unknown[]; removed: unknown[] }> };
      expect(h.versions.map((v) => [v.path, v.current])).toEqual([[V1, false], [V2, true]]);
      expect(h.steps).toHaveLength(1);
      const step = h.steps[0]!;
      expect(step.added).toEqual([]);
      expect(step.removed).toEqual([]);
      // The six actions the second version changed (fixtures/make/make-plan-versions.ts), nothing else.
      expect(step.changed.map((c) => `${c.recommendationRef} ${c.actionId}`)).toEqual(['1 1.4', '1 1.6', '2 2.', '3 3.1', '5 5.3', '5 5.4']);
      const c16 = step.changed.find((c) => c.actionId === '1.6')!;
      expect(c16).toMatchObject({ matchedBy: 'id', before: { ragRaw: null, state: 'unknown' }, after: { ragRaw: 'Achieved', state: 'done' } });
      expect(c16.changed).toEqual(['rag', 'state', 'progress']);
      // Area 2 repeats the id "2." three times: its third action is found by its words.
      expect(step.changed.find((c) => c.actionId === '2.')).toMatchObject({ matchedBy: 'text', before: { state: 'open' }, after: { ragRaw: 'Complete', state: 'done' } });
      expect(step.changed.find((c) => c.actionId === '3.1')!.changed).toEqual(['progress']);
      expect(step.unchanged).toBe(55);
      const page = await (await app.request(`/plan/${id}/history`)).text();
      expect(page).toContain('Version 1 → 2');
      expect(page).toContain('Achieved (Done)');
      expect(await (await app.request(`/authority/301`)).text()).toContain(`/plan/`);
      expect((await app.request('/api/plans/999999/history')).status).toBe(404);
      expect(await (await app.request(`/document/${id}`)).text()).toContain('Version 1 of 2 of this plan · not current');
    } finally {
      conn.close();
    }
  });

  it('the person importing says which is current: plan current, import --current', async () => {
    const copy = join(tmp('ofsted-versions-c-'), 'db.sqlite');
    copyFileSync(db, copy);
    const w = openDatabase(copy);
    try {
      const r = makeCurrent(w, V1, (w.prepare('SELECT sha256 FROM documents WHERE path = ?').get(V1) as { sha256: string }).sha256);
      expect(r).toMatchObject({ path: V1, version: 1, versions: 2 });
    } finally {
      w.close();
    }
    const conn = openForQuery(copy);
    try {
      expect(new Set(trackerRows(conn, { la: '301', asOf }).filter((t) => t.plan_path).map((t) => t.plan_path))).toEqual(new Set([V1]));
    } finally {
      conn.close();
    }
    // The CLI: import --current on a file already loaded, the same day as the other claim: both kept, the later current, a warning.
    const again = await cli(['import', '--current', V2, '--db', copy, '--jobs', '1', '--quiet']);
    expect(again.code, again.stderr).toBe(0);
    const c2 = openForQuery(copy);
    try {
      expect(new Set(trackerRows(c2, { la: '301', asOf }).filter((t) => t.plan_path).map((t) => t.plan_path))).toEqual(new Set([V2]));
      const warn = c2.prepare("SELECT d.path, w.message FROM warnings w JOIN documents d ON d.id = w.document_id WHERE w.code = 'plan_version_claims'").all() as Array<{ path: string; message: string }>;
      expect(warn).toHaveLength(1);
      expect(warn[0]!.path).toBe(V2);
      expect(warn[0]!.message).toMatch(/all are kept/);
      expect(c2.prepare('SELECT count(*) AS n FROM documents WHERE kind = ?').get('action_plan')).toEqual({ n: 2 });
    } finally {
      c2.close();
    }
    const bad = await cli(['plan', 'current', REPORT, '--db', copy]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/is not an action plan/);
  }, 120_000);

  it('a database from before migration 6 gets its action states and plan versions when opened', () => {
    const old = join(tmp('ofsted-versions-o-'), 'db.sqlite');
    copyFileSync(db, old);
    const raw = new Database(old);
    raw.exec('UPDATE actions SET state = NULL, state_from = NULL; DELETE FROM plan_versions;');
    raw.close();
    expect(inspectFile(old).documentsBehind).toBe(true);
    const conn = openForQuery(old);
    try {
      expect(conn.prepare('SELECT count(*) AS n FROM actions WHERE state IS NULL').get()).toEqual({ n: 0 });
      expect(conn.prepare("SELECT count(*) AS n FROM actions WHERE state = 'done'").get()).toEqual({ n: 18 });
      expect(conn.prepare('SELECT count(*) AS n FROM plan_versions WHERE is_current = 1').get()).toEqual({ n: 1 });
    } finally {
      conn.close();
    }
    expect(inspectFile(old).documentsBehind).toBe(false);
  });
});

describe('the PostgreSQL mirror shows the current version only', () => {
  let cluster: Cluster | undefined;
  afterAll(async () => {
    await cluster?.stop();
  });

  it('v_tracker on the server: the later version, equal to the file\'s; plan_versions and states published', async () => {
    const db = join(tmp('ofsted-versions-pg-'), 'db.sqlite');
    for (const files of [[REPORT, V1], [V2]]) expect((await importFiles(files, { db, jobs: 1, inProcess: true })).failed).toEqual([]);
    cluster = await startCluster();
    const client = await cluster.client();
    try {
      await publish({ db, to: cluster.url });
      const pgPlans = (await client.query('SELECT DISTINCT plan_path FROM ofsted.v_tracker WHERE plan_path IS NOT NULL')).rows.map((r: { plan_path: string }) => r.plan_path);
      expect(pgPlans).toEqual([V2]);
      const lite = new Database(db, { readonly: true });
      try {
        const sums = 'SELECT sum(complete) AS complete, sum(overdue) AS overdue, sum(no_rag) AS no_rag FROM v_tracker';
        const want = lite.prepare(sums).get() as Record<string, number>;
        const have = (await client.query(sums.replace('v_tracker', 'ofsted.v_tracker'))).rows[0] as Record<string, string>;
        expect(Object.fromEntries(Object.entries(have).map(([k, v]) => [k, Number(v)]))).toEqual(want);
        expect(want.complete).toBe(10);
      } finally {
        lite.close();
      }
      expect((await client.query('SELECT count(*)::int AS n FROM ofsted.plan_versions WHERE is_current = 1')).rows[0]).toEqual({ n: 1 });
      expect((await client.query("SELECT count(*)::int AS n FROM ofsted.actions WHERE state = 'done'")).rows[0]).toEqual({ n: 18 });
      // Said current afterwards: the next publish sends the change, and the server's tracker follows.
      const w = openDatabase(db);
      try {
        makeCurrent(w, String((w.prepare('SELECT id FROM documents WHERE path = ?').get(V1) as { id: number }).id), null);
      } finally {
        w.close();
      }
      const again = await publish({ db, to: cluster.url });
      expect(again.tables).toContain('plan_versions');
      const after = (await client.query('SELECT DISTINCT plan_path FROM ofsted.v_tracker WHERE plan_path IS NOT NULL')).rows.map((r: { plan_path: string }) => r.plan_path);
      expect(after).toEqual([V1]);
    } finally {
      await client.end();
    }
  }, 300_000);
});
