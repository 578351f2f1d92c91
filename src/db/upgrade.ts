import type { DB } from './database.js';
import { DocumentInfoSchema, SCHEMA_VERSION, type Loc, type OfstedDocument, type Warning } from '../model/document.js';
import { resolveAuthority, type TextUnit } from '../register/resolve.js';
import { syncRegister } from './register.js';
import { Linker } from '../link/link.js';

const NO_LOC: Loc = { page: null, line: null, block: null };

/**
 * A version-1 document JSON as the current version: its authority resolved to the register from
 * the name it was stored with (or, when it had none, from its title and paragraphs), the version-2
 * fields in their place, the resolver's warnings added, then the version-3 fields (toV3). Nothing
 * is re-read from the source.
 */
export function upgradeDocumentJson(v1: Record<string, unknown>): { doc: OfstedDocument; added: Warning[] } {
  const old = v1 as unknown as Omit<OfstedDocument, 'schemaVersion'> & { schemaVersion: string };
  const info = old.document as Record<string, unknown> & OfstedDocument['document'];
  const units: TextUnit[] = [
    ...(info.title ? [{ text: info.title, loc: NO_LOC }] : []),
    ...old.paragraphs.map((p) => ({ text: p.text, loc: p.loc })),
    ...old.recommendations.map((r) => ({ text: r.text, loc: r.loc })),
  ];
  const { warnings: added, ...la } = resolveAuthority(info, units);
  const v2 = { ...old, document: { ...info, ...la }, warnings: [...old.warnings, ...added] };
  return { doc: toV3(v2 as unknown as Record<string, unknown>), added };
}

/** Frameworks whose improvement items are "What needs to improve": areas for improvement, not recommendations. */
const AREAS_FOR_IMPROVEMENT_FRAMEWORKS = new Set(['ilacs', 'ilacs2026', 'focused_visit']);

/**
 * A version-2 document JSON as version 3: the new fields at their defaults (nothing is re-read from
 * the source; `ofsted import --force` re-reads it): the lead inspector as the list of inspectors, each
 * item's kind from its framework (ILACS and focused visits list areas for improvement), no themes.
 */
export function toV3(v2: Record<string, unknown>): OfstedDocument {
  const old = v2 as unknown as OfstedDocument;
  const info = old.document as Record<string, unknown> & OfstedDocument['document'];
  const defaults: Record<string, unknown> = { inspectors: info.leadInspector ? [info.leadInspector] : [] };
  // The fields in the model's order, as a fresh extraction writes them.
  const document = Object.fromEntries(
    Object.keys(DocumentInfoSchema.shape).map((k) => [k, info[k] ?? defaults[k] ?? null]),
  ) as OfstedDocument['document'];
  const itemKind = AREAS_FOR_IMPROVEMENT_FRAMEWORKS.has(info.framework ?? '') ? 'area_for_improvement' : 'recommendation';
  return {
    ...old,
    schemaVersion: SCHEMA_VERSION,
    document,
    judgements: old.judgements.map(({ loc, ...j }) => ({ ...j, wording: j.wording ?? null, loc })),
    recommendations: old.recommendations.map(({ paragraphRefs, loc, ...r }) => ({
      ...r,
      kind: r.kind ?? itemKind,
      paragraphRefs,
      nationalFrameworkRef: r.nationalFrameworkRef ?? null,
      responsible: r.responsible ?? [],
      themes: r.themes ?? [],
      loc,
    })),
  };
}

/** Every stored document, a page at a time: a database of many documents is never held in memory whole. */
function eachStoredDocument(db: DB, fn: (id: number, stored: Record<string, unknown>) => void): void {
  const page = db.prepare('SELECT id, json FROM documents WHERE id > ? ORDER BY id LIMIT 200');
  let last = 0;
  for (;;) {
    const rows = page.all(last) as Array<{ id: number; json: string }>;
    if (rows.length === 0) break;
    last = rows[rows.length - 1]!.id;
    for (const row of rows) fn(row.id, JSON.parse(row.json) as Record<string, unknown>);
  }
}

/** Migration 2, in code: the register loaded, every version-1 document's authority resolved in place (links: migration 3). */
export function upgradeStoredDocuments(db: DB): void {
  syncRegister(db);
  const update = db.prepare(
    'UPDATE documents SET local_authority = ?, local_authority_code = ?, local_authority_as_written = ?, schema_version = ?, json = ? WHERE id = ?',
  );
  const warn = db.prepare("INSERT INTO warnings (document_id, origin, severity, code, message, page, line, block) VALUES (?, 'extract', 'warning', ?, ?, ?, ?, ?)");
  eachStoredDocument(db, (id, stored) => {
    if (stored.schemaVersion !== '1') return;
    const { doc, added } = upgradeDocumentJson(stored);
    const d = doc.document;
    update.run(d.localAuthority, d.localAuthorityCode, d.localAuthorityAsWritten, doc.schemaVersion, JSON.stringify(doc), id);
    for (const w of added) warn.run(id, w.code, w.message, w.loc.page, w.loc.line, w.loc.block);
  });
}

/**
 * Migration 3, in code: every stored document's JSON in the version-3 shape (toV3), its new columns
 * (inspectors, the items' kinds) filled from it; then the one re-derivation step, named as such:
 * every link remade by today's linker from the stored documents.
 */
export function upgradeStoredDocumentsToV3(db: DB): void {
  const update = db.prepare('UPDATE documents SET inspectors = ?, schema_version = ?, json = ? WHERE id = ?');
  const setKind = db.prepare('UPDATE recommendations SET kind = ? WHERE document_id = ? AND rec_id = ?');
  eachStoredDocument(db, (id, stored) => {
    const doc = stored.schemaVersion === SCHEMA_VERSION ? (stored as unknown as OfstedDocument) : toV3(stored);
    update.run(JSON.stringify(doc.document.inspectors), doc.schemaVersion, JSON.stringify(doc), id);
    for (const r of doc.recommendations) setKind.run(r.kind, id, r.id);
  });
  relinkEverything(db);
}

/** Re-derivation, not a schema change: every plan-to-report link remade from the stored documents. */
export function relinkEverything(db: DB): void {
  const linker = new Linker(db);
  for (const { code } of db.prepare('SELECT DISTINCT local_authority_code AS code FROM documents WHERE local_authority_code IS NOT NULL ORDER BY 1').all() as Array<{ code: string }>) {
    linker.relinkAuthority(code);
  }
  for (const { id } of db.prepare("SELECT id FROM documents WHERE local_authority_code IS NULL AND kind = 'action_plan'").all() as Array<{ id: number }>) {
    linker.linkPlan(id);
  }
}
