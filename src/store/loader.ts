import type { DB } from '../db/types.js';
import { DocumentTables } from '../db/documents.js';
import type { OfstedDocument } from '../model/document.js';
import type { Issue } from '../validate/semantic.js';
import { actionState } from '../extract/plan/state.js';
import { Linker } from './linker.js';
import { claimCurrentPlan } from './plan-current.js';
import { givenPublication, type GivenPublication } from './publication.js';
import { applyCorrections } from './corrections.js';

export type LoadOutcome = 'loaded' | 'replaced' | 'unchanged';

/**
 * Writes documents, each in one transaction: either every row of a document is there
 * or none is. A file already loaded with the same sha256 is left alone (unless
 * `force`); a different file at the same path replaces the old one's rows. The links of
 * the document's authority are remade in the same transaction, after the corrections people made
 * to the document are applied again (src/store/corrections.ts).
 */
export class Loader {
  private readonly tables: DocumentTables;
  private readonly linker: Linker;

  constructor(private readonly db: DB) {
    this.linker = new Linker(db);
    this.tables = new DocumentTables(db);
  }

  /** Is a file with these bytes already loaded? */
  has(sha256: string): boolean {
    return this.tables.idOf(sha256) !== undefined;
  }

  /**
   * `current`: the person importing says this plan is the current version of its plan (claimCurrentPlan),
   * also when its bytes were already loaded.
   */
  load(doc: OfstedDocument, issues: Issue[], opts: { force?: boolean; now?: string; current?: boolean } = {}): LoadOutcome {
    const t = this.tables;
    const run = this.db.transaction((): LoadOutcome => {
      const existing = t.idOf(doc.source.sha256);
      if (existing !== undefined && !opts.force) {
        if (opts.current) claimCurrentPlan(this.db, existing, opts.now);
        return 'unchanged';
      }
      // Authorities whose links may change when the documents this one replaces go.
      const formerCodes = t.authorityCodesAt(doc.source.sha256, doc.source.path);
      if (existing !== undefined) t.delete(existing);
      const replaced = t.deleteOthersAtPath(doc.source.path, doc.source.sha256) || existing !== undefined;
      const now = opts.now ?? new Date().toISOString();
      const id = t.insert(doc, issues, now, actionState);
      // The corrections people made to this document (src/store/corrections.ts), applied again to what was just read.
      applyCorrections(this.db, id, { fresh: true, now });
      // Said current: the claim stored before the links and versions are remade below.
      if (opts.current) claimCurrentPlan(this.db, id, now);
      // Links of this authority's plans and progress reports, remade with the document in the same transaction.
      this.linker.relinkAfterWrite(id, formerCodes);
      return replaced ? 'replaced' : 'loaded';
    });
    return run.immediate();
  }

  /**
   * A publication date given for a document already stored (same bytes): its date and source
   * replaced where the rule of ./publication.ts says so, nothing re-extracted; the links of its
   * authority remade in the same transaction. Refused: the one-line reason.
   */
  updatePublication(sha256: string, given: GivenPublication, today: string): { status: 'updated' | 'unchanged'; warning: string | null } | { status: 'refused'; reason: string } {
    const t = this.tables;
    const run = this.db.transaction(() => {
      const id = t.idOf(sha256);
      if (id === undefined) return { status: 'refused' as const, reason: 'not loaded' };
      const doc = t.storedJson(id) as unknown as OfstedDocument;
      const o = givenPublication(doc.document, given, today);
      if (!o.ok) return { status: 'refused' as const, reason: o.reason };
      if (!o.changed) return { status: 'unchanged' as const, warning: o.warning?.message ?? null };
      doc.document.publicationDate = o.date;
      doc.document.publicationDateSource = o.source;
      t.setPublication(id, doc);
      this.linker.relinkAfterWrite(id);
      return { status: 'updated' as const, warning: null };
    });
    return run.immediate();
  }

  recordError(path: string, sha256: string | null, code: string, reason: string, now = new Date().toISOString()): void {
    this.tables.recordError(path, sha256, code, reason, now);
  }
}
