/**
 * Which values shown are corrections (src/store/corrections.ts): the mark every front end (the
 * tracker, the export, the pages, the API) puts beside a corrected value, with the extractor's
 * value. Corrections are applied to the rows themselves, so every query already shows the
 * corrected value; these marks say which ones are, read from the applied corrections.
 */
import type { DB } from '../db/types.js';

/** One corrected field: its name, the extractor's value and the value in force. */
export interface Mark {
  field: string;
  original: unknown;
  value: unknown;
  by: string;
  at: string;
}

export interface Marks {
  /** Corrections of the document at this path. */
  document(path: string): Mark[];
  /** Corrections of the item with this number in the document at this path. */
  item(path: string, recId: string | null): Mark[];
  /** Corrections of the action with this id (recommendation ref and id) in the document at this path. */
  action(path: string, ref: string | null, actionId: string | null): Mark[];
  /** By row: an item's or action's corrections. */
  row(type: 'item' | 'action', rowId: number): Mark[];
  /** Every correction of the actions of a recommendation ref in the document at this path. */
  actionsOf(path: string, ref: string | null): Array<Mark & { actionId: string | null }>;
  readonly size: number;
}

interface Applied {
  target_type: 'document' | 'item' | 'action';
  field: string;
  original: string | null;
  value: string;
  updated_by: string;
  updated_at: string;
  path: string;
  row_id: number | null;
  rec_id: string | null;
  recommendation_ref: string | null;
  action_id: string | null;
}

const k = (...parts: Array<string | number | null>) => JSON.stringify(parts);

/** The marks of every applied correction (an empty set for a database with no corrections table). */
export function correctionMarks(db: DB): Marks {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'corrections'").get();
  const rows: Applied[] = has
    ? (db
        .prepare(
          `SELECT c.target_type, c.field, c.original, c.value, c.updated_by, c.updated_at, d.path, c.row_id, r.rec_id, a.recommendation_ref, a.action_id
           FROM corrections c JOIN documents d ON d.id = c.document_id
           LEFT JOIN recommendations r ON c.target_type = 'item' AND r.id = c.row_id AND r.document_id = d.id
           LEFT JOIN actions a ON c.target_type = 'action' AND a.id = c.row_id AND a.document_id = d.id
           WHERE c.state = 'applied' ORDER BY c.id`,
        )
        .all() as Applied[])
    : [];
  const by = new Map<string, Array<Mark & { actionId: string | null }>>();
  const add = (key: string, m: Mark & { actionId: string | null }) => {
    const list = by.get(key) ?? [];
    list.push(m);
    by.set(key, list);
  };
  for (const r of rows) {
    const m = { field: r.field, original: r.original === null ? null : (JSON.parse(r.original) as unknown), value: JSON.parse(r.value) as unknown, by: r.updated_by, at: r.updated_at, actionId: r.action_id };
    if (r.target_type === 'document') add(k('d', r.path), m);
    if (r.target_type === 'item' && r.row_id !== null) {
      add(k('i', r.path, r.rec_id), m);
      add(k('ri', r.row_id), m);
    }
    if (r.target_type === 'action' && r.row_id !== null) {
      add(k('a', r.path, r.recommendation_ref, r.action_id), m);
      add(k('as', r.path, r.recommendation_ref), m);
      add(k('ra', r.row_id), m);
    }
  }
  const get = (key: string) => by.get(key) ?? [];
  return {
    document: (path) => get(k('d', path)),
    item: (path, recId) => get(k('i', path, recId)),
    action: (path, ref, actionId) => get(k('a', path, ref, actionId)),
    row: (type, rowId) => get(k(type === 'item' ? 'ri' : 'ra', rowId)),
    actionsOf: (path, ref) => get(k('as', path, ref)),
    size: rows.length,
  };
}

/** Marks in words for a table cell: "rag (was none)", joined; null when nothing was corrected. */
export function markText(marks: ReadonlyArray<Mark & { actionId?: string | null }>, withAction = false): string | null {
  if (marks.length === 0) return null;
  const word = (v: unknown) => (v === null || v === undefined ? 'none' : typeof v === 'string' ? v : JSON.stringify(v));
  return marks.map((m) => `${withAction && m.actionId ? `action ${m.actionId} ` : ''}${m.field} (was ${word(m.original)})`).join('; ');
}

/**
 * The corrections shown on a tracker row (`query tracker`, the export's Tracker sheet, the authority
 * API's tracker): of the report, its item, the linked plan, the plan item and that item's actions.
 */
export function trackerCorrections(marks: Marks, r: { report_path: unknown; rec_id: unknown; plan_path?: unknown; plan_rec_id?: unknown }): string | null {
  if (marks.size === 0) return null;
  const rp = String(r.report_path);
  const pp = r.plan_path == null ? null : String(r.plan_path);
  const pr = r.plan_rec_id == null ? null : String(r.plan_rec_id);
  const parts = [
    markText(marks.document(rp)),
    markText(marks.item(rp, String(r.rec_id))),
    pp ? markText(marks.document(pp)) : null,
    pp ? markText(marks.item(pp, pr)) : null,
    pp ? markText(marks.actionsOf(pp, pr), true) : null,
  ].filter((x): x is string => x !== null);
  return parts.length ? parts.join('; ') : null;
}
