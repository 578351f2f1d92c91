import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDatabase } from '../src/store/open.js';

export const ROOT = resolve(__dirname, '..');
export const fixture = (...p: string[]) => join(ROOT, 'fixtures', ...p);
export const tmp = (prefix = 'ofsted-') => mkdtempSync(join(tmpdir(), prefix));

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Written to the child's stdin (closed after it; without it stdin is ignored). */
  input?: string;
  env?: Record<string, string>;
  /** Sees each stderr line as it arrives and may return a signal to send to the child (once). */
  onStderrLine?: (line: string) => NodeJS.Signals | void;
  /** Sees the child as soon as it is spawned (its pid, to watch it). */
  onSpawn?: (child: ChildProcess) => void;
}

/**
 * Run a program asynchronously (never a synchronous spawn: a test worker blocked on a child process
 * misses vitest's RPC deadline).
 */
export function run(command: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, {
      cwd: opts.cwd ?? ROOT,
      env: { ...process.env, OFSTED_LOG_LEVEL: 'warn', ...opts.env },
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    opts.onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    let partial = '';
    let sent = false;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      if (!opts.onStderrLine) return;
      partial += d;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const sig = opts.onStderrLine(line);
        if (sig && !sent) {
          sent = true;
          child.kill(sig);
        }
      }
    });
    if (opts.input !== undefined) child.stdin!.end(opts.input);
    child.on('error', reject);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr }));
  });
}

/** Run a Node.js script (or node with flags) asynchronously. */
export function runNode(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return run(process.execPath, args, opts);
}

/**
 * Resolves once the process's main thread sleeps in SQLite's busy handler: it met another
 * connection's write lock and waits for it (better-sqlite3's `timeout` retries with nanosleep;
 * an idle Node.js main thread sits in epoll_wait instead). The event that proves a writer waited,
 * observed rather than assumed after a fixed sleep. Linux only (reads /proc/<pid>/wchan): see
 * `canWatchLockWaits`. Rejects if the process exits first or after `limitMs`.
 */
export async function sleepingOnLock(pid: number, limitMs = 60_000): Promise<void> {
  const until = Date.now() + limitMs;
  for (;;) {
    let wchan: string;
    try {
      wchan = readFileSync(`/proc/${pid}/wchan`, 'utf8');
    } catch {
      throw new Error(`process ${pid} exited before it waited for the lock`);
    }
    if (wchan.includes('nanosleep')) return;
    if (Date.now() > until) throw new Error(`process ${pid} never waited for the lock (wchan ${wchan})`);
    await new Promise((res) => setTimeout(res, 5)); // polling for the event, not a sleep standing in for it
  }
}

/** Whether this system shows what a process waits in (Linux's /proc/<pid>/wchan). */
export const canWatchLockWaits = (() => {
  try {
    return /\S/.test(readFileSync(`/proc/${process.pid}/wchan`, 'utf8'));
  } catch {
    return false;
  }
})();

/** Run the built CLI (vitest's globalSetup, tests/build-dist.ts, builds dist/ from src/ first when it is older). */
export function cli(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return runNode([join(ROOT, 'dist', 'cli.js'), ...args], opts);
}

/** Build a small PDF with a correct xref from object bodies (object 1 must be the catalog). */
export function makePdf(objects: string[], trailerExtra = ''): Uint8Array {
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` + offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** One value of one SQL statement on a database file (opened and closed around it). */
export function sqlValue(db: string, text: string, ...params: unknown[]): unknown {
  const h = openDatabase(db);
  try {
    return h.prepare(text).pluck().get(...params);
  } finally {
    h.close();
  }
}
