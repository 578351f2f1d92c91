import type { DB } from '../db/database.js';
import { Similarity } from './similarity.js';
import { docDate } from '../query/rules.js';

/**
 * Links between documents of one authority, made from what the database holds, so the
 * same documents give the same links whatever order they were imported in:
 * - each plan recommendation -> the report recommendation it answers (`recommendation_links`),
 *   by number where the plan keeps the report's numbering, by text otherwise;
 * - each plan -> the report it answers, each progress report -> the plan it reports on
 *   (`document_links`, kinds `answers` and `reports_on`).
 * Everything about a plan or progress report is remade each time (`relinkAuthority`).
 */

/**
 * Below this text score a plan recommendation is not linked (and a warning says so).
 * Measured on the fixtures: a plan that copies the report scores 1.0; recommendations of
 * other inspections of the same authority score at most 0.29 (418 plan recommendations, best match each).
 */
export const LINK_THRESHOLD = 0.4;
/** A link by number needs the two texts to agree at least this much (numbering 1..N is common to unrelated lists). */
export const NUMBER_FLOOR = 0.2;

interface DocRow {
  id: number;
  path: string;
  date: string | null;
  title: string | null;
}
interface RecRow {
  id: number;
  rec_id: string;
  text: string;
  page: number | null;
  line: number | null;
  block: number | null;
}
export interface RecLink {
  plan: number;
  report: number;
  method: 'number' | 'text';
  score: number;
}

const DOC_DATE = docDate('');
const sameNumber = (a: string, b: string) => a.replace(/[^a-z0-9]/gi, '').toLowerCase() === b.replace(/[^a-z0-9]/gi, '').toLowerCase();
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Plan recommendations -> report recommendations. Scores every pair by text; a plan
 * recommendation whose number the report also uses links by number unless the text points
 * clearly elsewhere, when most of the plan's numbers are the report's; otherwise its best
 * text match at or above the threshold.
 */
export function matchRecommendations(sim: Similarity, plan: RecRow[], report: RecRow[]): { links: RecLink[]; best: Array<{ score: number; report: RecRow | null }> } {
  const m = sim.matrix(
    plan.map((r) => r.text),
    report.map((r) => r.text),
  );
  const shared = plan.filter((p) => report.some((r) => sameNumber(p.rec_id, r.rec_id))).length;
  const keepsNumbering = plan.length > 0 && shared * 2 >= plan.length;
  const links: RecLink[] = [];
  const best = plan.map((p, i) => {
    const row = m[i]!;
    let top = -1;
    row.forEach((s, t) => {
      if (top < 0 || s > row[top]!) top = t;
    });
    const topScore = top >= 0 ? row[top]! : 0;
    const same = keepsNumbering ? report.findIndex((r) => sameNumber(p.rec_id, r.rec_id)) : -1;
    if (same >= 0 && row[same]! >= NUMBER_FLOOR && !(topScore >= LINK_THRESHOLD && topScore > 2 * row[same]!)) {
      links.push({ plan: p.id, report: report[same]!.id, method: 'number', score: round(row[same]!) });
    } else if (top >= 0 && topScore >= LINK_THRESHOLD) {
      links.push({ plan: p.id, report: report[top]!.id, method: 'text', score: round(topScore) });
    }
    return { score: topScore, report: top >= 0 ? report[top]! : null };
  });
  return { links, best };
}

export class Linker {
  private readonly sim: Similarity;

  constructor(private readonly db: DB) {
    this.sim = new Similarity(db);
  }

  /** Remake every link of the plans and progress reports of an authority (by code). */
  relinkAuthority(code: string | null): void {
    if (code === null) return;
    const docs = this.db
      .prepare("SELECT id, kind FROM documents WHERE local_authority_code = ? AND kind IN ('action_plan', 'progress_report') ORDER BY id")
      .all(code) as Array<{ id: number; kind: string }>;
    for (const d of docs.filter((x) => x.kind === 'action_plan')) this.linkPlan(d.id);
    for (const d of docs.filter((x) => x.kind === 'progress_report')) this.linkProgressReport(d.id);
  }

