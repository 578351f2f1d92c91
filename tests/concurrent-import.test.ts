/**
 * Two imports into the same database at once (two officers, one shared file): both
 * succeed or one waits for the other's write lock; never "database is locked", nothing
 * lost, nothing twice.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { canWatchLockWaits, ROOT, sleepingOnLock, tmp } from './helpers';
import { dbContent, dbHealth, events, makeCorpus, MD_FIXTURES, runCli } from './batch-helpers';
import { MIGRATIONS } from '../src/db/migrations';

describe('two imports into one database at once', () => {
  it('both succeed; the database holds every file once, as a single import of both sets would', async () => {
    const dir = tmp('ofsted-concurrent-');
    const shared = makeCorpus(join(dir, 'shared'), 2); // both officers import these
    const own = (name: string) =>
      MD_FIXTURES.map((f) => {
        const dest = join(dir, `${name}-${basename(f)}`);
        writeFileSync(dest, readFileSync(f, 'utf8') + `\n<!-- ${name} -->\n`);
        return dest;
      });
    const a = own('a');
    const b = own('b');
    const db = join(dir, 'shared.sqlite');
    const [ra, rb] = await Promise.all([
      runCli(['import', ...shared, ...a, '--db', db, '--jobs', '1', '--quiet', '--json']),
      runCli(['import', ...b, ...shared.slice().reverse(), '--db', db, '--jobs', '1', '--quiet', '--json']),
    ]);
    for (const r of [ra, rb]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    // every shared file was loaded by exactly one of the two; the other found it there
    const sa = JSON.parse(ra.stdout);
    const sb = JSON.parse(rb.stdout);
    expect(sa.loaded + sb.loaded).toBe(shared.length + a.length + b.length);
    expect(sa.unchanged + sb.unchanged).toBe(shared.length);

    const ref = join(dir, 'ref.sqlite');
    const r = await runCli(['import', ...shared, ...a, ...b, '--db', ref, '--jobs', '1', '--quiet']);
    expect(r.code).toBe(0);
    expect(dbContent(db)).toEqual(dbContent(ref));
    expect(dbHealth(db)).toEqual(dbHealth(ref));
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare('SELECT count(*) n, count(DISTINCT sha256) d FROM documents').get()).toEqual({ n: 20, d: 20 });
    expect(conn.prepare('SELECT count(*) n FROM import_errors').get()).toEqual({ n: 0 });
    conn.close();
  });

  // The lock is released only once the child is seen waiting for it (its main thread asleep in
  // SQLite's busy handler), never after a fixed sleep: a slow child then proves as much as a quick one.
  it.runIf(canWatchLockWaits)('an import meeting another writer waits for its lock instead of failing', async () => {
    const dir = tmp('ofsted-lockwait-');
    const db = join(dir, 'db.sqlite');
    expect((await runCli(['import', MD_FIXTURES[0]!, '--db', db, '--quiet'])).code).toBe(0);
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE'); // the other officer's import, mid-document
    let files = 0;
    let pid = 0;
    const run = runCli(['import', ...MD_FIXTURES.slice(1), '--db', db, '--jobs', '1'], {
      onSpawn: (child) => (pid = child.pid!),
      onStderrLine: (line) => {
        if (line.includes('"event":"file"')) files++;
      },
    });
    await sleepingOnLock(pid);
    const filesWhileLocked = files; // the child waits on its first write: nothing of it is in yet
    holder.exec('COMMIT');
    holder.close();
    const r = await run;
    expect(filesWhileLocked).toBe(0);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/locked|busy/i);
    expect(events(r.stderr).filter((e) => e.event === 'file').map((e) => e.status)).toEqual(['loaded', 'loaded', 'loaded', 'loaded']);
  });

  it.runIf(canWatchLockWaits)('two processes creating the same new database: the second waits and finds the schema made', async () => {
    const dir = tmp('ofsted-migrate-');
    const db = join(dir, 'new.sqlite');
    // The first creator, part-way through: WAL on, every table made, version not yet set.
    const first = new Database(db);
    first.pragma('journal_mode = WAL');
    first.exec('BEGIN IMMEDIATE');
    for (const m of MIGRATIONS) first.exec(m.sql);
    const code = `
      import { openDatabase } from ${JSON.stringify(join(ROOT, 'dist', 'store', 'open.js'))};
      process.stdout.write('opening\\n');
      const db = openDatabase(process.argv[1]);
      process.stdout.write('version ' + db.pragma('user_version', { simple: true }) + '\\n');
      db.close();`;
    const second = spawn(process.execPath, ['--input-type=module', '-e', code, db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    second.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const opening = new Promise<void>((res) =>
      second.stdout.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        if (out.includes('opening')) res();
      }),
    );
    const exited = new Promise<number | null>((res) => second.on('close', res));
    await opening;
    await sleepingOnLock(second.pid!); // the second has read version 0 and waits for the lock
    first.pragma(`user_version = ${MIGRATIONS.at(-1)!.version}`);
    first.exec('COMMIT');
    first.close();
    expect(await exited).toBe(0);
    expect(err).toBe('');
    expect(out).toBe(`opening\nversion ${MIGRATIONS.at(-1)!.version}\n`);
  });
});
