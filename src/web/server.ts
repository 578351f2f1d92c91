/**
 * `ofsted serve`: a read-only web app over the database (Hono on Node's http server); with
 * `--edit`, corrections may be made behind a sign-in (src/web/corrections.ts), through a writable
 * connection used for them only.
 *
 * - Binds 127.0.0.1 unless told otherwise; the database is opened read-only (and
 *   `query_only`); the routes read with fixed SQL (no SQL from the browser), and the only
 *   POST routes are the corrections' and the sign-in's, refused (401) without `--edit` and a sign-in;
 *   every list is paged or capped and every statement has a time limit (src/query/access.ts).
 * - Pages are rendered on the server from escaped templates (src/web/pages.ts); each page
 *   has its JSON twin under /api/.
 * - Files: only the allowlisted assets in memory; a document is shown from the database,
 *   never read from the path it was imported from.
 */
import { isRealDate } from '../model/dates.js';
import { serve } from '@hono/node-server';
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { DB } from '../db/types.js';
import { openForQuery } from '../store/open.js';
import { DataAccess, FRAMEWORKS, GRADES, MAX_PAGE, QueryTimeout, SEARCH_KINDS, type SearchKind } from '../query/access.js';
import { today as todayUtc } from '../query/rules.js';
import { AuthorityError, type AuthoritySelection } from '../query/authority.js';
import { log } from '../util/log.js';
import { asset } from './assets.js';
import { hasThemeTables, themeComparison, themeCounts, themesByYear } from '../query/themes.js';
import { themesPage } from './themes-page.js';
import { reviewPage } from './review-page.js';
import { reviewQueue } from '../query/review.js';
import { KINDS } from '../model/document.js';
import { correctionMarks, itemMarks, plansLinkedBy, trackerCorrections, trackerDocuments, type TrackerIds } from '../query/corrections.js';
import { openDatabase } from '../store/open.js';
import { correctedMark, documentCorrections, mountCorrections, type EditOptions } from './corrections.js';
import { authorityPage, documentPage, errorPage, notFoundPage, overviewPage, planHistoryPage, searchPage } from './pages.js';

export interface ServeOptions {
  /** Database file (opened read-only). */
  db: string;
  port?: number;
  host?: string;
  /** Time limit per SQL statement, ms (default 2000). */
  queryTimeMs?: number;
  /** Date for "overdue" (default: today). */
  asOf?: string;
  /** Corrections on (`serve --edit`): a writable connection for them only, behind a sign-in with this token (src/web/corrections.ts). */
  edit?: { token: string };
  /**
   * Worker threads that answer the requests (src/web/app-worker.ts), each with its own read-only
   * connection, so a slow query never holds the others up; 0 (default): this thread answers them.
   * With `edit`, this thread answers (its writable connection for corrections is one, in this thread).
   */
  workers?: number;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  /** The read-only connection the app uses. */
  db: DB;
  close(): Promise<void>;
}

const HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};

const bad = (message: string) => new HTTPException(400, { message });

/** Query parameters, checked: unknown values are refused (400), never passed through. */
function filters(c: Context) {
  const q = (name: string, max = 200) => {
    const v = c.req.query(name)?.trim();
    if (v === undefined || v === '') return undefined;
    if (v.length > max) throw bad(`${name} is too long`);
    return v;
  };
  const framework = q('framework');
  if (framework && !(FRAMEWORKS as readonly string[]).includes(framework)) throw bad(`unknown framework '${framework}'`);
  const yearText = q('year');
  if (yearText && !/^\d{4}$/.test(yearText)) throw bad('year must be four digits');
  const kind = q('kind');
  if (kind && !(SEARCH_KINDS as readonly string[]).includes(kind)) throw bad(`unknown kind '${kind}'`);
  const asOf = q('as_of');
  if (asOf && !isRealDate(asOf)) throw bad('as_of must be a date YYYY-MM-DD');
  const pageText = q('page');
  if (pageText && !/^\d{1,3}$/.test(pageText)) throw bad('page must be a number');
  const page = pageText ? Number(pageText) : 1;
  if (page < 1 || page > MAX_PAGE) throw bad(`page must be between 1 and ${MAX_PAGE}`);
  return {
    q: q('q') ?? '',
    la: q('la'),
    region: q('region'),
    framework,
    year: yearText ? Number(yearText) : undefined,
    kind: kind as SearchKind | undefined,
    page,
    asOf,
  };
}