  /** After a document is written: its own links, and those of the plans and progress reports of its authority. */
  relinkAfterWrite(documentId: number, formerCodes: Array<string | null> = []): void {
    const doc = this.db.prepare('SELECT kind, local_authority_code AS code FROM documents WHERE id = ?').get(documentId) as { kind: string; code: string | null };
    if (doc.code === null) {
      if (doc.kind === 'action_plan') this.linkPlan(documentId);
      if (doc.kind === 'progress_report') this.linkProgressReport(documentId);
    }
    for (const c of new Set([doc.code, ...formerCodes])) this.relinkAuthority(c);
  }

  private clear(documentId: number, kind: string): void {
    this.db.prepare('DELETE FROM recommendation_links WHERE plan_recommendation_id IN (SELECT id FROM recommendations WHERE document_id = ?)').run(documentId);
    this.db.prepare('DELETE FROM document_links WHERE from_document_id = ? AND kind = ?').run(documentId, kind);
    this.db.prepare("DELETE FROM warnings WHERE document_id = ? AND origin = 'link'").run(documentId);
  }

  private warn(documentId: number, code: string, message: string, loc: { page: number | null; line: number | null; block: number | null } = { page: null, line: null, block: null }): void {
    this.db
      .prepare("INSERT INTO warnings (document_id, origin, severity, code, message, page, line, block) VALUES (?, 'link', 'warning', ?, ?, ?, ?, ?)")
      .run(documentId, code, message, loc.page, loc.line, loc.block);
  }

  private recs(documentId: number): RecRow[] {
    return this.db.prepare('SELECT id, rec_id, text, page, line, block FROM recommendations WHERE document_id = ? ORDER BY id').all(documentId) as RecRow[];
  }

