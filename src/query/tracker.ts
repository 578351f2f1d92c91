/**
 * The tracker (`ofsted query tracker`, the web app's tracker panel, the export's Tracker sheet):
 * each report recommendation, the plan recommendations linked to it, their actions by RAG,
 * overdue as of a date and the latest progress.
 */
import type { DB } from '../db/types.js';
import { asOfDate, ftsMatch, ftsQuery } from './rules.js';
import { docFilters, type QueryFilters } from './canned-queries.js';
import { TRACKER_ORDER, trackerSql } from './views.js';
import { documentDeadlines, type DocumentDeadline } from './deadlines.js';
import { correctionMarks, trackerCorrections, trackerDocuments } from './corrections.js';

/** One row of the tracker as SQL gives it (the columns of the view v_tracker). */
export interface TrackerRow {
  local_authority: string | null;
  local_authority_code: string | null;
  report_document_id: number;
  report_path: string;
  publication_date: string | null;
  report_date: string | null;
  framework: string | null;
  report_recommendation_id: number;
  rec_id: string;
  item_kind: 'recommendation' | 'area_for_improvement' | 'priority_action';
  scope: string;
  text: string;
  plan_document_id: number | null;
  plan_path: string | null;
  plan_recommendation_id: number | null;
  plan_rec_id: string | null;
  /** How the link was made: by number or text (the linker), or set by a person (a correction). */
  method: 'number' | 'text' | 'person' | null;
  score: number | null;
  actions: number | null;
  red: number | null;
  amber: number | null;
  green: number | null;
  complete: number | null;
  no_rag: number | null;
  overdue: number | null;
  latest_progress: string | null;
  /** The report's plan deadline (none where no rule applies or it has no date). */
  deadline?: DocumentDeadline | null;
  /** What of this row a person corrected (src/store/corrections.ts), in words with the extractor's value; null: nothing. */
  corrected?: string | null;
}

export interface TrackerFilters extends QueryFilters {
  /** Overdue as of this date (YYYY-MM-DD); default today. */
  asOf?: string;
}

/** Report recommendations x links, filtered by the report's authority (name, alias, code, region, neighbours). */
export function trackerRows(db: DB, f: TrackerFilters): TrackerRow[] {
  const { where, params } = docFilters(db, f, 't');
  if (f.search) {
    where.push(ftsMatch('recommendations', 't.report_recommendation_id'));
    params.q = ftsQuery(f.search);
  }
  params.asOf = asOfDate(f.asOf);
  const sql = `SELECT * FROM (${trackerSql('@asOf', Boolean(f.la || f.neighboursOf))}) t ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${TRACKER_ORDER}`;
  const rows = db.prepare(sql).all(params) as TrackerRow[];
  // Each report's plan deadline (deadlines.ts), as of the same date.
  const ids = [...new Set(rows.map((r) => r.report_document_id))];
  const byDoc = new Map(
    ids.length ? documentDeadlines(db, params.asOf as string, 'd.id IN (SELECT value FROM json_each(@ids))', { ids: JSON.stringify(ids) }).map((x) => [x.documentId, x]) : [],
  );
  const marks = correctionMarks(db, trackerDocuments(rows));
  return rows.map((r) => ({ ...r, deadline: byDoc.get(r.report_document_id) ?? null, corrected: trackerCorrections(marks, r) }));
}

/** The rows for a table or CSV: one per report recommendation and link. */
export function trackerTable(rows: TrackerRow[]): Record<string, unknown>[] {
  return rows.map((r) => ({
    la: r.local_authority,
    code: r.local_authority_code,
    report_date: r.report_date,
    rec: r.rec_id,
    kind: r.item_kind,
    scope: r.scope,
    text: r.text,
    plan: r.plan_path,
    plan_rec: r.plan_rec_id,
    method: r.method,
    score: r.score,
    actions: r.actions,
    red: r.red,
    amber: r.amber,
    green: r.green,
    complete: r.complete,
    none: r.no_rag,
    overdue: r.overdue,
    latest_progress: r.latest_progress,
    plan_due: r.deadline?.planDue ?? null,
    plan_due_basis: r.deadline ? `${r.deadline.basis}${r.deadline.statedDue ? ', printed due date' : r.deadline.estimated ? ', estimate' : ''}` : null,
    plan_on_file: r.deadline ? (r.deadline.plan?.path ?? 'none') : null,
    late: r.deadline ? (r.deadline.late ? 'yes' : 'no') : null,
    report: r.report_path,
    corrected: r.corrected ?? null,
  }));
}

/** The JSON: one object per report recommendation, its links, and each link's actions. */
export function trackerJson(db: DB, rows: TrackerRow[], asOf: string): Record<string, unknown>[] {
  const actions = db.prepare(
    `SELECT action_id AS id, description, leads, due_date, due_raw, rag, rag_raw, state, progress, page, line, block
     FROM actions WHERE document_id = ? AND recommendation_ref = ? ORDER BY id`,
  );
  const marks = correctionMarks(db, trackerDocuments(rows));
  const out = new Map<number, Record<string, unknown> & { links: unknown[] }>();
  for (const r of rows) {
    let item = out.get(r.report_recommendation_id);
    if (!item) {
      item = {
        localAuthority: r.local_authority,
        localAuthorityCode: r.local_authority_code,
        report: { path: r.report_path, publicationDate: r.publication_date, date: r.report_date, framework: r.framework },
        deadline: r.deadline
          ? { draftDue: r.deadline.draftDue, planDue: r.deadline.planDue, workingDays: r.deadline.workingDays, from: r.deadline.from, basis: r.deadline.basis, estimated: r.deadline.estimated, statedDue: r.deadline.statedDue, rule: r.deadline.rule, plan: r.deadline.plan, late: r.deadline.late, asOf }
          : null,
        recommendation: { id: r.rec_id, kind: r.item_kind, scope: r.scope, text: r.text, corrected: [...marks.row('item', r.report_recommendation_id), ...marks.linkedAway(r.report_recommendation_id)] },
        corrected: marks.document(r.report_document_id),
        links: [],
      };
      out.set(r.report_recommendation_id, item);
    }
    if (r.plan_recommendation_id === null) continue;
    const rows = actions.all(r.plan_document_id, r.plan_rec_id) as Array<Record<string, unknown> & { leads: string }>;
    item.links.push({
      plan: { path: r.plan_path },
      recommendationRef: r.plan_rec_id,
      method: r.method,
      score: r.score,
      // The plan item's corrections, its link among them (method 'person': set by a person, the linker's link in the mark).
      corrected: marks.row('item', r.plan_recommendation_id),
      counts: { actions: r.actions, red: r.red, amber: r.amber, green: r.green, complete: r.complete, none: r.no_rag, overdue: r.overdue, asOf },
      latestProgress: r.latest_progress,
      actions: rows.map((a) => ({
        id: a.id,
        description: a.description,
        leads: JSON.parse(a.leads) as string[],
        due: a.due_date,
        rag: a.rag,
        state: a.state,
        progress: a.progress,
        dueRaw: a.due_raw,
        ragRaw: a.rag_raw,
        loc: { page: a.page, line: a.line, block: a.block },
        corrected: marks.action(r.plan_document_id!, r.plan_rec_id, a.id as string | null),
      })),
    });
  }
  return [...out.values()];
}
