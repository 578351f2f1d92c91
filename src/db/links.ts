import type { CandidateRow, DB, RecommendationRow } from './types.js';
import { documentDateSql as docDate } from '../model/dates.js';
import { isOtherFile } from './inspections.js';

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
           AND NOT ${isOtherFile('d')}
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
      answeringPlans: db.prepare(
        `SELECT l.to_document_id AS report, d.id, d.path, d.publication_date AS planDate, d.imported_at AS importedAt, c.claimed_at AS claimedAt
         FROM document_links l JOIN documents d ON d.id = l.from_document_id LEFT JOIN plan_claims c ON c.document_id = d.id
         WHERE l.kind = 'answers' AND d.kind = 'action_plan' AND d.local_authority_code = ? ORDER BY d.id`,
      ),
      clearVersions: db.prepare("DELETE FROM plan_versions WHERE plan_document_id IN (SELECT id FROM documents WHERE local_authority_code = ? AND kind = 'action_plan')"),
      clearVersionWarnings: db.prepare(
        "DELETE FROM warnings WHERE origin = 'link' AND code LIKE 'plan\\_version\\_%' ESCAPE '\\' AND document_id IN (SELECT id FROM documents WHERE local_authority_code = ? AND kind = 'action_plan')",
      ),
      insertVersion: db.prepare('INSERT INTO plan_versions (plan_document_id, report_document_id, version, versions, is_current, plan_date, basis) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      documentBySha: db.prepare('SELECT id, path, kind FROM documents WHERE sha256 = ?'),
      documentById: db.prepare('SELECT id, path, kind FROM documents WHERE id = ?'),
      versionOf: db.prepare('SELECT version, versions FROM plan_versions WHERE plan_document_id = ?'),
      claim: db.prepare('INSERT INTO plan_claims (document_id, claimed_at) VALUES (?, ?) ON CONFLICT (document_id) DO UPDATE SET claimed_at = excluded.claimed_at'),
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

  /** The plans of an authority (by code) linked to the report they answer, with their date, import time and claim. */
  answeringPlans(code: string): Array<{ report: number; id: number; path: string; planDate: string | null; importedAt: string; claimedAt: string | null }> {
    return this.stmts.answeringPlans.all(code) as Array<{ report: number; id: number; path: string; planDate: string | null; importedAt: string; claimedAt: string | null }>;
  }

  /** Forget the versions of an authority's plans, and the warnings they made. */
  clearVersions(code: string): void {
    this.stmts.clearVersions.run(code);
    this.stmts.clearVersionWarnings.run(code);
  }

  insertVersion(v: { id: number; report: number; version: number; versions: number; current: boolean; planDate: string | null; basis: string }): void {
    this.stmts.insertVersion.run(v.id, v.report, v.version, v.versions, v.current ? 1 : 0, v.planDate, v.basis);
  }

  /** A stored document by its bytes' sha256 or its id: id, path, kind. */
  documentBy(which: { sha256: string } | { id: number }): { id: number; path: string; kind: string } | undefined {
    return ('sha256' in which ? this.stmts.documentBySha.get(which.sha256) : this.stmts.documentById.get(which.id)) as { id: number; path: string; kind: string } | undefined;
  }

  /** A plan's version and how many its plan has, if it is one of a series. */
  versionOf(planId: number): { version: number; versions: number } | undefined {
    return this.stmts.versionOf.get(planId) as { version: number; versions: number } | undefined;
  }

  /** The person importing says this plan is the current version (as of `at`). */
  claimCurrent(documentId: number, at: string): void {
    this.stmts.claim.run(documentId, at);
  }

  /** The plans that name no authority of the register. */
  plansWithoutAuthority(): number[] {
    return (this.stmts.plansWithoutAuthority.all() as Array<{ id: number }>).map((r) => r.id);
  }
}
