/**
 * Benchmark: npm run bench -- <dir> [--slice N [--seed S]] [--files list.txt] [--repeat R] [--jobs N]
 *                               [--no-scale] [--no-query] [--profile] [--docs docs/performance.md]
 *                               [--baseline <checkout>] [--publish <postgresql-url>]
 *
 * The PDFs are those under <dir>, or the paths listed in --files (one a line); --slice N
 * takes N of them chosen by a seeded shuffle (--seed, default 1: same seed, same slice).
 * The timed phases (pdftotext, --jobs 1, --jobs N) run --repeat times (default 3),
 * interleaved, and the median of each is reported, with CPU time (user + system, which
 * other work on the machine skews far less than wall time) and the load average before
 * and after. Per file (from the imports' NDJSON progress events): pages/s and where its
 * time went (read, parse, extract, validate, load; worker CPU and GC).
 *
 * On the same PDFs, one run measures wall time, pages/s and peak RSS of:
 *   1. pdftotext (poppler), sequential, one process per file: the practical limit;
 *   2. pdfjs-dist getTextContent over every page, sequential (scripts/bench/pdfjs-text.mjs);
 *   3. our full `ofsted import` (read, extract, validate, load into a fresh database)
 *      with --jobs 1 and with --jobs N;
 * each as a ratio to (1). With --baseline <checkout> (another build of this project, e.g. a
 * `git worktree` of an older commit with `npm run build` done), its `ofsted import --jobs 1`
 * runs in the same rounds, and ours is given as a ratio to it ("no slower than before").
 * Then:
 *   - memory flatness / linearity: import the files once and three times over (copies with
 *     `%copy-N` appended, so every sha256 differs), compare peak RSS and time;
 *   - query latency on a 5,000-document database cloned with SQL from the --jobs N import;
 *   - with --profile: `node --cpu-prof` of an --in-process import (one thread, one
 *     flame graph), summarised by area;
 *   - with --publish <url>: `ofsted publish` of the --jobs N database to that PostgreSQL server
 *     (a new schema bench_<time>, dropped afterwards), then again with nothing changed, timed
 *     as a ratio to the --jobs N import of the same run.
 * Every phase is a child process; its peak RSS is what /usr/bin/time -v reports (max RSS
 * of the process and its children; worker threads share the process), or, without GNU
 * time, VmHWM polled from /proc. The same page count (pdfinfo) is used for every phase.
 * Results: out/bench/bench-<time>.json and out/bench/latest.json, and the table between the
 * bench markers of docs/performance.md.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { seededSlice } from './bench/seeded-slice.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'dist', 'cli.js');

interface Phase {
  name: string;
  /** Median wall time of the runs. */
  seconds: number;
  /** Wall time of each run. */
  runs?: number[];
  /** Median CPU time (user + system, every thread and child process). */
  cpuSeconds?: number | null;
  pages: number;
  pagesPerSecond: number;
  peakRssMb: number;
  ratioToPdftotext?: number;
  detail?: unknown;
}

/** One file of an import run, from its NDJSON progress event. */
interface FileRow {
  path: string;
  pages: number;
  ms: number;
  timing: Record<string, number>;
}

function args() {
  const a = process.argv.slice(2);
  const o = {
    dir: '',
    files: '',
    slice: 0,
    seed: 1,
    repeat: 3,
    jobs: availableParallelism(),
    scale: true,
    query: true,
    profile: false,
    docs: join(ROOT, 'docs', 'performance.md'),
    baseline: '',
    publish: '',
  };
  for (let i = 0; i < a.length; i++) {
    const v = a[i]!;
    if (v === '--jobs') o.jobs = Number(a[++i]);
    else if (v === '--slice') o.slice = Number(a[++i]);
    else if (v === '--seed') o.seed = Number(a[++i]);
    else if (v === '--repeat') o.repeat = Number(a[++i]);
    else if (v === '--files') o.files = a[++i]!;
    else if (v === '--no-scale') o.scale = false;
    else if (v === '--no-query') o.query = false;
    else if (v === '--profile') o.profile = true;
    else if (v === '--docs') o.docs = a[++i]!;
    else if (v === '--baseline') o.baseline = a[++i]!;
    else if (v === '--publish') o.publish = a[++i]!;
    else if (!v.startsWith('--')) o.dir = v;
    else {
      process.stderr.write(`bench: unknown option ${v}\n`);
      process.exit(1);
    }
  }
  const whole = (n: number, min: number) => Number.isInteger(n) && n >= min;
  if ((!o.dir && !o.files) || !whole(o.jobs, 1) || !whole(o.slice, 0) || !whole(o.repeat, 1) || !Number.isInteger(o.seed)) {
    process.stderr.write('usage: npm run bench -- <dir> | --files list.txt [--slice N] [--seed S] [--repeat R] [--jobs N] [--no-scale] [--no-query] [--profile] [--baseline <checkout>] [--publish <postgresql-url>]\n');
    process.exit(1);
  }
  return o;
}

