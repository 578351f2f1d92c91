import type { CandidateRow, RecommendationRow } from '../db/types.js';
import type { Similarity } from './similarity.js';

/**
 * Links between documents of one authority, decided from what the database holds, so the
 * same documents give the same links whatever order they were imported in:
 * - each plan recommendation -> the report recommendation it answers, by number where the plan
 *   keeps the report's numbering (and scope, where the report numbers its LSCB items afresh), by
 *   text otherwise;
 * - each plan -> the report it answers, each progress report -> the plan it reports on.
 * The decisions only: reading the documents and writing the links is the storage layer's
 * (src/store/linker.ts).
 */

/**
 * Below this text score a plan recommendation is not linked (and a warning says so).
 * Measured on the fixtures: a plan that copies the report scores 1.0; recommendations of
 * other inspections of the same authority score at most 0.29 (418 plan recommendations, best match each).
 */
export const LINK_THRESHOLD = 0.4;
/** A link by number needs the two texts to agree at least this much (numbering 1..N is common to unrelated lists). */
export const NUMBER_FLOOR = 0.2;

export interface RecLink {
  plan: number;
  report: number;
  method: 'number' | 'text';
  score: number;
}
export interface LinkWarning {
  code: 'link_by_text' | 'link_below_threshold';
  message: string;
  loc: { page: number | null; line: number | null; block: number | null };
}

const bare = (s: string) => s.replace(/[^a-z0-9]/gi, '').toLowerCase();
/** The abbreviation a plan puts before the number of an item of a scope ("LSCB2": the LSCB's item 2). */
const SCOPE_ABBREVIATION: Record<string, string> = { lscb: 'lscb' };

/** An item's number without its scope's abbreviation ("LSCB2" of the LSCB's scope -> "2"), letters and digits only. */
function ownNumber(r: Pick<RecommendationRow, 'rec_id' | 'scope'>): string {
  const b = bare(r.rec_id);
  const ab = SCOPE_ABBREVIATION[r.scope];
  return ab && b.startsWith(ab) && b.length > ab.length ? b.slice(ab.length) : b;
}

/**
 * The report item with a plan item's number: a plan item that states its scope ("LSCB recommendation 2")
 * has the number of the report's item of that scope and number only; one that does not (a plan's
 * items are the authority's unless they say otherwise) the report's one item of that number, or,
 * where the report numbers each scope's items afresh (a SIF report's LSCB list from 1 again), the
 * authority's. -1: none.
 */
export function sameNumberIndex<R extends Pick<RecommendationRow, 'rec_id' | 'scope'>>(p: R, report: R[]): number {
  const n = ownNumber(p);
  const hits = report.flatMap((r, i) => (ownNumber(r) === n ? [i] : []));
  if (p.scope && p.scope !== 'local_authority') return hits.find((i) => report[i]!.scope === p.scope) ?? -1;
  if (hits.length <= 1) return hits[0] ?? -1;
  return hits.find((i) => report[i]!.scope === 'local_authority') ?? hits[0]!;
}

export const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Plan recommendations -> report recommendations. Scores every pair by text; a plan
 * recommendation whose number the report also uses links by number unless the text points
 * clearly elsewhere, when most of the plan's numbers are the report's; otherwise its best
 * text match at or above the threshold.
 */
export function matchRecommendations<R extends RecommendationRow>(sim: Similarity, plan: R[], report: R[]): { links: RecLink[]; best: Array<{ score: number; report: R | null }> } {
  const m = sim.matrix(
    plan.map((r) => r.text),
    report.map((r) => r.text),
  );
  const shared = plan.filter((p) => sameNumberIndex(p, report) >= 0).length;
  const keepsNumbering = plan.length > 0 && shared * 2 >= plan.length;
  const links: RecLink[] = [];
  const best = plan.map((p, i) => {
    const row = m[i]!;
    let top = -1;
    row.forEach((s, t) => {
      if (top < 0 || s > row[top]!) top = t;
    });
    const topScore = top >= 0 ? row[top]! : 0;
    const same = keepsNumbering ? sameNumberIndex(p, report) : -1;
    if (same >= 0 && row[same]! >= NUMBER_FLOOR && !(topScore >= LINK_THRESHOLD && topScore > 2 * row[same]!)) {
      links.push({ plan: p.id, report: report[same]!.id, method: 'number', score: round(row[same]!) });
    } else if (top >= 0 && topScore >= LINK_THRESHOLD) {
      links.push({ plan: p.id, report: report[top]!.id, method: 'text', score: round(topScore) });
    }
    return { score: topScore, report: top >= 0 ? report[top]! : null };
  });
  return { links, best };
}

