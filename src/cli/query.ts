import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openForQuery, openReadOnly, type DB } from '../db/database.js';
import { InputError } from '../util/errors.js';
import { ftsWords } from '../data/access.js';
import { lookupAuthority, regions, withNeighbours } from '../register/lookup.js';

export interface QueryFilters {
  /** A name, an alias or a DfE code. */
  la?: string;
  /** An ONS region of the register ("London"). */
  region?: string;
  /** An authority (name, alias or code): it and its statistical neighbours. */
  neighboursOf?: string;
  framework?: string;
  search?: string;
  rag?: string;
  overdue?: boolean;
  asOf?: string;
  area?: string;
  grade?: string;
  limit?: number;
}

/** FTS5 query from user words: each word quoted (no FTS syntax reaches SQLite), all required. */
export function ftsQuery(text: string): string {
  const q = ftsWords(text);
  if (!q) throw new InputError('usage', 'search text has no words');
  return q;
}

interface Built {
  where: string[];
  params: Record<string, unknown>;
}

/** Filters on the document of each row: `d` is the documents table's alias. */
export function docFilters(f: QueryFilters, d = 'd'): Built {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.la) {
    const found = lookupAuthority(f.la);
    if (found.ok) {
      // By the register's code; documents whose authority matched no register row, by name.
      where.push(`(${d}.local_authority_code = @laCode OR (${d}.local_authority_code IS NULL AND ${byName(d)}))`);
      params.laCode = found.authority.code;
    } else where.push(byName(d));
    params.la = f.la;
    params.laWords = `${f.la.replace(/[\\%_]/g, (c) => `\\${c}`)} %`;
  }
  if (f.region) {
    const region = regions().find((r) => r.toLowerCase() === f.region!.trim().toLowerCase());
    if (!region) throw new InputError('usage', `unknown region "${f.region}"; the register's regions: ${regions().join(', ')}`);
    where.push(`${d}.local_authority_code IN (SELECT code FROM local_authorities WHERE region = @region)`);
    params.region = region;
  }
  if (f.neighboursOf) {
    const found = lookupAuthority(f.neighboursOf);
    if (!found.ok) throw new InputError('usage', `--neighbours-of: ${found.reason}`);
    const codes = withNeighbours(found.authority);
    where.push(`${d}.local_authority_code IN (${codes.map((_, i) => `@nb${i}`).join(', ')})`);
    codes.forEach((c, i) => (params[`nb${i}`] = c));
  }
  if (f.framework) {
    where.push(`${d}.framework = @framework`);
    params.framework = f.framework;
  }
  return { where, params };
}

/**
 * The name as stored: any case, and a name given shorter or longer on whole words
 * ("Newcastle" / "Newcastle upon Tyne") still matches.
 */
function byName(d: string): string {
  return `(${d}.local_authority = @la COLLATE NOCASE OR ${d}.local_authority LIKE @laWords ESCAPE '\\' OR @la LIKE replace(replace(replace(${d}.local_authority, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || ' %' ESCAPE '\\')`;
}

/** `FROM` clause of a table, joined to its FTS5 index when the filters search text. */
function searchable(table: string, alias: string, f: QueryFilters, b: Built): string {
  if (!f.search) return `${table} ${alias}`;
  b.where.push(`${table}_fts MATCH @q`);
  b.params.q = ftsQuery(f.search);
  return `${table}_fts JOIN ${table} ${alias} ON ${alias}.id = ${table}_fts.rowid`;
}

const whereSql = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');
const limitSql = (f: QueryFilters) => `LIMIT ${Math.max(1, Math.min(f.limit ?? 1000, 100000))}`;

