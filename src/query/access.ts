/**
 * The read model of the web app and the workbook export: each statement built from the rules of
 * rules.ts (document date, authority key, overdue, graded full inspections, full-text search) and
 * views.ts (the tracker), over a database opened by openForQuery (so always of this program's schema).
 *
 * Bounds: every list has a row cap, and every statement runs against a time budget:
 * `budget()` is a SQL function put in the WHERE clause of the scans, which throws once the
 * statement has run past its deadline (better-sqlite3 has no timeout or progress handler),
 * and rows are read with iterate(), stopping at the cap.
 */
import type { DB } from '../db/types.js';
import { AREAS, FRAMEWORKS, GRADES, KINDS, type Area } from '../model/document.js';
import { authoritiesSql, selectAuthorityIn, selectionKeys, type AuthoritySelection } from './authority.js';
import type { Reader } from './reader.js';
import { actionCounts, authorityKey, authorityName, docDate, documentFilters, ftsWords, gradedInspectionsSql, isOverdue, laJoin, oneInspection, SENDS, VISITS } from './rules.js';
import { isCurrentPlan, planHistory, type HistoryAction, type PlanHistory, type PlanVersionRow } from './plan-versions.js';
import { TRACKER_ORDER, trackerSql } from './views.js';
import { documentDeadlines, type DocumentDeadline } from './deadlines.js';
import { correctionView, type CorrectionView } from '../store/corrections.js';
import type { CorrectionRow } from '../db/corrections.js';

export const SEARCH_KINDS = ['recommendation', 'paragraph', 'action'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];
export { AREAS, FRAMEWORKS, GRADES, KINDS };

export class QueryTimeout extends Error {
  constructor(ms: number) {
    super(`query stopped: over its time limit of ${ms} ms`);
  }
}

export interface AccessOptions {
  /** Time limit per statement, in ms (default 2000). */
  timeMs?: number;
  /** Most rows any one statement returns (default 5000). */
  maxRows?: number;
}

export type Row = Record<string, unknown>;

export interface LatestRow {
  key: string;
  name: string;
  region: string | null;
  documentId: number | null;
  framework: string | null;
  date: string | null;
  grades: Partial<Record<Area, string>>;
  prevDocumentId: number | null;
  prevFramework: string | null;
  prevDate: string | null;
  prevGrades: Partial<Record<Area, string>>;
  direction: 'improved' | 'declined' | 'same' | null;
  /** The latest inspection event of any kind (full inspection, visit, JTAI, SEND). */
  latestEvent: { documentId: number; framework: string | null; date: string | null } | null;
  /** The latest area SEND inspection and its outcome. */
  send: { documentId: number; framework: string | null; date: string | null; outcome: string | null } | null;
}

export interface LatestFilters {
  region?: string;
  framework?: string;
  year?: number;
  /** Only these authorities (authority.ts). */
  la?: readonly AuthoritySelection[];
  /** Only these keys (rules.ts authorityKey: a code, else a stored name). */
  keys?: readonly string[];
}

export interface SearchFilters {
  q: string;
  la?: string;
  region?: string;
  framework?: string;
  year?: number;
  kind?: SearchKind;
  page?: number;
}

export interface SearchHit {
  kind: SearchKind;
  id: number;
  documentId: number;
  authority: string | null;
  authorityKey: string | null;
  framework: string | null;
  date: string | null;
  path: string;
  label: string;
  snippet: Array<{ text: string; match: boolean }>;
  page: number | null;
  line: number | null;
  block: number | null;
}

/** What each kind of search hit is read from: its FTS5 table, its rows (alias x), its label, the column its snippet shows (-1: the best). */
const SEARCH_TABLES: Record<SearchKind, { fts: string; table: string; label: string; snippetColumn: number }> = {
  recommendation: { fts: 'recommendations_fts', table: 'recommendations', label: `'Recommendation ' || x.rec_id`, snippetColumn: 0 },
  paragraph: { fts: 'paragraphs_fts', table: 'paragraphs', label: `'Paragraph ' || coalesce(x.label, x.number)`, snippetColumn: 0 },
  action: { fts: 'actions_fts', table: 'actions', label: `'Action ' || coalesce(x.action_id, '') || coalesce(' (recommendation ' || x.recommendation_ref || ')', '')`, snippetColumn: -1 },
};

export const PAGE_SIZE = 20;
/** Tracker rows on one page of an authority (authoritySummary). */
export const TRACKER_PAGE_SIZE = 100;
/** Documents whose findings an authority's page shows in full (authoritySummary); the others' are on their own pages. */
export const FINDINGS_IN_FULL = 3;
/** documentsOf's counts of items, one per item kind. */
const ITEM_COUNTS = ['priority_actions', 'areas_for_improvement', 'recommendations'] as const;