const load = () => loadavg().map((l) => +l.toFixed(2));

function walkPdfs(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...walkPdfs(p));
    else if (/\.pdf$/i.test(name)) out.push(p);
  }
  return out;
}

function pdfPages(file: string): number {
  const r = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
  const m = /^Pages:\s+(\d+)/m.exec(r.stdout ?? '');
  return m ? Number(m[1]) : 0;
}

const GNU_TIME = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-v', 'true']).status === 0;

/** Run a command to completion; wall seconds and peak RSS (MB) of it and its children. */
async function measure(
  cmd: string,
  argv: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<{ seconds: number; cpuSeconds: number | null; peakRssMb: number; stdout: string; stderr: string; code: number | null }> {
  const useTime = GNU_TIME;
  const [c, a] = useTime ? ['/usr/bin/time', ['-v', cmd, ...argv]] : [cmd, argv];
  const t0 = performance.now();
  const child = spawn(c, a, { cwd: opts.cwd ?? ROOT, env: { ...process.env, OFSTED_LOG_LEVEL: 'error', ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d.length > 1e6 ? '' : d));
  let hwmKb = 0;
  const poll = useTime
    ? null
    : setInterval(() => {
        // fallback: VmHWM of the child and its direct children (threads share the process)
        const pids = [child.pid!];
        try {
          for (const t of readdirSync(`/proc/${child.pid}/task`)) {
            const kids = readFileSync(`/proc/${child.pid}/task/${t}/children`, 'utf8').trim();
            if (kids) pids.push(...kids.split(/\s+/).map(Number));
          }
        } catch {}
        for (const pid of pids) {
          try {
            const m = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
            if (m) hwmKb = Math.max(hwmKb, Number(m[1]));
          } catch {}
        }
      }, 50);
  const code: number | null = await new Promise((res) => child.on('close', (c2) => res(c2)));
  const seconds = (performance.now() - t0) / 1000;
  if (poll) clearInterval(poll);
  let cpuSeconds: number | null = null;
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    hwmKb = m ? Number(m[1]) : 0;
    const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
    const sys = /System time \(seconds\): ([\d.]+)/.exec(stderr);
    if (user && sys) cpuSeconds = +(Number(user[1]) + Number(sys[1])).toFixed(2);
  }
  return { seconds, cpuSeconds, peakRssMb: Math.round(hwmKb / 1024), stdout, stderr, code };
}

function phase(name: string, seconds: number, pages: number, peakRssMb: number, detail?: unknown): Phase {
  return { name, seconds: +seconds.toFixed(2), pages, pagesPerSecond: +(pages / seconds).toFixed(1), peakRssMb, detail };
}

const median = (xs: number[]) => {
  const a = xs.slice().sort((x, y) => x - y);
  return a.length % 2 ? a[(a.length - 1) / 2]! : (a[a.length / 2 - 1]! + a[a.length / 2]!) / 2;
};

/** Several runs of one phase: median wall and CPU time, largest peak RSS. */
function medianPhase(name: string, runs: Array<{ seconds: number; cpuSeconds: number | null; peakRssMb: number }>, pages: number, detail?: unknown): Phase {
  const p = phase(name, median(runs.map((r) => r.seconds)), pages, Math.max(...runs.map((r) => r.peakRssMb)), detail);
  p.runs = runs.map((r) => +r.seconds.toFixed(2));
  const cpu = runs.map((r) => r.cpuSeconds).filter((c): c is number => c !== null);
  p.cpuSeconds = cpu.length ? +median(cpu).toFixed(2) : null;
  return p;
}

interface ImportRun {
  seconds: number;
  cpuSeconds: number | null;
  peakRssMb: number;
  summary: { loaded: number; failed: Array<{ path: string; reason: string }>; pages: number; seconds: number };
  files: FileRow[];
}

/** One `ofsted import` into a fresh database; with `events`, its per-file NDJSON progress is kept. */
async function importRun(name: string, inputs: string[], jobs: number, db: string, opts: { nodeArgs?: string[]; args?: string[]; events?: boolean; cli?: string } = {}): Promise<ImportRun> {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const quiet = opts.events ? [] : ['--quiet'];
  const r = await measure(process.execPath, [...(opts.nodeArgs ?? []), opts.cli ?? CLI, 'import', ...inputs, '--db', db, '--jobs', String(jobs), ...quiet, '--json', ...(opts.args ?? [])]);
  let summary: ImportRun['summary'];
  try {
    summary = JSON.parse(r.stdout);
  } catch {
    throw new Error(`${name}: import printed no summary (exit ${r.code}): ${r.stderr.slice(-2000)}`);
  }
  const files: FileRow[] = [];
  for (const line of r.stderr.split('\n')) {
    if (!line.startsWith('{"event":"file"')) continue;
    const e = JSON.parse(line) as { path: string; status: string; pages: number | null; ms?: number; timing?: Record<string, number> };
    if (e.status === 'loaded' || e.status === 'replaced') files.push({ path: e.path, pages: e.pages ?? 0, ms: e.ms ?? 0, timing: e.timing ?? {} });
  }
  return { seconds: r.seconds, cpuSeconds: r.cpuSeconds, peakRssMb: r.peakRssMb, summary, files };
}

async function importPhase(name: string, inputs: string[], jobs: number, db: string, pages: number | null, extraNodeArgs: string[] = [], extraArgs: string[] = []): Promise<Phase> {
  const r = await importRun(name, inputs, jobs, db, { nodeArgs: extraNodeArgs, args: extraArgs });
  const s = r.summary;
  return phase(name, r.seconds, pages ?? s.pages, r.peakRssMb, { loaded: s.loaded, failed: s.failed, pagesLoaded: s.pages, importSeconds: +s.seconds.toFixed(2) });
}

const PHASES = ['readMs', 'queueMs', 'parseMs', 'extractMs', 'validateMs', 'loadMs', 'cpuMs', 'gcMs'] as const;

/** Per file: pages/s with --jobs 1 and --jobs N, and the ten slowest (--jobs N) with where their time went. */
function fileTables(j1: FileRow[], jN: FileRow[], jobs: number, root: string): { perFile: string; slowest: string; rows: unknown[] } {
  const byPath = new Map(j1.map((f) => [f.path, f]));
  const name = (p: string) => relative(root, p) || p;
  const pps = (f: FileRow | undefined) => (f && f.ms ? (f.pages / (f.ms / 1000)).toFixed(1) : '');
  const rows = jN
    .slice()
    .sort((a, b) => (a.path < b.path ? -1 : 1))
    .map((f) => ({ file: name(f.path), pages: f.pages, [`jobs${jobs}`]: { ms: f.ms, ...f.timing }, jobs1: byPath.get(f.path) && { ms: byPath.get(f.path)!.ms, ...byPath.get(f.path)!.timing } }));
  const perFile = [
    `| file | pages | --jobs 1 ms | --jobs 1 pages/s | --jobs ${jobs} ms | --jobs ${jobs} pages/s |`,
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...jN
      .slice()
      .sort((a, b) => (a.path < b.path ? -1 : 1))
      .map((f) => `| ${name(f.path)} | ${f.pages} | ${byPath.get(f.path)?.ms ?? ''} | ${pps(byPath.get(f.path))} | ${f.ms} | ${pps(f)} |`),
  ].join('\n');
  const ms = (v: number | undefined) => (v === undefined ? '' : String(Math.round(v)));
  const slowest = [
    `| file | pages | ms | pages/s | read | queue | parse | extract | validate | load | worker CPU | GC | --jobs 1 ms |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...jN
      .slice()
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 10)
      .map((f) => `| ${name(f.path)} | ${f.pages} | ${f.ms} | ${pps(f)} | ${PHASES.map((k) => ms(f.timing[k])).join(' | ')} | ${byPath.get(f.path)?.ms ?? ''} |`),
  ].join('\n');
  return { perFile, slowest, rows };
}

/** Grow the database to `target` documents by cloning every document and its rows with SQL. */
function cloneTo(dbPath: string, target: number): { documents: number; seconds: number; sizeMb: number } {
  const t0 = performance.now();
  const db = new Database(dbPath);
  db.pragma('journal_mode = WAL');
  const maxOf = (t: string) => (db.prepare(`SELECT coalesce(max(id), 0) m FROM ${t}`).get() as { m: number }).m;
  const base = (db.prepare('SELECT count(*) n FROM documents').get() as { n: number }).n;
  if (base === 0) throw new Error('nothing to clone');
  const M = { d: maxOf('documents'), p: maxOf('paragraphs'), r: maxOf('recommendations') };
  const cols = 'path, format, bytes, pages, kind, title, framework, inspection_type, local_authority, inspection_start, inspection_end, publication_date, lead_inspector, schema_version, has_errors, imported_at, json';
  const rounds = Math.ceil(target / base) - 1;
  for (let k = 1; k <= rounds; k++) {
    db.transaction(() => {
      db.exec(`
        INSERT INTO documents (id, sha256, ${cols})
          SELECT id + ${k * M.d}, lower(hex(randomblob(32))), path || '#clone-${k}', ${cols.split(', ').slice(1).join(', ')}
          FROM documents WHERE id <= ${M.d};
        INSERT INTO judgements (document_id, area, label, grade, page, line, block)
          SELECT document_id + ${k * M.d}, area, label, grade, page, line, block FROM judgements WHERE document_id <= ${M.d};
        INSERT INTO paragraphs (id, document_id, number, label, section, text, page, line, block)
          SELECT id + ${k * M.p}, document_id + ${k * M.d}, number, label, section, text, page, line, block FROM paragraphs WHERE id <= ${M.p};
        INSERT INTO recommendations (id, document_id, rec_id, scope, text, timescale, page, line, block)
          SELECT id + ${k * M.r}, document_id + ${k * M.d}, rec_id, scope, text, timescale, page, line, block FROM recommendations WHERE id <= ${M.r};
        INSERT INTO recommendation_paragraph_refs (recommendation_id, paragraph_number, paragraph_id)
          SELECT recommendation_id + ${k * M.r}, paragraph_number, paragraph_id + ${k * M.p} FROM recommendation_paragraph_refs WHERE recommendation_id <= ${M.r};
        INSERT INTO actions (document_id, recommendation_ref, action_id, description, leads, due_raw, due_date, outcome, progress, rag, rag_raw, page, line, block)
          SELECT document_id + ${k * M.d}, recommendation_ref, action_id, description, leads, due_raw, due_date, outcome, progress, rag, rag_raw, page, line, block FROM actions WHERE document_id <= ${M.d};
        INSERT INTO warnings (document_id, origin, severity, code, message, page, line, block)
          SELECT document_id + ${k * M.d}, origin, severity, code, message, page, line, block FROM warnings WHERE document_id <= ${M.d};
      `);
    })();
  }
  db.exec('ANALYZE');
  const documents = (db.prepare('SELECT count(*) n FROM documents').get() as { n: number }).n;
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { documents, seconds: +((performance.now() - t0) / 1000).toFixed(1), sizeMb: Math.round(statSync(dbPath).size / 1048576) };
}

async function queryLatency(dbPath: string) {
  const q = await import(pathToFileURL(join(ROOT, 'dist', 'query', 'canned-queries.js')).href);
  const db = new Database(dbPath, { readonly: true });
  const la = (db.prepare("SELECT local_authority la, count(*) n FROM documents WHERE local_authority IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1").get() as { la: string; n: number } | undefined)?.la ?? 'Brent';
  const cases: Array<[string, () => unknown[]]> = [
    ['recommendations --search "management oversight"', () => q.queryRecommendations(db, { search: 'management oversight', limit: 1000 }, false)],
    ['recommendations --search "management oversight" --format json (with paragraphs)', () => q.queryRecommendations(db, { search: 'management oversight', limit: 1000 }, true)],
    [`judgements --la "${la}"`, () => q.queryJudgements(db, { la, limit: 1000 })],
  ];
  const out = [];
  for (const [name, fn] of cases) {
    let rows = 0;
    for (let i = 0; i < 3; i++) rows = fn().length; // warm the page cache and statement
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      fn();
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    out.push({ query: name, rows, medianMs: +times[10]!.toFixed(2), p95Ms: +times[18]!.toFixed(2) });
  }
  db.close();
  // the same through the CLI: a fresh process each time (node start-up and module loading included)
  const t0 = performance.now();
  spawnSync(process.execPath, [CLI, 'query', 'recommendations', '--search', 'management oversight', '--db', dbPath, '--format', 'json'], { stdio: 'ignore' });
  const cliMs = Math.round(performance.now() - t0);
  return { la, inProcess: out, cliWallMsRecommendationsSearch: cliMs };
}

function table(rows: Phase[]): string {
  const lines = ['| phase | seconds | CPU s | pages/s | x pdftotext | peak RSS MB |', '| --- | ---: | ---: | ---: | ---: | ---: |'];
  for (const r of rows) lines.push(`| ${r.name} | ${r.seconds.toFixed(1)} | ${r.cpuSeconds?.toFixed(1) ?? ''} | ${r.pagesPerSecond.toFixed(1)} | ${r.ratioToPdftotext?.toFixed(2) ?? ''} | ${r.peakRssMb} |`);
  return lines.join('\n');
}

async function main() {
  const o = args();
  if (!existsSync(CLI)) throw new Error('dist/cli.js is missing: run `npm run build` first');
  const baseCli = o.baseline ? join(resolve(o.baseline), 'dist', 'cli.js') : '';
  if (baseCli && !existsSync(baseCli)) throw new Error(`--baseline: ${baseCli} is missing: run \`npm run build\` in that checkout first`);
  const dir = resolve(o.dir || '.');
  let files = o.files
    ? readFileSync(o.files, 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((f) => resolve(f))
    : walkPdfs(dir);
  if (o.slice) files = seededSlice(files, o.slice, o.seed);
  const perFile = files.map((f) => ({ f, pages: pdfPages(f) }));
  const pages = perFile.reduce((a, b) => a + b.pages, 0);
  const work = mkdtempSync(join(tmpdir(), 'ofsted-bench-'));
  const log = (s: string) => process.stderr.write(s + '\n');
  const loadBefore = load();
  const what = `${files.length} PDFs${o.slice ? ` (slice of ${o.slice}, seed ${o.seed})` : ''}, ${pages} pages`;
  log(`bench: ${what} (pdfinfo; ${perFile.filter((p) => !p.pages).length} unreadable), ${availableParallelism()} cores, --jobs ${o.jobs}, ${o.repeat} run(s) of each timed phase; load average ${loadBefore.join(' / ')}; RSS by ${GNU_TIME ? '/usr/bin/time -v' : '/proc VmHWM polling (no CPU times: apt-get install -y time)'}`);
  const list = join(work, 'files.txt');
  writeFileSync(list, files.join('\n') + '\n');

  // The timed phases, interleaved round by round, so a burst of other work on the machine
  // touches every phase alike; the median of each is reported.
  const runs = { pdftotext: [] as Awaited<ReturnType<typeof measure>>[], j1: [] as ImportRun[], jN: [] as ImportRun[], base: [] as ImportRun[] };
  for (let round = 1; round <= o.repeat; round++) {
    log(`round ${round}/${o.repeat}: pdftotext (sequential); load ${load().join(' / ')}`);
    runs.pdftotext.push(await measure('xargs', ['-d', '\n', '-a', list, '-I{}', 'pdftotext', '-q', '{}', '-']));
    log(`round ${round}/${o.repeat}: ofsted import --jobs 1`);
    runs.j1.push(await importRun('--jobs 1', files, 1, join(work, 'j1.sqlite'), { events: true }));
    log(`round ${round}/${o.repeat}: ofsted import --jobs ${o.jobs}`);
    runs.jN.push(await importRun(`--jobs ${o.jobs}`, files, o.jobs, join(work, 'jN.sqlite'), { events: true }));
    if (baseCli) {
      log(`round ${round}/${o.repeat}: baseline ${o.baseline}: ofsted import --jobs 1`);
      runs.base.push(await importRun('baseline --jobs 1', files, 1, join(work, 'base.sqlite'), { cli: baseCli }));
    }
  }
  const dbN = join(work, 'jN.sqlite');
  log('pdfjs-dist getTextContent (sequential, once)');
  const p2 = await measure(process.execPath, [join(ROOT, 'scripts', 'bench', 'pdfjs-text.mjs'), list]);
  const importDetail = (r: ImportRun[]) => ({ loaded: r[0]!.summary.loaded, failed: r[0]!.summary.failed, pagesLoaded: r[0]!.summary.pages });
  const phases: Phase[] = [
    medianPhase('pdftotext, sequential', runs.pdftotext, pages),
    medianPhase('pdfjs getTextContent, sequential', [p2], pages, JSON.parse(p2.stdout || '{}')),
    medianPhase('ofsted import --jobs 1', runs.j1, pages, importDetail(runs.j1)),
    medianPhase(`ofsted import --jobs ${o.jobs}`, runs.jN, pages, importDetail(runs.jN)),
  ];
  if (baseCli) phases.push(medianPhase(`baseline ${o.baseline}: ofsted import --jobs 1`, runs.base, pages, importDetail(runs.base)));
  for (const p of phases) p.ratioToPdftotext = +(p.pagesPerSecond / phases[0]!.pagesPerSecond).toFixed(2);
  const [, , pj1, pjN, pBase] = phases as [Phase, Phase, Phase, Phase, Phase | undefined];
  const parallel = {
    speedup: +(pj1.seconds / pjN.seconds).toFixed(2),
    cpuRatio: pj1.cpuSeconds && pjN.cpuSeconds ? +(pjN.cpuSeconds / pj1.cpuSeconds).toFixed(2) : null,
  };
  // > 1: ours takes longer than the baseline's
  const baseline = pBase
    ? {
        checkout: resolve(o.baseline),
        wallRatio: +(pj1.seconds / pBase.seconds).toFixed(3),
        cpuRatio: pj1.cpuSeconds && pBase.cpuSeconds ? +(pj1.cpuSeconds / pBase.cpuSeconds).toFixed(3) : null,
      }
    : null;
  // per-file figures from the run with the median wall time of each phase
  const medianRun = (r: ImportRun[]) => r.slice().sort((a, b) => a.seconds - b.seconds)[(r.length - 1) >> 1]!;
  const tables = fileTables(medianRun(runs.j1).files, medianRun(runs.jN).files, o.jobs, o.dir ? dir : ROOT);
  const loadAfterTimed = load();

  let scale: Record<string, unknown> | null = null;
  if (o.scale) {
    log(`scale: corpus x1 vs x3 (copies with %copy-N appended), --jobs ${o.jobs}`);
    const x1 = join(work, 'x1');
    const x3 = join(work, 'x3');
    for (const [i, f] of files.entries()) {
      const name = `${String(i).padStart(4, '0')}-${relative(dir, f).replace(/[\\/]/g, '_')}`;
      mkdirSync(x1, { recursive: true });
      mkdirSync(x3, { recursive: true });
      copyFileSync(f, join(x1, name));
      for (let n = 0; n < 3; n++) {
        const dest = join(x3, `c${n}-${name}`);
        copyFileSync(f, dest);
        if (n > 0) appendFileSync(dest, `\n%copy-${n}\n`);
      }
    }
    const one = await importPhase('x1', [x1], o.jobs, join(work, 'x1.sqlite'), pages);
    const three = await importPhase('x3', [x3], o.jobs, join(work, 'x3.sqlite'), pages * 3);
    scale = {
      x1: { seconds: one.seconds, peakRssMb: one.peakRssMb, detail: one.detail },
      x3: { seconds: three.seconds, peakRssMb: three.peakRssMb, loaded: (three.detail as { loaded: number }).loaded },
      timeRatio: +(three.seconds / one.seconds).toFixed(2),
      rssRatio: +(three.peakRssMb / one.peakRssMb).toFixed(2),
    };
    rmSync(x1, { recursive: true, force: true });
    rmSync(x3, { recursive: true, force: true });
    rmSync(join(work, 'x3.sqlite'), { force: true });
    rmSync(join(work, 'x1.sqlite'), { force: true });
  }

  let query: Record<string, unknown> | null = null;
  if (o.query) {
    log('query latency: cloning the --jobs N database to 5,000 documents with SQL');
    const big = join(work, 'big.sqlite');
    copyFileSync(dbN, big);
    const clone = cloneTo(big, 5000);
    query = { how: 'every document of the --jobs N import and all its rows copied with INSERT ... SELECT (new ids, random sha256, path#clone-k) until >= 5,000 documents; FTS filled by the triggers; ANALYZE', ...clone, ...(await queryLatency(big)) };
    rmSync(big, { force: true });
  }

  let publishResult: Record<string, unknown> | null = null;
  if (o.publish) {
    const schema = `bench_${Date.now()}`;
    log(`publish: the --jobs ${o.jobs} database to PostgreSQL (schema ${schema}), then again with nothing changed`);
    const first = await measure(process.execPath, [CLI, 'publish', '--to', o.publish, '--db', dbN, '--schema', schema]);
    const again = await measure(process.execPath, [CLI, 'publish', '--to', o.publish, '--db', dbN, '--schema', schema]);
    if (first.code !== 0 || again.code !== 0) throw new Error(`publish failed: ${(first.stderr || again.stderr).trim().split('\n').pop()}`);
    const { default: pg } = await import('pg');
    const c = new pg.Client({ connectionString: o.publish });
    await c.connect();
    await c.query(`DROP SCHEMA "${schema}" CASCADE`);
    await c.end();
    const importSeconds = phases[3]!.seconds;
    publishResult = {
      seconds: +first.seconds.toFixed(2),
      noChangeSeconds: +again.seconds.toFixed(2),
      importSeconds,
      ratioToImport: +(first.seconds / importSeconds).toFixed(3),
      cpuSeconds: first.cpuSeconds,
      peakRssMb: first.peakRssMb,
      output: first.stdout.trim(),
    };
  }

  let profile: unknown = null;
  if (o.profile) {
    log('profile: node --cpu-prof, ofsted import --in-process');
    const profDir = join(ROOT, 'out', 'bench', 'prof');
    rmSync(profDir, { recursive: true, force: true });
    await importPhase('profile', files, 1, join(work, 'prof.sqlite'), pages, ['--cpu-prof', '--cpu-prof-dir', profDir], ['--in-process']);
    const { summarise } = await import(pathToFileURL(join(ROOT, 'scripts', 'bench', 'cpuprofile-summary.mjs')).href);
    const prof = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile')).map((f) => join(profDir, f));
    profile = prof.map((p) => ({ file: relative(ROOT, p), ...summarise(p, 20) }));
  }

  log('serve start-up: spawn to first response of / on the fixture database');
  const { serveStartup } = await import(pathToFileURL(join(ROOT, 'scripts', 'bench', 'serve-startup.ts')).href);
  const serve = await serveStartup();

  const result = {
    serve,
    date: new Date().toISOString(),
    machine: { cores: availableParallelism(), cpu: cpus()[0]?.model, memGb: +(totalmem() / 2 ** 30).toFixed(1), node: process.version, loadAverage: { before: loadBefore, afterTimedPhases: loadAfterTimed, atEnd: load() } },
    corpus: { dir: o.dir ? dir : null, list: o.files || null, slice: o.slice ? { n: o.slice, seed: o.seed } : null, files: files.length, pages, unreadable: perFile.filter((p) => !p.pages).map((p) => relative(dir, p.f)) },
    jobs: o.jobs,
    repeat: o.repeat,
    phases,
    parallel,
    baseline,
    files: tables.rows,
    scale,
    query,
    publish: publishResult,
    profile,
  };
  const outDir = join(ROOT, 'out', 'bench');
  mkdirSync(outDir, { recursive: true });
  const stamp = result.date.replace(/[:.]/g, '-');
  writeFileSync(join(outDir, `bench-${stamp}.json`), JSON.stringify(result, null, 2) + '\n');
  writeFileSync(join(outDir, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  rmSync(work, { recursive: true, force: true });

  const la = result.machine.loadAverage;
  const summary = [
    `Latest run: ${result.date.slice(0, 10)}, ${result.machine.cores} cores (${result.machine.cpu}), Node ${result.machine.node}; ${what}${o.files ? ` from ${o.files}` : ''}; --jobs ${o.jobs}; median of ${o.repeat} interleaved run(s); load average (1/5/15 min) before ${la.before.join(' / ')}, after the timed phases ${la.afterTimedPhases.join(' / ')} (other work on the machine skews wall times, the parallel ones most; CPU times far less).`,
    '',
    table(phases),
    '',
    `--jobs ${o.jobs} vs --jobs 1: ${parallel.speedup}x faster (wall); CPU time ${parallel.cpuRatio ?? '?'}x that of --jobs 1. Runs (s): ${phases.map((p) => `${p.name.replace(/, sequential$/, '')} ${p.runs?.join(', ')}`).join('; ')}.`,
    '',
    baseline ? `Against the baseline (${o.baseline}), same files and rounds: --jobs 1 takes ${baseline.wallRatio}x its wall time and ${baseline.cpuRatio ?? '?'}x its CPU time (1 = the same; above 1 = slower).` : '',
    '',
    scale ? `Scale (--jobs ${o.jobs}): x3 files took ${scale.timeRatio}x the time of x1; peak RSS x1 ${(scale.x1 as { peakRssMb: number }).peakRssMb} MB, x3 ${(scale.x3 as { peakRssMb: number }).peakRssMb} MB (ratio ${scale.rssRatio}).` : '',
    query
      ? `Queries on ${query.documents} documents (${query.sizeMb} MB, cloned with SQL): ` +
        (query.inProcess as Array<{ query: string; medianMs: number; rows: number }>).map((q) => `${q.query}: ${q.medianMs} ms median (${q.rows} rows)`).join('; ') +
        `; the CLI end to end (new process): ${query.cliWallMsRecommendationsSearch} ms.`
      : '',
    publishResult
      ? `Publish to PostgreSQL (--publish): the --jobs ${o.jobs} database in ${publishResult.seconds} s (client CPU ${publishResult.cpuSeconds ?? '?'} s), ${publishResult.ratioToImport}x the --jobs ${o.jobs} import (${publishResult.importSeconds} s); again with nothing changed: ${publishResult.noChangeSeconds} s.`
      : '',
    `ofsted serve on the README's fixture database: first response ${serve.medianMs} ms after start (median of 5; target ${serve.targetMs} ms).`,
    '',
    `Ten slowest files (--jobs ${o.jobs}), where their time went (ms; read and load on the main thread, queue = waiting for a worker, worker CPU and GC of the worker thread; per-file figures of every file in out/bench/latest.json):`,
    '',
    tables.slowest,
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n'); // the lines of sections not run
  process.stdout.write(`Per file (pages/s = pages / the file's time on its worker):\n\n${tables.perFile}\n\n${summary}\n\nJSON: out/bench/latest.json\n`);
  if (o.docs && existsSync(o.docs)) {
    const doc = readFileSync(o.docs, 'utf8');
    const start = '<!-- bench:start -->';
    const end = '<!-- bench:end -->';
    if (doc.includes(start) && doc.includes(end)) {
      writeFileSync(o.docs, doc.slice(0, doc.indexOf(start) + start.length) + '\n' + summary + '\n' + doc.slice(doc.indexOf(end)));
      process.stderr.write(`updated ${relative(ROOT, o.docs)}\n`);
    }
  }
}

main().catch((e) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