  /** A plan: the report it answers (of those published before it, the one its recommendations match best), and each link. */
  linkPlan(planId: number): void {
    this.clear(planId, 'answers');
    const plan = this.db.prepare(`SELECT id, path, ${DOC_DATE} AS date, title, local_authority_code AS code, local_authority AS la FROM documents WHERE id = ?`).get(planId) as DocRow & { code: string | null; la: string | null };
    const planRecs = this.recs(planId);
    if (planRecs.length === 0) return;
    if (plan.code === null) {
      this.warn(planId, 'link_no_authority', 'the plan names no authority of the register: it cannot be linked to a report');
      return;
    }
    const reports = this.db
      .prepare(
        `SELECT d.id, d.path, ${DOC_DATE} AS date, d.title FROM documents d
         WHERE d.kind = 'inspection_report' AND d.local_authority_code = ? AND EXISTS (SELECT 1 FROM recommendations r WHERE r.document_id = d.id)
           AND (? IS NULL OR ${DOC_DATE} IS NULL OR ${DOC_DATE} <= ?)
         ORDER BY ${DOC_DATE} DESC, d.path, d.sha256`,
      )
      .all(plan.code, plan.date, plan.date) as DocRow[];
    if (reports.length === 0) {
      this.warn(planId, 'link_no_report', `no inspection report of ${plan.la} with recommendations${plan.date ? ` published by ${plan.date}` : ''} is in the database: nothing linked`);
      return;
    }
    // Latest first, so a tie goes to the latest report; then by path, not by id, so the same
    // documents give the same links in whatever order they were imported.
    let chosen: { report: DocRow; recs: RecRow[]; result: ReturnType<typeof matchRecommendations>; total: number } | null = null;
    for (const report of reports) {
      const recs = this.recs(report.id);
      const result = matchRecommendations(this.sim, planRecs, recs);
      const total = result.links.reduce((s, l) => s + l.score, 0);
      if (!chosen || total > chosen.total + 1e-9) chosen = { report, recs, result, total };
    }
    const { report, result, total } = chosen!;
    if (result.links.length === 0) {
      this.warn(planId, 'link_no_report', `no recommendation of the plan matches a recommendation of a report of ${plan.la} (best report: ${report.path}): nothing linked`);
      return;
    }
    const insert = this.db.prepare('INSERT INTO recommendation_links (plan_recommendation_id, report_recommendation_id, method, score) VALUES (?, ?, ?, ?)');
    for (const l of result.links) insert.run(l.plan, l.report, l.method, l.score);
    this.db
      .prepare("INSERT INTO document_links (from_document_id, to_document_id, kind, score) VALUES (?, ?, 'answers', ?)")
      .run(planId, report.id, round(total / planRecs.length));
    // A plan that numbers items as the report does but links one of them by text: its number
    // was changed (a drafted template renumbered by hand, a typo). Linked, and said so.
    const reportRecs = chosen!.recs;
    const sharesNumbers = planRecs.some((p) => reportRecs.some((r) => sameNumber(p.rec_id, r.rec_id)));
    if (sharesNumbers) {
      for (const l of result.links) {
        if (l.method !== 'text') continue;
        const p = planRecs.find((x) => x.id === l.plan)!;
        const r = reportRecs.find((x) => x.id === l.report)!;
        if (sameNumber(p.rec_id, r.rec_id)) continue;
        this.warn(
          planId,
          'link_by_text',
          `plan recommendation ${p.rec_id} is linked by its text to recommendation ${r.rec_id} of ${report.path} (score ${l.score}): its number does not match the report's`,
          p,
        );
      }
    }
    const linked = new Set(result.links.map((l) => l.plan));
    planRecs.forEach((p, i) => {
      if (linked.has(p.id)) return;
      const b = result.best[i]!;
      this.warn(
        planId,
        'link_below_threshold',
        `plan recommendation ${p.rec_id} is not linked: its best match in ${report.path} is ${b.report ? `recommendation ${b.report.rec_id}` : 'none'} at ${round(b.score)}, below ${LINK_THRESHOLD}`,
        p,
      );
    });
  }

  /** A progress report: the plan of its authority (written before it) whose words it shares most. Best effort. */
  linkProgressReport(reportId: number): void {
    this.clear(reportId, 'reports_on');
    const pr = this.db.prepare(`SELECT id, ${DOC_DATE} AS date, title, local_authority_code AS code FROM documents WHERE id = ?`).get(reportId) as DocRow & { code: string | null };
    if (pr.code === null) return;
    const plans = this.db
      .prepare(
        `SELECT id, path, ${DOC_DATE} AS date, title FROM documents
         WHERE kind = 'action_plan' AND local_authority_code = ? AND (? IS NULL OR ${DOC_DATE} IS NULL OR ${DOC_DATE} <= ?) ORDER BY id`,
      )
      .all(pr.code, pr.date, pr.date) as DocRow[];
    if (plans.length === 0) return;
    const text = (id: number, title: string | null, table: string, column: string) =>
      [title ?? '', ...(this.db.prepare(`SELECT ${column} AS t FROM ${table} WHERE document_id = ? ORDER BY id`).all(id) as Array<{ t: string }>).map((r) => r.t)].join('\n');
    const query = text(pr.id, pr.title, 'paragraphs', 'text');
    const targets = plans.map((p) => `${text(p.id, p.title, 'recommendations', 'text')}\n${text(p.id, null, 'actions', 'description')}`);
    const [scores] = this.sim.matrix([query], targets);
    let top = 0;
    scores!.forEach((s, i) => {
      if (s > scores![top]!) top = i;
    });
    if (plans.length > 1 && !(scores![top]! > 0)) return;
    this.db.prepare("INSERT INTO document_links (from_document_id, to_document_id, kind, score) VALUES (?, ?, 'reports_on', ?)").run(reportId, plans[top]!.id, round(scores![top]!));
  }
}
