/**
 * Web app at scale: every page and API route of `ofsted serve` (src/web/server.ts) timed on
 * databases of N documents (default 1,000 and 5,000).
 *
 *   npm run bench:web -- [--sizes 1000,5000] [--repeat 15] [--concurrency 20] [--requests 600]
 *                        [--base out/bench/web-base.sqlite] [--docs docs/performance.md]
 *                        [--label before|after] [--dist <another build's dist/>] [--workers N]
 *
 * 1. The base database: the corpus imported once (../shared/corpus: reports, focused visits,
 *    area SEND, JTAI letters, and fixtures/plans), kept in out/bench/web-base.sqlite and reused.
 * 2. For each size N, a copy of it grown with SQL: every document and every row that hangs from
 *    it (each table's own id and its foreign keys shifted, read from PRAGMA foreign_key_list, so
 *    a table added by a later migration is cloned too) copied again and again until N. Each copy
 *    is a distinct document: a random sha256, the path with `#clone-k`, an authority of the
 *    register (code and name, a different one per copy and original authority) and its dates k
 *    years earlier, so per-authority pages and the overview grow as an archive does. FTS is filled
 *    by the triggers; the store's derived data is refreshed as after an import; ANALYZE.
 * 3. In process (app.request(), so routing, SQL and rendering, no socket): each route --repeat
 *    times over varying authorities, documents and search words, after one warm-up request;
 *    median and p95 per route, the median CPU time per request (process.cpuUsage) and the answer's size.
 * 4. Over loopback HTTP (startServer on 127.0.0.1, port 0, with --workers threads as `ofsted serve`
 *    has by default; a build without workers ignores it): --requests requests over the same
 *    routes, --concurrency at once; requests/s, median, p95, max and errors (any status >= 500,
 *    or a status other than the route's expected one).
 * --dist times another build (e.g. the commit before, `git archive` + tsc into a scratch directory)
 * on the same databases: the "before" figures. Its databases are its own copies (web-<label>-N).
 * Results: out/bench/web-<time>.json, out/bench/web-latest.json, and the table between the
 * web-bench markers of docs/performance.md.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { EXIT_FILES_FAILED } from '../../src/cli/options.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');
const CORPUS = resolve(ROOT, '..', 'shared', 'corpus');
let DIST_DIR = join(ROOT, 'dist');
const DIST = (p: string) => pathToFileURL(join(DIST_DIR, p)).href;

function args() {
  const a = process.argv.slice(2);
  const o = { sizes: [1000, 5000], repeat: 15, concurrency: 20, requests: 600, base: join(ROOT, 'out', 'bench', 'web-base.sqlite'), docs: join(ROOT, 'docs', 'performance.md'), label: 'after', dist: '', workers: Math.min(4, availableParallelism()) };
  for (let i = 0; i < a.length; i++) {
    const v = a[i + 1];
    switch (a[i]) {
      case '--sizes': o.sizes = v!.split(',').map(Number); i++; break;
      case '--repeat': o.repeat = Number(v); i++; break;
      case '--concurrency': o.concurrency = Number(v); i++; break;
      case '--requests': o.requests = Number(v); i++; break;
      case '--base': o.base = resolve(v!); i++; break;
      case '--docs': o.docs = v === 'none' ? '' : resolve(v!); i++; break;
      case '--label': o.label = v!; i++; break;
      case '--dist': o.dist = resolve(v!); i++; break;
      case '--workers': o.workers = Number(v); i++; break;
      default: throw new Error(`unknown option ${a[i]}`);
    }
  }
  return o;
}

const log = (s: string) => process.stderr.write(`${s}\n`);

/** The corpus imported once (reused when the file exists). */
function baseDatabase(path: string): void {
  if (existsSync(path)) return;
  mkdirSync(dirname(path), { recursive: true });
  const inputs = ['reports', 'focused-visits', 'area-send', 'jtai'].map((d) => join(CORPUS, d)).filter(existsSync);
  if (!inputs.length) throw new Error(`no corpus at ${CORPUS}`);
  log(`importing the corpus into ${path}`);
  const r = spawnSync(process.execPath, [CLI, 'import', ...inputs, 'fixtures/plans/*.{md,docx,pdf,xlsx}', '--db', path, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  // exit 2 (EXIT_FILES_FAILED) = some file failed (the corpus keeps an HTML page saved as .pdf); the rest is loaded
  if (r.status !== 0 && r.status !== EXIT_FILES_FAILED) throw new Error(`corpus import failed (${r.status})`);
}

interface TableInfo {
  name: string;
  cols: string[];
  /** column -> referenced table */
  fks: Map<string, string>;
  /** INTEGER PRIMARY KEY column, if any */
  rowid: string | null;
}

function tables(db: Database.Database): TableInfo[] {
  const names = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts%'").all() as Array<{ name: string }>).map((r) => r.name);
  return names.map((name) => {
    const info = db.prepare(`PRAGMA table_info(${name})`).all() as Array<{ name: string; type: string; pk: number }>;
    const fks = new Map((db.prepare(`PRAGMA foreign_key_list(${name})`).all() as Array<{ from: string; table: string }>).map((f) => [f.from, f.table]));
    const pk = info.filter((c) => c.pk > 0);
    const rowid = pk.length === 1 && /^INTEGER$/i.test(pk[0]!.type) ? pk[0]!.name : null;
    return { name, cols: info.map((c) => c.name), fks, rowid };
  });
}

/** Grow the database at `path` to `target` documents (see the header). */
function cloneTo(path: string, target: number): { documents: number; pages: number; seconds: number; sizeMb: number } {
  const t0 = performance.now();
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = OFF');
  const all = tables(db);
  const byName = new Map(all.map((t) => [t.name, t]));
  // only the tables that hang from documents (directly or through another); the register, themes etc. stay
  const hangs = (t: TableInfo, seen = new Set<string>()): boolean =>
    t.name === 'documents' || [...t.fks.values()].some((x) => !seen.has(x) && byName.has(x) && hangs(byName.get(x)!, new Set([...seen, t.name])));
  const cloned = all.filter((t) => hangs(t));
  const max = new Map(cloned.filter((t) => t.rowid).map((t) => [t.name, (db.prepare(`SELECT coalesce(max(${t.rowid}), 0) m FROM ${t.name}`).get() as { m: number }).m]));
  const base = (db.prepare('SELECT count(*) n FROM documents').get() as { n: number }).n;
  if (base === 0) throw new Error('nothing to clone');
  const codes = (db.prepare('SELECT code, name FROM local_authorities ORDER BY code').all() as Array<{ code: string; name: string }>);
  db.exec('CREATE TEMP TABLE reg (i INTEGER PRIMARY KEY, code TEXT, name TEXT)');
  const ins = db.prepare('INSERT INTO reg (i, code, name) VALUES (?, ?, ?)');
  codes.forEach((c, i) => ins.run(i, c.code, c.name));
  const dateCols = ['inspection_start', 'inspection_end', 'publication_date', 'previous_inspection_date', 'next_inspection_date', 'next_steps_due'];
  const rounds = Math.ceil(target / base) - 1;
  for (let k = 1; k <= rounds; k++) {
    const shift = (t: string) => k * max.get(t)!;
    db.transaction(() => {
      for (const t of cloned) {
        const exprs = t.cols.map((c) => {
          if (c === t.rowid) return `${c} + ${shift(t.name)}`;
          const ref = t.fks.get(c);
          if (ref && max.has(ref)) return `${c} + ${shift(ref)}`;
          if (t.name !== 'documents') return c;
          if (c === 'sha256') return 'lower(hex(randomblob(32)))';
          if (c === 'path') return `path || '#clone-${k}'`;
          // another authority of the register for each (copy, original authority)
          if (c === 'local_authority_code' || c === 'local_authority')
            return `CASE WHEN coalesce(local_authority_code, local_authority) IS NULL THEN ${c} ELSE (SELECT ${c === 'local_authority' ? 'name' : 'code'} FROM reg WHERE i = (abs(${k * 7919} + unicode(coalesce(local_authority_code, local_authority)) * 31 + length(coalesce(local_authority_code, local_authority)) * ${k}) % ${codes.length})) END`;
          if (dateCols.includes(c)) return `CASE WHEN ${c} IS NULL THEN NULL ELSE date(${c}, '-${k % 12} years') END`;
          return c;
        });
        const own = t.rowid ? `${t.rowid} <= ${max.get(t.name)}` : null;
        const firstFk = [...t.fks].find(([, ref]) => max.has(ref));
        const where = own ?? (firstFk ? `${firstFk[0]} <= ${max.get(firstFk[1])}` : '1');
        db.exec(`INSERT INTO ${t.name} (${t.cols.join(', ')}) SELECT ${exprs.join(', ')} FROM ${t.name} WHERE ${where}`);
      }
    })();
  }
  db.exec('ANALYZE');
  const r = db.prepare('SELECT count(*) n, sum(pages) p FROM documents').get() as { n: number; p: number };
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { documents: r.n, pages: r.p, seconds: +((performance.now() - t0) / 1000).toFixed(1), sizeMb: Math.round(statSync(path).size / 1048576) };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
};
const r1 = (x: number) => Math.round(x * 10) / 10;

interface Route {
  name: string;
  /** The i-th URL of this route (varying authority, document, words). */
  url: (i: number) => string;
  status?: number;
}

function routes(db: Database.Database): Route[] {
  const keys = (db.prepare(`SELECT coalesce(local_authority_code, local_authority) k, count(*) n FROM documents WHERE local_authority_code IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 40`).all() as Array<{ k: string }>).map((r) => r.k);
  const docIds = (db.prepare(`SELECT id FROM documents WHERE kind = 'inspection_report' ORDER BY (id * 2654435761) % 1000003 LIMIT 40`).all() as Array<{ id: number }>).map((r) => r.id);
  const plans = (db.prepare('SELECT plan_document_id id FROM plan_versions ORDER BY plan_document_id LIMIT 40').all() as Array<{ id: number }>).map((r) => r.id);
  const words = ['management oversight', 'care leavers', 'supervision', 'private fostering', 'quality of practice', 'child protection plans', 'education health and care plans', 'disabled children'];
  const at = <T>(xs: T[], i: number) => xs[i % xs.length]!;
  const out: Route[] = [
    { name: '/', url: () => '/' },
    { name: '/?region', url: () => '/?region=London' },
    { name: '/api/authorities', url: () => '/api/authorities' },
    { name: '/api/grade-distribution', url: () => '/api/grade-distribution' },
    { name: '/authority/:key', url: (i) => `/authority/${encodeURIComponent(at(keys, i))}` },
    { name: '/api/authorities/:key', url: (i) => `/api/authorities/${encodeURIComponent(at(keys, i))}` },
    { name: '/themes', url: () => '/themes' },
    { name: '/themes?la', url: (i) => `/themes?la=${encodeURIComponent(at(keys, i))}` },
    { name: '/api/themes', url: () => '/api/themes' },
    { name: '/api/themes/by-year', url: () => '/api/themes/by-year' },
    { name: '/api/themes/compare', url: (i) => `/api/themes/compare?la=${encodeURIComponent(at(keys, i))}` },
    { name: '/search', url: (i) => `/search?q=${encodeURIComponent(at(words, i))}` },
    { name: '/search (page 3, one kind)', url: (i) => `/search?q=${encodeURIComponent(at(words, i))}&kind=paragraph&page=3` },
    { name: '/api/search', url: (i) => `/api/search?q=${encodeURIComponent(at(words, i))}` },
    { name: '/api/search?la', url: (i) => `/api/search?q=${encodeURIComponent(at(words, i))}&la=${encodeURIComponent(at(keys, i))}` },
    { name: '/document/:id', url: (i) => `/document/${at(docIds, i)}` },
    { name: '/api/documents/:id', url: (i) => `/api/documents/${at(docIds, i)}` },
    { name: '/api', url: () => '/api' },
    { name: '/assets/style.css', url: () => '/assets/style.css' },
  ];
  if (plans.length) {
    out.push({ name: '/plan/:id/history', url: (i) => `/plan/${at(plans, i)}/history` });
    out.push({ name: '/api/plans/:id/history', url: (i) => `/api/plans/${at(plans, i)}/history` });
  }
  return out;
}

async function measure(path: string, o: ReturnType<typeof args>) {
  const { openForQuery } = await import(DIST('store/open.js'));
  const { createApp, startServer } = await import(DIST('web/server.js'));
  const meta = new Database(path, { readonly: true });
  const rs = routes(meta);
  meta.close();
  const asOf = '2026-06-01';
  // in process
  const db = openForQuery(path);
  const app = createApp(db, { asOf });
  const first: Record<string, number> = {};
  const perRoute: Array<{ route: string; firstMs: number; medianMs: number; p95Ms: number; maxMs: number; cpuMs: number; kb: number; status: number }> = [];
  for (const r of rs) {
    const t0 = performance.now();
    const res0 = await app.request(r.url(0));
    await res0.text();
    first[r.name] = performance.now() - t0;
    const times: number[] = [];
    // CPU time of the process per request (user + system: what other work on the machine skews least) and the answer's size
    const cpu: number[] = [];
    const bytes: number[] = [];
    let status = res0.status;
    for (let i = 1; i <= o.repeat; i++) {
      const t = performance.now();
      const c = process.cpuUsage();
      const res = await app.request(r.url(i));
      bytes.push(Buffer.byteLength(await res.text()));
      const used = process.cpuUsage(c);
      times.push(performance.now() - t);
      cpu.push((used.user + used.system) / 1000);
      if (res.status !== 200) status = res.status;
    }
    const kb = Math.round(bytes.reduce((a, b) => a + b, 0) / bytes.length / 1024);
    perRoute.push({ route: r.name, firstMs: r1(first[r.name]!), medianMs: r1(pct(times, 50)), p95Ms: r1(pct(times, 95)), maxMs: r1(Math.max(...times)), cpuMs: r1(pct(cpu, 50)), kb, status });
    log(`  ${r.name}: median ${r1(pct(times, 50))} ms, p95 ${r1(pct(times, 95))} ms (first ${r1(first[r.name]!)} ms, status ${status}), CPU ${r1(pct(cpu, 50))} ms, ${kb} KB`);
  }
  db.close();
  // loopback, concurrent
  const server = await startServer({ db: path, port: 0, host: '127.0.0.1', asOf, workers: o.workers });
  const times: number[] = [];
  const errors: string[] = [];
  let next = 0;
  const t0 = performance.now();
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= o.requests) return;
      const r = rs[i % rs.length]!;
      const url = `${server.url}${r.url(Math.floor(i / rs.length))}`;
      const t = performance.now();
      try {
        const res = await fetch(url);
        await res.arrayBuffer();
        if (res.status !== 200) errors.push(`${res.status} ${r.name}`);
      } catch (e) {
        errors.push(`${(e as Error).message} ${r.name}`);
      }
      times.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const wall = (performance.now() - t0) / 1000;
  await server.close();
  const concurrent = { requests: o.requests, concurrency: o.concurrency, seconds: r1(wall), perSecond: r1(o.requests / wall), medianMs: r1(pct(times, 50)), p95Ms: r1(pct(times, 95)), maxMs: r1(Math.max(...times)), errors: errors.length, errorSamples: [...new Set(errors)].slice(0, 5) };
  log(`  concurrent: ${JSON.stringify(concurrent)}`);
  return { perRoute, concurrent };
}

function markdown(workers: number, results: Array<{ size: number; clone: ReturnType<typeof cloneTo>; perRoute: Awaited<ReturnType<typeof measure>>['perRoute']; concurrent: Awaited<ReturnType<typeof measure>>['concurrent'] }>, label: string, commit: string, startLoad: number): string {
  const lines: string[] = [];
  lines.push(`Run "${label}" at ${commit}, ${new Date().toISOString().slice(0, 16)}Z, ${cpus().length} cores, load average ${startLoad.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end.`);
  lines.push('');
  lines.push(`| route | ${results.map((r) => `${r.clone.documents} docs median / p95 ms (first) · CPU ms · KB`).join(' | ')} |`);
  lines.push(`| --- | ${results.map(() => '---:').join(' | ')} |`);
  for (const route of results[0]!.perRoute.map((r) => r.route)) {
    lines.push(`| \`${route}\` | ${results.map((x) => {
      const r = x.perRoute.find((y) => y.route === route)!;
      return `${r.medianMs} / ${r.p95Ms} (${r.firstMs}) · ${r.cpuMs} · ${r.kb}${r.status !== 200 ? ` status ${r.status}` : ''}`;
    }).join(' | ')} |`);
  }
  lines.push(`| **${results[0]!.concurrent.requests} requests, ${results[0]!.concurrent.concurrency} at once (loopback, ${workers} worker threads)**: req/s, median / p95 / max ms, errors | ${results.map((x) => `${x.concurrent.perSecond} req/s, ${x.concurrent.medianMs} / ${x.concurrent.p95Ms} / ${x.concurrent.maxMs}, ${x.concurrent.errors} errors`).join(' | ')} |`);
  lines.push('');
  lines.push(`Databases: ${results.map((x) => `${x.clone.documents} documents, ${x.clone.pages} pages, ${x.clone.sizeMb} MB (cloned in ${x.clone.seconds} s)`).join('; ')}.`);
  return lines.join('\n');
}

async function main() {
  const o = args();
  const startLoad = loadavg()[0]!;
  if (o.dist) DIST_DIR = o.dist;
  baseDatabase(o.base);
  const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).stdout.trim();
  const results = [];
  for (const size of o.sizes) {
    const path = join(dirname(o.base), `web-${o.label}-${size}.sqlite`);
    for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
    copyFileSync(o.base, path);
    log(`cloning to ${size} documents`);
    const clone = cloneTo(path, size);
    log(`  ${JSON.stringify(clone)}`);
    results.push({ size, clone, ...(await measure(path, o)) });
  }
  const out = { label: o.label, commit, at: new Date().toISOString(), results };
  const dir = join(ROOT, 'out', 'bench');
  mkdirSync(dir, { recursive: true });
  const json = JSON.stringify(out, null, 2);
  writeFileSync(join(dir, `web-${out.at.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(join(dir, 'web-latest.json'), json);
  // a --dist build without worker threads ignores --workers (the old build of the first round had none)
  const md = markdown(o.workers, results, o.label, commit, startLoad);
  process.stdout.write(md + '\n');
  if (o.docs && existsSync(o.docs)) {
    const doc = readFileSync(o.docs, 'utf8');
    const begin = `<!-- web-bench:${o.label}:begin -->`;
    const end = `<!-- web-bench:${o.label}:end -->`;
    const a = doc.indexOf(begin);
    const b = doc.indexOf(end);
    if (a >= 0 && b > a) writeFileSync(o.docs, doc.slice(0, a + begin.length) + '\n' + md + '\n' + doc.slice(b));
  }
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack}\n`);
  process.exit(1);
});
