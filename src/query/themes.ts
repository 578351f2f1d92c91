import type { DB } from '../db/types.js';
import { withNeighbours } from '../register/lookup.js';
import { InputError } from '../util/errors.js';
import { themeList } from '../model/themes.js';
import { authorityKey, authorityName, docDate, laJoin, oneInspection } from './rules.js';
import { authoritiesSql, named, authoritySql, registerAuthorityIn, selectAuthorityIn, type AuthoritySelection } from './authority.js';
import { readerOf, type Reader } from './reader.js';

/**
 * Read queries over the themes of recommendations, areas for improvement and priority actions
 * (table recommendation_themes). Inspection documents only: a plan's own copy of a report's
 * recommendations would count them twice; and each inspection once (rules.ts oneInspection: a report
 * held as a PDF and as Markdown counts once). Each takes a database, or a Reader (reader.ts) that
 * bounds every statement (the web app's).
 */

/** Does the database hold the themes of its items (schema 3 on)? */
export function hasThemeTables(db: DB): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'recommendation_themes'").get() !== undefined;
}

export const THEME_GROUPS = ['year', 'region', 'framework', 'authority'] as const;
export type ThemeGroup = (typeof THEME_GROUPS)[number];

export interface ThemeQuery {
  by?: ThemeGroup;
  /** An authority: name, alias, spelling, first words or DfE code (authority.ts). */
  la?: string;
  /** An authority whose statistical neighbours (and itself) are counted. */
  neighboursOf?: string;
  /** Documents dated on or after this ISO date. */
  since?: string;
  framework?: string;
}

export interface ThemeCountRow {
  /** The group (a year, region, framework or authority) when grouped. */
  group?: string;
  theme: string;
  name: string;
  /** Items given the theme (at any rank). */
  items: number;
  /** Items whose first theme it is. */
  first: number;
  /** Documents with at least one item given the theme. */
  documents: number;
  /** items / all items of the group (0..1, 3 decimals). */
  share: number;
}

/** The date a document is placed in time by: published, else the end or start of the inspection. */
const DOC_DATE = docDate('d');

const GROUP_SQL: Record<ThemeGroup, string> = {
  year: `COALESCE(substr(${DOC_DATE}, 1, 4), 'unknown')`,
  region: `COALESCE((SELECT la.region FROM local_authorities la WHERE la.code = d.local_authority_code), 'unknown')`,
  framework: `COALESCE(d.framework, 'unknown')`,
  authority: `COALESCE((SELECT la.name FROM local_authorities la WHERE la.code = d.local_authority_code), d.local_authority, 'unknown')`,
};

/** WHERE clauses on the documents `d` of the items counted. */
function filters(r: Reader, q: ThemeQuery, scoped = false): { where: string[]; params: Record<string, unknown> } {
  // A count of a few authorities tests its rows one by one; one of the archive reads the set once (oneInspection).
  const where = [`d.kind <> 'action_plan'`, oneInspection('d', scoped || Boolean(q.la || q.neighboursOf)), r.guard];
  const params: Record<string, unknown> = {};
  if (q.la) where.push(authoritySql(named('--la', () => selectAuthorityIn(r, q.la!)), 'd', params));
  if (q.neighboursOf) {
    const codes = withNeighbours(named('--neighbours-of', () => registerAuthorityIn(r, q.neighboursOf!)));
    where.push(`d.local_authority_code IN (${codes.map((_, i) => `@nb${i}`).join(', ')})`);
    codes.forEach((c, i) => (params[`nb${i}`] = c));
  }
  if (q.since) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(q.since)) throw new InputError('usage', `--since: "${q.since}" is not a date YYYY-MM-DD`);
    where.push(`${DOC_DATE} >= @since`);
    params.since = q.since;
  }
  if (q.framework) {
    where.push('d.framework = @framework');
    params.framework = q.framework;
  }
  return { where, params };
}