/** The link to another page of the list this request shows: the same path and filters, another `page`. */
const pagesOf = (c: Context) => (page: number): string => {
  const u = new URL(c.req.url);
  u.searchParams.set('page', String(page));
  return `${u.pathname}${u.search}`;
};

/** What the route groups of the app share: the app, the database and its query layer, the date for "overdue", the authority selector. */
interface Mount {
  app: Hono;
  db: DB;
  data: DataAccess;
  today: () => string;
  /** The authority a user names (src/query/authority.ts); one naming several is a 400, one naming none `unknown`. */
  select: (text: string, unknown: 400 | 404) => AuthoritySelection;
  /** Who is signed in for corrections on this request (src/web/corrections.ts). */
  editorOf: ReturnType<typeof mountCorrections>;
}

/** The Hono app over an open read-only database: the security headers first, then each area's routes, then the not-found and error answers. */
export function createApp(db: DB, opts: { queryTimeMs?: number; asOf?: string; edit?: EditOptions } = {}): Hono {
  const data = new DataAccess(db, { timeMs: opts.queryTimeMs });
  const today = () => opts.asOf ?? todayUtc();
  const app = new Hono();
  const select = (text: string, unknown: 400 | 404) => {
    try {
      return data.select(text);
    } catch (e) {
      if (e instanceof AuthorityError) throw new HTTPException(e.ambiguous ? 400 : unknown, { message: e.reason });
      throw e;
    }
  };

  mountHeaders(app);
  mountAssets(app);
  // Corrections: the lists and the log; with --edit, the sign-in and the writes (src/web/corrections.ts).
  const editorOf = mountCorrections(app, data.reader, opts.edit);
  const m: Mount = { app, db, data, today, select, editorOf };
  for (const mount of [mountOverview, mountAuthority, mountThemes, mountReview, mountSearch, mountDocument, mountPlanHistory, mountApiIndex]) mount(m);
  mountErrors(app);
  return app;
}

/** The security headers (HEADERS) on every answer. */
function mountHeaders(app: Hono): void {
  app.use('*', async (c, next) => {
    await next();
    for (const [k, v] of Object.entries(HEADERS)) c.header(k, v);
  });
}

/** The allowlisted assets (src/web/assets.ts), from memory. */
function mountAssets(app: Hono): void {
  app.get('/assets/:name', (c) => {
    const a = asset(c.req.param('name'));
    if (!a) return c.notFound();
    c.header('Content-Type', a.type);
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(typeof a.body === 'string' ? a.body : new Uint8Array(a.body));
  });
}

/** The overview of every authority and the grade distribution. */
function mountOverview({ app, data }: Mount): void {
  const overview = (c: Context) => {
    const f = filters(c);
    return { filters: { region: f.region, framework: f.framework, year: f.year }, regions: data.regions(), years: data.years(), rows: data.latest({ region: f.region, framework: f.framework, year: f.year }) };
  };
  app.get('/', (c) => c.html(overviewPage(overview(c))));
  app.get('/api/authorities', (c) => c.json(overview(c)));
  app.get('/api/grade-distribution', (c) => c.json({ grades: GRADES, rows: data.gradeDistribution() }));
}

