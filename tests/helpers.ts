import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

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

/** Run the built CLI (npm test builds dist/ first). */
export function cli(args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return runNode([join(ROOT, 'dist', 'cli.js'), ...args], opts);
}