/** What an authority's page shows (DataAccess.authoritySummary). */
export interface AuthoritySummary {
  authority: { key: string; name: string; region: string | null; laType: string | null; website: string | null; neighbours: string[] };
  /** The date "overdue" and "late" are counted at. */
  asOf: string;
  /** Every document of the authority, newest first, with its judgements and counts of items. */
  documents: Array<Row & { id: number; judgements: Row[] }>;
  /** The items, with their cited paragraphs, of the latest FINDINGS_IN_FULL documents that have any. */
  findings: Array<{ documentId: number; recommendations: Array<Row & { cited: Row[] }> }>;
  /** The other documents with items (shown on their own pages), newest first. */
  findingsElsewhere: number[];
  /** When each inspection document's plan is due, and whether one is on file. */
  deadlines: DocumentDeadline[];
  plans: Row[];
  /** The versions of its plans (one series per report answered); only the current one is in `plans` and `tracker`. */
  planVersions: PlanVersionRow[];
  /** One page of the tracker (trackerPage), the newest report first. */
  tracker: Row[];
  trackerPage: { page: number; pages: number; pageSize: number; total: number };
  neighbours: LatestRow[];
}
export const MAX_PAGE = 50;
/** Searches whose ranking a DataAccess keeps (search(), recent()). */
const RECENT_SEARCHES = 64;
const MARK_OPEN = '\u0002';
const MARK_CLOSE = '\u0003';

/** Rank of a grade for direction of travel (requires improvement and adequate are one level). */
const RANK: Record<string, number> = { outstanding: 4, good: 3, requires_improvement: 2, adequate: 2, inadequate: 1 };

export function direction(latest: string | undefined, prev: string | undefined): LatestRow['direction'] {
  const a = latest ? RANK[latest] : undefined;
  const b = prev ? RANK[prev] : undefined;
  if (a === undefined || b === undefined) return null;
  return a > b ? 'improved' : a < b ? 'declined' : 'same';
}

export { ftsWords };

export class DataAccess {
  readonly timeMs: number;
  readonly maxRows: number;
  private deadline = Infinity;
  /** SQL for an authority's key and display name, of a `documents d` row joined to the register as `la`. */
  private readonly key = authorityKey('d');
  private readonly name = authorityName('d');
  private readonly laJoin = laJoin('d');

  constructor(
    private readonly db: DB,
    opts: AccessOptions = {},
  ) {
    this.timeMs = opts.timeMs ?? 2000;
    this.maxRows = opts.maxRows ?? 5000;
    this.markStmt = db.prepare('PRAGMA data_version').pluck();
    this.changesStmt = db.prepare('SELECT total_changes()').pluck();
    db.function('budget', { deterministic: false, varargs: false }, () => {
      if (performance.now() >= this.deadline) throw new QueryTimeout(this.timeMs);
      return 1;
    });
  }

  /**
   * Results over the whole archive (every authority's latest grades, years, regions, grade and theme
   * counts), kept until the database changes: the change mark is SQLite's data_version (it moves
   * when another connection, an import or a delete, commits) and this connection's own
   * total_changes(). Each is computed under the time budget like any read; a failed one is not
   * kept. Callers get their own copy of the top-level rows.
   */
  private readonly memos = new Map<string, unknown>();
  private memoMark = '';
  private readonly markStmt: { get(): unknown };
  private readonly changesStmt: { get(): unknown };

  /** The database's change mark (see memos). */
  changeMark(): string {
    return `${this.markStmt.get()}:${this.changesStmt.get()}`;
  }