/** One authority's page: documents, grades, recommendations, deadlines, plans, tracker, neighbours. */
function mountAuthority({ app, db, data, today, select }: Mount): void {
  // Each tracker row with what of it a person corrected (src/query/corrections.ts), null where nothing.
  const withCorrections = (rows: Array<Record<string, unknown>>) => {
    const marks = correctionMarks(data.reader, trackerDocuments(rows as unknown as TrackerIds[]));
    return rows.map((r) => ({ ...r, corrected: trackerCorrections(marks, r as unknown as TrackerIds) }));
  };
  const authority = (c: Context) => {
    const sel = select(c.req.param('key')!, 404);
    const f = filters(c);
    const v = data.authoritySummary(sel, f.asOf ?? today(), f.page);
    return { ...v, tracker: withCorrections(v.tracker) };
  };
  app.get('/authority/:key', (c) => c.html(authorityPage({ ...authority(c), pageHref: pagesOf(c) })));
  app.get('/api/authorities/:key', (c) => c.json(authority(c)));
}

/** Themes: national counts, by year, and an authority against its neighbours. */
function mountThemes({ app, db, data }: Mount): void {
  // Themes (src/query/themes.ts); a database from before schema 3 has no themes to show.
  const hasThemes = hasThemeTables(db);
  const compare = (la: string | undefined) => {
    if (!la || !hasThemes) return { comparison: null };
    if (la.length > 200) throw bad('la is too long');
    try {
      return { comparison: themeComparison(data.reader, la) };
    } catch (e) {
      if (!(e instanceof AuthorityError)) throw e;
      return { comparison: null, problem: e.reason };
    }
  };
  // National counts: computed once per change of the database (DataAccess.memo).
  const national = () => (hasThemes ? data.memo('themeCounts', () => themeCounts(data.reader)) : []);
  const byYear = () => (hasThemes ? data.memo('themesByYear', () => themesByYear(data.reader)) : { years: [], themes: [] });
  app.get('/themes', (c) => {
    const la = c.req.query('la')?.trim() || undefined;
    const authorities = data.latest().map((r): [string, string] => [r.key, r.name]);
    return c.html(themesPage({ national: national(), authorities, la, ...compare(la) }));
  });
  app.get('/api/themes', (c) => c.json({ rows: national() }));
  app.get('/api/themes/by-year', (c) => c.json(byYear()));
  app.get('/api/themes/compare', (c) => {
    const r = compare(c.req.query('la')?.trim() || undefined);
    if (!r.comparison) throw bad('problem' in r && r.problem ? r.problem : 'la (an authority) is required');
    return c.json(r.comparison);
  });
}

/** The review queue. */
function mountReview({ app, data, select }: Mount): void {
  // The review queue (src/query/review.ts): documents with warnings, worst first.
  const review = (c: Context) => {
    const q = (name: string) => c.req.query(name)?.trim() || undefined;
    const [laText, kindText, pageText] = [q('la'), q('kind'), q('page')];
    if (laText && laText.length > 200) throw bad('la is too long');
    // A document's kind here (inspection report, action plan, ...), not search's kind of hit.
    if (kindText && !(KINDS as readonly string[]).includes(kindText)) throw bad(`unknown kind '${kindText}'`);
    if (pageText && (!/^\d{1,3}$/.test(pageText) || Number(pageText) < 1 || Number(pageText) > MAX_PAGE)) throw bad(`page must be between 1 and ${MAX_PAGE}`);
    const kind = kindText as (typeof KINDS)[number] | undefined;
    const la = laText ? select(laText, 400) : undefined;
    return { ...reviewQueue(data.reader, { la, kind, page: pageText ? Number(pageText) : 1 }), filters: { la: laText, kind } };
  };
  app.get('/review', (c) => {
    const v = review(c);
    const authorities = data.latest().map((r): [string, string] => [r.key, r.name]);
    const pageHref = pagesOf(c);
    return c.html(reviewPage({ ...v, authorities, pageHref }));
  });
  app.get('/api/review', (c) => c.json(review(c)));
}

/** Full-text search. */
function mountSearch({ app, data }: Mount): void {
  const search = (c: Context) => {
    const f = filters(c);
    return { q: f.q, filters: { la: f.la, region: f.region, framework: f.framework, year: f.year, kind: f.kind }, result: f.q ? data.search(f) : null };
  };
  app.get('/search', (c) => {
    const s = search(c);
    const authorities = data.latest().map((r): [string, string] => [r.key, r.name]);
    const pageHref = pagesOf(c);
    return c.html(searchPage({ ...s, authorities, regions: data.regions(), years: data.years(), pageHref }));
  });
  app.get('/api/search', (c) => {
    const s = search(c);
    if (!s.q) throw bad('q (the search text) is required');
    return c.json(s);
  });
}

