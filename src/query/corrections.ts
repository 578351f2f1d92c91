/**
 * Which values shown are corrections (src/store/corrections.ts): the mark every front end (the
 * tracker, the export, the pages, the API) puts beside a corrected value, with the extractor's
 * value. Corrections are applied to the rows themselves, so every query already shows the
 * corrected value; these marks say which ones are, read from the applied corrections.
 *
 * Marks are found by document id and row id, never by path: a file moved, or held under two paths,
 * shows its own marks. A plan item's corrected link is marked on the plan item (`link (was item
 * 29)`, the linker's link beside it) and on the report item the linker had linked it to, when that
 * is another (`link of plan item 2 (was item 29)`); a report's page also marks the report item it
 * was linked to (the same mark).
 */
import type { DB } from '../db/types.js';
import { ORPHANED_SQL, type CorrectionLogRow, type CorrectionRow } from '../db/corrections.js';
import { correctionView, logView, type CorrectionView, type LogView } from '../store/corrections.js';
import { readerOf, type Reader } from './reader.js';

/** One corrected field: its name, the extractor's value and the value in force. */
export interface Mark {
  field: string;
  original: unknown;
  value: unknown;
  by: string;
  at: string;
}

export interface Marks {
  /** Corrections of the document. */
  document(documentId: number): Mark[];
  /** Corrections of the action with this id (recommendation ref and id) in the document. */
  action(documentId: number, ref: string | null, actionId: string | null): Mark[];
  /** By row: an item's or action's corrections. */
  row(type: 'item' | 'action', rowId: number): Mark[];
  /** Every correction of the actions of a recommendation ref in the document. */
  actionsOf(documentId: number, ref: string | null): Array<Mark & { actionId: string | null }>;
  /** Links people set on plan items that the linker had linked to this report item (its row), elsewhere now. */
  linkedAway(reportItemRow: number): Mark[];
  /** Links people set on plan items to this report item (its row), which the linker had linked elsewhere (or nowhere). */
  linkedTo(reportItemRow: number): Mark[];
  readonly size: number;
}

interface Applied {
  target_type: 'document' | 'item' | 'action';
  field: string;
  original: string | null;
  value: string;
  updated_by: string;
  updated_at: string;
  document_id: number;
  row_id: number | null;
  rec_id: string | null;
  recommendation_ref: string | null;
  action_id: string | null;
  /** A link in force: the report item row it links the plan item to now (method person). */
  link_to: number | null;
}

const k = (...parts: Array<string | number | null>) => JSON.stringify(parts);

/** A link (as src/store/link-corrections.ts stores it) in words: "item 29", or null for none. */
const linkWord = (v: unknown): string | null => (v && typeof v === 'object' && 'number' in v ? `item ${String((v as { number: unknown }).number)}` : null);
/**
 * A link's value (a correction's `value` or `original` of field `link`) in words, as every front end
 * shows it: "item 30 of <report path>" (its sha256 when no path is known), or "none".
 */
export function linkText(v: unknown): string {
  if (v === null || v === undefined || typeof v !== 'object') return 'none';
  const l = v as { number?: unknown; path?: unknown; report?: unknown };
  return `item ${String(l.number)} of ${String(l.path ?? l.report)}`;
}

/** Do two links name the same report item? */
const sameItem = (a: unknown, b: unknown): boolean => {
  const x = a as { report?: unknown; key?: unknown } | null;
  const y = b as { report?: unknown; key?: unknown } | null;
  return !!x && !!y && x.report === y.report && JSON.stringify(x.key) === JSON.stringify(y.key);
};
/** The report item row the linker's link named at the last linking. */
const linkRow = (v: unknown): number | null => (v && typeof v === 'object' && typeof (v as { row?: unknown }).row === 'number' ? (v as { row: number }).row : null);

