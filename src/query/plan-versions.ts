/**
 * Versions of one plan (src/link/versions.ts decides them, the linker stores them in plan_versions):
 * what every query, sheet, page, API route and view shows is the current version only, by the one
 * fragment below; the earlier versions are kept and shown as history (planHistory).
 */

/**
 * A plan document (an SQL expression giving its id) that is shown: the current version of its plan,
 * or a plan with no versions (not linked to a report, or not a plan at all: any other document passes).
 */
export const isCurrentPlan = (documentId: string): string =>
  `NOT EXISTS (SELECT 1 FROM plan_versions pv WHERE pv.plan_document_id = ${documentId} AND pv.is_current = 0)`;

/** A recommendation link whose plan side is of a shown plan (alias of recommendation_links). */
export const isCurrentPlanLink = (l: string): string =>
  `NOT EXISTS (SELECT 1 FROM recommendations pr JOIN plan_versions pv ON pv.plan_document_id = pr.document_id WHERE pr.id = ${l}.plan_recommendation_id AND pv.is_current = 0)`;