/** The report a plan answers, with its recommendations and their links to the plan's. */
export interface ChosenReport<D extends CandidateRow, R extends RecommendationRow> {
  report: D;
  recs: R[];
  result: ReturnType<typeof matchRecommendations<R>>;
  total: number;
}

/**
 * Of the candidate reports (latest first), the one the plan's recommendations match best, by the
 * sum of their link scores: a tie goes to the earlier candidate, so to the latest report.
 */
export function chooseReport<D extends CandidateRow, R extends RecommendationRow>(sim: Similarity, planRecs: R[], reports: D[], recsOf: (report: D) => R[]): ChosenReport<D, R> {
  let chosen: ChosenReport<D, R> | null = null;
  for (const report of reports) {
    const recs = recsOf(report);
    const result = matchRecommendations(sim, planRecs, recs);
    const total = result.links.reduce((s, l) => s + l.score, 0);
    if (!chosen || total > chosen.total + 1e-9) chosen = { report, recs, result, total };
  }
  if (!chosen) throw new Error('chooseReport needs at least one report');
  return chosen;
}

/**
 * How a link_below_threshold warning begins: the plan item it is about, by number. One definition:
 * the review queue (src/query/review.ts) reads it to find the item a warning is about.
 */
export const notLinkedMessage = (recId: string): string => `plan recommendation ${recId} is not linked`;

/**
 * What a plan's links say of it: a plan that numbers items as the report does but links one of them
 * by text had its number changed (a drafted template renumbered by hand, a typo): linked, and said
 * so; a recommendation left unlinked, with its best match and score.
 */
export function planLinkWarnings<D extends CandidateRow, R extends RecommendationRow>(planRecs: R[], chosen: ChosenReport<D, R>): LinkWarning[] {
  const { report, recs: reportRecs, result } = chosen;
  const out: LinkWarning[] = [];
  const loc = (p: R) => ({ page: p.page, line: p.line, block: p.block });
  const sharesNumbers = planRecs.some((p) => sameNumberIndex(p, reportRecs) >= 0);
  if (sharesNumbers) {
    for (const l of result.links) {
      if (l.method !== 'text') continue;
      const p = planRecs.find((x) => x.id === l.plan)!;
      const r = reportRecs.find((x) => x.id === l.report)!;
      if (ownNumber(p) === ownNumber(r)) continue;
      out.push({
        code: 'link_by_text',
        message: `plan recommendation ${p.rec_id} is linked by its text to recommendation ${r.rec_id} of ${report.path} (score ${l.score}): its number does not match the report's`,
        loc: loc(p),
      });
    }
  }
  const linked = new Set(result.links.map((l) => l.plan));
  planRecs.forEach((p, i) => {
    if (linked.has(p.id)) return;
    const b = result.best[i]!;
    out.push({
      code: 'link_below_threshold',
      message: `${notLinkedMessage(p.rec_id)}: its best match in ${report.path} is ${b.report ? `recommendation ${b.report.rec_id}` : 'none'} at ${round(b.score)}, below ${LINK_THRESHOLD}`,
      loc: loc(p),
    });
  });
  return out;
}

/**
 * The plan a progress report reports on: of the candidates' texts, the one the report's text
 * matches best (the first on a tie); none when there are several and nothing matches. Best effort.
 */
export function choosePlan(sim: Similarity, reportText: string, planTexts: string[]): { index: number; score: number } | null {
  const [scores] = sim.matrix([reportText], planTexts);
  let top = 0;
  scores!.forEach((s, i) => {
    if (s > scores![top]!) top = i;
  });
  if (planTexts.length > 1 && !(scores![top]! > 0)) return null;
  return { index: top, score: round(scores![top]!) };
}
