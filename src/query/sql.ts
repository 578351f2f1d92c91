/**
 * `ofsted query sql` (a user's own read-only statement, with a time limit and a row cap), and
 * withDb: the CLI's queries over a database opened by openForQuery.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DB } from '../db/types.js';
import { openForQuery } from '../store/open.js';
import { InputError } from '../util/errors.js';

/** What `query sql` returns: the rows, and whether the row cap cut them short. */
export interface SqlResult {
  rows: Record<string, unknown>[];
  truncated: boolean;
}

/**
 * `query sql`: the database opened read-only, one SELECT/WITH statement only.
 * better-sqlite3 refuses several statements in one prepare; the read-only handle
 * refuses writes, whatever the text says. At most `maxRows` rows are read (the
 * statement is stepped row by row and stopped there). Synchronous, with no time limit:
 * see querySqlLimited.
 */
export function runSql(dbPath: string, sql: string, maxRows = Infinity): SqlResult {
  if (!/^\s*(?:select|with)\b/i.test(sql)) throw new InputError('usage', 'only a single SELECT or WITH statement is allowed');
  const db = openForQuery(dbPath);
  try {
    let stmt;
    try {
      stmt = db.prepare(sql);
    } catch (e) {
      throw new InputError('usage', `bad SQL: ${(e as Error).message}`);
    }
    if (!stmt.reader || !stmt.readonly) throw new InputError('usage', 'only a single SELECT or WITH statement is allowed');
    const rows: Record<string, unknown>[] = [];
    for (const row of stmt.iterate() as IterableIterator<Record<string, unknown>>) {
      if (rows.length >= maxRows) return { rows, truncated: true }; // leaving the loop resets the statement
      rows.push(row);
    }
    return { rows, truncated: false };
  } finally {
    db.close();
  }
}

/** Every row of a read-only statement (no cap, no time limit: for callers that trust the SQL). */
export function querySql(dbPath: string, sql: string): Record<string, unknown>[] {
  return runSql(dbPath, sql).rows;
}

/** The child-process module of querySqlLimited: dist/query/sql-child.js (or .ts under tsx). */
function sqlChildFile(): string {
  const js = fileURLToPath(new URL('./sql-child.js', import.meta.url));
  return existsSync(js) ? js : fileURLToPath(new URL('./sql-child.ts', import.meta.url));
}

/**
 * runSql with a time limit. better-sqlite3 has no statement timeout and no interrupt, and a
 * statement runs inside one native call (a recursive CTE that counts forever never yields
 * a row), which neither a timer nor Worker.terminate() can stop (a worker stuck in native
 * code even keeps process.exit waiting). So the statement runs in a child process, killed
 * when the limit passes: "query stopped after N s (time limit ...)".
 */
export async function querySqlLimited(dbPath: string, sql: string, opts: { timeoutMs: number; maxRows: number }): Promise<SqlResult> {
  const file = sqlChildFile();
  const child = fork(file, [], {
    execArgv: file.endsWith('.ts') ? ['--import', 'tsx'] : [],
    serialization: 'advanced', // structured clone: BLOBs and big integers come back as they are
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    return await new Promise<SqlResult>((resolve, reject) => {
      if (opts.timeoutMs > 0) {
        timer = setTimeout(() => {
          child.kill('SIGKILL');
          const s = opts.timeoutMs / 1000;
          reject(new InputError('timeout', `query stopped after ${s} s (time limit; --timeout to change, 0 for none)`));
        }, opts.timeoutMs);
      }
      child.once('message', (m: SqlChildReply) => {
        if ('error' in m) reject(new InputError(m.error.code, m.error.reason));
        else resolve({ rows: m.rows.map(bufferBlobs), truncated: m.truncated });
      });
      // (a reply already received has settled the promise; the tick lets a last message in first)
      child.once('exit', (code, signal) => setImmediate(() => reject(new Error(`query process ended (${signal ?? `exit ${code}`}) without an answer`))));
      child.send({ dbPath, sql, maxRows: opts.maxRows } satisfies SqlChildRequest);
    });
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

export interface SqlChildRequest {
  dbPath: string;
  sql: string;
  maxRows: number;
}
export type SqlChildReply = SqlResult | { error: { code: string; reason: string } };

/** Structured clone turns a Buffer into a plain Uint8Array: make BLOBs Buffers again. */
const bufferBlobs = (row: Record<string, unknown>) => {
  for (const [k, v] of Object.entries(row)) if (v instanceof Uint8Array && !Buffer.isBuffer(v)) row[k] = Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return row;
};

export function withDb<T>(path: string, fn: (db: DB) => T): T {
  let db: DB;
  try {
    db = openForQuery(path);
  } catch (e) {
    throw new InputError('usage', `cannot open database ${path}: ${(e as Error).message}`);
  }
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