/** How many items carry each theme, overall or by year, region, framework or authority; most frequent first in each group. */
export function themeCounts(src: DB | Reader, q: ThemeQuery = {}): ThemeCountRow[] {
  if (q.by && !THEME_GROUPS.includes(q.by)) throw new InputError('usage', `--by: one of ${THEME_GROUPS.join(', ')}`);
  const r = readerOf(src);
  const { where, params } = filters(r, q);
  const group = q.by ? GROUP_SQL[q.by] : `''`;
  const sql = `
    WITH items AS (
      SELECT r.id AS rid, d.id AS did, ${group} AS grp
      FROM recommendations r JOIN documents d ON d.id = r.document_id
      WHERE ${where.join(' AND ')}
    ),
    -- joined, not a scalar subquery per row: that re-ran totals (and so items) for every group
    totals AS (SELECT grp, count(*) AS n FROM items GROUP BY grp)
    SELECT i.grp AS grp, rt.theme_id AS theme, COALESCE(t.name, rt.theme_id) AS name,
      count(*) AS items,
      sum(rt.rank = 1) AS first,
      count(DISTINCT i.did) AS documents,
      round(1.0 * count(*) / max(tt.n), 3) AS share
    FROM items i
    JOIN totals tt ON tt.grp = i.grp
    JOIN recommendation_themes rt ON rt.recommendation_id = i.rid
    LEFT JOIN themes t ON t.id = rt.theme_id
    GROUP BY i.grp, rt.theme_id
    ORDER BY i.grp, items DESC, rt.theme_id`;
  const rows = r.all<{ grp: string } & Omit<ThemeCountRow, 'group'>>(sql, params);
  return rows.map(({ grp, ...x }) => (q.by ? { group: grp, ...x } : x));
}

export interface ThemeComparisonRow {
  theme: string;
  name: string;
  authorityItems: number;
  authorityShare: number;
  neighboursItems: number;
  neighboursShare: number;
}

export interface ThemeComparison {
  authority: { code: string; name: string };
  neighbours: Array<{ code: string; name: string }>;
  authorityTotal: number;
  neighboursTotal: number;
  rows: ThemeComparisonRow[];
}

/**
 * An authority's themes against its statistical neighbours' (shares of each side's items), every
 * theme of the taxonomy. The authority must be in the register (its neighbours are); an
 * AuthorityError (InputError 'usage') says why not.
 */
export function themeComparison(src: DB | Reader, la: string, q: Omit<ThemeQuery, 'la' | 'neighboursOf' | 'by'> = {}): ThemeComparison {
  const r = readerOf(src);
  const a = registerAuthorityIn(r, la);
  const { where, params } = filters(r, q, true);
  const nbCodes = a.statNeighbours;
  nbCodes.forEach((c, i) => (params[`nb${i}`] = c));
  const own = authoritySql(selectAuthorityIn(r, a.code), 'd', params, 'own');
  const side = `CASE WHEN ${own} THEN 'a' ELSE 'n' END`;
  const inScope = `(${own}${nbCodes.length ? ` OR d.local_authority_code IN (${nbCodes.map((_, i) => `@nb${i}`).join(', ')})` : ''})`;
  const items = `SELECT r.id AS rid, ${side} AS side FROM recommendations r JOIN documents d ON d.id = r.document_id WHERE ${[...where, inScope].join(' AND ')}`;
  // One statement: the items read once, counted per side (theme null: all items) and per theme and side
  // (CROSS JOIN: the items first, each one's themes by its index; not every theme row of the archive).
  const counted = r.all<{ theme: string | null; side: string; n: number }>(
    `WITH i AS MATERIALIZED (${items})
     SELECT NULL AS theme, side, count(*) AS n FROM i GROUP BY side
     UNION ALL
     SELECT rt.theme_id AS theme, i.side AS side, count(*) AS n FROM i CROSS JOIN recommendation_themes rt ON rt.recommendation_id = i.rid GROUP BY rt.theme_id, i.side`,
    params,
  );
  const total = (s: string) => counted.find((t) => t.theme === null && t.side === s)?.n ?? 0;
  const counts = counted.filter((c) => c.theme !== null);
  const themes = themeList();
  const nameOf = new Map(
    nbCodes.length
      ? r.all<{ code: string; name: string }>(`SELECT code, name FROM local_authorities WHERE code IN (SELECT value FROM json_each(?)) AND ${r.guard}`, [JSON.stringify(nbCodes)]).map((x) => [x.code, x.name])
      : [],
  );
  const at = total('a');
  const nt = total('n');
  const share = (n: number, of: number) => (of ? Math.round((1000 * n) / of) / 1000 : 0);
  const rows = themes.map((t) => {
    const ai = counts.find((c) => c.theme === t.id && c.side === 'a')?.n ?? 0;
    const ni = counts.find((c) => c.theme === t.id && c.side === 'n')?.n ?? 0;
    return { theme: t.id, name: t.name, authorityItems: ai, authorityShare: share(ai, at), neighboursItems: ni, neighboursShare: share(ni, nt) };
  });
  rows.sort((x, y) => y.authorityShare - x.authorityShare || y.neighboursShare - x.neighboursShare || x.theme.localeCompare(y.theme));
  return {
    authority: { code: a.code, name: a.name },
    neighbours: nbCodes.map((c) => ({ code: c, name: nameOf.get(c) ?? c })),
    authorityTotal: at,
    neighboursTotal: nt,
    rows,
  };
}

