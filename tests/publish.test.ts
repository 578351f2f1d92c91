/**
 * `ofsted publish` against a real PostgreSQL server (a throwaway cluster, tests/pg-helpers.ts):
 * every table and both views equal to SQLite's, row for row; the second publish a no-op; an
 * edited plan re-imported and published; two publishes at once; a publish stopped half-way then
 * finished; wrong database and password; the password never printed; the spec's drift check.
 */
import Database from 'better-sqlite3';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/open.js';
import { publish } from '../src/publish/publish.js';
import { viewToPostgres } from '../src/publish/dialect.js';
import { schemaDrift, TABLES, type TableSpec } from '../src/publish/spec.js';
import { cli, fixture, ROOT, tmp } from './helpers.js';
import { run, startCluster, type Cluster } from './pg-helpers.js';

let cluster: Cluster;
let client: pg.Client;
let dir: string;
let db: string;
let plan: string;

const publishCli = (args: string[]) => run(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'publish', ...args], { env: { ...process.env, OFSTED_LOG_LEVEL: 'warn' } });

beforeAll(async () => {
  cluster = await startCluster();
  client = await cluster.client();
  dir = tmp('ofsted-publish-');
  db = join(dir, 'ofsted.sqlite');
  // A plan at a path of its own, to be edited and imported again.
  plan = join(dir, 'barking-dagenham-plan.md');
  copyFileSync(fixture('plans', 'barking-dagenham-2014-action-plan.md'), plan);
  const r = await cli([
    'import',
    fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'),
    fixture('reports', 'brent_2015-11-30.pdf'),
    fixture('plans', 'brent-2011-action-plan.md'),
    fixture('seeds'),
    plan,
    '--db', db, '--jobs', '1', '--quiet',
  ]);
  expect(r.code, r.stderr).toBe(0);
});

afterAll(async () => {
  // Closing a connection the tests may have ended already: nothing to check in the clean-up.
  await client?.end().catch(() => {});
  await cluster?.stop();
});

type Rec = Record<string, unknown>;

function normalise(t: TableSpec, row: Rec, from: 'sqlite' | 'pg'): Rec {
  const o: Rec = {};
  for (const c of t.columns) {
    const v = row[c.name];
    if (v === null || v === undefined) o[c.name] = null;
    else if (c.type === 'boolean') o[c.name] = from === 'sqlite' ? v !== 0 : v;
    else if (c.type === 'jsonb') o[c.name] = from === 'sqlite' ? JSON.parse(String(v)) : v;
    else if (c.type === 'timestamptz') o[c.name] = new Date(String(v)).toISOString();
    else o[c.name] = v;
  }
  return o;
}

const byJson = (a: Rec, b: Rec) => {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
};

/** Every table and both views of the schema equal to SQLite's; returns the row counts. */
async function expectMirror(schema: string): Promise<Record<string, number>> {
  const lite = new Database(db, { readonly: true });
  const counts: Record<string, number> = {};
  try {
    for (const t of TABLES) {
      const list = t.columns.map((c) => `"${c.name}"`).join(', ');
      const want = (lite.prepare(`SELECT ${list} FROM ${t.name}`).all() as Rec[]).map((r) => normalise(t, r, 'sqlite')).sort(byJson);
      const have = ((await client.query(`SELECT ${list} FROM ${schema}.${t.name}`)).rows as Rec[]).map((r) => normalise(t, r, 'pg')).sort(byJson);
      expect(have.length, `${t.name} row count`).toBe(want.length);
      expect(have, `${t.name} rows`).toEqual(want);
      counts[t.name] = want.length;
    }
    for (const v of ['v_tracker', 'v_latest_judgements']) {
      const want = lite.prepare(`SELECT * FROM ${v}`).all() as Rec[];
      const have = (await client.query(`SELECT * FROM ${schema}.${v}`)).rows as Rec[];
      expect(have.length, `${v} row count`).toBe(want.length);
      // Same columns, same values, same order.
      expect(have, `${v} rows`).toEqual(want);
      counts[v] = want.length;
    }
  } finally {
    lite.close();
  }
  return counts;
}

