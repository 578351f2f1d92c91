import type { DB } from './database.js';
import { DocumentInfoSchema, SCHEMA_VERSION, type Loc, type OfstedDocument, type Warning } from '../model/document.js';
import { resolveAuthority, type TextUnit } from '../register/resolve.js';
import { syncRegister } from './register.js';
import { Linker } from '../link/link.js';

const NO_LOC: Loc = { page: null, line: null, block: null };

/**
 * A version-1 document JSON as version 2: its authority resolved to the register from the
 * name it was stored with (or, when it had none, from its title and paragraphs), the new
 * fields in their place, the resolver's warnings added. Nothing is re-read from the source.
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
  const merged: Record<string, unknown> = { ...info, ...la };
  // The fields in the model's order, as a fresh extraction writes them.
  const document = Object.fromEntries(Object.keys(DocumentInfoSchema.shape).map((k) => [k, merged[k] ?? null])) as OfstedDocument['document'];
  const doc = { ...old, schemaVersion: SCHEMA_VERSION, document, warnings: [...old.warnings, ...added] } as OfstedDocument;
  return { doc, added };
}

/** Migration 2, in code: the register loaded, every stored document upgraded in place, then every link made. */
export function upgradeStoredDocuments(db: DB): void {
  syncRegister(db);
  const update = db.prepare(
    'UPDATE documents SET local_authority = ?, local_authority_code = ?, local_authority_as_written = ?, schema_version = ?, json = ? WHERE id = ?',
  );
  const warn = db.prepare("INSERT INTO warnings (document_id, origin, severity, code, message, page, line, block) VALUES (?, 'extract', 'warning', ?, ?, ?, ?, ?)");
  // In pages: a database of many documents is never held in memory whole.
  const page = db.prepare('SELECT id, json FROM documents WHERE id > ? ORDER BY id LIMIT 200');
  let last = 0;
  for (;;) {
    const rows = page.all(last) as Array<{ id: number; json: string }>;
    if (rows.length === 0) break;
    last = rows[rows.length - 1]!.id;
    for (const row of rows) {
      const stored = JSON.parse(row.json) as Record<string, unknown>;
      if (stored.schemaVersion === SCHEMA_VERSION) continue;
      const { doc, added } = upgradeDocumentJson(stored);
      const d = doc.document;
      update.run(d.localAuthority, d.localAuthorityCode, d.localAuthorityAsWritten, doc.schemaVersion, JSON.stringify(doc), row.id);
      for (const w of added) warn.run(row.id, w.code, w.message, w.loc.page, w.loc.line, w.loc.block);
    }
  }
  const linker = new Linker(db);
  for (const { code } of db.prepare('SELECT DISTINCT local_authority_code AS code FROM documents WHERE local_authority_code IS NOT NULL ORDER BY 1').all() as Array<{ code: string }>) {
    linker.relinkAuthority(code);
  }
  for (const { id } of db.prepare("SELECT id FROM documents WHERE local_authority_code IS NULL AND kind = 'action_plan'").all() as Array<{ id: number }>) {
    linker.linkPlan(id);
  }
}