/** National counts of items per theme and year (for a chart): years ascending, themes in taxonomy order. */
export function themesByYear(src: DB | Reader, q: Omit<ThemeQuery, 'by'> = {}): { years: string[]; themes: Array<{ id: string; name: string; counts: number[] }> } {
  const rows = themeCounts(src, { ...q, by: 'year' });
  const years = [...new Set(rows.map((r) => r.group!))].sort();
  const themes = themeList().map((t) => ({
    id: t.id,
    name: t.name,
    counts: years.map((y) => rows.find((r) => r.group === y && r.theme === t.id)?.items ?? 0),
  }));
  return { years, themes };
}

export interface ThemeItemRow {
  authority: string | null;
  authority_key: string | null;
  framework: string | null;
  date: string | null;
  rec_id: string;
  item_kind: string;
  rank: number;
  theme: string;
  theme_name: string;
  words: string;
  text: string;
  path: string;
  page: number | null;
}

/** One row per (item, theme) of inspection documents, for the export; `la`: only these authorities (authority.ts). */
export function themeItems(src: DB | Reader, la?: readonly AuthoritySelection[]): ThemeItemRow[] {
  const params: Record<string, unknown> = {};
  const reader = readerOf(src);
  const rows = reader.all<ThemeItemRow>(
      `SELECT ${authorityName('d')} AS authority,
              ${authorityKey('d')} AS authority_key, d.framework, ${DOC_DATE} AS date,
              r.rec_id, r.kind AS item_kind, rt.rank, rt.theme_id AS theme, COALESCE(t.name, rt.theme_id) AS theme_name, rt.words, r.text, d.path, r.page
       FROM recommendation_themes rt
       JOIN recommendations r ON r.id = rt.recommendation_id
       JOIN documents d ON d.id = r.document_id
       LEFT JOIN themes t ON t.id = rt.theme_id
       ${laJoin('d')}
       WHERE d.kind <> 'action_plan' AND ${oneInspection('d', Boolean(la?.length))} AND ${authoritiesSql(la, 'd', params)} AND ${reader.guard}
       ORDER BY authority, date, d.id, r.id, rt.rank`,
      params,
    );
  // Words as a list a person reads, not JSON.
  return rows.map((r) => {
    let words: string[] = [];
    try {
      const w = JSON.parse(r.words);
      if (Array.isArray(w)) words = w.map(String);
    } catch {
      words = [];
    }
    return { ...r, words: words.join('; ') };
  });
}
