import type Database from 'better-sqlite3';

/**
 * An open connection to this program's SQLite database. A leaf module: every layer that takes a
 * connection imports its type from here, never from the module that opens one.
 */
export type DB = Database.Database;

/** A recommendation as linking reads it: its row id, its number as written, its text and where it is. */
export interface RecommendationRow {
  id: number;
  rec_id: string;
  /** Whom it is addressed to: 'local_authority', 'lscb', 'partners'. */
  scope: string;
  text: string;
  page: number | null;
  line: number | null;
  block: number | null;
}

/** A document as linking reads it: a report a plan may answer, or a plan a progress report may report on. */
export interface CandidateRow {
  id: number;
  path: string;
  date: string | null;
  title: string | null;
}
