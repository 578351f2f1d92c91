import type { DB } from '../db/types.js';
import { inspectFile, LATEST_SCHEMA, openMigrated, openReadOnly } from '../db/database.js';
import { deriveActionStatesAndVersions, rederiveStoredDocuments } from './rederive.js';

/**
 * Open (creating if need be) the database to work with: WAL, foreign keys on, the schema migrated
 * (src/db/), then the stored documents of an older document version re-derived
 * (rederiveStoredDocuments), and what a database from before migration 6 lacks: action states, plan
 * versions (deriveActionStatesAndVersions).
 */
export function openDatabase(path: string): DB {
  const db = openMigrated(path);
  try {
    rederiveStoredDocuments(db);
    deriveActionStatesAndVersions(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/**
 * The one way to open a database for reading (the CLI's queries, the web app, the export): an
 * older file is upgraded in place first (its schema migrated, its stored documents re-derived, the
 * derived register and views brought in step); a file that cannot be read as this program's
 * database is refused with a one-line reason. The handle returned is read-only, with `query_only` on.
 */
export function openForQuery(path: string): DB {
  const { version, stale, documentsBehind } = inspectFile(path);
  const behind = version < LATEST_SCHEMA || documentsBehind;
  if (behind || stale) {
    try {
      openDatabase(path).close();
    } catch (e) {
      // Views and the register copy are for other readers: this program's queries do without them.
      if (version < LATEST_SCHEMA) {
        throw new Error(`${path} has schema version ${version}, older than this program's ${LATEST_SCHEMA}, and could not be upgraded (${(e as Error).message}); open it once with write access (ofsted import upgrades it)`);
      }
      if (behind) {
        throw new Error(`${path} holds documents of an older version that could not be re-derived (${(e as Error).message}); open it once with write access (ofsted import upgrades it)`);
      }
    }
  }
  const db = openReadOnly(path);
  db.pragma('query_only = ON');
  return db;
}