  /** `compute()` once per change of the database (see memos), under `key`. */
  memo<T>(key: string, compute: () => T): T {
    const mark = this.changeMark();
    if (mark !== this.memoMark) {
      this.memos.clear();
      this.memoMark = mark;
    }
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  /** The latest searches' rankings (search()), most recent last, at most RECENT_SEARCHES; emptied when the database changes. */
  private readonly recents = new Map<string, ReadonlyArray<{ kind: SearchKind; id: number }>>();
  private recentMark = '';

  /** A search's ranking under `key`: kept for the latest RECENT_SEARCHES searches until the database changes (the mark of memo()). */
  private recent(key: string, compute: () => Array<{ kind: SearchKind; id: number }>): ReadonlyArray<{ kind: SearchKind; id: number }> {
    const mark = this.changeMark();
    if (mark !== this.recentMark) {
      this.recents.clear();
      this.recentMark = mark;
    }
    const kept = this.recents.get(key);
    this.recents.delete(key);
    const value = kept ?? compute();
    this.recents.set(key, value);
    if (this.recents.size > RECENT_SEARCHES) this.recents.delete(this.recents.keys().next().value!);
    return value;
  }

  /** Run `fn` under the time budget: statements with budget() in their WHERE stop once it has passed. */
  private bounded<T>(fn: () => T): T {
    this.deadline = performance.now() + this.timeMs;
    try {
      return fn();
    } catch (e) {
      if (e instanceof QueryTimeout || /time limit/.test((e as Error).message)) throw new QueryTimeout(this.timeMs);
      throw e;
    } finally {
      this.deadline = Infinity;
    }
  }

  /** Run one statement under the time budget and the row cap. */
  private rows<T = Row>(sql: string, params: unknown = {}, cap = this.maxRows): T[] {
    return this.bounded(() => {
      const out: T[] = [];
      const stmt = this.db.prepare(sql);
      for (const r of stmt.iterate(params as Record<string, unknown>)) {
        if (out.length >= cap) break;
        if (performance.now() >= this.deadline) throw new QueryTimeout(this.timeMs);
        out.push(r as T);
      }
      return out;
    });
  }

  /** The queries of other modules (themes.ts, authority.ts) read through this: each statement under the budget and the cap. */
  get reader(): Reader {
    return { db: this.db, guard: 'budget()', all: <T>(sql: string, params?: unknown, cap?: number) => this.rows<T>(sql, params ?? {}, cap ?? this.maxRows) };
  }

  /** The authority a user names (authority.ts): throws AuthorityError when it names none or several. */
  select(text: string): AuthoritySelection {
    return selectAuthorityIn(this.reader, text);
  }

  private one<T = Row>(sql: string, params: unknown = {}): T | undefined {
    return this.rows<T>(sql, params, 1)[0];
  }

  regions(): string[] {
    return [...this.memo('regions', () => this.rows<{ region: string }>('SELECT DISTINCT region FROM local_authorities WHERE region IS NOT NULL AND budget() ORDER BY region').map((r) => r.region))];
  }

  years(): number[] {
    return [
      ...this.memo('years', () =>
        this.rows<{ y: number }>(
          `SELECT DISTINCT CAST(substr(${docDate('d')}, 1, 4) AS INTEGER) AS y FROM documents d
           WHERE ${docDate('d')} IS NOT NULL AND budget() ORDER BY y DESC`,
        ).map((r) => r.y),
      ),
    ];
  }

  /** Judgements of the given documents, as document id -> area -> grade. */
  private gradesOf(ids: number[]): Map<number, Partial<Record<Area, string>>> {
    const out = new Map<number, Partial<Record<Area, string>>>();
    if (ids.length === 0) return out;
    const rows = this.rows<{ document_id: number; area: Area; grade: string }>(
      `SELECT document_id, area, grade FROM judgements WHERE document_id IN (SELECT value FROM json_each(?)) AND budget() ORDER BY id`,
      [JSON.stringify(ids)],
      this.maxRows * 10,
    );
    for (const r of rows) {
      const g = out.get(r.document_id) ?? {};
      g[r.area] ??= r.grade;
      out.set(r.document_id, g);
    }
    return out;
  }

  /**
   * One row per authority: its latest graded full inspection and the one before (rules.ts:
   * gradedInspectionsSql; never a visit or an area SEND report). Authorities of the register
   * and of the documents with no graded full inspection are listed with empty grades.
   */
  latest(f: LatestFilters = {}): LatestRow[] {
    return this.memo('latest', () => this.allLatest())
      .filter((r) => !f.region || r.region === f.region)
      .filter((r) => !f.framework || r.framework === f.framework)
      .filter((r) => !f.year || (r.date !== null && Number(r.date.slice(0, 4)) === f.year))
      .filter((r) => !f.la || f.la.some((s) => selectionKeys(s).includes(r.key)))
      .filter((r) => !f.keys || f.keys.includes(r.key))
      .map((r) => ({ ...r }));
  }

  /** latest() of every authority, by name (kept in memos until the database changes). */
  private allLatest(): LatestRow[] {
    const graded = this.rows<{ key: string; name: string; region: string | null; id: number; framework: string | null; date: string | null; rn: number }>(
      `WITH g AS (${gradedInspectionsSql()})
       SELECT g.key, coalesce(la.name, d.local_authority) AS name, la.region, g.id, g.framework, g.date, g.n AS rn
       FROM g JOIN documents d ON d.id = g.id ${this.laJoin}
       WHERE g.n <= 2 AND budget() ORDER BY name, g.n`,
    );
    const others = this.rows<{ key: string; name: string; region: string | null }>(
      `SELECT code AS key, name, region FROM local_authorities WHERE budget()
       UNION SELECT ${this.key}, ${this.name}, la.region FROM documents d ${this.laJoin} WHERE d.local_authority IS NOT NULL AND budget()`,
    );
    const grades = this.gradesOf(graded.map((g) => g.id));
    const byKey = new Map<string, LatestRow>();
    for (const o of others) {
      if (!byKey.has(o.key)) {
        byKey.set(o.key, { key: o.key, name: o.name, region: o.region, documentId: null, framework: null, date: null, grades: {}, prevDocumentId: null, prevFramework: null, prevDate: null, prevGrades: {}, direction: null, latestEvent: null, send: null });
      }
    }
    for (const g of graded) {
      const row = byKey.get(g.key) ?? { key: g.key, name: g.name, region: g.region, documentId: null, framework: null, date: null, grades: {}, prevDocumentId: null, prevFramework: null, prevDate: null, prevGrades: {}, direction: null, latestEvent: null, send: null };
      row.name = g.name;
      row.region ??= g.region;
      if (g.rn === 1) Object.assign(row, { documentId: g.id, framework: g.framework, date: g.date, grades: grades.get(g.id) ?? {} });
      else Object.assign(row, { prevDocumentId: g.id, prevFramework: g.framework, prevDate: g.date, prevGrades: grades.get(g.id) ?? {} });
      byKey.set(g.key, row);
    }
    for (const e of this.latestEvents()) {
      const row = byKey.get(e.key);
      if (!row) continue;
      if (e.what === 'event') row.latestEvent = { documentId: e.id, framework: e.framework, date: e.date };
      else row.send = { documentId: e.id, framework: e.framework, date: e.date, outcome: e.outcome };
    }
    return [...byKey.values()]
      .map((r) => ({ ...r, direction: direction(r.grades.overall_effectiveness, r.prevGrades.overall_effectiveness) }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Plan deadlines of the inspection documents (deadlines.ts) of some authorities (all: none given), under the budget and the cap. */
  deadlines(asOf: string, la?: readonly AuthoritySelection[]): DocumentDeadline[] {
    const params: Record<string, unknown> = {};
    return this.bounded(() => documentDeadlines(this.db, asOf, `${authoritiesSql(la, 'd', params)} AND budget()`, params)).slice(0, this.maxRows);
  }

  /** Each authority's latest inspection event of any kind, and its latest area SEND inspection with its outcome. */
  private latestEvents(): Array<{ key: string; what: 'event' | 'send'; id: number; framework: string | null; date: string | null; outcome: string | null }> {
    return this.rows(
      `SELECT key, what, id, framework, date, outcome FROM (
         SELECT ${this.key} AS key, w.what, d.id, d.framework, ${docDate('d')} AS date,
                (SELECT j.grade FROM judgements j WHERE j.document_id = d.id AND j.area = 'send_outcome' ORDER BY j.id LIMIT 1) AS outcome,
                row_number() OVER (PARTITION BY ${this.key}, w.what ORDER BY ${docDate('d')} DESC, d.id DESC) AS n
         FROM documents d JOIN (SELECT 'event' AS what UNION ALL SELECT 'send') w
           ON (w.what = 'event' AND (d.kind = 'inspection_report' OR d.framework IN (${VISITS}, ${SENDS}))) OR (w.what = 'send' AND d.framework IN (${SENDS}))
         WHERE ${this.key} IS NOT NULL AND budget())
       WHERE n = 1`,
    );
  }

  /** Export: every area SEND inspection: partnership, dates, outcome, previous and next inspection, items. */
  sendOutcomes(la?: readonly AuthoritySelection[]): Row[] {
    const params: Record<string, unknown> = {};
    return this.rows(
      `SELECT ${this.name} AS authority, ${this.key} AS authority_key, d.partnership, d.framework, d.inspection_start, d.inspection_end, d.publication_date,
              j.grade AS outcome, j.wording AS outcome_wording, d.previous_inspection_date, d.previous_inspection_text,
              d.next_inspection_raw, d.next_inspection_date,
              (SELECT count(*) FROM recommendations r WHERE r.document_id = d.id AND r.kind = 'priority_action') AS priority_actions,
              (SELECT count(*) FROM recommendations r WHERE r.document_id = d.id AND r.kind = 'area_for_improvement') AS areas_for_improvement,
              d.path
       FROM documents d ${this.laJoin}
       LEFT JOIN judgements j ON j.id = (SELECT min(id) FROM judgements WHERE document_id = d.id AND area = 'send_outcome')
       WHERE d.framework IN (${SENDS}) AND ${oneInspection('d', Boolean(la?.length))} AND ${authoritiesSql(la, 'd', params)} AND budget()
       ORDER BY authority, ${docDate('d')}, d.id`,
      params,
      1_000_000,
    );
  }

  /** Overall effectiveness grades of every graded report, counted by year: each inspection once (a report held in two formats counts once). */
  gradeDistribution(): Array<{ year: number; grade: string; n: number }> {
    return this.memo('gradeDistribution', () => this.gradeCounts()).map((r) => ({ ...r }));
  }

  private gradeCounts(): Array<{ year: number; grade: string; n: number }> {
    return this.rows(
      `SELECT CAST(substr(${docDate('d')}, 1, 4) AS INTEGER) AS year, j.grade, count(*) AS n
       FROM judgements j JOIN documents d ON d.id = j.document_id
       WHERE j.area = 'overall_effectiveness' AND ${docDate('d')} IS NOT NULL AND ${oneInspection('d')} AND budget()
       GROUP BY year, j.grade ORDER BY year`,
    );
  }

  /**
   * An authority's page (and its JSON twin): a summary whose size does not grow with the archive's
   * long lists. Every document on the timeline (with its counts, grades and plan deadline), the plans
   * and their versions, the neighbours; the findings (items with their cited paragraphs) of the latest
   * FINDINGS_IN_FULL documents that have any, the others' on their own pages; the tracker a page of
   * TRACKER_PAGE_SIZE rows at a time, the newest report first.
   */
  authoritySummary(s: AuthoritySelection, asOf: string, trackerPage = 1, size = { trackerPage: TRACKER_PAGE_SIZE, findingsInFull: FINDINGS_IN_FULL }): AuthoritySummary {
    const authority = this.authority(s);
    const documents = this.documentsOf(s);
    const withItems = documents.filter((d) => d.kind !== 'action_plan' && ITEM_COUNTS.some((k) => Number(d[k] ?? 0) > 0));
    const shown = withItems.slice(0, size.findingsInFull);
    const recs = this.recommendationsOfMany(shown.map((d) => d.id));
    const findings = shown.map((d) => ({ documentId: d.id, recommendations: recs.get(d.id) ?? [] }));
    const all = this.tracker(asOf, [s]);
    // Newest report first; within a report, the tracker's own order (a stable sort).
    const newest = [...all].sort((a, b) => String(b.report_date ?? '').localeCompare(String(a.report_date ?? '')) || Number(b.report_document_id) - Number(a.report_document_id));
    const pages = Math.max(1, Math.ceil(newest.length / size.trackerPage));
    const page = Math.min(Math.max(1, Math.floor(trackerPage)), pages);
    return {
      authority,
      asOf,
      documents,
      findings,
      findingsElsewhere: withItems.slice(size.findingsInFull).map((d) => d.id),
      deadlines: this.deadlines(asOf, [s]),
      plans: this.planSummary(s, asOf),
      planVersions: this.planVersions(s),
      tracker: newest.slice((page - 1) * size.trackerPage, page * size.trackerPage),
      trackerPage: { page, pages, pageSize: size.trackerPage, total: newest.length },
      neighbours: authority.neighbours.length ? this.latest({ keys: authority.neighbours }) : [],
    };
  }

  /** A selected authority: the register's facts about it, or its stored name only. */
  authority(s: AuthoritySelection): { key: string; name: string; region: string | null; laType: string | null; website: string | null; neighbours: string[] } {
    const reg = s.code
      ? this.one<{ name: string; region: string | null; la_type: string | null; website: string | null; stat_neighbours: string | null }>('SELECT name, region, la_type, website, stat_neighbours FROM local_authorities WHERE code = ? AND budget()', [s.code])
      : undefined;
    const key = s.key;
    let neighbours: string[] = [];
    try {
      const parsed = JSON.parse(reg?.stat_neighbours ?? '[]');
      if (Array.isArray(parsed)) neighbours = parsed.filter((x): x is string => typeof x === 'string');
    } catch {
      neighbours = [];
    }
    return { key, name: reg?.name ?? s.name, region: reg?.region ?? null, laType: reg?.la_type ?? null, website: reg?.website ?? null, neighbours };
  }

  /** Every document of an authority, newest first, graded ones with their judgements. */
  documentsOf(s: AuthoritySelection): Array<Row & { id: number; judgements: Row[] }> {
    const params: Record<string, unknown> = {};
    const docs = this.rows<Row & { id: number }>(
      `SELECT d.id, d.kind, d.framework, d.title, d.path, d.format, d.pages, d.inspection_start, d.inspection_end, d.publication_date, d.lead_inspector,
              ${docDate('d')} AS date, d.focus, d.focus_as_written, d.partnership, d.next_inspection_raw, d.next_inspection_date,
              (SELECT count(*) FROM recommendations r WHERE r.document_id = d.id AND r.kind = 'priority_action') AS priority_actions,
              (SELECT count(*) FROM recommendations r WHERE r.document_id = d.id AND r.kind = 'area_for_improvement') AS areas_for_improvement,
              (SELECT count(*) FROM recommendations r WHERE r.document_id = d.id AND r.kind = 'recommendation') AS recommendations
       FROM documents d WHERE ${authoritiesSql([s], 'd', params)} AND budget()
       ORDER BY ${docDate('d')} DESC, d.id DESC`,
      params,
      500,
    );
    const js = this.rows<Row & { document_id: number }>(
      `SELECT document_id, area, label, grade, wording, page, line, block FROM judgements
       WHERE document_id IN (SELECT value FROM json_each(?)) AND budget() ORDER BY id`,
      [JSON.stringify(docs.map((d) => d.id))],
    );
    return docs.map((d) => ({ ...d, judgements: js.filter((j) => j.document_id === d.id) }));
  }

  /**
   * recommendationsOf for several documents in two statements (not two per document): document id ->
   * its items, each with the paragraphs it cites; at most 1000 items a document, as recommendationsOf.
   */
  recommendationsOfMany(documentIds: readonly number[]): Map<number, Array<Row & { cited: Row[] }>> {
    const out = new Map<number, Array<Row & { cited: Row[] }>>(documentIds.map((id) => [id, []]));
    if (documentIds.length === 0) return out;
    const ids = JSON.stringify(documentIds);
    const recs = this.rows<Row & { id: number; document_id: number }>(
      `SELECT document_id, id, rec_id, kind, scope, text, timescale, national_framework_ref, responsible, page, line, block FROM recommendations
       WHERE document_id IN (SELECT value FROM json_each(?)) AND budget() ORDER BY document_id, id`,
      [ids],
      this.maxRows * 10,
    );
    const cited = new Map<number, Row[]>();
    for (const c of this.rows<Row & { recommendation_id: number }>(
      `SELECT x.recommendation_id, x.paragraph_number AS number, p.label, p.section, p.text, p.page, p.line, p.block
       FROM recommendation_paragraph_refs x JOIN recommendations r ON r.id = x.recommendation_id
       LEFT JOIN paragraphs p ON p.id = x.paragraph_id
       WHERE r.document_id IN (SELECT value FROM json_each(?)) AND budget() ORDER BY x.recommendation_id, x.paragraph_number`,
      [ids],
      this.maxRows * 10,
    )) {
      const { recommendation_id: rid, ...rest } = c;
      cited.set(rid, [...(cited.get(rid) ?? []), rest]);
    }
    for (const { document_id: did, ...r } of recs) {
      const list = out.get(did)!;
      if (list.length < 1000) list.push({ ...r, cited: cited.get(r.id) ?? [] });
    }
    return out;
  }

  /** A document's recommendations, each with the paragraphs it cites (number, text, location). */
  recommendationsOf(documentId: number): Array<Row & { cited: Row[] }> {
    const recs = this.rows<Row & { id: number }>(
      'SELECT id, rec_id, kind, scope, text, timescale, national_framework_ref, responsible, page, line, block FROM recommendations WHERE document_id = ? AND budget() ORDER BY id',
      [documentId],
      1000,
    );
    const cited = this.rows<Row & { recommendation_id: number }>(
      `SELECT x.recommendation_id, x.paragraph_number AS number, p.label, p.section, p.text, p.page, p.line, p.block
       FROM recommendation_paragraph_refs x JOIN recommendations r ON r.id = x.recommendation_id
       LEFT JOIN paragraphs p ON p.id = x.paragraph_id
       WHERE r.document_id = ? AND budget() ORDER BY x.recommendation_id, x.paragraph_number`,
      [documentId],
    );
    return recs.map((r) => ({ ...r, cited: cited.filter((c) => c.recommendation_id === r.id).map(({ recommendation_id: _, ...c }) => c) }));
  }

  /** Plans of an authority (the current version of each: plan-versions.ts): per plan and recommendation, RAG counts, overdue, latest progress. */
  planSummary(s: AuthoritySelection, asOf: string): Row[] {
    const params: Record<string, unknown> = { asOf };
    return this.rows(
      `SELECT d.id AS document_id, d.path, a.recommendation_ref, count(*) AS actions,
              ${actionCounts('a', '@asOf')},
              (SELECT a2.progress FROM actions a2 WHERE a2.document_id = d.id AND a2.recommendation_ref IS a.recommendation_ref AND a2.progress IS NOT NULL ORDER BY a2.id DESC LIMIT 1) AS latest_progress
       FROM actions a JOIN documents d ON d.id = a.document_id
       WHERE ${authoritiesSql([s], 'd', params)} AND ${isCurrentPlan('d.id')} AND budget()
       GROUP BY d.id, a.recommendation_ref ORDER BY d.id, min(a.id)`,
      params,
      1000,
    );
  }

  /** A plan document's place among the versions of its plan, if it is one of a series. */
  planVersionOf(documentId: number): PlanVersionRow | null {
    const r = this.one<Omit<PlanVersionRow, 'current'> & { current: number }>(
      `SELECT v.plan_document_id AS documentId, d.path, v.version, v.versions, v.is_current AS current, v.plan_date AS planDate, d.imported_at AS importedAt,
              v.basis, v.report_document_id AS reportDocumentId
       FROM plan_versions v JOIN documents d ON d.id = v.plan_document_id WHERE v.plan_document_id = ? AND budget()`,
      [documentId],
    );
    return r ? { ...r, current: Boolean(r.current) } : null;
  }

  /** The versions of an authority's plans (plan-versions.ts), oldest first in each series: one series per report answered. */
  planVersions(s: AuthoritySelection): PlanVersionRow[] {
    const params: Record<string, unknown> = {};
    return this.rows<Omit<PlanVersionRow, 'current'> & { current: number }>(
      `SELECT v.plan_document_id AS documentId, d.path, v.version, v.versions, v.is_current AS current, v.plan_date AS planDate, d.imported_at AS importedAt,
              v.basis, v.report_document_id AS reportDocumentId
       FROM plan_versions v JOIN documents d ON d.id = v.plan_document_id
       WHERE ${authoritiesSql([s], 'd', params)} AND budget() ORDER BY v.report_document_id, v.version`,
      params,
      1000,
    ).map((r) => ({ ...r, current: Boolean(r.current) }));
  }

  /**
   * The history of the plan a document is a version of: its versions and, between each and the next,
   * what changed per action (planHistory). Null when the document is not a plan with versions.
   */
  planHistory(documentId: number): (PlanHistory & { authority: string | null; authorityKey: string | null; report: { documentId: number; path: string } }) | null {
    const versions = this.rows<Omit<PlanVersionRow, 'current'> & { current: number }>(
      `SELECT v.plan_document_id AS documentId, d.path, v.version, v.versions, v.is_current AS current, v.plan_date AS planDate, d.imported_at AS importedAt,
              v.basis, v.report_document_id AS reportDocumentId
       FROM plan_versions v JOIN documents d ON d.id = v.plan_document_id
       WHERE v.report_document_id = (SELECT report_document_id FROM plan_versions WHERE plan_document_id = ?) AND budget() ORDER BY v.version`,
      [documentId],
      1000,
    ).map((r) => ({ ...r, current: Boolean(r.current) }));
    if (versions.length === 0) return null;
    const who = this.one<{ authority: string | null; key: string | null; path: string }>(
      `SELECT ${this.name} AS authority, ${this.key} AS key, r.path FROM documents d ${this.laJoin} JOIN documents r ON r.id = ? WHERE d.id = ? AND budget()`,
      [versions[0]!.reportDocumentId, documentId],
    );
    const history = planHistory(versions, (id) =>
      this.rows<HistoryAction>(
        'SELECT recommendation_ref, action_id, description, due_date, rag, rag_raw, state, progress FROM actions WHERE document_id = ? AND budget() ORDER BY id',
        [id],
        5000,
      ),
    );
    return { ...history, authority: who?.authority ?? null, authorityKey: who?.key ?? null, report: { documentId: versions[0]!.reportDocumentId, path: who?.path ?? '' } };
  }

  /**
   * Report recommendations and the plan rows linked to them, overdue as of `asOf` (the tracker
   * of views.ts): of some authorities (all: none given).
   */
  tracker(asOf: string, la?: readonly AuthoritySelection[]): Row[] {
    const params: Record<string, unknown> = { asOf };
    return this.rows(
      `SELECT * FROM (${trackerSql('@asOf', Boolean(la?.length))}) t
       WHERE ${authoritiesSql(la, 't', params)} AND budget() ${TRACKER_ORDER}`,
      params,
      1_000_000,
    );
  }

  document(id: number): (Row & { id: number; json: string }) | undefined {
    return this.one(
      `SELECT d.id, d.sha256, d.path, d.format, d.bytes, d.pages, d.kind, d.title, d.framework, d.inspection_type, d.local_authority,
              ${this.key} AS authority_key, d.inspection_start, d.inspection_end, d.publication_date, d.lead_inspector, d.has_errors, d.imported_at, d.json
       FROM documents d WHERE d.id = ? AND budget()`,
      [id],
    );
  }

  /** The items of the report a plan answers (the linker's document link): what a plan item may be linked to on its page. */
  linkTargets(planId: number): Row[] {
    return this.rows(
      `SELECT r.id, r.rec_id, r.text FROM recommendations r
       WHERE r.document_id = (SELECT to_document_id FROM document_links WHERE from_document_id = ? AND kind = 'answers' ORDER BY id LIMIT 1) AND budget() ORDER BY r.id`,
      [planId],
      2000,
    );
  }

  /** The corrections of one document (applied to it or orphaned in it), newest change first: at most 1000. */
  correctionsOf(id: number): CorrectionView[] {
    return this.rows<CorrectionRow>('SELECT * FROM corrections WHERE document_id = ? AND budget() ORDER BY updated_at DESC, id DESC', [id], 1000).map(correctionView);
  }

  documentParts(id: number): { judgements: Row[]; paragraphs: Row[]; actions: Row[]; warnings: Row[] } {
    return {
      judgements: this.rows('SELECT area, label, grade, wording, page, line, block FROM judgements WHERE document_id = ? AND budget() ORDER BY id', [id], 200),
      paragraphs: this.rows('SELECT id, number, label, section, text, page, line, block FROM paragraphs WHERE document_id = ? AND budget() ORDER BY number', [id], 2000),
      actions: this.rows(
        `SELECT id, recommendation_ref, action_id, description, leads, due_raw, due_date, outcome, progress, rag, rag_raw, state, page, line, block
         FROM actions WHERE document_id = ? AND budget() ORDER BY id`,
        [id],
        2000,
      ),
      warnings: this.rows('SELECT id, origin, severity, code, message, page, line, block FROM warnings WHERE document_id = ? AND budget() ORDER BY id', [id], 1000),
    };
  }

  /** Full-text search over recommendations, paragraphs and actions, a page at a time. */
  search(f: SearchFilters): { hits: SearchHit[]; total: number; totalCapped: boolean; page: number; pageSize: number } {
    const page = Math.min(Math.max(1, Math.floor(f.page ?? 1)), MAX_PAGE);
    const q = ftsWords(f.q);
    if (!q) return { hits: [], total: 0, totalCapped: false, page, pageSize: PAGE_SIZE };
    const where: string[] = ['budget()'];
    const params: Record<string, unknown> = { q };
    if (f.la) where.push(authoritiesSql([this.select(f.la)], 'd', params));
    documentFilters(f, 'd', where, params);
    const cond = where.join(' AND ');
    // Two steps: rank every match (the FTS index, joined to its rows and documents only when a filter
    // reads them), then read the page's 20 hits with their documents and snippets. Reading documents
    // and making snippet()s for every match before the sort cost the most at scale.
    const filtered = where.length > 1;
    // A filter picks the rows of its documents first (through the documents' and the rows' indexes),
    // and the matches are kept by rowid: no row or document read per match (the unary + keeps SQLite
    // from handing FTS5 the rowids one by one, which would run the MATCH once per row).
    const ranked = (k: SearchKind) => {
      const { fts, table } = SEARCH_TABLES[k];
      const scope = filtered ? ` AND +${fts}.rowid IN (SELECT x.id FROM documents d ${this.laJoin} JOIN ${table} x ON x.document_id = d.id WHERE ${cond})` : '';
      return `SELECT '${k}' AS kind, ${fts}.rowid AS id, bm25(${fts}) AS score FROM ${fts} WHERE ${fts} MATCH @q AND budget()${scope}`;
    };
    const kinds = f.kind ? [f.kind] : SEARCH_KINDS;
    const union = kinds.map(ranked).join(' UNION ALL ');
    const cap = MAX_PAGE * PAGE_SIZE;
    // The ranking (at most cap + 1 matches: the last says there are more) is kept for the latest
    // searches until the database changes (recent()): the next page, the JSON twin and a colleague's
    // same search read it instead of scoring every match again (bm25 over 35,000 matches: ~20 ms).
    const key = JSON.stringify([q, f.la ?? null, f.region ?? null, f.framework ?? null, f.year ?? null, kinds]);
    const ranking = this.recent(key, () => this.rows<{ kind: SearchKind; id: number }>(`SELECT kind, id FROM (${union}) ORDER BY score, kind, id LIMIT ${cap + 1}`, params, cap + 1));
    const total = ranking.length;
    const pageRows = ranking.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const found = this.hitDetails(q, pageRows);
    const hits = pageRows.flatMap((r) => found.get(`${r.kind}:${r.id}`) ?? []);
    return { hits, total: Math.min(total, cap), totalCapped: total > cap, page, pageSize: PAGE_SIZE };
  }

  /** Search hits read in full (document, label, location, highlighted snippet) as kind:id -> hit. */
  private hitDetails(q: string, rows: ReadonlyArray<{ kind: SearchKind; id: number }>): Map<string, SearchHit> {
    const out = new Map<string, SearchHit>();
    const common = `d.id AS documentId, ${this.name} AS authority, ${this.key} AS authorityKey, d.framework, ${docDate('d')} AS date, d.path`;
    for (const kind of SEARCH_KINDS) {
      const ids = rows.filter((h) => h.kind === kind).map((h) => h.id);
      if (!ids.length) continue;
      const { fts, table, label, snippetColumn } = SEARCH_TABLES[kind];
      for (const r of this.rows<Omit<SearchHit, 'snippet'> & { snippet: string }>(
        `SELECT '${kind}' AS kind, x.id, ${common}, ${label} AS label,
                snippet(${fts}, ${snippetColumn}, '${MARK_OPEN}', '${MARK_CLOSE}', '…', 16) AS snippet, x.page, x.line, x.block
         FROM ${fts} JOIN ${table} x ON x.id = ${fts}.rowid JOIN documents d ON d.id = x.document_id ${this.laJoin}
         WHERE ${fts} MATCH @q AND ${fts}.rowid IN (SELECT value FROM json_each(@ids)) AND budget()`,
        { q, ids: JSON.stringify(ids) },
        PAGE_SIZE,
      ))
        out.set(`${kind}:${r.id}`, { ...r, snippet: segments(String(r.snippet ?? '')) });
    }
    return out;
  }

  /** Export: every judgement (optionally of some authorities), each inspection once. */
  judgements(la?: readonly AuthoritySelection[]): Row[] {
    const params: Record<string, unknown> = {};
    return this.rows(
      `SELECT ${this.name} AS authority, ${this.key} AS authority_key, d.framework, d.inspection_end, d.publication_date, j.area, j.label, j.grade, d.path, j.page, j.line, j.block
       FROM judgements j JOIN documents d ON d.id = j.document_id ${this.laJoin}
       WHERE ${oneInspection('d', Boolean(la?.length))} AND ${authoritiesSql(la, 'd', params)} AND budget() ORDER BY authority, ${docDate('d')}, j.id`,
      params,
      1_000_000,
    );
  }

  /** Export: every item of reports, letters and plans (the current version of each: plan-versions.ts; optionally of some authorities), each inspection once. */
  recommendations(la?: readonly AuthoritySelection[]): Row[] {
    const params: Record<string, unknown> = {};
    return this.rows(
      `SELECT ${this.name} AS authority, ${this.key} AS authority_key, d.kind, d.framework, d.publication_date, r.rec_id, r.kind AS item_kind, r.scope, r.timescale, r.text,
              (SELECT group_concat(paragraph_number, ', ') FROM (SELECT paragraph_number FROM recommendation_paragraph_refs WHERE recommendation_id = r.id ORDER BY paragraph_number)) AS paragraphs,
              d.path, r.page, r.line, r.block
       FROM recommendations r JOIN documents d ON d.id = r.document_id ${this.laJoin}
       WHERE ${oneInspection('d', Boolean(la?.length))} AND ${isCurrentPlan('d.id')} AND ${authoritiesSql(la, 'd', params)} AND budget() ORDER BY authority, ${docDate('d')}, r.id`,
      params,
      1_000_000,
    );
  }

  actions(la: readonly AuthoritySelection[] | undefined, asOf: string): Row[] {
    const params: Record<string, unknown> = { asOf };
    return this.rows(
      `SELECT ${this.name} AS authority, ${this.key} AS authority_key, a.recommendation_ref, a.action_id, a.description, a.leads, a.due_raw, a.due_date,
              a.rag, a.rag_raw, a.state, a.progress, a.outcome,
              ${isOverdue('a', '@asOf')} AS overdue,
              d.path, a.page, a.line, a.block, d.id AS document_id, a.id AS action_row
       FROM actions a JOIN documents d ON d.id = a.document_id ${this.laJoin}
       WHERE ${authoritiesSql(la, 'd', params)} AND ${isCurrentPlan('d.id')} AND budget() ORDER BY authority, d.id, a.id`,
      params,
      1_000_000,
    );
  }

}

/** A snippet with highlight markers -> segments (text is never HTML). */
export function segments(s: string): Array<{ text: string; match: boolean }> {
  const out: Array<{ text: string; match: boolean }> = [];
  for (const part of s.split(MARK_OPEN)) {
    const [hit, rest] = part.includes(MARK_CLOSE) ? (part.split(MARK_CLOSE, 2) as [string, string]) : [null, part];
    if (hit) out.push({ text: hit, match: true });
    if (rest) out.push({ text: rest, match: false });
  }
  return out;
}
