/**
 * The read model's rules, each written once, as SQL fragments over the tables (aliases are
 * parameters). Everything that reads the database (the CLI's `query` and `tracker`, the web
 * app, the export and the views of src/db/views.ts) builds its statements from these.
 */
import { InputError } from '../util/errors.js';
import { frameworksOfClass } from '../model/framework-registry.js';
import { isOtherFile, OTHER_FILES_SQL } from '../db/inspections.js';
import { documentDateSql, isRealDate } from '../model/dates.js';

/** Today as YYYY-MM-DD (UTC): the default "as of" date. */
export const today = (): string => new Date().toISOString().slice(0, 10);

/** An "as of" date given by a user: YYYY-MM-DD or nothing (today). */
export function asOfDate(v: string | undefined): string {
  if (v === undefined) return today();
  if (!isRealDate(v)) throw new InputError('usage', '--as-of must be a date YYYY-MM-DD');
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

/**
 * Done: the action's state, decided once when it was loaded from the plan vocabulary (its rating,
 * else the status word of its rating cell: "Fully completed", "Achieved", "Complete";
 * src/extract/plan/state.ts) and stored in actions.state. The one rule every query, sheet, page,
 * API route and view reads; nothing else looks at ratings or status words to decide it.
 */
export const isDone = (a: string): string => `coalesce(${a}.state, 'unknown') = 'done'`;
/** Not done (written without an outer NOT, so it reads as a condition inside sum(); see src/publish/dialect.ts). */
export const isNotDone = (a: string): string => `coalesce(${a}.state, 'unknown') <> 'done'`;

/**
 * Overdue as of a date: a due date before it, and not done. `asOf` is an SQL expression (a
 * parameter such as `@asOf`, or `date('now')` in the views).
 */
const overdue = (a: string, asOf: string): string => `${a}.due_date IS NOT NULL AND ${a}.due_date < ${asOf} AND ${isNotDone(a)}`;
export const isOverdue = (a: string, asOf: string): string => `(${overdue(a, asOf)})`;

/**
 * The counts of a set of actions (an aggregate over alias `a`): red, amber and green among those not
 * done, complete (done, whether by rating or status word), no_rag (not done and no rating), overdue
 * as of `asOf` (with `asOf` given).
 */
export const actionCounts = (a: string, asOf?: string): string =>
  actionCountColumns(a, asOf)
    .map(([name, expr]) => `${expr} AS ${name}`)
    .join(', ');

/** The same counts as [column name, aggregate expression] pairs (for a query that computes each on its own). */
export const actionCountColumns = (a: string, asOf?: string): Array<[string, string]> => [
  ['red', `sum(${isNotDone(a)} AND ${a}.rag = 'red')`],
  ['amber', `sum(${isNotDone(a)} AND ${a}.rag = 'amber')`],
  ['green', `sum(${isNotDone(a)} AND ${a}.rag = 'green')`],
  ['complete', `sum(${isDone(a)})`],
  ['no_rag', `sum(${isNotDone(a)} AND ${a}.rag IS NULL)`],
  ...(asOf ? [['overdue', `sum(${overdue(a, asOf)})`] as [string, string]] : []),
];

/** Frameworks by class (the framework registry's), as SQL lists. Letters between full inspections and area SEND inspections are never a "latest graded inspection". */
export const VISIT_FRAMEWORKS = frameworksOfClass('visit');
export const SEND_FRAMEWORKS = frameworksOfClass('send');
export const FULL_FRAMEWORKS = frameworksOfClass('full_inspection');
const quoted = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(', ');
export const VISITS = quoted(VISIT_FRAMEWORKS);
export const SENDS = quoted(SEND_FRAMEWORKS);
export const FULL = quoted(FULL_FRAMEWORKS);

/**
 * A graded full inspection: an inspection report of a full-inspection framework (never a visit,
 * a JTAI, an area SEND report or a standalone LSCB review) with at least one graded judgement.
 */
export const isGradedFullInspection = (d = 'd'): string =>
  `(${d}.kind = 'inspection_report' AND ${d}.framework IN (${FULL})
    AND EXISTS (SELECT 1 FROM judgements gj WHERE gj.document_id = ${d}.id AND gj.area <> 'send_outcome'))`;

/** The documents that are another file of an inspection already held (src/db/inspections.ts: the storage layer's linker needs it too). */
export { isOtherFile, OTHER_FILES_SQL };

/**
 * One inspection, one document: `d` is not another file of an inspection held (isOtherFile). Every
 * count and chart uses it. Two ways to ask the same rule: over the whole archive, the set of other
 * files computed once per statement (OTHER_FILES_SQL, ~3 ms at 5,184 documents); for the rows of a few
 * authorities (`scoped`), the test of each row (an index search of its authority's files), which
 * costs nothing like that per statement but is run for every row.
 */
export const oneInspection = (d = 'd', scoped = false): string => (scoped ? `NOT ${isOtherFile(d)}` : `${d}.id NOT IN (${OTHER_FILES_SQL})`);

/**
 * The graded full inspections of each authority, newest first: columns key, id, framework,
 * publication_date, date and n (1 = latest, 2 = previous). Each inspection once (oneInspection; and
 * two of one authority on one date are one inspection, the later import standing for it).
 */
export function gradedInspectionsSql(): string {
  return `WITH graded0 AS (
  SELECT ${authorityKey('d')} AS key, d.id, d.framework, d.publication_date, ${docDate('d')} AS date FROM documents d
  WHERE ${authorityKey('d')} IS NOT NULL AND ${isGradedFullInspection('d')} AND ${oneInspection('d')}
)
SELECT *, row_number() OVER (PARTITION BY key ORDER BY date DESC, id DESC) AS n FROM graded0
WHERE id IN (SELECT max(id) FROM graded0 GROUP BY key, date)`;
}

/**
 * The filters on a document `d` that every list offers: of a region of the register, of a framework,
 * dated in a year (its docDate). Each given one adds its condition to `where` and its value to `params`.
 */
export function documentFilters(f: { region?: string; framework?: string; year?: number }, d: string, where: string[], params: Record<string, unknown>): void {
  if (f.region) {
    where.push(`${d}.local_authority_code IN (SELECT code FROM local_authorities WHERE region = @region)`);
    params.region = f.region;
  }
  if (f.framework) {
    where.push(`${d}.framework = @framework`);
    params.framework = f.framework;
  }
  if (f.year) {
    where.push(`substr(${docDate(d)}, 1, 4) = @year`);
    params.year = String(f.year);
  }
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

// Which documents are an authority's: src/query/authority.ts (selectAuthority, authoritySql).
