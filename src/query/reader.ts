/**
 * Where a read query gets its rows: straight from a database (the CLI, the export), or through
 * the web app's DataAccess (src/query/access.ts), which runs every statement under its time
 * budget and row cap. A query that takes a Reader puts `guard` in the WHERE clause of its scans.
 */
import type { DB } from '../db/types.js';

export interface Reader {
  readonly db: DB;
  /** The rows of one statement, at most `cap`. */
  all<T = Record<string, unknown>>(sql: string, params?: unknown, cap?: number): T[];
  /** An SQL condition to AND into the WHERE of every scan: 'budget()' under a time budget (it stops the statement past its deadline), else '1'. */
  readonly guard: string;
}

/** A database read directly: no time limit, no cap unless asked. */
export function plainReader(db: DB): Reader {
  return {
    db,
    guard: '1',
    all<T>(sql: string, params: unknown = {}, cap = Infinity): T[] {
      const out: T[] = [];
      for (const r of db.prepare(sql).iterate(params as Record<string, unknown>)) {
        if (out.length >= cap) break;
        out.push(r as T);
      }
      return out;
    },
  };
}

/** A Reader as it is, a database as a plainReader. */
export const readerOf = (src: DB | Reader): Reader => ('guard' in src ? src : plainReader(src));
