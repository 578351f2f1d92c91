import type { DB } from './types.js';
import { STANDING_FILE_SQL } from './inspections.js';

/** A stored correction (table corrections, migration 8). JSON columns as text. */
export interface CorrectionRow {
  id: number;
  document_sha256: string;
  document_path: string | null;
  target_type: 'document' | 'item' | 'action';
  target_key: string;
  field: string;
  value: string;
  original: string | null;
  state: 'pending' | 'applied' | 'orphaned';
  document_id: number | null;
  row_id: number | null;
  target_index: number | null;
  created_by: string;
  created_at: string;
  updated_by: string;
  updated_at: string;
  applied_at: string | null;
  /** The bytes of the document it was last applied to (migration 9). */
  applied_sha256: string | null;
}

/** An entry of the audit log (table correction_log). */
export interface CorrectionLogRow {
  id: number;
  correction_id: number;
  at: string;
  who: string;
  via: 'cli' | 'api' | 'web' | 'import';
  document_sha256: string;
  target_type: string;
  target_key: string;
  field: string;
  old: string | null;
  new: string;
}

/** The corrections applied nowhere: orphaned, or applied to a document no longer stored (a condition on `corrections`). */
export const ORPHANED_SQL = "(state = 'orphaned' OR (state = 'applied' AND document_id IS NULL))";

/**
 * The rows of corrections and their audit log: the statements only. What a correction means, how
 * it is checked and applied, and the transactions are the storage layer's (src/store/corrections.ts).
 */
export class CorrectionTables {
  private readonly s;

