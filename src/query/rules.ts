/**
 * The read model's rules, each written once, as SQL fragments over the tables (aliases are
 * parameters). Everything that reads the database (the CLI's `query` and `tracker`, the web
 * app, the export and the views of src/db/views.ts) builds its statements from these.
 */
import { InputError } from '../util/errors.js';
import { lookupAuthority } from '../register/lookup.js';
import { documentDateSql } from '../model/dates.js';

/** Today as YYYY-MM-DD (UTC): the default "as of" date. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** An "as of" date given by a user: YYYY-MM-DD or nothing (today). */
export function asOfDate(v: string | undefined): string {
  if (v === undefined) return today();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) throw new InputError('usage', '--as-of must be a date YYYY-MM-DD');
  return v;
}

/** The date a document speaks for (src/model/dates.ts; `d`: the documents alias, '' for none). */
export const docDate = (d = 'd'): string => documentDateSql(d);

/** An authority's key: the register's DfE code, else the name as the document gives it. */
export const authorityKey = (d = 'd'): string => `coalesce(${d}.local_authority_code, ${d}.local_authority)`;
/** Its display name: the register's, else the document's (needs laJoin). */
export const authorityName = (d = 'd'): string => `coalesce(la.name, ${d}.local_authority)`;
/** The register row of a document's authority, as `la`. */
export const laJoin = (d = 'd'): string => `LEFT JOIN local_authorities la ON la.code = ${d}.local_authority_code`;

/** RAG ratings that mean done. */
export const DONE_RAGS = ['complete', 'blue'] as const;

/**
 * Overdue as of a date: a due date before it, and not done: neither rated complete (or blue)
 * nor with a status word that says so ("Completed"). `asOf` is an SQL expression (a parameter
 * such as `@asOf`, or `date('now')` in the views).
 */
export const isOverdue = (a: string, asOf: string): string =>
  `(${a}.due_date IS NOT NULL AND ${a}.due_date < ${asOf} AND coalesce(${a}.rag, '') NOT IN ('complete', 'blue') AND lower(coalesce(${a}.rag_raw, '')) NOT LIKE 'complete%')`;
export const isDone = (a: string): string => `(coalesce(${a}.rag, '') IN ('complete', 'blue') OR lower(coalesce(${a}.rag_raw, '')) LIKE 'complete%')`;

/** Letters between full inspections, and the area SEND inspections: never a "latest graded inspection". */
export const VISIT_FRAMEWORKS = ['focused_visit', 'monitoring_visit', 'jtai'] as const;
export const SEND_FRAMEWORKS = ['area_send', 'local_area_send'] as const;
const quoted = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
export const NOT_FULL_FRAMEWORKS: readonly string[] = [...VISIT_FRAMEWORKS, ...SEND_FRAMEWORKS];
export const NOT_FULL = quoted(NOT_FULL_FRAMEWORKS);
export const VISITS = quoted(VISIT_FRAMEWORKS);
export const SENDS = quoted(SEND_FRAMEWORKS);

/** A graded full inspection: an inspection report of a full framework with at least one graded judgement. */
export const isGradedFullInspection = (d = 'd'): string =>
  `(${d}.kind = 'inspection_report' AND coalesce(${d}.framework, '') NOT IN (${NOT_FULL})
    AND EXISTS (SELECT 1 FROM judgements gj WHERE gj.document_id = ${d}.id AND gj.area <> 'send_outcome'))`;

/**
 * The graded full inspections of each authority, newest first: columns key, id, framework,
 * publication_date, date and n (1 = latest, 2 = previous). Two files of one inspection (same
 * authority, same date: a PDF and its Markdown) count once, the later import standing for it.
 */
export function gradedInspectionsSql(): string {
  return `WITH graded0 AS (
  SELECT ${authorityKey('d')} AS key, d.id, d.framework, d.publication_date, ${docDate('d')} AS date FROM documents d
  WHERE ${authorityKey('d')} IS NOT NULL AND ${isGradedFullInspection('d')}
)
SELECT *, row_number() OVER (PARTITION BY key ORDER BY date DESC, id DESC) AS n FROM graded0
WHERE id IN (SELECT max(id) FROM graded0 GROUP BY key, date)`;
}

/** FTS5 query from user words: each word quoted (no FTS syntax reaches SQLite), all required; null when none. */
export function ftsWords(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? [];
  if (words.length === 0) return null;
  return words.slice(0, 16).map((w) => `"${w.replace(/"/g, '""')}"`).join(' ');
}

/** ftsWords, refusing text with no words (a usage error). */
export function ftsQuery(text: string): string {
  const q = ftsWords(text);
  if (!q) throw new InputError('usage', 'search text has no words');
  return q;
}

/** Full-text search: the rows of a searchable table (id column `id`) whose FTS5 index (`<table>_fts`) matches. */
export const ftsMatch = (table: 'recommendations' | 'paragraphs' | 'actions', id: string, param = '@q'): string =>
  `${id} IN (SELECT rowid FROM ${table}_fts WHERE ${table}_fts MATCH ${param})`;

/**
 * Documents of the authority a user names (a name, alias, any spelling the register resolver
 * accepts, or a DfE code): by the register's code, and documents whose authority matched no
 * register row by their name as stored (any case; a name given shorter or longer on whole words,
 * "Newcastle" / "Newcastle upon Tyne", still matches). Parameters are added to `params`.
 */
export function authorityWhere(text: string, d: string, params: Record<string, unknown>, p = 'la'): string {
  const found = lookupAuthority(text);
  params[p] = text;
  params[`${p}Words`] = `${text.replace(/[\\%_]/g, (c) => `\\${c}`)} %`;
  const byName = `(${d}.local_authority = @${p} COLLATE NOCASE OR ${d}.local_authority LIKE @${p}Words ESCAPE '\\' OR @${p} LIKE replace(replace(replace(${d}.local_authority, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || ' %' ESCAPE '\\')`;
  const byKey = `${authorityKey(d)} = @${p} COLLATE NOCASE`;
  if (!found.ok) return `(${byKey} OR ${byName})`;
  params[`${p}Code`] = found.authority.code;
  return `(${d}.local_authority_code = @${p}Code OR (${d}.local_authority_code IS NULL AND ${byName}))`;
}

/** Any of several authorities (an empty list: all). */
export function authoritiesWhere(texts: string[] | undefined, d: string, params: Record<string, unknown>): string {
  if (!texts?.length) return '1';
  return `(${texts.map((t, i) => authorityWhere(t, d, params, `la${i}`)).join(' OR ')})`;
}
