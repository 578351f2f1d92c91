/**
 * Mutation fuzzing of the extraction pipeline (issue 6).
 *
 *   npm run fuzz -- --iterations 500 [--seed 1] [--timeout 15] [--keep out/fuzz-findings] [--json]
 *
 * Takes real fixtures (Markdown, DOCX, PDF), mutates them (bit flips, byte overwrites,
 * truncation, chunk duplication/deletion, number tweaks; for DOCX also zip-entry tampering:
 * a corrupted deflate stream, lying local/central sizes, swapped methods, renamed,
 * duplicated or mutated entries) and feeds each through extraction (readInput +
 * extractBytes, what `ofsted extract` runs per file) in a child process with a per-input
 * time limit. Outcomes:
 *   ok       a document came out
 *   clean    refused with an InputError (a one-line reason)
 *   unclean  another exception (the batch would still report it as one line, but the
 *            reader should have mapped it to an InputError)
 *   crash    the child died (uncaught error, abort, out of memory)
 *   hang     no answer within the time limit (the child is killed and restarted)
 * Inputs that crash, hang or fail uncleanly are copied to --keep (default
 * out/fuzz-findings/). Same seed, same inputs.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Small real inputs of each format (a multi-page PDF, a one-page one, two DOCX, two Markdown). */
export const CORPUS = [
  'fixtures/seeds/001_dab7261901101738.md',
  'fixtures/plans/barking-dagenham-2014-action-plan.md',
  'fixtures/plans/barking-dagenham-2014-action-plan.docx',
  'fixtures/bad/docx-no-tables.docx',
  'fixtures/plans/barking-dagenham-2014-action-plan.pdf',
  'fixtures/bad/pdf-javascript-launch.pdf',
];

type Outcome = 'ok' | 'clean' | 'unclean' | 'crash' | 'hang';
interface Reply {
  id: number;
  outcome: 'ok' | 'clean' | 'unclean';
  code?: string;
  reason?: string;
}

// ---------------------------------------------------------------- child: extraction

async function child(): Promise<void> {
  const { readInput, extractBytes } = await import('../src/ingest.js');
  const { DEFAULT_LIMITS } = await import('../src/readers/limits.js');
  const { InputError, reasonOf } = await import('../src/util/errors.js');
  process.on('message', async (m: { id: number; path: string }) => {
    let reply: Reply;
    try {
      const bytes = await readInput(m.path, DEFAULT_LIMITS);
      await extractBytes(m.path, bytes, DEFAULT_LIMITS);
      reply = { id: m.id, outcome: 'ok' };
    } catch (e) {
      if (e instanceof InputError) reply = { id: m.id, outcome: 'clean', code: e.code, reason: e.reason };
      else reply = { id: m.id, outcome: 'unclean', code: (e as Error)?.name, reason: reasonOf(e) };
    }
    process.send!(reply);
  });
  process.send!({ ready: true });
}

// ---------------------------------------------------------------- mutations

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const int = (r: Rand, n: number) => Math.floor(r() * n);
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[int(r, xs.length)]!;
const INTERESTING = [0x00, 0xff, 0x7f, 0x80, 0x0a, 0x0d, 0x20, 0x25, 0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x2f, 0x7c, 0x09, 0xc3, 0xef];
const NUMBERS = ['0', '-1', '1', '4294967295', '99999999999', '2147483648', '-2147483649', '1e308', '65536', '00000'];

type Mutator = (b: Buffer, r: Rand) => Buffer;

const generic: Record<string, Mutator> = {
  bitflip(b, r) {
    const out = Buffer.from(b);
    for (let n = 1 + int(r, 8); n > 0 && out.length; n--) {
      const i = int(r, out.length);
      out[i] = out[i]! ^ (1 << int(r, 8));
    }
    return out;
  },
  bytes(b, r) {
    const out = Buffer.from(b);
    for (let n = 1 + int(r, 16); n > 0 && out.length; n--) out[int(r, out.length)] = pick(r, INTERESTING);
    return out;
  },
  truncate(b, r) {
    return b.subarray(0, int(r, b.length));
  },
  duplicate(b, r) {
    if (!b.length) return b;
    const start = int(r, b.length);
    const chunk = b.subarray(start, Math.min(b.length, start + 1 + int(r, 4096)));
    const at = int(r, b.length);
    const times = 1 + int(r, r() < 0.1 ? 200 : 3);
    return Buffer.concat([b.subarray(0, at), ...Array.from({ length: times }, () => chunk), b.subarray(at)]);
  },
  delete(b, r) {
    if (!b.length) return b;
    const start = int(r, b.length);
    return Buffer.concat([b.subarray(0, start), b.subarray(Math.min(b.length, start + 1 + int(r, 4096)))]);
  },
  numbers(b, r) {
    const text = b.toString('latin1');
    const runs = [...text.matchAll(/\d+/g)];
    if (!runs.length) return generic.bitflip!(b, r);
    let out = text;
    for (let n = 1 + int(r, 4); n > 0; n--) {
      const m = pick(r, runs);
      out = out.slice(0, m.index!) + pick(r, NUMBERS) + out.slice(m.index! + m[0].length);
    }
    return Buffer.from(out, 'latin1');
  },
};