/** The applied corrections of some documents (all: none given), read under the reader's guard. */
function appliedCorrections(r: Reader, documents?: readonly number[]): Applied[] {
  if (!r.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corrections'").get()) return [];
  if (documents && documents.length === 0) return [];
  return r.all<Applied>(
    `SELECT c.target_type, c.field, c.original, c.value, c.updated_by, c.updated_at, c.document_id, c.row_id, ri.rec_id, a.recommendation_ref, a.action_id,
       CASE WHEN c.field = 'link' THEN (SELECT l.report_recommendation_id FROM recommendation_links l WHERE l.plan_recommendation_id = c.row_id AND l.method = 'person' ORDER BY l.id LIMIT 1) END AS link_to
     FROM corrections c
     LEFT JOIN recommendations ri ON c.target_type = 'item' AND ri.id = c.row_id AND ri.document_id = c.document_id
     LEFT JOIN actions a ON c.target_type = 'action' AND a.id = c.row_id AND a.document_id = c.document_id
     WHERE c.state = 'applied' AND c.document_id IS NOT NULL ${documents ? 'AND c.document_id IN (SELECT value FROM json_each(@ids))' : ''} AND ${r.guard} ORDER BY c.id`,
    { ids: JSON.stringify(documents ?? []) },
  );
}

/**
 * The marks of the applied corrections of some documents (all: none given; an empty set for a
 * database with no corrections table). Through a Reader, under its time budget and row cap.
 */
export function correctionMarks(src: DB | Reader, documents?: readonly number[]): Marks {
  const rows = appliedCorrections(readerOf(src), documents);
  const by = new Map<string, Array<Mark & { actionId: string | null }>>();
  const add = (key: string, m: Mark & { actionId: string | null }) => {
    const list = by.get(key) ?? [];
    list.push(m);
    by.set(key, list);
  };
  for (const r of rows) {
    const value = JSON.parse(r.value) as unknown;
    const original = r.original === null ? null : (JSON.parse(r.original) as unknown);
    const link = r.target_type === 'item' && r.field === 'link';
    const m = { field: r.field, original: link ? linkWord(original) : original, value: link ? linkWord(value) : value, by: r.updated_by, at: r.updated_at, actionId: r.action_id };
    if (r.target_type === 'document') add(k('d', r.document_id), m);
    if (r.target_type === 'item' && r.row_id !== null) {
      add(k('ri', r.row_id), m);
      const was = link ? linkRow(original) : null;
      if (link && !sameItem(original, value)) {
        const moved = { ...m, field: `link of plan item ${r.rec_id ?? '?'}` };
        if (was !== null) add(k('la', was), moved);
        if (r.link_to !== null) add(k('lt', r.link_to), moved);
      }
    }
    if (r.target_type === 'action' && r.row_id !== null) {
      add(k('a', r.document_id, r.recommendation_ref, r.action_id), m);
      add(k('as', r.document_id, r.recommendation_ref), m);
      add(k('ra', r.row_id), m);
    }
  }
  const get = (key: string) => by.get(key) ?? [];
  return {
    document: (id) => get(k('d', id)),
    action: (id, ref, actionId) => get(k('a', id, ref, actionId)),
    row: (type, rowId) => get(k(type === 'item' ? 'ri' : 'ra', rowId)),
    actionsOf: (id, ref) => get(k('as', id, ref)),
    linkedAway: (row) => get(k('la', row)),
    linkedTo: (row) => get(k('lt', row)),
    size: rows.length,
  };
}

/**
 * The plans whose items a person linked to, or away from, an item of this report: the documents whose
 * marks a report's page reads beside its own (Marks.linkedAway, Marks.linkedTo). Through a Reader.
 */
export function plansLinkedBy(src: DB | Reader, reportId: number): number[] {
  const r = readerOf(src);
  if (!r.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corrections'").get()) return [];
  return r
    .all<{ id: number }>(
      `SELECT DISTINCT c.document_id AS id FROM corrections c
       WHERE c.target_type = 'item' AND c.field = 'link' AND c.state = 'applied' AND c.document_id IS NOT NULL AND ${r.guard}
         AND (json_extract(c.original, '$.row') IN (SELECT id FROM recommendations WHERE document_id = @report)
           OR c.row_id IN (SELECT l.plan_recommendation_id FROM recommendation_links l JOIN recommendations ri ON ri.id = l.report_recommendation_id
                           WHERE ri.document_id = @report AND l.method = 'person'))
       ORDER BY id`,
      { report: reportId },
      1000,
    )
    .map((x) => x.id);
}

/** Every mark of an item (its row): its own corrections, and the links people moved away from it or to it (a report's item). */
export const itemMarks = (marks: Marks, row: number): Mark[] => [...marks.row('item', row), ...marks.linkedAway(row), ...marks.linkedTo(row)];

/** Marks in words for a table cell: "rag (was none)", joined; null when nothing was corrected. */
export function markText(marks: ReadonlyArray<Mark & { actionId?: string | null }>, withAction = false): string | null {
  if (marks.length === 0) return null;
  const word = (v: unknown) => (v === null || v === undefined ? 'none' : typeof v === 'string' ? v : JSON.stringify(v));
  return marks.map((m) => `${withAction && m.actionId ? `action ${m.actionId} ` : ''}${m.field} (was ${word(m.original)})`).join('; ');
}

/** A tracker row's ids (columns of v_tracker). */
export interface TrackerIds {
  report_document_id: unknown;
  report_recommendation_id: unknown;
  plan_document_id?: unknown;
  plan_recommendation_id?: unknown;
  plan_rec_id?: unknown;
}

/** The documents of some tracker rows (reports and plans): the ones whose marks they show. */
export const trackerDocuments = (rows: readonly TrackerIds[]): number[] => [...new Set(rows.flatMap((r) => [r.report_document_id, r.plan_document_id]).filter((x) => x != null).map(Number))];

/**
 * The corrections shown on a tracker row (`query tracker`, the export's Tracker sheet, the authority
 * API's tracker): of the report, its item (and links set away from it), the linked plan, the plan
 * item (its link among them) and that item's actions.
 */
export function trackerCorrections(marks: Marks, r: TrackerIds): string | null {
  if (marks.size === 0) return null;
  const plan = r.plan_document_id == null ? null : Number(r.plan_document_id);
  const planItem = r.plan_recommendation_id == null ? null : Number(r.plan_recommendation_id);
  const parts = [
    markText(marks.document(Number(r.report_document_id))),
    markText(marks.row('item', Number(r.report_recommendation_id))),
    markText(marks.linkedAway(Number(r.report_recommendation_id))),
    plan !== null ? markText(marks.document(plan)) : null,
    planItem !== null ? markText(marks.row('item', planItem)) : null,
    plan !== null ? markText(marks.actionsOf(plan, r.plan_rec_id == null ? null : String(r.plan_rec_id)), true) : null,
  ].filter((x): x is string => x !== null);
  return parts.length ? parts.join('; ') : null;
}

/** Corrections and audit-log entries shown a page at a time (the web app's /corrections, /corrections/log and their API twins). */
export const CORRECTIONS_PAGE_SIZE = 100;

/** A page of a list: its rows, how many there are in all, which page, and whether another page follows. */
export interface ListPage {
  total: number;
  page: number;
  pageSize: number;
  /** Rows on later pages (the page shows a "more" note and a link to the next). */
  more: boolean;
}

const pageOf = (r: Reader, table: string, where: string, order: string, page: number): { rows: unknown[] } & ListPage => {
  const total = r.all<{ n: number }>(`SELECT count(*) AS n FROM ${table} WHERE ${where} AND ${r.guard}`, {}, 1)[0]?.n ?? 0;
  const p = Math.max(1, Math.floor(page));
  const rows = r.all(`SELECT * FROM ${table} WHERE ${where} AND ${r.guard} ORDER BY ${order} LIMIT @limit OFFSET @offset`, { limit: CORRECTIONS_PAGE_SIZE, offset: (p - 1) * CORRECTIONS_PAGE_SIZE }, CORRECTIONS_PAGE_SIZE);
  return { rows, total, page: p, pageSize: CORRECTIONS_PAGE_SIZE, more: p * CORRECTIONS_PAGE_SIZE < total };
};

/**
 * One page of the corrections (only the orphaned ones when asked), newest change first, as
 * `ofsted corrections` lists them (src/store/corrections.ts), read through a Reader: under the web
 * app's time budget and row cap.
 */
export function correctionsList(src: DB | Reader, o: { orphaned?: boolean; page?: number } = {}): { corrections: CorrectionView[] } & ListPage {
  const { rows, ...p } = pageOf(readerOf(src), 'corrections', o.orphaned ? ORPHANED_SQL : '1', 'updated_at DESC, id DESC', o.page ?? 1);
  return { corrections: (rows as CorrectionRow[]).map(correctionView), ...p };
}

/** One page of the audit log, oldest first (as `ofsted corrections --log`), through a Reader. */
export function correctionLogList(src: DB | Reader, o: { page?: number } = {}): { log: LogView[] } & ListPage {
  const { rows, ...p } = pageOf(readerOf(src), 'correction_log', '1', 'at, id', o.page ?? 1);
  return { log: (rows as CorrectionLogRow[]).map(logView), ...p };
}
