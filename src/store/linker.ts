import type { DB } from '../db/types.js';
import { LinkTables } from '../db/links.js';
import { ScratchTextIndex } from '../db/fts.js';
import { Similarity } from '../link/similarity.js';
import { choosePlan, chooseReport, planLinkWarnings, round } from '../link/match.js';
import { planVersions } from '../link/versions.js';
import { CorrectionTables } from '../db/corrections.js';
import { applyLinkCorrections, plansLinkingTo } from './link-corrections.js';

/**
 * Links made and remade in the database: reads an authority's documents (src/db/links.ts), lets
 * src/link/ decide what answers what, writes the links and the warnings. Everything about a plan or
 * progress report is remade each time (`relinkAuthority`), so the same documents give the same links
 * whatever order they were imported in.
 */
export class Linker {
  private readonly sim: Similarity;
  private readonly tables: LinkTables;
  /** The plans linked since relinkAfterWrite began (each linked once per write). */
  private readonly linked = new Set<number>();
  /** The corrections' statements, prepared once for this linker (not once per plan linked). */
  private corrections?: CorrectionTables;
  private get correctionTables(): CorrectionTables {
    return (this.corrections ??= new CorrectionTables(this.db));
  }

  constructor(private readonly db: DB) {
    this.sim = new Similarity(new ScratchTextIndex(db));
    this.tables = new LinkTables(db);
  }

  /** Remake every link of the plans and progress reports of an authority (by code). */
  relinkAuthority(code: string | null): void {
    if (code === null) return;
    const docs = this.tables.plansAndProgressReportsOf(code);
    for (const d of docs.filter((x) => x.kind === 'action_plan')) this.linkPlan(d.id);
    for (const d of docs.filter((x) => x.kind === 'progress_report')) this.linkProgressReport(d.id);
    this.remakeVersions(code);
  }

  /**
   * The versions of an authority's plans (src/link/versions.ts): the plans answering the same report
   * are versions of one plan, one of them current. Remade with the links, and when a plan is said current.
   */
  remakeVersions(code: string): void {
    const t = this.tables;
    t.clearVersions(code);
    const byReport = new Map<number, ReturnType<LinkTables['answeringPlans']>>();
    for (const p of t.answeringPlans(code)) byReport.set(p.report, [...(byReport.get(p.report) ?? []), p]);
    for (const [report, plans] of byReport) {
      const { versions, warnings } = planVersions(plans);
      for (const v of versions) t.insertVersion({ ...v, report });
      for (const w of warnings) t.warn(w.planId, w.code, w.message);
    }
  }

  /**
   * After a document is written: its own links, those of the plans and progress reports of its
   * authority, and those of any other plan (another authority's, or one of none) a person linked to
   * an item of it (its item rows were remade, and the person's links to them went with them).
   */
  relinkAfterWrite(documentId: number, formerCodes: Array<string | null> = []): void {
    this.linked.clear();
    const doc = this.tables.kindAndCode(documentId);
    if (doc.code === null) {
      if (doc.kind === 'action_plan') this.linkPlan(documentId);
      if (doc.kind === 'progress_report') this.linkProgressReport(documentId);
    }
    for (const c of new Set([doc.code, ...formerCodes])) this.relinkAuthority(c);
    for (const plan of plansLinkingTo(this.db, documentId, this.correctionTables)) if (!this.linked.has(plan)) this.linkPlan(plan);
  }

  /** The plan versions of every authority remade (a database upgraded from before plan versions). */
  remakeAllVersions(): void {
    for (const code of this.tables.authorityCodes()) this.remakeVersions(code);
  }

  /** Every link in the database remade from the stored documents: each authority's, then the plans of none. */
  relinkEverything(): void {
    for (const code of this.tables.authorityCodes()) this.relinkAuthority(code);
    for (const id of this.tables.plansWithoutAuthority()) this.linkPlan(id);
  }

  /**
   * A plan: the report it answers (of those published before it, the one its recommendations match
   * best), and each link; then the links people set on its items (src/store/link-corrections.ts)
   * in place of the linker's, whatever the linker found.
   */
  linkPlan(planId: number): void {
    this.linked.add(planId);
    this.linkPlanByText(planId);
    applyLinkCorrections(this.db, planId, undefined, this.correctionTables);
  }

  /** The linker's own links of a plan (numbers, else texts), and its warnings. */
  private linkPlanByText(planId: number): void {
    const t = this.tables;
    t.clear(planId, 'answers');
    const plan = t.plan(planId);
    const planRecs = t.recommendations(planId);
    if (planRecs.length === 0) return;
    if (plan.code === null) {
      t.warn(planId, 'link_no_authority', 'the plan names no authority of the register: it cannot be linked to a report');
      return;
    }
    const reports = t.reportsFor(plan.code, plan.date);
    if (reports.length === 0) {
      t.warn(planId, 'link_no_report', `no inspection report of ${plan.la} with recommendations${plan.date ? ` published by ${plan.date}` : ''} is in the database: nothing linked`);
      return;
    }
    const chosen = chooseReport(this.sim, planRecs, reports, (r) => t.recommendations(r.id));
    const { report, result, total } = chosen;
    if (result.links.length === 0) {
      t.warn(planId, 'link_no_report', `no recommendation of the plan matches a recommendation of a report of ${plan.la} (best report: ${report.path}): nothing linked`);
      return;
    }
    for (const l of result.links) t.insertRecommendationLink(l.plan, l.report, l.method, l.score);
    t.insertDocumentLink(planId, report.id, 'answers', round(total / planRecs.length));
    for (const w of planLinkWarnings(planRecs, chosen)) t.warn(planId, w.code, w.message, w.loc);
  }

  /** A progress report: the plan of its authority (written before it) whose words it shares most. Best effort. */
  linkProgressReport(reportId: number): void {
    const t = this.tables;
    t.clear(reportId, 'reports_on');
    const pr = t.progressReport(reportId);
    if (pr.code === null) return;
    const plans = t.plansFor(pr.code, pr.date);
    if (plans.length === 0) return;
    const text = (title: string | null, lines: string[]) => [title ?? '', ...lines].join('\n');
    const query = text(pr.title, t.texts(pr.id, 'paragraphs'));
    const targets = plans.map((p) => `${text(p.title, t.texts(p.id, 'recommendations'))}\n${text(null, t.texts(p.id, 'actions'))}`);
    const chosen = choosePlan(this.sim, query, targets);
    if (chosen) t.insertDocumentLink(reportId, plans[chosen.index]!.id, 'reports_on', chosen.score);
  }
}
