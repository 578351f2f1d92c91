import type { DB } from '../db/types.js';
import { actionsWithoutState, documentsToRederive, eachDocumentToRederive, fillActionStates, plansWithoutVersion, StoredDocumentWrites } from '../db/stored.js';
import { SCHEMA_VERSION, type OfstedDocument } from '../model/document.js';
import { log } from '../util/log.js';
import { toV3, upgradeDocumentJson } from './document-versions.js';
import { actionState } from '../extract/plan/state.js';
import { Linker } from './linker.js';

export interface Rederived {
  /** How many stored documents were re-derived. */
  documents: number;
  /** The document versions they were stored at. */
  fromVersions: string[];
}

/**
 * Re-derivation, not a schema change: the data that follows from the stored documents, made again
 * by today's code after the schema is migrated. Each stored document of an older document version
 * is brought to the current one from its stored JSON (nothing is re-read from the source): a
 * version-1 document's authority resolved to the register (upgradeDocumentJson), the version-3
 * fields filled (toV3), its columns and its items' kinds written from it; then, when any was,
 * every link remade by today's linker. What is to do is read from the data (the documents'
 * `schema_version`), so a step cut short is finished on the next open. One write-locked
 * transaction: all of it or none; a second process finds nothing left to do. Logged (info) when it
 * does something.
 */
export function rederiveStoredDocuments(db: DB): Rederived {
  const none: Rederived = { documents: 0, fromVersions: [] };
  // Read first without a lock: opening an up-to-date database never waits for another writer.
  if (documentsToRederive(db) === 0) return none;
  const done = db
    .transaction((): Rederived => {
      const pending = documentsToRederive(db);
      if (pending === 0) return none;
      log.info({ documents: pending, to: SCHEMA_VERSION }, 're-deriving stored documents of an older document version from their stored JSON, then remaking every link');
      const writes = new StoredDocumentWrites(db);
      const versions = new Set<string>();
      let documents = 0;
      eachDocumentToRederive(db, (id, stored) => {
        versions.add(String(stored.schemaVersion));
        documents++;
        let doc: OfstedDocument;
        if (stored.schemaVersion === '1') {
          const upgraded = upgradeDocumentJson(stored);
          writes.authority(id, upgraded.doc, upgraded.added);
          doc = upgraded.doc;
        } else {
          doc = stored.schemaVersion === SCHEMA_VERSION ? (stored as unknown as OfstedDocument) : toV3(stored);
        }
        writes.document(id, doc);
      });
      new Linker(db).relinkEverything();
      return { documents, fromVersions: [...versions].sort() };
    })
    .immediate();
  if (done.documents > 0) log.info(done, 're-derived stored documents and remade every link');
  return done;
}

export interface DerivedStates {
  /** Actions whose state was decided. */
  actions: number;
  /** Whether the plan versions were remade. */
  versions: boolean;
}

/**
 * Re-derivation of its own, after rederiveStoredDocuments: what a database upgraded from before
 * migration 6 lacks, made from what it stores. Each action with no state gets the one decided at
 * load time (actionState, src/extract/plan/state.ts, from its stored rating and rating cell), and
 * when a plan linked to a report has no version, every authority's plan versions are remade
 * (src/link/versions.ts). Read from the data, so a step cut short is finished on the next open; one
 * write-locked transaction; logged (info) when it does something.
 */
export function deriveActionStatesAndVersions(db: DB): DerivedStates {
  const none: DerivedStates = { actions: 0, versions: false };
  if (actionsWithoutState(db) === 0 && plansWithoutVersion(db) === 0) return none;
  const done = db
    .transaction((): DerivedStates => {
      const actions = actionsWithoutState(db) > 0 ? fillActionStates(db, actionState) : 0;
      const versions = plansWithoutVersion(db) > 0;
      if (versions) new Linker(db).remakeAllVersions();
      return { actions, versions };
    })
    .immediate();
  if (done.actions > 0 || done.versions) log.info(done, 'derived action states and plan versions from the stored data');
  return done;
}
