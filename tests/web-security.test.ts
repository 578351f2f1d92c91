import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadOnly } from '../src/db/database';
import { DataAccess, MAX_PAGE, PAGE_SIZE, QueryTimeout } from '../src/query/access';
import { createApp, startServer, type RunningServer } from '../src/web/server';
import { buildWebDb, serveCli } from './web-helpers';

const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

describe('ofsted serve: security', () => {
  let dbPath: string;
  let server: RunningServer;
  let before: string;

  beforeAll(async () => {
    dbPath = await buildWebDb();
    const w = new Database(dbPath);
    w.pragma('wal_checkpoint(TRUNCATE)');
    w.close();
    before = sha(dbPath);
    server = await startServer({ db: dbPath, port: 0 });
  }, 300_000);

  afterAll(async () => {
    await server?.close();
  });

  const get = (path: string, init?: RequestInit) => fetch(server.url + path, init);

  it('binds 127.0.0.1 unless told otherwise', () => {
    expect(server.host).toBe('127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('opens the database read-only: the handle refuses writes and the file is unchanged after use', async () => {
    expect(server.db.readonly).toBe(true);
    expect(() => server.db.exec('DELETE FROM documents')).toThrow(/readonly|query_only/i);
    for (const p of ['/', '/authority/Brent', '/search?q=children', '/api/documents/1']) expect((await get(p)).status).toBe(200);
    expect(sha(dbPath)).toBe(before);
  });

  it('unknown routes, methods and ids are 404 (HTML pages and JSON under /api/)', async () => {
    for (const p of ['/nope', '/authority/NoSuchCouncil', '/document/999999', '/document/abc', '/document/1.5', '/api/nope', '/api/documents/999999', '/assets/nope.js']) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      if (p.startsWith('/api/')) expect(await r.json()).toHaveProperty('error');
    }
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) expect((await get('/', { method })).status, method).toBe(404);
  });

  it('serves no file from disk that is not in the database: only its own in-memory assets', async () => {
    const tries = [
      '/document/..%2f..%2fpackage.json',
      '/document/%2e%2e/%2e%2e/etc/passwd',
      '/document/1/../../../package.json',
      '/assets/..%2fpackage.json',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/chart.umd.min.js',
      '/package.json',
      '/fixtures/plans/hostile-text-action-plan.md',
      `/document/${encodeURIComponent(dbPath)}`,
    ];
    for (const p of tries) {
      const r = await get(p);
      const body = await r.text();
      expect(body, p).not.toContain('"name": "ofsted-ingest"');
      expect(body, p).not.toContain('root:x:0');
      expect(r.status === 404 || (r.status === 200 && body.includes('Ofsted workbench')), `${p} -> ${r.status}`).toBe(true);
    }
    expect((await get('/assets/chart.js')).headers.get('content-type')).toMatch(/javascript/);
  });

  it('takes no SQL from the browser: search text is words, never FTS or SQL syntax', async () => {
    const countDocs = () => {
      const c = openReadOnly(dbPath);
      try {
        return (c.prepare('SELECT count(*) n FROM documents').get() as { n: number }).n;
      } finally {
        c.close();
      }
    };
    const docsBefore = countDocs();
    expect(docsBefore).toBeGreaterThanOrEqual(1);
    for (const q of ["' OR 1=1; DROP TABLE documents; --", 'children NEAR(', '"unbalanced', 'a* OR b:', 'x UNION SELECT sqlite_version()']) {
      const r = await get(`/api/search?${new URLSearchParams({ q })}`);
      expect(r.status, q).toBe(200);
      const body = (await r.json()) as { result: { hits: unknown[] } };
      expect(Array.isArray(body.result.hits)).toBe(true);
    }
    expect((await get('/api/sql?q=select%201')).status).toBe(404);
    expect((await get('/api/search?q=x&framework=sif%27--')).status).toBe(400);
    expect((await get('/api/search?q=x&kind=users')).status).toBe(400);
    expect(countDocs()).toBe(docsBefore); // nothing dropped or deleted
  });

  it('bounds every query: pages of 20, at most 50 pages, long text refused', async () => {
    const r = (await (await get('/api/search?q=the')).json()) as { result: { hits: unknown[]; total: number; pageSize: number } };
    expect(r.result.hits.length).toBe(PAGE_SIZE);
    expect(r.result.total).toBeLessThanOrEqual(PAGE_SIZE * MAX_PAGE);
    expect((await get(`/api/search?q=the&page=${MAX_PAGE + 1}`)).status).toBe(400);
    expect((await get(`/api/search?q=${'a'.repeat(201)}`)).status).toBe(400);
  });

  it('with worker threads (serve --workers 2) every route answers as the main thread does, limits and refusals included', async () => {
    const served = await serveCli(dbPath, ['--workers', '2']);
    try {
      const paths = ['/api/authorities', '/api/grade-distribution', '/api/themes/by-year', '/api/search?q=children', '/api/search?q=children&page=2', '/api/documents/1', '/api/nothing', `/api/search?q=${'a'.repeat(201)}`, '/api/search?q=children&page=51'];
      for (const p of paths) {
        const [a, b] = await Promise.all([fetch(served.url + p), get(p)]);
        expect({ p, status: a.status }).toEqual({ p, status: b.status });
        expect(await a.json()).toEqual(await b.json());
        expect(a.headers.get('content-security-policy')).toBe(b.headers.get('content-security-policy'));
      }
      const page = await fetch(`${served.url}/search?q=children`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<mark>');
      expect((await fetch(`${served.url}/`, { method: 'POST' })).status).toBe(404);
    } finally {
      await served.stop();
    }
    expect(sha(dbPath)).toBe(before);
  }, 60_000);

  it('stops a statement past its time limit (503), through the SQL budget() guard', async () => {
    const db = openReadOnly(dbPath);
    try {
      const app = createApp(db, { queryTimeMs: 0 });
      const r = await app.request('/api/search?q=children');
      expect(r.status).toBe(503);
      expect(((await r.json()) as { error: string }).error).toMatch(/time limit/);
      // The guard is in the statement itself: a scan that runs long is stopped mid-way.
      const data = new DataAccess(db, { timeMs: 0 });
      expect(() => data.latest()).toThrow(QueryTimeout);
      // With time to spare, the same statement answers in full: one row per authority of the register,
      // and one per authority a document names that the register does not hold.
      const authorities = (db.prepare('SELECT (SELECT count(*) FROM local_authorities) + (SELECT count(DISTINCT local_authority) FROM documents WHERE local_authority_code IS NULL AND local_authority IS NOT NULL) AS n').get() as { n: number }).n;
      expect(authorities).toBeGreaterThan(150);
      expect(new DataAccess(db, { timeMs: 5000 }).latest().length).toBe(authorities);
    } finally {
      db.close();
    }
  });

  it('sends a Content-Security-Policy that allows no inline script and nothing from other origins', async () => {
    const csp = (await get('/')).headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|https?:/);
  });
});
