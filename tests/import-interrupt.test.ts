import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { tmp } from './helpers';
import { dbHealth, events, makeCorpus, MD_LIGHT, runCli } from './batch-helpers';

// Each file waits 150 ms in its worker (a test hook), so a run of 40 files takes a few
// seconds and can be stopped part-way; the stop is triggered by progress events, not timing.
const SLOW = { OFSTED_TEST_SLOW_MS: '150' };
const ROUNDS = 8; // x 4 Markdown fixtures = 32 files

const loadedEvents = (line: string) => line.startsWith('{') && /"status":"(loaded|replaced)"/.test(line);

describe('import stopped part-way', () => {
  it('Ctrl-C (SIGINT): finishes the files in flight, prints the summary, exits 130; a re-run finishes the job', async () => {
    const dir = tmp();
    const files = makeCorpus(join(dir, 'in'), ROUNDS, MD_LIGHT);
    const db = join(dir, 'db.sqlite');
    let seen = 0;
    const r = await runCli(['import', join(dir, 'in'), '--db', db, '--jobs', '2', '--json'], {
      env: SLOW,
      onStderrLine: (line) => (loadedEvents(line) && ++seen === 4 ? 'SIGINT' : undefined),
    });
    expect(r.code).toBe(130);
    const s = JSON.parse(r.stdout);
    expect(s.interrupted).toBe('SIGINT');
    expect(s.notStarted).toBeGreaterThan(0);
    expect(s.loaded + s.notStarted).toBe(files.length);
    expect(events(r.stderr).some((e) => e.event === 'stopping')).toBe(true);
    // everything reported loaded is in the database, nothing else
    let h = dbHealth(db);
    expect(h.paths.length).toBe(s.loaded);
    expect(h.integrity).toBe('ok');

    const again = await runCli(['import', join(dir, 'in'), '--db', db, '--jobs', '2', '--json', '--quiet']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ loaded: s.notStarted, unchanged: s.loaded, interrupted: null });
    h = dbHealth(db);
    expect(h.paths).toEqual([...files].sort().map((path) => ({ path, n: 1 })));
  });

  it('SIGTERM stops the same way', async () => {
    const dir = tmp();
    makeCorpus(join(dir, 'in'), 3, MD_LIGHT);
    let seen = 0;
    const r = await runCli(['import', join(dir, 'in'), '--db', join(dir, 'db.sqlite'), '--jobs', '2'], {
      env: SLOW,
      onStderrLine: (line) => (loadedEvents(line) && ++seen === 2 ? 'SIGTERM' : undefined),
    });
    expect(r.code).toBe(130);
    expect(r.stdout).toMatch(/stopped by SIGTERM: \d+ files? not started; run again to finish/);
  });

  it('kill -9: a re-run loads every file exactly once; no half-written documents, no orphans, integrity ok', async () => {
    const dir = tmp();
    const files = makeCorpus(join(dir, 'in'), ROUNDS, MD_LIGHT);
    const db = join(dir, 'db.sqlite');
    for (const killAfter of [3, 12]) {
      let seen = 0;
      const r = await runCli(['import', join(dir, 'in'), '--db', db, '--jobs', '3'], {
        env: SLOW,
        onStderrLine: (line) => (loadedEvents(line) && ++seen === killAfter ? 'SIGKILL' : undefined),
      });
      expect(r.signal).toBe('SIGKILL');
      const h = dbHealth(db);
      expect(h.integrity).toBe('ok');
      expect(h.foreignKeyProblems).toBe(0);
      expect(Object.values(h.orphans).every((n) => n === 0)).toBe(true);
      expect(h.paths.every((p) => p.n === 1)).toBe(true);
      expect(h.paths.length).toBeGreaterThanOrEqual(killAfter);
      expect(h.paths.length).toBeLessThan(files.length);
    }
    const again = await runCli(['import', join(dir, 'in'), '--db', db, '--jobs', '2', '--json', '--quiet']);
    expect(again.code).toBe(0);
    const s = JSON.parse(again.stdout);
    expect(s.loaded + s.unchanged).toBe(files.length);
    expect(s.failed).toEqual([]);
    const h = dbHealth(db);
    expect(h.paths).toEqual([...files].sort().map((path) => ({ path, n: 1 })));
    expect(h.integrity).toBe('ok');
    expect(h.foreignKeyProblems).toBe(0);
    expect(Object.values(h.orphans).every((n) => n === 0)).toBe(true);
    expect(h.ftsOk).toBe(true);
  });
});