/** One document, with its corrections. */
function mountDocument({ app, db, data, editorOf }: Mount): void {
  const document = (c: Context) => {
    const idText = c.req.param('id')!;
    if (!/^\d{1,12}$/.test(idText)) throw new HTTPException(404, { message: 'no such document' });
    const id = Number(idText);
    const doc = data.document(id);
    if (!doc) throw new HTTPException(404, { message: `no document ${id} in the database` });
    const { json, ...row } = doc;
    const corrections = data.correctionsOf(id);
    return { doc: row, extraction: json, recommendations: data.recommendationsOf(id), planVersion: data.planVersionOf(id), ...data.documentParts(id), corrections };
  };
  app.get('/document/:id', (c) => {
    const { extraction: _, corrections, ...v } = document(c);
    // Its own corrections, and (a report) the plans' links people moved to or away from its items.
    const m = correctionMarks(data.reader, [v.doc.id, ...plansLinkedBy(data.reader, v.doc.id)]);
    const marks = { document: correctedMark(m.document(v.doc.id)), item: (rowId: number) => correctedMark(itemMarks(m, rowId)), action: (rowId: number) => correctedMark(m.row('action', rowId)) };
    const editor = editorOf(c);
    const linkTargets = editor.session && v.doc.kind === 'action_plan' ? data.linkTargets(v.doc.id) : [];
    const section = documentCorrections({ doc: v.doc, recommendations: v.recommendations, actions: v.actions, corrections, editor, path: new URL(c.req.url).pathname, linkTargets });
    return c.html(documentPage({ ...v, marks, corrections: section }));
  });
  app.get('/api/documents/:id', (c) => {
    const { extraction, ...v } = document(c);
    return c.json({ ...v, extraction: JSON.parse(extraction) });
  });
}

/** A plan's versions. */
function mountPlanHistory({ app, data }: Mount): void {
  // A plan's versions and what changed between them (src/query/plan-versions.ts).
  const history = (c: Context) => {
    const idText = c.req.param('id')!;
    if (!/^\d{1,12}$/.test(idText)) throw new HTTPException(404, { message: 'no such plan' });
    const h = data.planHistory(Number(idText));
    if (!h) throw new HTTPException(404, { message: `document ${idText} is not a plan with versions` });
    return h;
  };
  app.get('/plan/:id/history', (c) => c.html(planHistoryPage(history(c))));
  app.get('/api/plans/:id/history', (c) => c.json(history(c)));
}

/** The list of API endpoints. */
function mountApiIndex({ app }: Mount): void {
  app.get('/api', (c) =>
    c.json({
      endpoints: {
        '/api/authorities?region&framework&year': 'every authority with its latest and previous grades',
        '/api/grade-distribution': 'overall effectiveness grades counted by year',
        '/api/authorities/{key}?as_of': 'one authority: documents, grades, recommendations with cited paragraphs, plans, tracker (overdue as of as_of, default today), neighbours',
        '/api/search?q&kind&la&region&framework&year&page': `full-text search, ${MAX_PAGE} pages at most`,
        '/api/documents/{id}': "one document's extraction, rows and warnings",
        '/api/plans/{id}/history': 'the versions of the plan a document is one of, and per action what changed in RAG, state, progress and due date between each version and the next',
        '/api/themes': 'items per theme, all inspection documents',
        '/api/themes/by-year': 'items per theme and year',
        '/api/themes/compare?la': "an authority's themes against its statistical neighbours' (shares of items)",
        '/api/corrections?orphaned&page': 'the corrections made to stored documents (state applied, orphaned or pending), the extractor\'s value beside each, 100 a page (total, page, pageSize, more); POST (serve --edit, signed in or Authorization: Bearer <token>, Content-Type: application/json) { document, target, field, value } makes one',
        '/api/corrections/log?page': 'the audit log of corrections: who, when, how, old and new value; 100 a page (total, page, pageSize, more)',
        '/api/review?la&kind&page': 'the review queue: documents with warnings or an estimated publication date, worst first, each issue in plain words with its place in the document',
      },
    }),
  );
}