describe('the PostgreSQL table spec', () => {
  it('maps every table and column of a freshly migrated SQLite database', () => {
    const fresh = openDatabase(':memory:');
    expect(schemaDrift(fresh)).toEqual([]);
    fresh.close();
  });

  it('names a column or table it does not map (drift check)', () => {
    const fresh = openDatabase(':memory:');
    fresh.exec('ALTER TABLE actions ADD COLUMN owner_email TEXT; CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    const drift = schemaDrift(fresh);
    fresh.close();
    expect(drift).toContain('SQLite column actions.owner_email (TEXT) is not published (see src/publish/spec.ts)');
    expect(drift).toContain('SQLite table notes is not published (see src/publish/spec.ts)');
  });
});

describe('the SQLite views rewritten for PostgreSQL', () => {
  it('rewrites the SQLite idioms and leaves string literals alone', () => {
    const sql = `CREATE VIEW v AS SELECT * FROM (SELECT a, sum(rag = 'red') AS red, sum(score) AS total, ifnull(x, 'LIKE date(''now'')') AS y
FROM t WHERE a LIKE 'c%' AND d < date('now') GROUP BY a) ORDER BY a, total DESC`;
    expect(viewToPostgres(sql)).toBe(
      `SELECT * FROM (SELECT a, (count(*) FILTER (WHERE rag = 'red')) AS red, sum(score) AS total, coalesce(x, 'LIKE date(''now'')') AS y
FROM t WHERE a ILIKE 'c%' AND d < ((now() AT TIME ZONE 'UTC')::date) GROUP BY a) AS _sub ORDER BY a NULLS FIRST, total DESC NULLS LAST`,
    );
  });

  it('keeps window orderings inside their parentheses', () => {
    expect(viewToPostgres('SELECT row_number() OVER (PARTITION BY k ORDER BY date DESC, id DESC) AS n FROM g')).toBe(
      'SELECT row_number() OVER (PARTITION BY k ORDER BY date DESC NULLS LAST, id DESC NULLS LAST) AS n FROM g',
    );
  });
});

describe('ofsted publish', () => {
  it('publishes every table and both views, row for row, without printing the password', async () => {
    const r = await publishCli(['--to', cluster.url, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Published to postgresql:\/\/ofsted_test@127\.0\.0\.1:\d+\/ofsted_test \(schema ofsted\), schema made: documents 6 added/);
    expect(r.stdout + r.stderr).not.toContain(cluster.password);
    const counts = await expectMirror('ofsted');
    for (const t of ['documents', 'judgements', 'paragraphs', 'recommendations', 'actions', 'recommendation_links', 'local_authorities', 'v_tracker', 'v_latest_judgements']) {
      expect(counts[t], t).toBeGreaterThan(0);
    }
    // Full-text search: PostgreSQL's own, on generated tsvector columns with GIN indexes.
    const hits = await client.query(`SELECT count(*)::int AS n FROM ofsted.recommendations WHERE search @@ plainto_tsquery('english', 'children')`);
    expect(hits.rows[0].n).toBeGreaterThan(0);
    const gin = await client.query(`SELECT indexname FROM pg_indexes WHERE schemaname = 'ofsted' AND indexdef LIKE '%USING gin%' ORDER BY indexname`);
    expect(gin.rows.map((x) => x.indexname)).toEqual(['actions_search', 'paragraphs_search', 'recommendations_search']);
  });

  it('does nothing, and says so, when nothing changed', async () => {
    const before = (await client.query(`SELECT value FROM ofsted.publish_state WHERE key = 'published_at'`)).rows[0].value;
    const r = await publishCli(['--to', cluster.url, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Nothing to publish: .* already matches the database \(6 documents\)/);
    expect((await client.query(`SELECT value FROM ofsted.publish_state WHERE key = 'published_at'`)).rows[0].value).toBe(before);
    await expectMirror('ofsted');
  });

  it('after a plan is re-imported with one action edited, one publish makes the edited version the only one', async () => {
    const lite = new Database(db, { readonly: true });
    const old = lite.prepare('SELECT a.description FROM actions a JOIN documents d ON d.id = a.document_id WHERE d.path = ? ORDER BY a.id LIMIT 1').get(plan) as {
      description: string;
    };
    lite.close();
    // The first few words of the action, as they stand in the Markdown.
    const words = old.description.split(/\s+/).slice(0, 4).join(' ');
    const text = readFileSync(plan, 'utf8');
    expect(text).toContain(words);
    writeFileSync(plan, text.replace(words, `EDITED ${words}`));
    const imp = await cli(['import', plan, '--db', db, '--jobs', '1', '--quiet']);
    expect(imp.code, imp.stderr).toBe(0);
    const r = await publishCli(['--to', cluster.url, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/documents 0 added, 1 replaced, 0 removed, 5 unchanged/);
    await expectMirror('ofsted');
    const edited = await client.query(`SELECT count(*)::int AS n FROM ofsted.actions WHERE description LIKE $1`, [`EDITED ${words}%`]);
    expect(edited.rows[0].n).toBe(1);
    const stale = await client.query(`SELECT count(*)::int AS n FROM ofsted.actions WHERE description = $1`, [old.description]);
    expect(stale.rows[0].n).toBe(0);
    const docs = await client.query(`SELECT count(*)::int AS n FROM ofsted.documents WHERE path = $1`, [plan]);
    expect(docs.rows[0].n).toBe(1);
  });

  it('remakes only the views when their SQL changed, and the whole schema when the table spec did', async () => {
    await client.query(`UPDATE ofsted.publish_state SET value = 'older views' WHERE key = 'views'`);
    const v = await publish({ db, to: cluster.url });
    expect(v).toMatchObject({ viewsRemade: true, schemaCreated: false, added: 0, replaced: 0, removed: 0, unchanged: 6, changed: true });
    await expectMirror('ofsted');
    await client.query(`UPDATE ofsted.publish_state SET value = 'an older spec' WHERE key = 'ddl'`);
    const s = await publish({ db, to: cluster.url });
    expect(s).toMatchObject({ schemaCreated: true, added: 6, replaced: 0, removed: 0, unchanged: 0 });
    await expectMirror('ofsted');
  });

  it('two publishes started together both finish, with equal counts', async () => {
    const [a, b] = await Promise.all([
      publishCli(['--to', cluster.url, '--db', db, '--schema', 'ofsted_two']),
      publishCli(['--to', cluster.url, '--db', db, '--schema', 'ofsted_two']),
    ]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // One did the work, the other waited for its lock and found nothing left to do.
    expect([a.stdout.slice(0, 9), b.stdout.slice(0, 9)].sort()).toEqual(['Nothing t', 'Published']);
    const one = await expectMirror('ofsted_two');
    expect(one).toEqual(await expectMirror('ofsted'));
  });

  it('a publish stopped half-way leaves whole documents, and the next one finishes the job', async () => {
    let n = 0;
    await expect(
      publish({
        db,
        to: cluster.url,
        schema: 'ofsted_three',
        onDocument: () => {
          if (++n === 2) throw new Error('stopped');
        },
      }),
    ).rejects.toThrow(/stopped/);
    // Two documents, each with all its rows.
    const lite = new Database(db, { readonly: true });
    const have = (await client.query('SELECT id::int AS id FROM ofsted_three.documents ORDER BY id')).rows as Array<{ id: number }>;
    expect(have.length).toBe(2);
    for (const { id } of have) {
      for (const t of ['judgements', 'paragraphs', 'recommendations', 'actions', 'warnings']) {
        const want = (lite.prepare(`SELECT count(*) AS n FROM ${t} WHERE document_id = ?`).get(id) as { n: number }).n;
        const got = (await client.query(`SELECT count(*)::int AS n FROM ofsted_three.${t} WHERE document_id = $1`, [id])).rows[0].n;
        expect(got, `${t} of document ${id}`).toBe(want);
      }
    }
    lite.close();
    const r = await publish({ db, to: cluster.url, schema: 'ofsted_three' });
    expect(r).toMatchObject({ added: 4, unchanged: 2, removed: 0, replaced: 0 });
    await expectMirror('ofsted_three');
  });

  it('a reader during a publish sees each document whole or not at all', async () => {
    const reader = await cluster.client();
    const children = ['judgements', 'paragraphs', 'recommendations', 'actions', 'warnings'];
    const lite = new Database(db, { readonly: true });
    const want = new Map(
      (lite.prepare('SELECT id FROM documents').all() as Array<{ id: number }>).map(({ id }) => [
        id,
        children.map((t) => (lite.prepare(`SELECT count(*) AS n FROM ${t} WHERE document_id = ?`).get(id) as { n: number }).n),
      ]),
    );
    lite.close();
    const sql = `SELECT d.id, ${children.map((t) => `(SELECT count(*) FROM ofsted_four.${t} x WHERE x.document_id = d.id)`).join(', ')} FROM ofsted_four.documents d`;
    const seen: Array<Promise<unknown[][]>> = [];
    const r = await publish({
      db,
      to: cluster.url,
      schema: 'ofsted_four',
      // While the next document is being written, a reader looks (one statement: one snapshot).
      onDocument: () => void seen.push(reader.query({ text: sql, rowMode: 'array' }).then((x) => x.rows)),
    });
    expect(r.added).toBe(6);
    const snapshots = await Promise.all(seen);
    await reader.end();
    expect(snapshots.length).toBe(6);
    for (const rows of snapshots) {
      for (const [id, ...counts] of rows) expect(counts, `document ${id}`).toEqual(want.get(id as number));
    }
  });

  it('a publish killed outright (SIGKILL) leaves whole documents, and the next one finishes the job', async () => {
    // Killed on its own word that its first document is on the server (its debug log line, written
    // after that document's transaction committed), not when a poll happens to see it.
    let published = 0;
    const killed = await cli(['publish', '--to', cluster.url, '--db', db, '--schema', 'ofsted_five'], {
      env: { OFSTED_LOG_LEVEL: 'debug' },
      onStderrLine: (line) => (line.includes('"published document"') && ++published === 1 ? 'SIGKILL' : undefined),
    });
    expect(published).toBeGreaterThanOrEqual(1);
    expect(killed.signal).toBe('SIGKILL'); // it was stopped before it could finish and exit
    const lite = new Database(db, { readonly: true });
    const have = (await client.query('SELECT id::int AS id FROM ofsted_five.documents')).rows as Array<{ id: number }>;
    expect(have.length).toBeGreaterThanOrEqual(1);
    expect(have.length).toBeGreaterThanOrEqual(published); // each document it said it published is there, whole (below)
    for (const { id } of have) {
      for (const t of ['judgements', 'paragraphs', 'recommendations', 'actions', 'warnings']) {
        const want = (lite.prepare(`SELECT count(*) AS n FROM ${t} WHERE document_id = ?`).get(id) as { n: number }).n;
        const got = (await client.query(`SELECT count(*)::int AS n FROM ofsted_five.${t} WHERE document_id = $1`, [id])).rows[0].n;
        expect(got, `${t} of document ${id}`).toBe(want);
      }
    }
    lite.close();
    const r = await publishCli(['--to', cluster.url, '--db', db, '--schema', 'ofsted_five']);
    expect(r.code, r.stderr).toBe(0);
    await expectMirror('ofsted_five');
  });

  it('a wrong database name: one line, non-zero exit, nothing written, no password', async () => {
    const r = await publishCli(['--to', cluster.urlFor('ofsted_nope'), '--db', db, '--schema', 'ofsted_nope']);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot connect to postgresql:\/\/ofsted_test@127\.0\.0\.1:\d+\/ofsted_nope: database "ofsted_nope" does not exist/);
    expect(r.stderr).not.toContain(cluster.password);
    const dbs = await client.query(`SELECT count(*)::int AS n FROM pg_database WHERE datname = 'ofsted_nope'`);
    expect(dbs.rows[0].n).toBe(0);
    const schemas = await client.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'ofsted_nope'`);
    expect(schemas.rows[0].n).toBe(0);
  });

  it('a wrong password or port: one line, non-zero exit, neither password printed', async () => {
    const wrong = 'Not-The-Password-42';
    const r = await publishCli(['--to', cluster.urlFor(cluster.database, wrong), '--db', db, '--schema', 'ofsted_pw']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/password authentication failed for user "ofsted_test"/);
    expect(r.stdout + r.stderr).not.toContain(wrong);
    expect(r.stdout + r.stderr).not.toContain(cluster.password);
    const schemas = await client.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = 'ofsted_pw'`);
    expect(schemas.rows[0].n).toBe(0);
    // The PG* environment variables instead of a URL: the password from PGPASSWORD, a closed port.
    const env = { ...process.env, OFSTED_LOG_LEVEL: 'warn', PGHOST: '127.0.0.1', PGPORT: '1', PGUSER: 'ofsted_test', PGPASSWORD: cluster.password, PGDATABASE: 'x' };
    const e = await run(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'publish', '--db', db], { env });
    expect(e.code).not.toBe(0);
    expect(e.stderr).toMatch(/^ofsted: cannot connect to postgresql:\/\/ofsted_test@127\.0\.0\.1:1\/x: connection refused/);
    expect(e.stdout + e.stderr).not.toContain(cluster.password);
  });

  it('passes TLS options through: sslmode in the URL, or PGSSLMODE (this test server has no TLS)', async () => {
    const r = await publishCli(['--to', `${cluster.url}?sslmode=require`, '--db', db, '--schema', 'ofsted_tls']);
    expect(r.code).not.toBe(0);
    // (Before it, pg 8's own warning that sslmode=require means verify-full for it.)
    expect(r.stderr).toMatch(/\nofsted: cannot connect to postgresql:\/\/ofsted_test@127\.0\.0\.1:\d+\/ofsted_test: The server does not support SSL connections\n$/);
    const env = { ...process.env, OFSTED_LOG_LEVEL: 'warn', PGSSLMODE: 'require' };
    const e = await run(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'publish', '--to', cluster.url, '--db', db, '--schema', 'ofsted_tls'], { env });
    expect(e.code).not.toBe(0);
    expect(e.stderr).toMatch(/does not support SSL/);
    expect(r.stderr + e.stderr).not.toContain(cluster.password);
  });

  it('refuses a schema name it would have to quote', async () => {
    const r = await publishCli(['--to', cluster.url, '--db', db, '--schema', 'x"; DROP TABLE y; --']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/schema name .* is not allowed/);
  });
});
