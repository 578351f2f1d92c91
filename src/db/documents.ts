import type { DB } from './types.js';
import type { Loc, OfstedDocument } from '../model/document.js';
import type { Issue } from '../model/issue.js';
import type { ActionStateRule } from '../model/action-state.js';

const locArgs = (l: Loc) => [l.page, l.line, l.block] as const;

/**
 * The rows of documents: the statements that find, delete and write a document and its items, and
 * record a file that could not be imported. Transactions, and what happens around a write (links),
 * are the storage layer's (src/store/loader.ts).
 */
export class DocumentTables {
  private readonly stmts;

  constructor(db: DB) {
    this.stmts = {
      bySha: db.prepare('SELECT id FROM documents WHERE sha256 = ?'),
      formerCodes: db.prepare('SELECT DISTINCT local_authority_code AS code FROM documents WHERE sha256 = ? OR path = ?'),
      deleteById: db.prepare('DELETE FROM documents WHERE id = ?'),
      deleteByPath: db.prepare('DELETE FROM documents WHERE path = ? AND sha256 <> ?'),
      insertDoc: db.prepare(`INSERT INTO documents (sha256, path, format, bytes, pages, kind, title, framework, inspection_type,
        local_authority, local_authority_code, local_authority_as_written, inspection_start, inspection_end, publication_date, lead_inspector,
        inspectors, focus, focus_as_written, partnership, previous_inspection_date, previous_inspection_text, next_inspection_raw, next_inspection_date,
        publication_date_source, agencies, next_steps_text, next_steps_due,
        schema_version, has_errors, imported_at, json)
        VALUES (@sha256, @path, @format, @bytes, @pages, @kind, @title, @framework, @inspectionType, @localAuthority, @localAuthorityCode,
        @localAuthorityAsWritten, @inspectionStart, @inspectionEnd, @publicationDate, @leadInspector,
        @inspectors, @focus, @focusAsWritten, @partnership, @previousInspectionDate, @previousInspectionText, @nextInspectionRaw, @nextInspectionDate,
        @publicationDateSource, @agencies, @nextStepsText, @nextStepsDue,
        @schemaVersion, @hasErrors, @importedAt, @json)`),
      insertJudgement: db.prepare('INSERT INTO judgements (document_id, area, label, grade, wording, page, line, block) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      insertParagraph: db.prepare('INSERT INTO paragraphs (document_id, number, label, section, text, page, line, block) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      insertRec: db.prepare(`INSERT INTO recommendations (document_id, rec_id, kind, scope, text, timescale, national_framework_ref, responsible, heading, page, line, block)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertTheme: db.prepare('INSERT INTO recommendation_themes (recommendation_id, rank, theme_id, words) VALUES (?, ?, ?, ?)'),
      insertRef: db.prepare('INSERT OR IGNORE INTO recommendation_paragraph_refs (recommendation_id, paragraph_number, paragraph_id) VALUES (?, ?, ?)'),
      insertAction: db.prepare(`INSERT INTO actions (document_id, recommendation_ref, action_id, description, leads, due_raw, due_date, outcome, progress, rag, rag_raw, state, state_from, page, line, block)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      insertWarning: db.prepare('INSERT INTO warnings (document_id, origin, severity, code, message, page, line, block) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      insertError: db.prepare('INSERT INTO import_errors (path, sha256, code, reason, occurred_at) VALUES (?, ?, ?, ?, ?)'),
      json: db.prepare('SELECT json FROM documents WHERE id = ?'),
      setPublication: db.prepare('UPDATE documents SET publication_date = ?, publication_date_source = ?, json = ? WHERE id = ?'),
    };
  }

  /** The id of the document with these bytes, if one is stored. */
  idOf(sha256: string): number | undefined {
    return (this.stmts.bySha.get(sha256) as { id: number } | undefined)?.id;
  }

  /** The authority codes of the documents with these bytes or at this path (those a write would replace). */
  authorityCodesAt(sha256: string, path: string): Array<string | null> {
    return (this.stmts.formerCodes.all(sha256, path) as Array<{ code: string | null }>).map((r) => r.code);
  }

  /** Delete a document (its items go with it). */
  delete(id: number): void {
    this.stmts.deleteById.run(id);
  }

  /** Delete the documents at this path with other bytes; true when there was one. */
  deleteOthersAtPath(path: string, sha256: string): boolean {
    return this.stmts.deleteByPath.run(path, sha256).changes > 0;
  }

  /**
   * Write a document and every row of its items, its extraction warnings and validation issues; its
   * new id. Each action's state is decided by `actionState` (the plan vocabulary's rule,
   * src/extract/plan/state.ts, given by the storage layer: src/db imports nothing above it).
   */
  insert(doc: OfstedDocument, issues: Issue[], importedAt: string, actionState: ActionStateRule): number {
    const s = this.stmts;
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
        publicationDateSource: d.publicationDateSource,
        agencies: JSON.stringify(d.agencies),
        nextStepsText: d.nextSteps?.text ?? null,
        nextStepsDue: d.nextSteps?.due ?? null,
        schemaVersion: doc.schemaVersion,
        hasErrors: issues.some((i) => i.severity === 'error') ? 1 : 0,
        importedAt,
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
        s.insertRec.run(id, r.id, r.kind, r.scope, r.text, r.timescale, r.nationalFrameworkRef, JSON.stringify(r.responsible), r.heading, ...locArgs(r.loc)).lastInsertRowid,
      );
      r.themes.forEach((t, rank) => s.insertTheme.run(rid, rank + 1, t.id, JSON.stringify(t.words)));
      for (const n of r.paragraphRefs) s.insertRef.run(rid, n, paraIds.get(`${r.part ?? 1}:${n}`) ?? null);
    }
    for (const a of doc.actions) {
      // Its state, decided here once from the plan vocabulary (actionState: src/extract/plan/state.ts).
      const st = actionState(a);
      s.insertAction.run(id, a.recommendationRef, a.id, a.description, JSON.stringify(a.leads), a.due.raw, a.due.date, a.outcome, a.progress, a.rag, a.ragRaw, st.state, st.from, ...locArgs(a.loc));
    }
    for (const w of doc.warnings) s.insertWarning.run(id, 'extract', 'warning', w.code, w.message, ...locArgs(w.loc));
    for (const i of issues) s.insertWarning.run(id, 'validate', i.severity, i.code, i.message, ...locArgs(i.loc));
    return id;
  }

  /** The stored document JSON of a document. */
  storedJson(id: number): Record<string, unknown> {
    return JSON.parse((this.stmts.json.get(id) as { json: string }).json) as Record<string, unknown>;
  }

  /** A document's publication date and its source (columns and JSON), nothing else re-derived. */
  setPublication(id: number, doc: OfstedDocument): void {
    this.stmts.setPublication.run(doc.document.publicationDate, doc.document.publicationDateSource, JSON.stringify(doc), id);
  }

  /** A file that could not be imported, and why. */
  recordError(path: string, sha256: string | null, code: string, reason: string, at: string): void {
    this.stmts.insertError.run(path, sha256, code, reason, at);
  }
}
