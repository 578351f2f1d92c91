/**
 * The SQL of the tracker and of the latest grades, shared by the queries (src/query/) and the
 * views that src/db/views.ts creates for people who open the file in Datasette, DB Browser or
 * Excel (src/db reads their CREATE statements as SQL text from src/db/view-definitions.ts, which
 * `npm run views` writes from viewDefinitions below: change a view here, then run it). The views count overdue as of date('now'); the queries as of the date asked.
 */
import { AREAS } from '../model/document.js';
import { actionCountColumns, docDate, gradedInspectionsSql, isOverdue, oneInspection, SENDS, VISITS } from './rules.js';
import { isCurrentPlanLink } from './plan-versions.js';

/**
 * Tracker rows: one per report recommendation, visit's or SEND report's priority action and
 * area for improvement (`item_kind`), and link (a recommendation no plan answers
 * has one row with the plan columns null). Only the current version of a plan is shown
 * (plan-versions.ts). `asOf` is an SQL expression for the overdue date; `scoped`: the caller filters the
 * rows to a few authorities (rules.ts oneInspection).
 */
export function trackerSql(asOf: string, scoped = false): string {
  // The plan row's action counts, each read through the index actions(document_id, recommendation_ref)
  // (migration 7): a join to a GROUP BY of every action grouped the whole archive's actions per query.
  const ofPlanRow = (expr: string) => `(SELECT ${expr} FROM actions ac WHERE ac.document_id = p.document_id AND ac.recommendation_ref = p.rec_id)`;
  const counts = [['actions', 'count(*)'] as [string, string], ...actionCountColumns('ac')]
    .map(([name, expr]) => `  CASE WHEN p.id IS NOT NULL THEN coalesce(${ofPlanRow(expr)}, 0) END AS ${name}`)
    .join(',\n');
  return `SELECT d.local_authority, d.local_authority_code, d.id AS report_document_id, d.path AS report_path, d.publication_date,
  ${docDate('d')} AS report_date, d.framework, r.id AS report_recommendation_id, r.rec_id, r.kind AS item_kind, r.scope, r.text,
  p.document_id AS plan_document_id, pd.path AS plan_path, p.id AS plan_recommendation_id, p.rec_id AS plan_rec_id, l.method, l.score,
${counts},
  CASE WHEN p.id IS NOT NULL THEN (SELECT count(*) FROM actions a WHERE a.document_id = p.document_id AND a.recommendation_ref = p.rec_id
    AND ${isOverdue('a', asOf)}) END AS overdue,
  (SELECT a.progress FROM actions a WHERE a.document_id = p.document_id AND a.recommendation_ref = p.rec_id AND a.progress IS NOT NULL
    ORDER BY a.id DESC LIMIT 1) AS latest_progress
FROM recommendations r
JOIN documents d ON d.id = r.document_id AND (d.kind = 'inspection_report' OR d.framework IN (${VISITS}, ${SENDS})) AND ${oneInspection('d', scoped)}
LEFT JOIN recommendation_links l ON l.report_recommendation_id = r.id AND ${isCurrentPlanLink('l')}
LEFT JOIN recommendations p ON p.id = l.plan_recommendation_id
LEFT JOIN documents pd ON pd.id = p.document_id`;
}

export const TRACKER_ORDER = 'ORDER BY local_authority, report_date, report_document_id, report_recommendation_id, plan_path, plan_recommendation_id';

/** One row per authority of the register: its latest and previous graded full inspections, a column per area. */
export function latestJudgementsSql(): string {
  const grades = AREAS.map((a) => `max(CASE WHEN area = '${a}' THEN grade END) AS ${a}`).join(', ');
  const cur = AREAS.map((a) => `g.${a}`).join(', ');
  const prev = AREAS.map((a) => `pg.${a} AS prev_${a}`).join(', ');
  return `WITH graded AS (${gradedInspectionsSql()}), grades AS (SELECT document_id, ${grades} FROM judgements GROUP BY document_id)
SELECT la.code AS la_code, la.name, la.region, cur.id AS document_id, cur.framework, cur.publication_date, ${cur},
  prev.id AS prev_document_id, prev.publication_date AS prev_publication_date, ${prev}, cur.date AS report_date, prev.date AS prev_report_date
FROM local_authorities la
LEFT JOIN graded cur ON cur.key = la.code AND cur.n = 1
LEFT JOIN grades g ON g.document_id = cur.id
LEFT JOIN graded prev ON prev.key = la.code AND prev.n = 2
LEFT JOIN grades pg ON pg.document_id = prev.id
ORDER BY la.name`;
}

/** The views' CREATE statements. */
export function viewDefinitions(): Record<string, string> {
  return {
    v_tracker: `CREATE VIEW v_tracker AS SELECT * FROM (${trackerSql("date('now')")}) ${TRACKER_ORDER}`,
    v_latest_judgements: `CREATE VIEW v_latest_judgements AS ${latestJudgementsSql()}`,
  };
}
