import type { DB } from '../db/types.js';
import { LinkTables } from '../db/links.js';
import { Linker } from './linker.js';
import { InputError } from '../util/errors.js';

/**
 * The person importing says a plan is the current version of its plan (`ofsted import --current`,
 * `ofsted plan current`): the claim is stored (plan_claims, with the time it was made) and the
 * authority's plan versions remade (src/link/versions.ts: the latest claim wins; two claims for the
 * same date keep both plans, the later current, with a warning). Call inside the write transaction
 * of the document, or on its own (it takes the write lock then).
 */
export function claimCurrentPlan(db: DB, documentId: number, at = new Date().toISOString()): { kind: string; code: string | null } {
  const tables = new LinkTables(db);
  const run = () => {
    const doc = tables.kindAndCode(documentId);
    if (doc.kind !== 'action_plan') return doc;
    tables.claimCurrent(documentId, at);
    if (doc.code !== null) new Linker(db).remakeVersions(doc.code);
    return doc;
  };
  return db.inTransaction ? run() : db.transaction(run).immediate();
}

/**
 * `ofsted plan current <file or id>`: the plan stored with these bytes (a file) or this id is said
 * to be the current version. Its version afterwards, or an InputError naming what is wrong.
 */
export function makeCurrent(db: DB, source: string, sha256: string | null): { id: number; path: string; version: number | null; versions: number | null } {
  const tables = new LinkTables(db);
  const row = tables.documentBy(sha256 !== null ? { sha256 } : { id: Number(source) });
  if (!row) throw new InputError('no_document', `${source}: not in the database (import it first, or use ofsted import --current)`);
  if (row.kind !== 'action_plan') throw new InputError('not_a_plan', `${source}: ${row.path} is not an action plan`);
  claimCurrentPlan(db, row.id);
  const v = tables.versionOf(row.id);
  return { id: row.id, path: row.path, version: v?.version ?? null, versions: v?.versions ?? null };
}
