import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, fixture, ROOT, tmp } from './helpers';

/** Fixtures for the web app and export tests: Brent's two reports (a timeline with a
 * direction of travel), Bradford's two, the Markdown reports and plans (the hostile-text
 * plan among them). */
export const WEB_FIXTURES = [
  fixture('seeds'),
  fixture('plans', 'barking-dagenham-2014-action-plan.md'),
  fixture('plans', 'brent-2011-action-plan.md'),
  fixture('plans', 'harrow-2012-improvement-plan.md'),
  fixture('plans', 'hostile-text-action-plan.md'),
  fixture('reports', 'brent_2015-11-30.pdf'),
  fixture('reports', 'brent_2023-04-11.pdf'),
  fixture('reports', 'bradford_2018-10-29.pdf'),
  fixture('reports', 'bradford_2026-05-21.pdf'),
];

/** A fresh database of WEB_FIXTURES (through the CLI, as a user would). */
export async function buildWebDb(): Promise<string> {
  const db = join(tmp('ofsted-web-'), 'web.sqlite');
  const r = await cli(['import', ...WEB_FIXTURES, '--db', db, '--jobs', '1', '--quiet']);
  if (r.code !== 0) throw new Error(`import failed (${r.code}): ${r.stderr}`);
  return db;
}

/**
 * A copy of `src` with a report that a plan in it answers: the Barking and Dagenham 2014
 * report, whose areas for improvement the fixture plan takes up one by one, so the loader
 * links them (issue 10) and the tracker panel and Tracker sheet have rows.
 */
export async function withLinks(src: string): Promise<string> {
  const dest = join(tmp('ofsted-web-links-'), 'links.sqlite');
  const s = new Database(src, { readonly: true });
  s.pragma('wal_checkpoint(TRUNCATE)');
  s.close();
  copyFileSync(src, dest);
  const r = await cli(['import', fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), '--db', dest, '--jobs', '1', '--quiet']);
  if (r.code !== 0) throw new Error(`import failed (${r.code}): ${r.stderr}`);
  return dest;
}

export interface Served {
  url: string;
  child: ChildProcess;
  stdout: string;
  stop(): Promise<void>;
}

/** `ofsted serve --db DB --port 0 [args]`, resolved with its URL once it prints it. */
export function serveCli(db: string, args: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'serve', '--db', db, '--port', '0', ...args], {
    env: { ...process.env, OFSTED_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 60_000);
    child.stderr!.on('data', (b) => (stderr += b));
    child.stdout!.on('data', (b) => {
      stdout += b;
      const m = /at (http:\/\/\S+?)\/?\n/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          child,
          stdout,
          stop: () =>
            new Promise<void>((res) => {
              if (child.exitCode !== null) return res();
              child.once('exit', () => res());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${stderr}`));
    });
  });
}

/** Chromium (Debian's) through playwright-core, as CI installs it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