export function queryJudgements(db: DB, f: QueryFilters): Record<string, unknown>[] {
  const { where, params } = docFilters(f);
  if (f.area) {
    where.push('j.area = @area');
    params.area = f.area;
  }
  if (f.grade) {
    where.push('j.grade = @grade');
    params.grade = f.grade;
  }
  if (f.search) {
    where.push("j.label LIKE '%' || @search || '%'");
    params.search = f.search;
  }
  return db
    .prepare(
      `SELECT d.local_authority AS la, d.framework, d.inspection_end AS inspected, j.area, j.grade, j.label,
              d.path, j.page, j.line, j.block
       FROM judgements j JOIN documents d ON d.id = j.document_id
       ${whereSql(where)}
       ORDER BY d.local_authority, d.inspection_end, j.id ${limitSql(f)}`,
    )
    .all(params) as Record<string, unknown>[];
}

export function queryRecommendations(db: DB, f: QueryFilters, withParagraphs = false): Record<string, unknown>[] {
  const built = docFilters(f);
  const { where, params } = built;
  const from = searchable('recommendations', 'r', f, built);
  const rows = db
    .prepare(
      `SELECT r.id AS _rid, d.local_authority AS la, d.framework, d.kind, d.inspection_end AS inspected, r.rec_id AS id, r.scope,
              r.timescale, r.text,
              (SELECT group_concat(paragraph_number, ',') FROM (SELECT paragraph_number FROM recommendation_paragraph_refs WHERE recommendation_id = r.id ORDER BY paragraph_number)) AS paragraphs,
              d.path, r.page, r.line, r.block
       FROM ${from} JOIN documents d ON d.id = r.document_id
       ${whereSql(where)}
       ORDER BY d.local_authority, d.inspection_end, r.id ${limitSql(f)}`,
    )
    .all(params) as Array<Record<string, unknown>>;
  const cited = db.prepare(
    `SELECT x.paragraph_number AS number, p.section, p.text, p.page, p.line, p.block
     FROM recommendation_paragraph_refs x LEFT JOIN paragraphs p ON p.id = x.paragraph_id
     WHERE x.recommendation_id = ? ORDER BY x.paragraph_number`,
  );
  return rows.map(({ _rid, ...r }) => (withParagraphs ? { ...r, cited: cited.all(_rid) } : r));
}

export function queryActions(db: DB, f: QueryFilters): Record<string, unknown>[] {
  const built = docFilters(f);
  const { where, params } = built;
  const from = searchable('actions', 'a', f, built);
  if (f.rag) {
    where.push('a.rag = @rag');
    params.rag = f.rag.toLowerCase();
  }
  if (f.overdue) {
    // Done: rated complete (or blue), or a status word saying so ("Completed").
    where.push("a.due_date IS NOT NULL AND a.due_date < @asOf AND coalesce(a.rag, '') NOT IN ('complete', 'blue') AND lower(coalesce(a.rag_raw, '')) NOT LIKE 'complete%'");
    params.asOf = f.asOf ?? new Date().toISOString().slice(0, 10);
  }
  return db
    .prepare(
      `SELECT d.local_authority AS la, a.recommendation_ref AS recommendation, a.action_id AS id, a.description, a.leads,
              a.due_raw AS due, a.due_date, a.rag, a.rag_raw, a.progress, d.path, a.page, a.line, a.block
       FROM ${from} JOIN documents d ON d.id = a.document_id
       ${whereSql(where)}
       ORDER BY d.local_authority, a.id ${limitSql(f)}`,
    )
    .all(params) as Record<string, unknown>[];
}

export function queryParagraphs(db: DB, f: QueryFilters): Record<string, unknown>[] {
  const built = docFilters(f);
  const { where, params } = built;
  const from = searchable('paragraphs', 'p', f, built);
  return db
    .prepare(
      `SELECT d.local_authority AS la, d.framework, p.number, p.label, p.section, p.text, d.path, p.page, p.line, p.block
       FROM ${from} JOIN documents d ON d.id = p.document_id
       ${whereSql(where)}
       ORDER BY d.local_authority, d.id, p.number ${limitSql(f)}`,
    )
    .all(params) as Record<string, unknown>[];
}

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

/** The child-process module of querySqlLimited: dist/cli/sql-child.js (or .ts under tsx). */
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