interface ZipEntry {
  name: string;
  central: number; // offset of the central directory record
  local: number; // offset of the local header
  method: number;
  compressed: number;
  dataStart: number;
}

function zipEntries(b: Buffer): ZipEntry[] | null {
  const eocd = b.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || eocd + 22 > b.length) return null;
  const count = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count && p + 46 <= b.length && b.readUInt32LE(p) === 0x02014b50; i++) {
    const nameLen = b.readUInt16LE(p + 28);
    const extra = b.readUInt16LE(p + 30);
    const comment = b.readUInt16LE(p + 32);
    const local = b.readUInt32LE(p + 42);
    if (local + 30 > b.length) return null;
    const dataStart = local + 30 + b.readUInt16LE(local + 26) + b.readUInt16LE(local + 28);
    out.push({ name: b.toString('utf8', p + 46, p + 46 + nameLen), central: p, local, method: b.readUInt16LE(p + 10), compressed: b.readUInt32LE(p + 20), dataStart });
    p += 46 + nameLen + extra + comment;
  }
  return out;
}

/** The entries' uncompressed contents (stored or deflated only). */
function unzipAll(b: Buffer, entries: ZipEntry[]): Array<{ name: string; data: Buffer }> {
  return entries.map((e) => {
    const raw = b.subarray(e.dataStart, e.dataStart + e.compressed);
    return { name: e.name, data: e.method === 8 ? inflateRawSync(raw) : Buffer.from(raw) };
  });
}

async function zipMutators(): Promise<Record<string, Mutator>> {
  const { makeZip } = await import('../fixtures/make/zip.js');
  const xmlFirst = (r: Rand, es: ZipEntry[]) => {
    const xml = es.filter((e) => /\.(xml|rels)$/.test(e.name));
    return r() < 0.8 && xml.length ? (r() < 0.5 ? (xml.find((e) => e.name === 'word/document.xml') ?? pick(r, xml)) : pick(r, xml)) : pick(r, es);
  };
  const withEntries = (f: (b: Buffer, es: ZipEntry[], r: Rand) => Buffer): Mutator => (b, r) => {
    const es = zipEntries(b);
    if (!es || !es.length) return generic.bitflip!(b, r);
    return f(b, es, r);
  };
  return {
    'zip-corrupt-deflate': withEntries((b, es, r) => {
      const e = xmlFirst(r, es);
      const out = Buffer.from(b);
      for (let n = 1 + int(r, 6); n > 0 && e.compressed > 0; n--) {
        const i = e.dataStart + int(r, e.compressed);
        out[i] = r() < 0.5 ? out[i]! ^ (1 << int(r, 8)) : int(r, 256);
      }
      return out;
    }),
    'zip-size-lie': withEntries((b, es, r) => {
      const e = xmlFirst(r, es);
      const out = Buffer.from(b);
      const size = pick(r, [0, 1, 100, 0xffffffff, 0x7fffffff, 300 * 1024 * 1024, int(r, 1 << 20)]);
      const where = int(r, 3); // 0 local, 1 central, 2 both
      if (where !== 1) out.writeUInt32LE(size >>> 0, e.local + 22);
      if (where !== 0) out.writeUInt32LE(size >>> 0, e.central + 24);
      if (r() < 0.3) out.writeUInt32LE(pick(r, [0, 1, 0xffffffff, e.compressed + 10]) >>> 0, e.central + 20); // compressed size too
      return out;
    }),
    'zip-method-swap': withEntries((b, es, r) => {
      const e = xmlFirst(r, es);
      const out = Buffer.from(b);
      const m = pick(r, [0, 8, 12, 99]);
      out.writeUInt16LE(m, e.central + 10);
      if (r() < 0.5) out.writeUInt16LE(m, e.local + 8);
      return out;
    }),
    'zip-rename': withEntries((b, es, r) => {
      const e = xmlFirst(r, es);
      const out = Buffer.from(b);
      const nameAt = e.central + 46;
      if (e.name.length) out[nameAt + int(r, e.name.length)] = pick(r, [0x2f, 0x2e, 0x00, 0x78, 0x5c]);
      return out;
    }),
    'zip-duplicate-entry': withEntries((b, es, r) => {
      let files;
      try {
        files = unzipAll(b, es);
      } catch {
        return generic.bitflip!(b, r);
      }
      const i = files.findIndex((f) => f.name === 'word/document.xml');
      const dup = files[i >= 0 && r() < 0.7 ? i : int(r, files.length)]!;
      const copy = { name: dup.name, data: r() < 0.5 ? dup.data : generic.delete!(dup.data, r) };
      const at = int(r, files.length + 1);
      return makeZip([...files.slice(0, at), copy, ...files.slice(at)]);
    }),
    'zip-xml-mutate': withEntries((b, es, r) => {
      let files;
      try {
        files = unzipAll(b, es);
      } catch {
        return generic.bitflip!(b, r);
      }
      const xml = files.filter((f) => /\.(xml|rels)$/.test(f.name));
      const target = xml.find((f) => f.name === 'word/document.xml' && r() < 0.6) ?? pick(r, xml.length ? xml : files);
      const m = pick(r, ['duplicate', 'delete', 'bytes', 'truncate', 'numbers'] as const);
      const data = generic[m]!(target.data, r);
      return makeZip(files.map((f) => (f === target ? { name: f.name, data } : { name: f.name, data: f.data })));
    }),
  };
}

