/**
 * vitest globalSetup: the CLI tests run dist/ (as users do) while the other tests import src/,
 * so both must be one version. Before any test file starts, dist/ is rebuilt with tsc when it is
 * older than src/ (or missing); a run after editing src/ without a build then tests what was edited.
 * It runs once, in vitest's main process, with an asynchronous child (no worker is blocked), and
 * costs nothing when dist/ is up to date. A build that fails stops the run with tsc's messages.
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');

/** Newest modification time (ms) of the files under dir, 0 when there are none. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) t = Math.max(t, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return t;
}

function builtAt(): number {
  try {
    return statSync(join(ROOT, 'dist', 'cli.js')).mtimeMs;
  } catch {
    return 0;
  }
}

export default async function setup(): Promise<void> {
  const sources = Math.max(newest(join(ROOT, 'src')), statSync(join(ROOT, 'tsconfig.json')).mtimeMs);
  if (builtAt() >= sources) return;
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const out = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.json')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (text += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, text }));
  });
  if (out.code !== 0) throw new Error(`dist/ is older than src/ and tsc could not build it:\n${out.text}`);
  if (builtAt() < sources) throw new Error('dist/ is older than src/ even after tsc built it: is dist/cli.js still emitted?');
}
