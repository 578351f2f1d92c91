import { openReadOnly, type DB } from '../db/database.js';
import { InputError } from '../util/errors.js';

export interface QueryFilters {
  la?: string;
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
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  if (words.length === 0) throw new InputError('usage', 'search text has no words');
  return words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' ');
}

interface Built {
  where: string[];
  params: Record<string, unknown>;
}

function docFilters(f: QueryFilters): Built {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.la) {
    // Any case; and a report that names the authority shorter or longer than the query
    // ("Newcastle" / "Newcastle upon Tyne", "East Riding" / "East Riding of Yorkshire")
    // still matches, on whole words.
    where.push(
      "(d.local_authority = @la COLLATE NOCASE OR d.local_authority LIKE @laWords ESCAPE '\\' OR @la LIKE replace(replace(replace(d.local_authority, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || ' %' ESCAPE '\\')",
    );
    params.la = f.la;
    params.laWords = `${f.la.replace(/[\\%_]/g, (c) => `\\${c}`)} %`;
  }
  if (f.framework) {
    where.push('d.framework = @framework');
    params.framework = f.framework;
  }
  return { where, params };
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

/**
 * `query sql`: the database opened read-only, one SELECT/WITH statement only.
 * better-sqlite3 refuses several statements in one prepare; the read-only handle
 * refuses writes, whatever the text says.
 */
export function querySql(dbPath: string, sql: string): Record<string, unknown>[] {
  if (!/^\s*(?:select|with)\b/i.test(sql)) throw new InputError('usage', 'only a single SELECT or WITH statement is allowed');
  const db = openReadOnly(dbPath);
  try {
    let stmt;
    try {
      stmt = db.prepare(sql);
    } catch (e) {
      throw new InputError('usage', `bad SQL: ${(e as Error).message}`);
    }
    if (!stmt.reader || !stmt.readonly) throw new InputError('usage', 'only a single SELECT or WITH statement is allowed');
    return stmt.all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

export function withDb<T>(path: string, fn: (db: DB) => T): T {
  let db: DB;
  try {
    db = openReadOnly(path);
  } catch (e) {
    throw new InputError('usage', `cannot open database ${path}: ${(e as Error).message}`);
  }
  try {
    return fn(db);
  } finally {
    db.close();
  }
}
