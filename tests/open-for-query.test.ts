/**
 * openForQuery: the one way the CLI's queries, the web app and the export open a database for
 * reading. An old file is upgraded in place; a file that is not this program's database is
 * refused with a one-line reason; the handle is read-only.
 */
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openMigrated, schemaVersion } from '../src/db/database';
import { openForQuery } from '../src/store/open';
import { MIGRATIONS } from '../src/db/migrations';
import { fixture, tmp } from './helpers';

const LATEST = MIGRATIONS.at(-1)!.version;

describe('openForQuery', () => {
  it('upgrades a database of an older schema in place, then reads it read-only', () => {
    const path = join(tmp('ofsted-open-'), 'v2.sqlite');
    copyFileSync(fixture('db', 'v2.sqlite'), path);
    const db = openForQuery(path);
    try {
      expect(schemaVersion(db)).toBe(LATEST);
      expect(db.readonly).toBe(true);
      expect(() => db.exec('DELETE FROM documents')).toThrow(/readonly|query_only/i);
      expect((db.prepare('SELECT count(*) n FROM v_tracker').get() as { n: number }).n).toBeGreaterThanOrEqual(0);
    } finally {
      db.close();
    }
  });

  it('finishes a re-derivation cut short: a current schema whose stored documents are of an older version', () => {
    const path = join(tmp('ofsted-open-'), 'v2.sqlite');
    copyFileSync(fixture('db', 'v2.sqlite'), path);
    openMigrated(path).close(); // the schema migrated, the stored documents not yet re-derived
    const db = openForQuery(path);
    try {
      expect(db.prepare('SELECT DISTINCT schema_version AS v FROM documents').all()).toEqual([{ v: '4' }]);
      expect((db.prepare("SELECT count(*) n FROM recommendations WHERE kind = 'area_for_improvement'").get() as { n: number }).n).toBeGreaterThan(0);
      expect((db.prepare('SELECT count(*) n FROM recommendation_links').get() as { n: number }).n).toBe(13);
    } finally {
      db.close();
    }
  });

  it('refuses what it cannot read, each with a one-line reason naming the file', () => {
    const dir = tmp('ofsted-open-bad-');
    const newer = join(dir, 'newer.sqlite');
    const n = new Database(newer);
    n.exec('CREATE TABLE documents (id INTEGER PRIMARY KEY)');
    n.pragma(`user_version = ${LATEST + 1}`);
    n.close();
    const foreign = join(dir, 'foreign.sqlite');
    const f = new Database(foreign);
    f.exec('CREATE TABLE t (x)');
    f.close();
    const text = join(dir, 'notes.sqlite');
    writeFileSync(text, 'this is not a database at all, just some words that fill the header and more');
    const cases: Array<[string, RegExp]> = [
      [newer, new RegExp(`newer\\.sqlite has schema version ${LATEST + 1}, newer than this program's ${LATEST}`)],
      [foreign, /foreign\.sqlite is not an ofsted-ingest database/],
      [text, /notes\.sqlite is not a SQLite database/],
      [join(dir, 'missing.sqlite'), /no database at .*missing\.sqlite/],
    ];
    for (const [path, why] of cases) {
      let err: Error | null = null;
      try {
        openForQuery(path).close();
      } catch (e) {
        err = e as Error;
      }
      expect(err?.message, path).toMatch(why);
      expect(err!.message).not.toContain('\n');
    }
    expect(existsSync(join(dir, 'missing.sqlite'))).toBe(false);
  });
});
