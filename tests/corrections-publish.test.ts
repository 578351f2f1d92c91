/**
 * A corrected value reaches PostgreSQL (issue 29): `ofsted publish` copies the corrected rows and the
 * corrections with their audit log (tables of migration 8 in src/publish/spec.ts), against a throwaway
 * PostgreSQL (tests/pg-helpers.ts).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, fixture, tmp } from './helpers';
import { startCluster, type Cluster } from './pg-helpers';

let cluster: Cluster;
let client: pg.Client;

beforeAll(async () => {
  cluster = await startCluster();
  client = await cluster.client();
});

afterAll(async () => {
  // Closing the client at the end: an error here (a connection the cluster already dropped) changes no result.
  await client?.end().catch(() => {});
  await cluster?.stop();
});

describe('corrections published', () => {
  it("an action's corrected RAG and state, the correction and its log entry are in PostgreSQL after publish", async () => {
    const dir = tmp('ofsted-corrections-publish-');
    const plan = join(dir, 'plan.md');
    copyFileSync(fixture('plans', 'barking-dagenham-2014-action-plan.md'), plan);
    const db = join(dir, 'db.sqlite');
    expect((await cli(['import', plan, fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    const fix = await cli(['correct', plan, '--action', '1.1', '--set', 'rag=complete', '--by', 'analyst', '--db', db]);
    expect(fix.code, fix.stderr).toBe(0);
    const r = await cli(['publish', '--to', cluster.url, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    const action = await client.query("SELECT rag, state FROM ofsted.actions WHERE action_id = '1.1'");
    expect(action.rows).toEqual([{ rag: 'complete', state: 'done' }]);
    const c = await client.query('SELECT field, value, original, state, created_by FROM ofsted.corrections');
    expect(c.rows).toEqual([{ field: 'rag', value: 'complete', original: null, state: 'applied', created_by: 'analyst' }]);
    const log = await client.query('SELECT who, via, old, new FROM ofsted.correction_log');
    expect(log.rows).toEqual([{ who: 'analyst', via: 'cli', old: null, new: 'complete' }]);
  });

  it("a plan item's corrected link is the one PostgreSQL's tracker shows (method person), also after the next publish changes it", async () => {
    const dir = tmp('ofsted-corrections-publish-link-');
    const plan = join(dir, 'plan.md');
    copyFileSync(fixture('plans', 'barking-dagenham-2014-action-plan.md'), plan);
    const db = join(dir, 'db.sqlite');
    const schema = ['--schema', 'links'];
    expect((await cli(['import', plan, fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    expect((await cli(['correct', plan, '--item', '2', '--set', 'link=30', '--db', db])).code).toBe(0);
    expect((await cli(['publish', '--to', cluster.url, '--db', db, ...schema])).code).toBe(0);
    const tracker = async () => (await client.query("SELECT rec_id, plan_rec_id, method FROM links.v_tracker WHERE rec_id IN ('29', '30') ORDER BY rec_id, plan_rec_id")).rows;
    expect(await tracker()).toEqual([
      { rec_id: '29', plan_rec_id: null, method: null },
      { rec_id: '30', plan_rec_id: '2', method: 'person' },
      { rec_id: '30', plan_rec_id: '3', method: 'text' },
    ]);
    expect((await cli(['correct', plan, '--item', '3', '--set', 'link=none', '--db', db])).code).toBe(0);
    const again = await cli(['publish', '--to', cluster.url, '--db', db, ...schema]);
    expect(again.code, again.stderr).toBe(0);
    expect(await tracker()).toEqual([
      { rec_id: '29', plan_rec_id: null, method: null },
      { rec_id: '30', plan_rec_id: '2', method: 'person' },
    ]);
  });
});
