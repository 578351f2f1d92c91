/**
 * No network access anywhere in the pipeline: the built CLI imports every fixture format
 * (Markdown, DOCX, PDF; the hostile ones included: XXE, linked images, a remote template,
 * PDF JavaScript / Launch / submitForm) under tests/no-network-guard.cjs, which makes every
 * socket, DNS lookup, http(s) request, fetch and child process fail and records it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { ROOT, fixture, runNode, tmp } from './helpers.js';

const GUARD = join(ROOT, 'tests', 'no-network-guard.cjs');

async function guarded(args: string[], log: string, extraNodeArgs: string[] = []) {
  const r = await runNode(['--require', GUARD, ...extraNodeArgs, ...args], { env: { NO_NET_LOG: log } });
  let lines: Array<{ event: string; what?: string; detail?: string; pid: number; thread: number }> = [];
  try {
    lines = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
  } catch {
    lines = [];
  }
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, lines };
}

describe('no network access', () => {
  it('the guard works: a socket, a DNS lookup, fetch and a child process are blocked and recorded', async () => {
    const log = join(tmp(), 'net.log');
    const script = `
      const tries = [
        () => require('node:net').connect(9, '127.0.0.1'),
        () => require('node:dns').lookup('example.org', () => {}),
        () => require('node:http').get('http://127.0.0.1:9/'),
        () => require('node:child_process').execSync('true'),
      ];
      for (const t of tries) { try { t(); } catch {} }
      fetch('http://127.0.0.1:9/x').catch(() => {});
    `;
    const r = await guarded(['-e', script], log);
    expect(r.code).toBe(0);
    expect(r.lines.filter((l) => l.event === 'attempt').map((l) => l.what)).toEqual([
      'net.connect',
      'dns.lookup',
      'http.get',
      'child_process.execSync',
      'fetch',
    ]);
  });

  it('importing every fixture format, hostile ones included, attempts nothing (main thread and workers)', async () => {
    const dir = tmp();
    const log = join(dir, 'net.log');
    const bad = readdirSync(fixture('bad'))
      .filter((f) => /\.(pdf|docx|md)$/.test(f) && !/slow-emphasis/.test(f))
      .map((f) => join('fixtures', 'bad', f));
    const inputs = [
      'fixtures/seeds',
      'fixtures/plans/harrow-2012-improvement-plan.docx',
      'fixtures/plans/barking-dagenham-2014-action-plan.pdf',
      'fixtures/reports/somerset_2026-06-17.pdf',
      ...bad,
    ];
    const db = join(dir, 'db.sqlite');
    const r = await guarded([join(ROOT, 'dist', 'cli.js'), 'import', ...inputs, '--db', db, '--jobs', '2', '--quiet', '--json'], log);
    expect(r.stderr).not.toContain('network access blocked');
    expect(r.code).toBe(2); // the refused bad fixtures; nothing else
    const s = JSON.parse(r.stdout);
    expect(s.loaded).toBeGreaterThanOrEqual(9);
    const conn = new Database(db, { readonly: true });
    const formats = conn.prepare("SELECT DISTINCT format AS f FROM documents ORDER BY f").all();
    conn.close();
    expect(formats).toEqual([{ f: 'docx' }, { f: 'markdown' }, { f: 'pdf' }]);

    const guards = r.lines.filter((l) => l.event === 'guard');
    expect(guards.some((g) => g.thread === 0)).toBe(true); // main thread
    expect(guards.some((g) => g.thread > 0)).toBe(true); // piscina workers
    expect(r.lines.filter((l) => l.event === 'attempt')).toEqual([]);
  });

  it('in-process extraction (--in-process) of the hostile fixtures attempts nothing either', async () => {
    const dir = tmp();
    const log = join(dir, 'net.log');
    const hostile = ['docx-xxe.docx', 'docx-xxe-dtd-only.docx', 'docx-external-image.docx', 'pdf-javascript-launch.pdf'].map((f) => join('fixtures', 'bad', f));
    const r = await guarded([join(ROOT, 'dist', 'cli.js'), 'extract', ...hostile, '--in-process', '--quiet'], log);
    expect(r.stderr).not.toContain('network access blocked');
    expect(r.stdout.trim().split('\n')).toHaveLength(3); // docx-xxe.docx is refused
    expect(r.lines.filter((l) => l.event === 'attempt')).toEqual([]);
    expect(r.lines.filter((l) => l.event === 'guard')).toHaveLength(1);
  });
});