/** Not found and errors: JSON under /api, a page elsewhere. */
function mountErrors(app: Hono): void {
  const isApi = (c: Context) => new URL(c.req.url).pathname.startsWith('/api');
  app.notFound((c) => (isApi(c) ? c.json({ error: 'not found' }, 404) : c.html(notFoundPage('There is no page at this address.'), 404)));
  app.onError((e, c) => {
    let status: 400 | 404 | 500 | 503 = 500;
    let message = 'internal error';
    if (e instanceof HTTPException) {
      status = e.status as 400 | 404;
      message = e.message;
    } else if (e instanceof AuthorityError) {
      status = 400; // an authority filter naming none or several (src/query/authority.ts)
      message = e.reason;
    } else if (e instanceof QueryTimeout) {
      status = 503;
      message = e.message;
    } else log.error({ err: e.message, url: c.req.url }, 'request failed');
    if (isApi(c)) return c.json({ error: message }, status);
    return c.html(status === 404 ? notFoundPage(message) : errorPage(status, message), status);
  });
}

/** Open the database for reading (openForQuery: an old file is upgraded first) and serve the app; resolves once listening. */
export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const db = openForQuery(o.db);
  // With --edit only: a writable connection, for corrections and nothing else; the requests are then
  // answered in this thread (the workers' connections are read-only).
  let writer: DB | undefined;
  try {
    writer = o.edit ? openDatabase(o.db) : undefined;
  } catch (e) {
    db.close();
    throw e;
  }
  const pool = o.workers && !o.edit ? appPool(o) : null;
  const fetch = pool ? pool.fetch : createApp(db, { queryTimeMs: o.queryTimeMs, asOf: o.asOf, edit: writer && o.edit ? { db: writer, token: o.edit.token } : undefined }).fetch;
  const host = o.host ?? '127.0.0.1';
  const release = async () => {
    db.close();
    writer?.close();
    await pool?.close();
  };
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: o.port ?? 8080, hostname: host }, (info: AddressInfo) => {
      const shown = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${shown}:${info.port}`,
        host: info.address,
        port: info.port,
        db,
        close: () =>
          new Promise<void>((res) => {
            server.close(() => void release().then(res));
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          }),
      });
    });
    server.once('error', (e) => {
      void release().then(() => reject(e));
    });
  });
}

/** A request as a worker of the pool gets it, and its response (src/web/app-worker.ts). */
export interface AppRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
}
export interface AppResponse {
  status: number;
  headers: Array<[string, string]>;
  body: Uint8Array;
}

/** The worker module: dist/web/app-worker.js (or .ts when run from source with tsx). */
function appWorkerFile(): string {
  const js = new URL('./app-worker.js', import.meta.url);
  return existsSync(fileURLToPath(js)) ? js.href : new URL('./app-worker.ts', import.meta.url).href;
}

/** A pool of `o.workers` threads running the app (app-worker.ts), and a fetch handler that hands each request to one. */
function appPool(o: ServeOptions): { fetch: (req: Request) => Promise<Response>; close: () => Promise<void> } {
  const pool = new Piscina({
    filename: appWorkerFile(),
    minThreads: o.workers,
    maxThreads: o.workers,
    // a worker answers one request at a time: the SQL is synchronous
    concurrentTasksPerWorker: 1,
    workerData: { db: o.db, queryTimeMs: o.queryTimeMs, asOf: o.asOf },
  });
  return {
    async fetch(req: Request) {
      const r: AppResponse = await pool.run({ method: req.method, url: req.url, headers: [...req.headers.entries()] } satisfies AppRequest);
      return new Response(req.method === 'HEAD' || r.status === 204 || r.status === 304 ? null : r.body, { status: r.status, headers: r.headers });
    },
    close: () => pool.destroy(),
  };
}