// ---------------------------------------------------------------- parent: the loop

interface Options {
  iterations: number;
  seed: number;
  timeoutMs: number;
  keep: string;
  json: boolean;
  corpus: string[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { iterations: 200, seed: 1, timeoutMs: 15_000, keep: join(ROOT, 'out', 'fuzz-findings'), json: false, corpus: CORPUS };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const v = () => argv[++i] ?? '';
    if (a === '--iterations') o.iterations = Number(v());
    else if (a === '--seed') o.seed = Number(v());
    else if (a === '--timeout') o.timeoutMs = Number(v()) * 1000;
    else if (a === '--keep') o.keep = resolve(v());
    else if (a === '--json') o.json = true;
    else if (a === '--corpus') o.corpus = v().split(',');
    else throw new Error(`fuzz: unknown option ${a}`);
  }
  if (!Number.isInteger(o.iterations) || o.iterations < 1) throw new Error('fuzz: --iterations must be a whole number >= 1');
  return o;
}

class Runner {
  private proc: ChildProcess | null = null;
  private pending: { id: number; resolve: (r: { outcome: Outcome; code?: string; reason?: string }) => void } | null = null;
  private stderr = '';
  restarts = 0;

  private async start(): Promise<void> {
    this.stderr = '';
    const proc = fork(fileURLToPath(import.meta.url), ['--child'], {
      execArgv: ['--import', 'tsx', '--max-old-space-size=1024'],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, OFSTED_LOG_LEVEL: 'silent' },
    });
    proc.stderr!.setEncoding('utf8').on('data', (d: string) => (this.stderr = (this.stderr + d).slice(-4000)));
    this.proc = proc;
    await new Promise<void>((res, rej) => {
      proc.once('message', () => res());
      proc.once('exit', (code) => rej(new Error(`fuzz child failed to start (exit ${code}): ${this.stderr}`)));
    });
    proc.on('message', (m: Reply) => {
      if (this.pending && m.id === this.pending.id) {
        const p = this.pending;
        this.pending = null;
        p.resolve({ outcome: m.outcome, code: m.code, reason: m.reason });
      }
    });
    proc.on('exit', (code, signal) => {
      if (this.proc === proc) this.proc = null;
      if (this.pending) {
        const p = this.pending;
        this.pending = null;
        const last = this.stderr.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
        p.resolve({ outcome: 'crash', reason: `child exited (${signal ?? `code ${code}`}): ${last}`.slice(0, 500) });
      }
    });
  }

  async run(id: number, path: string, timeoutMs: number): Promise<{ outcome: Outcome; code?: string; reason?: string; ms: number }> {
    if (!this.proc) {
      await this.start();
      this.restarts++;
    }
    const t0 = performance.now();
    const result = await new Promise<{ outcome: Outcome; code?: string; reason?: string }>((resolve) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = null;
        const proc = this.proc;
        this.proc = null;
        proc?.kill('SIGKILL');
        resolve({ outcome: 'hang', reason: `no answer within ${timeoutMs / 1000} s` });
      }, timeoutMs);
      this.pending = {
        id,
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      this.proc!.send({ id, path });
    });
    return { ...result, ms: performance.now() - t0 };
  }

  stop(): void {
    this.proc?.kill('SIGKILL');
    this.proc = null;
  }
}

