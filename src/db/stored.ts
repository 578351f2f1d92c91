import type { DB } from './types.js';
import { SCHEMA_VERSION, type OfstedDocument, type Warning } from '../model/document.js';
import type { ActionStateRule } from '../model/action-state.js';

/**
 * The stored documents as the storage layer re-derives them (src/store/rederive.ts): which are of an
 * older document version, each read a page at a time, and the statements that write back what is
 * derived from them.
 */

/** Stored at an older document version than this program's (versions are whole numbers). */
const OLDER = 'CAST(schema_version AS INTEGER) < CAST(? AS INTEGER)';

/** How many stored documents are of an older document version than this program's. */
export function documentsToRederive(db: DB): number {
  return (db.prepare(`SELECT count(*) AS n FROM documents WHERE ${OLDER}`).get(SCHEMA_VERSION) as { n: number }).n;
}

/**
 * Every stored document of an older document version than this program's, in id order, a page at a
 * time: a database of many documents is never held in memory whole.
 */
export function eachDocumentToRederive(db: DB, fn: (id: number, stored: Record<string, unknown>) => void): void {
  const page = db.prepare(`SELECT id, json FROM documents WHERE id > ? AND ${OLDER} ORDER BY id LIMIT 200`);
  let last = 0;
  for (;;) {
    const rows = page.all(last, SCHEMA_VERSION) as Array<{ id: number; json: string }>;
    if (rows.length === 0) break;
    last = rows[rows.length - 1]!.id;
    for (const row of rows) fn(row.id, JSON.parse(row.json) as Record<string, unknown>);
  }
}

/** Writes what is re-derived from a stored document back to its row and its items' rows. */
export class StoredDocumentWrites {
  private readonly stmts;

  constructor(db: DB) {
    this.stmts = {
      authority: db.prepare('UPDATE documents SET local_authority = ?, local_authority_code = ?, local_authority_as_written = ?, schema_version = ?, json = ? WHERE id = ?'),
      warn: db.prepare("INSERT INTO warnings (document_id, origin, severity, code, message, page, line, block) VALUES (?, 'extract', 'warning', ?, ?, ?, ?, ?)"),
      document: db.prepare('UPDATE documents SET inspectors = ?, publication_date_source = ?, agencies = ?, next_steps_text = ?, next_steps_due = ?, schema_version = ?, json = ? WHERE id = ?'),
      kind: db.prepare('UPDATE recommendations SET kind = ? WHERE document_id = ? AND rec_id = ?'),
    };
  }

  /** The document's authority columns and its JSON; the warnings the resolver added, as extraction warnings. */
  authority(id: number, doc: OfstedDocument, added: Warning[]): void {
    const d = doc.document;
    this.stmts.authority.run(d.localAuthority, d.localAuthorityCode, d.localAuthorityAsWritten, doc.schemaVersion, JSON.stringify(doc), id);
    for (const w of added) this.stmts.warn.run(id, w.code, w.message, w.loc.page, w.loc.line, w.loc.block);
  }

  /** The document's columns of versions 3 and 4 (inspectors, publication date source, agencies, next steps), its JSON, and the kind of each of its items. */
  document(id: number, doc: OfstedDocument): void {
    const d = doc.document;
    this.stmts.document.run(JSON.stringify(d.inspectors), d.publicationDateSource, JSON.stringify(d.agencies), d.nextSteps?.text ?? null, d.nextSteps?.due ?? null, doc.schemaVersion, JSON.stringify(doc), id);
    for (const r of doc.recommendations) this.stmts.kind.run(r.kind, id, r.id);
  }
}

/** How many stored actions have no state yet (a database upgraded from before migration 6). */
export function actionsWithoutState(db: DB): number {
  return (db.prepare('SELECT count(*) AS n FROM actions WHERE state IS NULL').get() as { n: number }).n;
}

/**
 * Each stored action with no state: its state decided from its stored rating and rating cell by
 * `actionState` (the plan vocabulary's rule, src/extract/plan/state.ts, given by the storage layer), as at load time.
 */
export function fillActionStates(db: DB, actionState: ActionStateRule): number {
  const page = db.prepare('SELECT id, rag, rag_raw FROM actions WHERE state IS NULL ORDER BY id LIMIT 500');
  const write = db.prepare('UPDATE actions SET state = ?, state_from = ? WHERE id = ?');
  let n = 0;
  for (;;) {
    const rows = page.all() as Array<{ id: number; rag: string | null; rag_raw: string | null }>;
    if (rows.length === 0) break;
    for (const r of rows) {
      const st = actionState({ rag: r.rag, ragRaw: r.rag_raw });
      write.run(st.state, st.from, r.id);
      n++;
    }
  }
  return n;
}

/** Plans linked to a report ('answers') that have no row in plan_versions yet (a database upgraded from before migration 6). */
export function plansWithoutVersion(db: DB): number {
  return (
    db
      .prepare("SELECT count(*) AS n FROM document_links l WHERE l.kind = 'answers' AND NOT EXISTS (SELECT 1 FROM plan_versions v WHERE v.plan_document_id = l.from_document_id)")
      .get() as { n: number }
  ).n;
}
