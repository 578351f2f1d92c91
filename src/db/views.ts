import type { DB } from './database.js';
import { AREAS } from '../model/document.js';

/** The date a document row speaks for (published, else the end or start of the inspection). */
export const DOC_DATE = (d: string) => `coalesce(${d}.publication_date, ${d}.inspection_end, ${d}.inspection_start)`;

/**
 * Tracker rows: one per report recommendation and link (a recommendation no plan answers
 * has one row with the plan columns null). `asOf` is an SQL expression for the overdue date.
 */
export function trackerSql(asOf: string): string {
  return `SELECT d.local_authority, d.local_authority_code, d.id AS report_document_id, d.path AS report_path, d.publication_date,
  ${DOC_DATE('d')} AS report_date, d.framework, r.id AS report_recommendation_id, r.rec_id, r.scope, r.text,
  p.document_id AS plan_document_id, pd.path AS plan_path, p.id AS plan_recommendation_id, p.rec_id AS plan_rec_id, l.method, l.score,
  CASE WHEN p.id IS NOT NULL THEN coalesce(ag.actions, 0) END AS actions,
  CASE WHEN p.id IS NOT NULL THEN coalesce(ag.red, 0) END AS red,
  CASE WHEN p.id IS NOT NULL THEN coalesce(ag.amber, 0) END AS amber,
  CASE WHEN p.id IS NOT NULL THEN coalesce(ag.green, 0) END AS green,
  CASE WHEN p.id IS NOT NULL THEN coalesce(ag.complete, 0) END AS complete,
  CASE WHEN p.id IS NOT NULL THEN coalesce(ag.no_rag, 0) END AS no_rag,
  CASE WHEN p.id IS NOT NULL THEN (SELECT count(*) FROM actions a WHERE a.document_id = p.document_id AND a.recommendation_ref = p.rec_id
    AND a.due_date IS NOT NULL AND a.due_date < ${asOf} AND coalesce(a.rag, '') NOT IN ('complete', 'blue')) END AS overdue,
  (SELECT a.progress FROM actions a WHERE a.document_id = p.document_id AND a.recommendation_ref = p.rec_id AND a.progress IS NOT NULL
    ORDER BY a.id DESC LIMIT 1) AS latest_progress
FROM recommendations r
JOIN documents d ON d.id = r.document_id AND d.kind = 'inspection_report'
LEFT JOIN recommendation_links l ON l.report_recommendation_id = r.id
LEFT JOIN recommendations p ON p.id = l.plan_recommendation_id
LEFT JOIN documents pd ON pd.id = p.document_id
LEFT JOIN (SELECT document_id, recommendation_ref, count(*) AS actions, sum(rag = 'red') AS red, sum(rag = 'amber') AS amber,
    sum(rag = 'green') AS green, sum(rag IN ('complete', 'blue')) AS complete, sum(rag IS NULL) AS no_rag
  FROM actions GROUP BY document_id, recommendation_ref) ag ON ag.document_id = p.document_id AND ag.recommendation_ref = p.rec_id`;
}

const TRACKER_ORDER = 'ORDER BY local_authority, report_date, report_document_id, report_recommendation_id, plan_path, plan_recommendation_id';

function latestJudgementsSql(): string {
  const grades = AREAS.map((a) => `max(CASE WHEN area = '${a}' THEN grade END) AS ${a}`).join(', ');
  const cur = AREAS.map((a) => `g.${a}`).join(', ');
  const prev = AREAS.map((a) => `pg.${a} AS prev_${a}`).join(', ');
  return `WITH graded0 AS (
  SELECT d.id, d.local_authority_code AS code, d.framework, d.publication_date, ${DOC_DATE('d')} AS date FROM documents d
  WHERE d.kind = 'inspection_report' AND d.local_authority_code IS NOT NULL AND EXISTS (SELECT 1 FROM judgements j WHERE j.document_id = d.id)
), graded AS (
  SELECT *, row_number() OVER (PARTITION BY code ORDER BY date DESC, id DESC) AS n FROM graded0
  WHERE id IN (SELECT max(id) FROM graded0 GROUP BY code, date)
), grades AS (SELECT document_id, ${grades} FROM judgements GROUP BY document_id)
SELECT la.code AS la_code, la.name, la.region, cur.id AS document_id, cur.framework, cur.publication_date, ${cur},
  prev.id AS prev_document_id, prev.publication_date AS prev_publication_date, ${prev}, cur.date AS report_date, prev.date AS prev_report_date
FROM local_authorities la
LEFT JOIN graded cur ON cur.code = la.code AND cur.n = 1
LEFT JOIN grades g ON g.document_id = cur.id
LEFT JOIN graded prev ON prev.code = la.code AND prev.n = 2
LEFT JOIN grades pg ON pg.document_id = prev.id
ORDER BY la.name`;
}

/** Views for people who open the file in Datasette, DB Browser or Excel. */
export function viewDefinitions(): Record<string, string> {
  return {
    v_tracker: `CREATE VIEW v_tracker AS SELECT * FROM (${trackerSql("date('now')")}) ${TRACKER_ORDER}`,
    v_latest_judgements: `CREATE VIEW v_latest_judgements AS ${latestJudgementsSql()}`,
  };
}

export { TRACKER_ORDER };

/** True when a view is missing or its definition differs from this program's (read only). */
export function viewsOutOfSync(db: DB): boolean {
  return Object.entries(viewDefinitions()).some(([name, sql]) => {
    const have = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?").get(name) as { sql: string } | undefined;
    return have?.sql !== sql;
  });
}

/** Views hold no data: (re)made whenever their definition in this program differs from the file's. */
export function ensureViews(db: DB): void {
  for (const [name, sql] of Object.entries(viewDefinitions())) {
    const have = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?").get(name) as { sql: string } | undefined;
    if (have?.sql === sql) continue;
    db.exec(`DROP VIEW IF EXISTS ${name}`);
    db.exec(sql);
  }
}
