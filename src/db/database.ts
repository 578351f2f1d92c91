import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import { syncRegister } from './register.js';
import { ensureViews } from './views.js';

export type DB = Database.Database;

/** Open (creating if need be) the database: WAL, foreign keys on, migrations applied. */
export function openDatabase(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

/** Open an existing database read-only (queries). */
export function openReadOnly(path: string): DB {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('foreign_keys = ON');
  return db;
}

export function schemaVersion(db: DB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

export function migrate(db: DB): void {
  const current = schemaVersion(db);
  const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  if (current > latest) throw new Error(`database schema version ${current} is newer than this program (${latest})`);
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.up?.(db);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  // Derived from the program's data and code, so kept in step on every open for writing.
  db.transaction(() => {
    syncRegister(db);
    ensureViews(db);
  })();
}

/** Open for reading; a database of an older schema is upgraded in place first. */
export function openForQuery(path: string): DB {
  const probe = openReadOnly(path);
  const old = schemaVersion(probe) < MIGRATIONS[MIGRATIONS.length - 1]!.version;
  probe.close();
  if (old) openDatabase(path).close();
  return openReadOnly(path);
}
