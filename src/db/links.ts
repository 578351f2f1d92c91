import type { CandidateRow, DB, RecommendationRow } from './types.js';
import { docDate } from '../query/rules.js';

/**
 * The rows linking reads and writes: an authority's plans, reports and progress reports, their
 * recommendations and texts; the links (`recommendation_links`, `document_links`) and the linker's
 * warnings (origin 'link'). What is linked to what is decided in src/link/; src/store/linker.ts runs it.
 */

type LocArg = { page: number | null; line: number | null; block: number | null };

const DOC_DATE = docDate('');

export class LinkTables {
  private readonly stmts;

  constructor(db: DB) {
    this.stmts = {
      plansAndProgressReports: db.prepare("SELECT id, kind FROM documents WHERE local_authority_code = ? AND kind IN ('action_plan', 'progress_report') ORDER BY id"),
      kindAndCode: db.prepare('SELECT kind, local_authority_code AS code FROM documents WHERE id = ?'),
      clearRecLinks: db.prepare('DELETE FROM recommendation_links WHERE plan_recommendation_id IN (SELECT id FROM recommendations WHERE document_id = ?)'),
      clearDocLinks: db.prepare('DELETE FROM document_links WHERE from_document_id = ? AND kind = ?'),
      clearWarnings: db.prepare("DELETE FROM warnings WHERE document_id = ? AND origin = 'link'"),
      warn: db.prepare("INSERT INTO warnings (document_id, origin, severity, code, message, page, line, block) VALUES (?, 'link', 'warning', ?, ?, ?, ?, ?)"),
      recs: db.prepare('SELECT id, rec_id, scope, text, page, line, block FROM recommendations WHERE document_id = ? ORDER BY id'),
      plan: db.prepare(`SELECT id, path, ${DOC_DATE} AS date, title, local_authority_code AS code, local_authority AS la FROM documents WHERE id = ?`),
      reports: db.prepare(
        `SELECT d.id, d.path, ${DOC_DATE} AS date, d.title FROM documents d
         WHERE d.kind = 'inspection_report' AND d.local_authority_code = ? AND EXISTS (SELECT 1 FROM recommendations r WHERE r.document_id = d.id)
           AND (? IS NULL OR ${DOC_DATE} IS NULL OR ${DOC_DATE} <= ?)
         ORDER BY ${DOC_DATE} DESC, d.path, d.sha256`,
      ),
      insertRecLink: db.prepare('INSERT INTO recommendation_links (plan_recommendation_id, report_recommendation_id, method, score) VALUES (?, ?, ?, ?)'),
      insertDocLink: db.prepare('INSERT INTO document_links (from_document_id, to_document_id, kind, score) VALUES (?, ?, ?, ?)'),
      progressReport: db.prepare(`SELECT id, ${DOC_DATE} AS date, title, local_authority_code AS code FROM documents WHERE id = ?`),
      plans: db.prepare(
        `SELECT id, path, ${DOC_DATE} AS date, title FROM documents
         WHERE kind = 'action_plan' AND local_authority_code = ? AND (? IS NULL OR ${DOC_DATE} IS NULL OR ${DOC_DATE} <= ?) ORDER BY id`,
      ),
      paragraphTexts: db.prepare('SELECT text AS t FROM paragraphs WHERE document_id = ? ORDER BY id'),
      recommendationTexts: db.prepare('SELECT text AS t FROM recommendations WHERE document_id = ? ORDER BY id'),
      actionDescriptions: db.prepare('SELECT description AS t FROM actions WHERE document_id = ? ORDER BY id'),
      authorityCodes: db.prepare('SELECT DISTINCT local_authority_code AS code FROM documents WHERE local_authority_code IS NOT NULL ORDER BY 1'),
      plansWithoutAuthority: db.prepare("SELECT id FROM documents WHERE local_authority_code IS NULL AND kind = 'action_plan'"),
    };
  }

  /** The plans and progress reports of an authority (by code), in id order. */
  plansAndProgressReportsOf(code: string): Array<{ id: number; kind: string }> {
    return this.stmts.plansAndProgressReports.all(code) as Array<{ id: number; kind: string }>;
  }

  /** A document's kind and authority code. */
  kindAndCode(documentId: number): { kind: string; code: string | null } {
    return this.stmts.kindAndCode.get(documentId) as { kind: string; code: string | null };
  }

  /** Everything a document's linking made: its recommendations' links, its links of this kind, its link warnings. */
  clear(documentId: number, kind: 'answers' | 'reports_on'): void {
    this.stmts.clearRecLinks.run(documentId);
    this.stmts.clearDocLinks.run(documentId, kind);
    this.stmts.clearWarnings.run(documentId);
  }

  warn(documentId: number, code: string, message: string, loc: LocArg = { page: null, line: null, block: null }): void {
    this.stmts.warn.run(documentId, code, message, loc.page, loc.line, loc.block);
  }

  /** A document's recommendations, in id order. */
  recommendations(documentId: number): RecommendationRow[] {
    return this.stmts.recs.all(documentId) as RecommendationRow[];
  }

  /** A plan, with its date, authority code and authority as written. */
  plan(planId: number): CandidateRow & { code: string | null; la: string | null } {
    return this.stmts.plan.get(planId) as CandidateRow & { code: string | null; la: string | null };
  }

  /**
   * The inspection reports of an authority with recommendations, published by a date (any, when it
   * or theirs is unknown): latest first, then by path and bytes, never by id, so the same documents
   * come in the same order whatever order they were imported in.
   */
  reportsFor(code: string, by: string | null): CandidateRow[] {
    return this.stmts.reports.all(code, by, by) as CandidateRow[];
  }

  /** A progress report, with its date and authority code. */
  progressReport(reportId: number): CandidateRow & { code: string | null } {
    return this.stmts.progressReport.get(reportId) as CandidateRow & { code: string | null };
  }

  /** The plans of an authority written by a date (any, when it or theirs is unknown), in id order. */
  plansFor(code: string, by: string | null): CandidateRow[] {
    return this.stmts.plans.all(code, by, by) as CandidateRow[];
  }

  /** The texts of a document's paragraphs, recommendations or action descriptions, in id order. */
  texts(documentId: number, of: 'paragraphs' | 'recommendations' | 'actions'): string[] {
    const stmt = { paragraphs: this.stmts.paragraphTexts, recommendations: this.stmts.recommendationTexts, actions: this.stmts.actionDescriptions }[of];
    return (stmt.all(documentId) as Array<{ t: string }>).map((r) => r.t);
  }

  insertRecommendationLink(plan: number, report: number, method: 'number' | 'text', score: number): void {
    this.stmts.insertRecLink.run(plan, report, method, score);
  }

  insertDocumentLink(from: number, to: number, kind: 'answers' | 'reports_on', score: number): void {
    this.stmts.insertDocLink.run(from, to, kind, score);
  }

  /** Every authority code some document has. */
  authorityCodes(): string[] {
    return (this.stmts.authorityCodes.all() as Array<{ code: string }>).map((r) => r.code);
  }

  /** The plans that name no authority of the register. */
  plansWithoutAuthority(): number[] {
    return (this.stmts.plansWithoutAuthority.all() as Array<{ id: number }>).map((r) => r.id);
  }
}
