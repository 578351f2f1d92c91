/**
 * Start-up of `ofsted serve`: from spawning the process to the first complete response
 * of the overview page, on the README's fixture database (`npm start`: fixtures/seeds,
 * reports and plans). Target: within 2 s. Median of 5 runs.
 *
 *   npx tsx scripts/bench/serve-startup.ts [db]   (db default: a fresh import of the fixtures)
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CLI = join(ROOT, 'dist', 'cli.js');

function once(db: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--db', db, '--port', '0'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  return new Promise((res, rej) => {
    child.stdout.on('data', async (b) => {
      out += b;
      const m = /at (http:\/\/\S+?)\/?\n/.exec(out);
      if (!m) return;
      try {
        const r = await fetch(`${m[1]}/`);
        await r.text();
        if (r.status !== 200) throw new Error(`status ${r.status}`);
        res(performance.now() - t0);
      } catch (e) {
        rej(e);
      } finally {
        child.kill('SIGTERM');
      }
    });
    child.once('exit', (code) => rej(new Error(`serve exited ${code}`)));
  });
}

export async function serveStartup(db?: string): Promise<{ db: string; runsMs: number[]; medianMs: number; targetMs: number }> {
  let work: string | null = null;
  if (!db) {
    work = mkdtempSync(join(tmpdir(), 'ofsted-serve-bench-'));
    db = join(work, 'fixtures.sqlite');
    const r = spawnSync(process.execPath, [CLI, 'import', 'fixtures/seeds', 'fixtures/reports', 'fixtures/plans/*.{md,docx,pdf}', '--db', db, '--quiet'], { cwd: ROOT, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`fixture import failed (${r.status})`);
  }
  const runsMs: number[] = [];
  for (let i = 0; i < 5; i++) runsMs.push(Math.round(await once(db)));
  if (work) rmSync(work, { recursive: true, force: true });
  const sorted = [...runsMs].sort((a, b) => a - b);
  return { db: work ? 'README fixture database (npm start)' : db, runsMs, medianMs: sorted[2]!, targetMs: 2000 };
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  serveStartup(process.argv[2]).then((r) => process.stdout.write(JSON.stringify(r) + '\n'));
}
