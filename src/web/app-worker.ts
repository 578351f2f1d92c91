/**
 * Worker-thread entry for `ofsted serve --workers N` (piscina): the whole web app (createApp) over
 * its own read-only connection, one request in, one response out. The main thread only accepts
 * connections and hands each request here, so one request's SQL never blocks the others' (each
 * statement keeps its time limit and row cap: the app is the same). Opened with openForQuery,
 * like the main thread's connection (which has already upgraded an older file).
 */
import { workerData } from 'node:worker_threads';
import { openForQuery } from '../store/open.js';
import { createApp, type AppRequest, type AppResponse } from './server.js';

const o = workerData as { db: string; queryTimeMs?: number; asOf?: string };
const app = createApp(openForQuery(o.db), { queryTimeMs: o.queryTimeMs, asOf: o.asOf });
// The whole-archive answers (kept until the database changes: DataAccess.memo) computed before the
// first request, so the first visitors to each worker do not wait for them.
for (const path of ['/api/authorities', '/api/grade-distribution', '/api/themes', '/api/themes/by-year']) await (await app.request(path)).arrayBuffer();

export default async function handle(r: AppRequest): Promise<AppResponse> {
  const res = await app.request(r.url, { method: r.method, headers: r.headers });
  const body = new Uint8Array(await res.arrayBuffer());
  return { status: res.status, headers: [...res.headers.entries()], body };
}