export interface FuzzReport {
  seed: number;
  iterations: number;
  timeoutSeconds: number;
  outcomes: Record<Outcome, number>;
  byFormat: Record<string, Record<Outcome, number>>;
  byMutator: Record<string, Record<Outcome, number>>;
  reasons: Record<string, number>;
  findings: Array<{ input: string; seedFile: string; mutator: string; outcome: Outcome; reason?: string; kept: string }>;
  seconds: number;
  childRestarts: number;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const r = rng(o.seed);
  const zip = await zipMutators();
  const work = mkdtempSync(join(tmpdir(), 'ofsted-fuzz-'));
  const seeds = o.corpus.map((p) => ({ path: p, bytes: readFileSync(resolve(ROOT, p)) }));
  const zero = (): Record<Outcome, number> => ({ ok: 0, clean: 0, unclean: 0, crash: 0, hang: 0 });
  const report: FuzzReport = {
    seed: o.seed,
    iterations: o.iterations,
    timeoutSeconds: o.timeoutMs / 1000,
    outcomes: zero(),
    byFormat: {},
    byMutator: {},
    reasons: {},
    findings: [],
    seconds: 0,
    childRestarts: 0,
  };
  const runner = new Runner();
  const t0 = performance.now();
  try {
    for (let i = 0; i < o.iterations; i++) {
      const seed = pick(r, seeds);
      const ext = extname(seed.path);
      const mutators = ext === '.docx' && r() < 0.6 ? zip : generic;
      const name = pick(r, Object.keys(mutators));
      let bytes = mutators[name]!(seed.bytes, r);
      if (r() < 0.15) bytes = generic[pick(r, Object.keys(generic))]!(bytes, r); // stack a second mutation
      const input = join(work, `${String(i).padStart(5, '0')}-${name}-${basename(seed.path)}`);
      writeFileSync(input, bytes);
      const res = await runner.run(i, input, o.timeoutMs);
      report.outcomes[res.outcome]++;
      (report.byFormat[ext] ??= zero())[res.outcome]++;
      (report.byMutator[name] ??= zero())[res.outcome]++;
      if (res.outcome === 'clean' || res.outcome === 'unclean') {
        const key = `${res.outcome}: ${(res.reason ?? '').replace(/\d+/g, 'N').replace(/\(.{60,}\)/, '(...)').slice(0, 90)}`;
        report.reasons[key] = (report.reasons[key] ?? 0) + 1;
      }
      if (res.outcome === 'crash' || res.outcome === 'hang' || res.outcome === 'unclean') {
        mkdirSync(o.keep, { recursive: true });
        const kept = join(o.keep, basename(input));
        copyFileSync(input, kept);
        report.findings.push({ input: basename(input), seedFile: seed.path, mutator: name, outcome: res.outcome, reason: res.reason, kept });
        if (!o.json) process.stderr.write(`${res.outcome.toUpperCase()} ${basename(input)}: ${res.reason ?? ''}\n`);
      }
      rmSync(input, { force: true });
      if (!o.json && (i + 1) % 50 === 0) process.stderr.write(`${i + 1}/${o.iterations} ${JSON.stringify(report.outcomes)}\n`);
    }
  } finally {
    runner.stop();
    rmSync(work, { recursive: true, force: true });
  }
  report.seconds = Number(((performance.now() - t0) / 1000).toFixed(1));
  report.childRestarts = runner.restarts;
  if (o.json) process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  else {
    process.stdout.write(`fuzz: ${o.iterations} inputs (seed ${o.seed}) in ${report.seconds} s: ${Object.entries(report.outcomes).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
    for (const [f, c] of Object.entries(report.byFormat)) process.stdout.write(`  ${f}: ${Object.entries(c).map(([k, n]) => `${k} ${n}`).join(', ')}\n`);
    for (const [k, n] of Object.entries(report.reasons).sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`  ${String(n).padStart(5)}  ${k}\n`);
    if (report.findings.length) process.stdout.write(`findings kept in ${o.keep}\n`);
  }
  process.exitCode = report.outcomes.crash || report.outcomes.hang ? 1 : 0;
}

if (process.argv.includes('--child')) void child();
else
  main().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exitCode = 2;
  });
