import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { MIGRATIONS } from './migrations.js';
import { registerOutOfSync, syncRegister } from './register.js';
import { syncThemes, themesOutOfSync } from './themes.js';
import { ensureViews, viewsOutOfSync } from './views.js';
import { actionsWithoutState, documentsToRederive, plansWithoutVersion } from './stored.js';
import type { DB } from './types.js';

/**
 * The connection, the schema and its migrations. Opening a database to work with (migrated, then
 * its stored documents re-derived) is the storage layer's: openDatabase and openForQuery in
 * src/store/open.ts.
 */

/** How long a writer waits for another process's write lock before giving up. */
export const BUSY_TIMEOUT_MS = 60_000;

/** The database's migration version of this program (its last migration; SQLite's `PRAGMA user_version`), not the document JSON's DOCUMENT_VERSION. */
export const LATEST_SCHEMA = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * Open (creating if need be) the database: WAL, foreign keys on, the schema migrated and the tables
 * derived from the program's data in step. Stored documents are not re-derived here (see
 * src/store/open.ts).
 */
export function openMigrated(path: string): DB {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  // Another import may be writing the same file: wait for its lock (each of its
  // transactions is one document, so a short wait) rather than fail with "database is locked".
  const db = new Database(path, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

/** Open an existing database read-only, as it is (see openForQuery in src/store/open.ts). */
export function openReadOnly(path: string): DB {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('foreign_keys = ON');
  return db;
}

export function schemaVersion(db: DB): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Apply the migrations this database lacks. Two processes may open a new database at
 * once: the version is read again inside a write-locked (IMMEDIATE) transaction, so the
 * second waits for the first and then finds nothing left to do.
 */
export function migrate(db: DB): void {
  const latest = LATEST_SCHEMA;
  const check = (current: number) => {
    if (current > latest) throw new Error(`database schema version ${current} is newer than this program (${latest})`);
    return current < latest;
  };
  if (check(schemaVersion(db))) {
    // Foreign keys off while tables are rebuilt (a pragma that is a no-op inside a transaction, so set
    // before it), checked before the transaction commits: a violation rolls the whole upgrade back.
    db.pragma('foreign_keys = OFF');
    try {
      db.transaction(() => {
        const current = schemaVersion(db);
        if (!check(current)) return;
        for (const m of MIGRATIONS) {
          if (m.version <= current) continue;
          db.exec(m.sql);
          db.pragma(`user_version = ${m.version}`);
        }
        const broken = db.pragma('foreign_key_check') as unknown[];
        if (broken.length > 0) throw new Error(`database upgrade would break ${broken.length} foreign key reference(s); nothing was changed`);
      }).immediate();
    } finally {
      db.pragma('foreign_keys = ON');
    }
  }
  // Derived from the program's data and code, so kept in step on every open for writing. Checked
  // first without a lock, so opening an up-to-date database never waits for another writer;
  // when something is to change, write-locked from the start like the migrations.
  if (registerOutOfSync(db) || themesOutOfSync(db) || viewsOutOfSync(db)) {
    db.transaction(() => {
      syncRegister(db);
      syncThemes(db);
      ensureViews(db);
    }).immediate();
  }
}

/** What a reader needs to know of a database file before reading it, read without writing to it. */
export interface FileState {
  version: number;
  /** Schema current, but its register copy or views out of step with this program (a writer remakes them). */
  stale: boolean;
  /** Stored documents of an older document version, or actions with no state, or plans with no version, not yet derived (a writer derives them). */
  documentsBehind: boolean;
}

/**
 * A database file's schema version and what is out of step in it, read-only. A file that cannot be
 * read as this program's database is refused with a one-line reason naming it.
 */
export function inspectFile(path: string): FileState {
  let probe: DB;
  try {
    probe = openReadOnly(path);
  } catch (e) {
    throw new Error(`no database at ${path} (${(e as Error).message})`);
  }
  try {
    let version: number;
    try {
      version = schemaVersion(probe);
    } catch {
      throw new Error(`${path} is not a SQLite database`);
    }
    if (version > LATEST_SCHEMA) throw new Error(`${path} has schema version ${version}, newer than this program's ${LATEST_SCHEMA}: use a newer ofsted-ingest`);
    const hasDocuments = probe.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").get() !== undefined;
    if (version === 0 && !hasDocuments) throw new Error(`${path} is not an ofsted-ingest database (no documents table)`);
    if (version < LATEST_SCHEMA) return { version, stale: false, documentsBehind: false };
    return { version, stale: registerOutOfSync(probe) || viewsOutOfSync(probe), documentsBehind: documentsToRederive(probe) > 0 || actionsWithoutState(probe) > 0 || plansWithoutVersion(probe) > 0 };
  } finally {
    probe.close();
  }
}
