/**
 * The batch runner: files in, results out as they are ready, with a bounded number of
 * files in flight (memory stays flat however long the list is).
 *
 * - The main thread reads each file and hashes it (cheap), so a file whose bytes are
 *   already loaded, or that repeats an earlier file of the same batch, is skipped
 *   without being parsed; the other files' bytes are handed (transferred, not copied)
 *   to a worker for extraction and validation.
 * - Files are extracted in a piscina pool of `jobs` worker threads (one, for `jobs` = 1:
 *   the time limit must be able to stop a parser stuck in a synchronous loop);
 *   `inProcess` extracts in this thread instead, for simple profiles. At most `jobs` files are running and at most
 *   `window` (default 2 x jobs) are admitted but not yet handed back to the consumer,
 *   so a slow consumer (the SQLite writer) holds the readers back.
 * - Each file has a time limit counted from when it starts on a worker. A worker that
 *   passes it is terminated (piscina aborts the task and replaces the thread); a worker
 *   that crashes (uncaught exception, process.exit, out of memory) fails its file only.
 */
import { existsSync } from 'node:fs';
import v8 from 'node:v8';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { Limits } from '../readers/limits.js';
import { readInput, sha256 } from '../input.js';
import { InputError, reasonOf } from '../util/errors.js';
import { log } from '../util/log.js';
import type { FileResult } from './batch.js';

export interface RunOptions {
  jobs: number;
  limits: Limits;
  /** Per-file time limit in milliseconds (0 = none). */
  timeoutMs: number;
  /** Validate documents (in the worker). */
  validate?: boolean;
  /** Return true to skip a file whose bytes are already loaded; a code and reason fail it unparsed. */
  skip?: (sha: string, path: string) => boolean | { code: string; reason: string };
  /** Hand results back in input order (default: as they complete). */
  ordered?: boolean;
  /** Most files admitted and not yet handed back (default 2 x jobs). */
  window?: number;
  /** Checked before each new file is started: true stops taking new files. */
  shouldStop?: () => boolean;
  /** Called as each file is admitted (read and hashed next). */
  onAdmit?: (path: string) => void;
  /** Extract in this thread, no worker (profiling, debugging): the time limit then cannot
   * pre-empt a parser stuck in a synchronous loop. */
  inProcess?: boolean;
  /** Worker heap limit in MB (default OFSTED_WORKER_HEAP_MB or 2048: V8 sizes its heap growth by the limit, and at 1024 the workers spent ~25% more CPU in GC). */
  workerHeapMb?: number;
}

/** What a worker is given: one file's bytes (moved, not copied) and the options. */
export interface WorkerTask {
  /** Posted back as {ofstedStarted: id} when the worker starts on the file (starts its clock). */
  id: number;
  path: string;
  bytes: Uint8Array;
  /** Hashed already by the main thread. */
  sha256: string;
  limits: Limits;
  validate: boolean;
}

interface Executor {
  run(path: string, bytes: Uint8Array, sha: string): Promise<FileResult>;
  close(): Promise<void>;
}

/** V8's interrupt budget for the workers (V8's default is 66 KB of bytecode, 67584). */
const INTERRUPT_BUDGET = 8 * 67584;
/** Most bytecode TurboFan inlines into one optimised function (V8's default 920). */
const INLINE_CUMULATIVE = 300;

const seconds = (ms: number) => `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} s`;

/** In-process extraction (--in-process). The time limit can only stop waiting for an
 * asynchronous stall here: a synchronous loop cannot be pre-empted without a worker. */