  constructor(private readonly db: DB) {
    this.s = {
      // The document's own (by bytes, or by the bytes of the document it was last applied to: a file moved, read
      // again at another path), or, when no stored document has the bytes it was made on, those made on the file at its path.
      ofDocument: db.prepare(`SELECT * FROM corrections c WHERE c.document_sha256 = @sha256 OR c.applied_sha256 = @sha256
        OR (c.document_path = @path AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.sha256 = c.document_sha256))
        ORDER BY c.updated_at, c.id`),
      // A correction of these bytes, or of the bytes it was last applied to (a file edited since it was made).
      find: db.prepare(`SELECT * FROM corrections WHERE (document_sha256 = @sha256 OR applied_sha256 = @sha256) AND target_type = @type AND target_key = @key AND field = @field
        ORDER BY document_sha256 = @sha256 DESC, id LIMIT 1`),
      byId: db.prepare('SELECT * FROM corrections WHERE id = ?'),
      insert: db.prepare(`INSERT INTO corrections (document_sha256, document_path, target_type, target_key, field, value, created_by, created_at, updated_by, updated_at)
        VALUES (@sha256, @path, @type, @key, @field, @value, @by, @at, @by, @at)`),
      update: db.prepare('UPDATE corrections SET value = @value, document_path = coalesce(@path, document_path), updated_by = @by, updated_at = @at WHERE id = @id'),
      // Applied: to this document (its bytes and path now the ones the correction follows).
      applied: db.prepare(`UPDATE corrections SET state = 'applied', document_id = @documentId, row_id = @rowId, target_index = @index, original = @original, applied_at = coalesce(applied_at, @at),
        applied_sha256 = (SELECT sha256 FROM documents WHERE id = @documentId), document_path = coalesce((SELECT path FROM documents WHERE id = @documentId), document_path) WHERE id = @id`),
      orphaned: db.prepare("UPDATE corrections SET state = 'orphaned', document_id = @documentId, row_id = NULL, target_index = NULL WHERE id = @id"),
      log: db.prepare(`INSERT INTO correction_log (correction_id, at, who, via, document_sha256, target_type, target_key, field, old, new)
        VALUES (@id, @at, @who, @via, @sha256, @type, @key, @field, @old, @new)`),
      doc: db.prepare('SELECT id, sha256, path, json FROM documents WHERE id = ?'),
      docBySha: db.prepare('SELECT id FROM documents WHERE sha256 = ?'),
      docByPath: db.prepare('SELECT id FROM documents WHERE path = ? ORDER BY id DESC'),
      docCode: db.prepare('SELECT local_authority_code AS code FROM documents WHERE id = ?'),
      itemIds: db.prepare('SELECT id FROM recommendations WHERE document_id = ? ORDER BY id'),
      actionIds: db.prepare('SELECT id FROM actions WHERE document_id = ? ORDER BY id'),
      writeDoc: db.prepare(`UPDATE documents SET kind = @kind, framework = @framework, local_authority = @localAuthority, local_authority_code = @localAuthorityCode,
        inspection_start = @inspectionStart, inspection_end = @inspectionEnd, publication_date = @publicationDate, publication_date_source = @publicationDateSource, json = @json WHERE id = @id`),
      itemRow: db.prepare('SELECT text FROM recommendations WHERE id = ?'),
      writeItem: db.prepare('UPDATE recommendations SET kind = ?, rec_id = ?, scope = ?, text = ? WHERE id = ?'),
      ftsItemDelete: db.prepare("INSERT INTO recommendations_fts(recommendations_fts, rowid, text) VALUES ('delete', ?, ?)"),
      ftsItemInsert: db.prepare('INSERT INTO recommendations_fts(rowid, text) VALUES (?, ?)'),
      actionRow: db.prepare('SELECT description, outcome, progress FROM actions WHERE id = ?'),
      writeAction: db.prepare('UPDATE actions SET description = ?, leads = ?, due_date = ?, rag = ?, rag_raw = ?, state = ?, state_from = ? WHERE id = ?'),
      ftsActionDelete: db.prepare("INSERT INTO actions_fts(actions_fts, rowid, description, outcome, progress) VALUES ('delete', ?, ?, ?, ?)"),
      ftsActionInsert: db.prepare('INSERT INTO actions_fts(rowid, description, outcome, progress) VALUES (?, ?, ?, ?)'),
      addItem: db.prepare('INSERT INTO recommendations (document_id, rec_id, kind, scope, text) VALUES (?, ?, ?, ?, ?)'),
      addAction: db.prepare('INSERT INTO actions (document_id, recommendation_ref, action_id, description, leads, due_date, rag, rag_raw, state, state_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      removeItem: db.prepare('DELETE FROM recommendations WHERE id = ?'),
      removeAction: db.prepare('DELETE FROM actions WHERE id = ?'),
      // Links a person set (field 'link' of a plan's item): those found in this plan, applied or orphaned by their report item.
      linkCorrections: db.prepare(`SELECT * FROM corrections WHERE document_id = ? AND target_type = 'item' AND field = 'link' AND row_id IS NOT NULL
        AND state IN ('applied', 'orphaned') ORDER BY id`),
      // The plans with a link a person set to an item of this report (named by its bytes or, where no stored document has them, its path).
      plansLinkingTo: db.prepare(`SELECT DISTINCT document_id AS id FROM corrections WHERE target_type = 'item' AND field = 'link' AND row_id IS NOT NULL
        AND document_id IS NOT NULL AND state IN ('applied', 'orphaned') AND json_type(value) = 'object'
        AND (json_extract(value, '$.report') = @sha256 OR json_extract(value, '$.path') = @path) ORDER BY 1`),
      linkApplied: db.prepare("UPDATE corrections SET state = 'applied', original = @original, applied_at = coalesce(applied_at, @at) WHERE id = @id"),
      linkOrphaned: db.prepare("UPDATE corrections SET state = 'orphaned' WHERE id = ?"),
      itemDocument: db.prepare('SELECT document_id AS id FROM recommendations WHERE id = ?'),
      linkOf: db.prepare('SELECT report_recommendation_id AS id FROM recommendation_links WHERE plan_recommendation_id = ? ORDER BY id LIMIT 1'),
      unlink: db.prepare('DELETE FROM recommendation_links WHERE plan_recommendation_id = ?'),
      link: db.prepare("INSERT INTO recommendation_links (plan_recommendation_id, report_recommendation_id, method, score) VALUES (?, ?, 'person', NULL)"),
      standingFile: db.prepare(STANDING_FILE_SQL),
      answers: db.prepare("SELECT to_document_id AS id FROM document_links WHERE from_document_id = ? AND kind = 'answers' ORDER BY id LIMIT 1"),
    };
  }

  ofDocument(sha256: string, path: string): CorrectionRow[] {
    return this.s.ofDocument.all({ sha256, path }) as CorrectionRow[];
  }

  find(sha256: string, type: string, key: string, field: string): CorrectionRow | undefined {
    return this.s.find.get({ sha256, type, key, field }) as CorrectionRow | undefined;
  }

  byId(id: number): CorrectionRow | undefined {
    return this.s.byId.get(id) as CorrectionRow | undefined;
  }

  insert(c: { sha256: string; path: string | null; type: string; key: string; field: string; value: string; by: string; at: string }): number {
    return Number(this.s.insert.run(c).lastInsertRowid);
  }

  update(id: number, value: string, path: string | null, by: string, at: string): void {
    this.s.update.run({ id, value, path, by, at });
  }

  markApplied(id: number, documentId: number, rowId: number | null, index: number | null, original: string | null, at: string): void {
    this.s.applied.run({ id, documentId, rowId, index, original, at });
  }

  markOrphaned(id: number, documentId: number): void {
    this.s.orphaned.run({ id, documentId });
  }

  log(e: { id: number; at: string; who: string; via: string; sha256: string; type: string; key: string; field: string; old: string | null; new: string }): void {
    this.s.log.run(e);
  }

  document(id: number): { id: number; sha256: string; path: string; json: string } | undefined {
    return this.s.doc.get(id) as { id: number; sha256: string; path: string; json: string } | undefined;
  }

  documentIdBySha(sha256: string): number | undefined {
    return (this.s.docBySha.get(sha256) as { id: number } | undefined)?.id;
  }

  documentIdsByPath(path: string): number[] {
    return (this.s.docByPath.all(path) as Array<{ id: number }>).map((r) => r.id);
  }

  authorityCode(id: number): string | null {
    return (this.s.docCode.get(id) as { code: string | null } | undefined)?.code ?? null;
  }

  /** A document's item and action row ids in the order they were written (the order of its JSON arrays). */
  rowIds(documentId: number, type: 'item' | 'action'): number[] {
    return ((type === 'item' ? this.s.itemIds : this.s.actionIds).all(documentId) as Array<{ id: number }>).map((r) => r.id);
  }

  writeDocument(id: number, d: Record<string, unknown>, json: string): void {
    this.s.writeDoc.run({
      id,
      json,
      kind: d.kind,
      framework: d.framework ?? null,
      localAuthority: d.localAuthority ?? null,
      localAuthorityCode: d.localAuthorityCode ?? null,
      inspectionStart: d.inspectionStart ?? null,
      inspectionEnd: d.inspectionEnd ?? null,
      publicationDate: d.publicationDate ?? null,
      publicationDateSource: d.publicationDateSource ?? null,
    });
  }

  /** An item's row from its (corrected) values; its full-text entry kept in step. */
  writeItem(rowId: number, r: { kind: string; id: string; scope: string; text: string }): void {
    const old = this.s.itemRow.get(rowId) as { text: string } | undefined;
    if (!old) return;
    this.s.writeItem.run(r.kind, r.id, r.scope, r.text, rowId);
    if (old.text !== r.text) {
      this.s.ftsItemDelete.run(rowId, old.text);
      this.s.ftsItemInsert.run(rowId, r.text);
    }
  }

  /** An action's row from its (corrected) values and its state; its full-text entry kept in step. */
  writeAction(rowId: number, a: { description: string; leads: string[]; dueDate: string | null; rag: string | null; ragRaw: string | null }, state: { state: string; from: string | null }): void {
    const old = this.s.actionRow.get(rowId) as { description: string; outcome: string | null; progress: string | null } | undefined;
    if (!old) return;
    this.s.writeAction.run(a.description, JSON.stringify(a.leads), a.dueDate, a.rag, a.ragRaw, state.state, state.from, rowId);
    if (old.description !== a.description) {
      this.s.ftsActionDelete.run(rowId, old.description, old.outcome, old.progress);
      this.s.ftsActionInsert.run(rowId, a.description, old.outcome, old.progress);
    }
  }

  /** An item a person added (the extractor missed it): its row id. */
  addItem(documentId: number, r: { id: string; kind: string; scope: string; text: string }): number {
    return Number(this.s.addItem.run(documentId, r.id, r.kind, r.scope, r.text).lastInsertRowid);
  }

  /** An action a person added: its row id. */
  addAction(documentId: number, a: { recommendationRef: string | null; id: string | null; description: string; leads: string[]; dueDate: string | null; rag: string | null; ragRaw: string | null }, state: { state: string; from: string | null }): number {
    return Number(this.s.addAction.run(documentId, a.recommendationRef, a.id, a.description, JSON.stringify(a.leads), a.dueDate, a.rag, a.ragRaw, state.state, state.from).lastInsertRowid);
  }

  /** An item or action a person removed (the extractor invented it); its links, references and themes go with it. */
  remove(type: 'item' | 'action', rowId: number): void {
    (type === 'item' ? this.s.removeItem : this.s.removeAction).run(rowId);
  }

  /** The link corrections of a plan whose item was found (applied, or orphaned because the report item they name is gone). */
  linkCorrections(planId: number): CorrectionRow[] {
    return this.s.linkCorrections.all(planId) as CorrectionRow[];
  }

  /** The plans (document ids) with a person's link to an item of the report of these bytes or this path. */
  plansLinkingTo(sha256: string, path: string): number[] {
    return (this.s.plansLinkingTo.all({ sha256, path }) as Array<{ id: number }>).map((r) => r.id);
  }

  /** A link correction in force; `original`: the linker's link it replaced (JSON). */
  markLinkApplied(id: number, original: string, at: string): void {
    this.s.linkApplied.run({ id, original, at });
  }

  /** A link correction whose report item is gone: kept (with its plan item's row), applied nowhere. */
  markLinkOrphaned(id: number): void {
    this.s.linkOrphaned.run(id);
  }

  /** The document an item row belongs to. */
  itemDocument(rowId: number): number | undefined {
    return (this.s.itemDocument.get(rowId) as { id: number } | undefined)?.id;
  }

  /** The report item a plan item is linked to (its row), if any. */
  linkOf(planItemRow: number): number | undefined {
    return (this.s.linkOf.get(planItemRow) as { id: number } | undefined)?.id;
  }

  /** A plan item's links replaced by the one a person set (method 'person'), or by none. */
  setLink(planItemRow: number, reportItemRow: number | null): void {
    this.s.unlink.run(planItemRow);
    if (reportItemRow !== null) this.s.link.run(planItemRow, reportItemRow);
  }

  /** The file that stands for the inspection a report is another file of (src/db/inspections.ts), if it is one. */
  standingFile(documentId: number): number | undefined {
    return (this.s.standingFile.get(documentId) as { id: number } | undefined)?.id;
  }

  /** The report a plan answers (the linker's document link), if any. */
  answeredReport(planId: number): number | undefined {
    return (this.s.answers.get(planId) as { id: number } | undefined)?.id;
  }

  /** Every correction, newest change first; only the orphaned ones (or those whose document is gone) when asked. */
  list(opts: { orphaned?: boolean } = {}): CorrectionRow[] {
    const where = opts.orphaned ? `WHERE ${ORPHANED_SQL}` : '';
    return this.db.prepare(`SELECT * FROM corrections ${where} ORDER BY updated_at DESC, id DESC`).all() as CorrectionRow[];
  }

  logEntries(): CorrectionLogRow[] {
    return this.db.prepare('SELECT * FROM correction_log ORDER BY at, id').all() as CorrectionLogRow[];
  }
}
