import type { DB } from './database.js';
import type { Loc, OfstedDocument } from '../model/document.js';
import type { Issue } from '../validate/semantic.js';
import { Linker } from '../link/link.js';

export type LoadOutcome = 'loaded' | 'replaced' | 'unchanged';

const locArgs = (l: Loc) => [l.page, l.line, l.block] as const;

/**
 * Writes documents, each in one transaction: either every row of a document is there
 * or none is. A file already loaded with the same sha256 is left alone (unless
 * `force`); a different file at the same path replaces the old one's rows.
 */
export class Loader {
  private readonly stmts;
  private readonly linker: Linker;

  constructor(private readonly db: DB) {
    this.linker = new Linker(db);
    this.stmts = {
      bySha: db.prepare('SELECT id FROM documents WHERE sha256 = ?'),
      formerCodes: db.prepare('SELECT DISTINCT local_authority_code AS code FROM documents WHERE sha256 = ? OR path = ?'),
      deleteById: db.prepare('DELETE FROM documents WHERE id = ?'),
      deleteByPath: db.prepare('DELETE FROM documents WHERE path = ? AND sha256 <> ?'),
      insertDoc: db.prepare(`INSERT INTO documents (sha256, path, format, bytes, pages, kind, title, framework, inspection_type,
        local_authority, local_authority_code, local_authority_as_written, inspection_start, inspection_end, publication_date, lead_inspector,
        inspectors, focus, focus_as_written, partnership, previous_inspection_date, previous_inspection_text, next_inspection_raw, next_inspection_date,
        schema_version, has_errors, imported_at, json)
        VALUES (@sha256, @path, @format, @bytes, @pages, @kind, @title, @framework, @inspectionType, @localAuthority, @localAuthorityCode,
        @localAuthorityAsWritten, @inspectionStart, @inspectionEnd, @publicationDate, @leadInspector,
        @inspectors, @focus, @focusAsWritten, @partnership, @previousInspectionDate, @previousInspectionText, @nextInspectionRaw, @nextInspectionDate,
        @schemaVersion, @hasErrors, @importedAt, @json)`),
      insertJudgement: db.prepare('INSERT INTO judgements (document_id, area, label, grade, wording, page, line, block) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      insertParagraph: db.prepare('INSERT INTO paragraphs (document_id, number, label, section, text, page, line, block) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      insertRec: db.prepare(`INSERT INTO recommendations (document_id, rec_id, kind, scope, text, timescale, national_framework_ref, responsible, page, line, block)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertTheme: db.prepare('INSERT INTO recommendation_themes (recommendation_id, rank, theme_id, words) VALUES (?, ?, ?, ?)'),
      insertRef: db.prepare('INSERT OR IGNORE INTO recommendation_paragraph_refs (recommendation_id, paragraph_number, paragraph_id) VALUES (?, ?, ?)'),
      insertAction: db.prepare(`INSERT INTO actions (document_id, recommendation_ref, action_id, description, leads, due_raw, due_date, outcome, progress, rag, rag_raw, page, line, block)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertWarning: db.prepare('INSERT INTO warnings (document_id, origin, severity, code, message, page, line, block) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      insertError: db.prepare('INSERT INTO import_errors (path, sha256, code, reason, occurred_at) VALUES (?, ?, ?, ?, ?)'),
    };
  }

  /** Is a file with these bytes already loaded? */
  has(sha256: string): boolean {
    return this.stmts.bySha.get(sha256) !== undefined;
  }

  load(doc: OfstedDocument, issues: Issue[], opts: { force?: boolean; now?: string } = {}): LoadOutcome {
    const s = this.stmts;
    const run = this.db.transaction((): LoadOutcome => {
      const existing = s.bySha.get(doc.source.sha256) as { id: number } | undefined;
      if (existing && !opts.force) return 'unchanged';
      // Authorities whose links may change when the documents this one replaces go.
      const formerCodes = (s.formerCodes.all(doc.source.sha256, doc.source.path) as Array<{ code: string | null }>).map((r) => r.code);
      if (existing) s.deleteById.run(existing.id);
      const replaced = s.deleteByPath.run(doc.source.path, doc.source.sha256).changes > 0 || existing !== undefined;
      const d = doc.document;
      const id = Number(
        s.insertDoc.run({
          sha256: doc.source.sha256,
          path: doc.source.path,
          format: doc.source.format,
          bytes: doc.source.bytes,
          pages: doc.source.pages,
          kind: d.kind,
          title: d.title,
          framework: d.framework,
          inspectionType: d.inspectionType,
          localAuthority: d.localAuthority,
          localAuthorityCode: d.localAuthorityCode,
          localAuthorityAsWritten: d.localAuthorityAsWritten,
          inspectionStart: d.inspectionStart,
          inspectionEnd: d.inspectionEnd,
          publicationDate: d.publicationDate,
          leadInspector: d.leadInspector,
          inspectors: JSON.stringify(d.inspectors),
          focus: d.focus,
          focusAsWritten: d.focusAsWritten,
          partnership: d.partnership,
          previousInspectionDate: d.previousInspection?.date ?? null,
          previousInspectionText: d.previousInspection?.text ?? null,
          nextInspectionRaw: d.nextInspection?.raw ?? null,
          nextInspectionDate: d.nextInspection?.date ?? null,
          schemaVersion: doc.schemaVersion,
          hasErrors: issues.some((i) => i.severity === 'error') ? 1 : 0,
          importedAt: opts.now ?? new Date().toISOString(),
          json: JSON.stringify(doc),
        }).lastInsertRowid,
      );
      for (const j of doc.judgements) s.insertJudgement.run(id, j.area, j.label, j.grade, j.wording, ...locArgs(j.loc));
      // Keyed by document part and number: a bound-in document (part 2) numbers its paragraphs from 1 again.
      const paraIds = new Map<string, number>();
      for (const p of doc.paragraphs) {
        const pid = Number(s.insertParagraph.run(id, p.number, p.label ?? null, p.section, p.text, ...locArgs(p.loc)).lastInsertRowid);
        const key = `${p.part ?? 1}:${p.number}`;
        if (!paraIds.has(key)) paraIds.set(key, pid);
      }
      for (const r of doc.recommendations) {
        const rid = Number(
          s.insertRec.run(id, r.id, r.kind, r.scope, r.text, r.timescale, r.nationalFrameworkRef, JSON.stringify(r.responsible), ...locArgs(r.loc)).lastInsertRowid,
        );
        r.themes.forEach((t, rank) => s.insertTheme.run(rid, rank + 1, t.id, JSON.stringify(t.words)));
        for (const n of r.paragraphRefs) s.insertRef.run(rid, n, paraIds.get(`${r.part ?? 1}:${n}`) ?? null);
      }
      for (const a of doc.actions) {
        s.insertAction.run(id, a.recommendationRef, a.id, a.description, JSON.stringify(a.leads), a.due.raw, a.due.date, a.outcome, a.progress, a.rag, a.ragRaw, ...locArgs(a.loc));
      }
      for (const w of doc.warnings) s.insertWarning.run(id, 'extract', 'warning', w.code, w.message, ...locArgs(w.loc));
      for (const i of issues) s.insertWarning.run(id, 'validate', i.severity, i.code, i.message, ...locArgs(i.loc));
      // Links of this authority's plans and progress reports, remade with the document in the same transaction.
      this.linker.relinkAfterWrite(id, formerCodes);
      return replaced ? 'replaced' : 'loaded';
    });
    return run.immediate();
  }

  recordError(path: string, sha256: string | null, code: string, reason: string, now = new Date().toISOString()): void {
    this.stmts.insertError.run(path, sha256, code, reason, now);
  }
}