function inProcess(o: RunOptions): Executor {
  return {
    async run(path, bytes, sha) {
      // Loaded here, not at the top: with workers the main thread never loads a reader.
      const { extractOne } = await import('./batch.js');
      const work = extractOne(path, { limits: o.limits, validate: o.validate }, bytes, sha);
      if (!o.timeoutMs) return work;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<FileResult>((resolve) => {
        timer = setTimeout(
          () => resolve({ path, ok: false, code: 'timeout', reason: `timed out after ${seconds(o.timeoutMs)}`, sha256: sha, ms: o.timeoutMs }),
          o.timeoutMs,
        );
      });
      try {
        return await Promise.race([work, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {},
  };
}

/** The worker module: dist/pipeline/worker.js (or worker.ts when run from source with tsx). */
export function workerFile(): string {
  const js = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return js.href;
  return new URL('./worker.ts', import.meta.url).href;
}

function workerPool(o: RunOptions): Executor {
  const heapMb = o.workerHeapMb ?? (Number(process.env.OFSTED_WORKER_HEAP_MB) || 2048);
  let pool: Piscina | null = null;
  let nextId = 0;
  /** Task id -> starts that task's clock; the worker says when it starts on a file, so
   * the time limit never counts a worker's start-up (loading pdfjs) or a replacement's. */
  const starters = new Map<number, () => void>();
  const getPool = () => {
    if (pool) return pool;
    // Each worker is its own V8 isolate with its own JIT: two workers optimise the same
    // pdfjs code twice, on the same platform threads (a profile of --jobs 1 showed those
    // threads, ~30% of all CPU, busy in TurboFan throughout the run). A larger interrupt
    // budget optimises only code that stays hot (4x: --jobs 2 used ~11% less CPU on the same
    // files); 8x and at most 300 bytes of bytecode inlined per optimised function (issue 27
    // item 5: the compiler threads were still 2.2 s of 6.6 s reading 40 reports) compile
    // fewer and smaller functions: ~9% less CPU for a --jobs 1 import (docs/performance.md).
    // Process-wide, and read when a worker's functions are first run, so set before the
    // workers start; they change no result.
    v8.setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
    v8.setFlagsFromString(`--max-inlined-bytecode-size-cumulative=${INLINE_CUMULATIVE}`);
    pool = new Piscina({
      filename: workerFile(),
      minThreads: o.jobs,
      maxThreads: o.jobs,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
      recordTiming: false,
    });
    pool.on('message', (m: unknown) => {
      const id = (m as { ofstedStarted?: number } | null)?.ofstedStarted;
      if (typeof id === 'number') starters.get(id)?.();
    });
    // A worker that dies with no task (between files) is replaced by piscina; log it only.
    pool.on('error', (e) => log.warn({ err: reasonOf(e) }, 'worker error outside a task'));
    return pool;
  };
  return {
    async run(path, bytes, sha) {
      const t0 = performance.now();
      let queueMs: number | undefined;
      const id = nextId++;
      const ac = new AbortController();
      let timedOut = false;
      let timer: NodeJS.Timeout | undefined;
      const arm = (ms: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          timedOut = true;
          ac.abort('timeout');
        }, ms);
      };
      // Until the worker says it has started: the limit plus a minute for a (re)start.
      if (o.timeoutMs) arm(o.timeoutMs + 60_000);
      starters.set(id, () => {
        queueMs = performance.now() - t0;
        if (o.timeoutMs) arm(o.timeoutMs);
      });
      const movable = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && !(bytes.buffer instanceof SharedArrayBuffer);
      const task: WorkerTask = { id, path, bytes, sha256: sha, limits: o.limits, validate: o.validate ?? false };
      try {
        const r = (await getPool().run(task, { signal: ac.signal, transferList: movable ? [bytes.buffer as ArrayBuffer] : undefined })) as FileResult;
        r.timing = { ...r.timing, queueMs };
        return r;
      } catch (e) {
        const ms = performance.now() - t0;
        if (timedOut) return { path, ok: false, code: 'timeout', reason: `timed out after ${seconds(o.timeoutMs)}`, sha256: sha, ms };
        return { path, ok: false, code: 'worker_crashed', reason: `worker crashed: ${crashReason(e)}`, sha256: sha, ms };
      } finally {
        clearTimeout(timer);
        starters.delete(id);
      }
    },
    async close() {
      if (pool) await pool.destroy();
    },
  };
}

function crashReason(e: unknown): string {
  const code = (e as { code?: string })?.code;
  if (code === 'ERR_WORKER_OUT_OF_MEMORY') return 'out of memory';
  const m = /^worker exited with code: (-?\d+)/.exec(reasonOf(e));
  if (m) return `exited with code ${m[1]}`;
  return reasonOf(e);
}

type Prepared = { result: FileResult } | { bytes: Uint8Array; sha: string; readMs: number };

/**
 * Run every file through extraction; yields each result once, in completion order (or
 * input order with `ordered`). Never throws for a bad file. Stopping early (`shouldStop`,
 * or the consumer leaving the loop) lets the files in flight finish (or drops them, for
 * a consumer that leaves), then closes the workers.
 */
export async function* runBatch(paths: string[], o: RunOptions): AsyncGenerator<FileResult> {
  const b = new Batch(paths, o);
  try {
    for (;;) {
      b.admitMore();
      let handed = false;
      for (const r of b.finished()) {
        handed = true;
        yield r;
      }
      if (b.over()) break;
      if (handed) continue;
      await b.nextDone();
    }
  } finally {
    await b.close();
  }
}

/** One batch of runBatch: its files admitted within the window, read in order, run within `jobs`, handed back. */
class Batch {
  private readonly jobs: number;
  private readonly window: number;
  private readonly exec: Executor;
  private readonly seen = new Set<string>(); // sha256 of files started in this batch: a repeat is skipped
  private readonly done = new Map<number, FileResult>(); // finished, not yet handed back
  private next = 0; // next file to admit
  private nextOut = 0; // ordered mode: next index to hand back
  private inWindow = 0; // admitted and not yet handed back
  private running = 0;
  private readonly waitingForSlot: Array<() => void> = [];
  private wake: (() => void) | null = null;
  private woken = false;
  // Files are read and hashed one at a time in input order (cheap beside extraction), so of two
  // files with the same bytes the earlier in the input is the one extracted, however the reads race.
  private reading: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly paths: string[],
    private readonly o: RunOptions,
  ) {
    this.jobs = Math.max(1, o.jobs);
    this.window = Math.max(this.jobs, o.window ?? 2 * this.jobs);
    this.exec = o.inProcess ? inProcess(o) : workerPool({ ...o, jobs: this.jobs });
  }

  /** Files admitted while the window has room (and the consumer has not said stop). */
  admitMore(): void {
    while (this.next < this.paths.length && this.inWindow < this.window && !this.o.shouldStop?.()) {
      this.inWindow++;
      this.o.onAdmit?.(this.paths[this.next]!);
      void this.admit(this.next++);
    }
  }

  /** The finished results to hand back now: in input order with `ordered`, else as they finished (those finishing meanwhile included). */
  *finished(): Generator<FileResult> {
    const { done } = this;
    if (this.o.ordered) {
      while (done.has(this.nextOut)) {
        const r = done.get(this.nextOut)!;
        done.delete(this.nextOut++);
        this.inWindow--;
        yield r;
      }
    } else {
      for (const [i, r] of done) {
        done.delete(i);
        this.inWindow--;
        yield r;
      }
    }
  }

  /** Nothing in flight and nothing more to admit. */
  over(): boolean {
    return this.inWindow === 0 && (this.next >= this.paths.length || !!this.o.shouldStop?.());
  }

  /** Until a file finishes (at once if one has since the last wait). */
  async nextDone(): Promise<void> {
    if (!this.woken) await new Promise<void>((res) => (this.wake = res));
    this.wake = null;
    this.woken = false;
  }

  close(): Promise<void> {
    return this.exec.close();
  }

  private notify(): void {
    this.woken = true;
    this.wake?.();
  }

  private readInOrder(path: string): Promise<Prepared> {
    const p = this.reading.then(() => this.readFile(path));
    // The chain only keeps the reads in order: a failed read reaches its caller through p, returned below.
    this.reading = p.catch(() => undefined);
    return p;
  }

  /** A file read and hashed: its bytes, or its result already (unreadable, a repeat, skipped or refused by `skip`). */
  private async readFile(path: string): Promise<Prepared> {
    const t0 = performance.now();
    let bytes: Buffer;
    try {
      bytes = await readInput(path, this.o.limits);
    } catch (e) {
      const code = e instanceof InputError ? e.code : 'unreadable';
      return { result: { path, ok: false, code, reason: reasonOf(e), sha256: null, ms: performance.now() - t0 } };
    }
    const sha = sha256(bytes);
    const known = this.seen.has(sha) || (this.o.skip?.(sha, path) ?? false);
    if (known === true) return { result: { path, ok: 'skipped', sha256: sha, ms: performance.now() - t0 } };
    if (known) return { result: { path, ok: false, code: known.code, reason: known.reason, sha256: sha, ms: performance.now() - t0 } };
    this.seen.add(sha);
    return { bytes, sha, readMs: performance.now() - t0 };
  }

  /** File `i` read, then run once fewer than `jobs` are running; its result kept for handing back. */
  private async admit(i: number): Promise<void> {
    const path = this.paths[i]!;
    let r: FileResult;
    try {
      const p = await this.readInOrder(path);
      if ('result' in p) r = p.result;
      else {
        if (this.running >= this.jobs) await new Promise<void>((res) => this.waitingForSlot.push(res));
        this.running++;
        try {
          r = await this.exec.run(path, p.bytes, p.sha);
          r.timing = { ...r.timing, readMs: p.readMs };
        } finally {
          this.running--;
          this.waitingForSlot.shift()?.();
        }
      }
    } catch (e) {
      r = { path, ok: false, code: 'extract_failed', reason: reasonOf(e), sha256: null, ms: 0 };
    }
    this.done.set(i, r);
    this.notify();
  }
}
