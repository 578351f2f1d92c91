/**
 * Corrections that last (issue 29): a person's fix to what the extractor produced, stored apart
 * from it (table corrections, migration 8) and re-applied to the document's rows and JSON every
 * time the document is written (Loader.load, also with --force), in the same transaction.
 *
 * A correction names its target so that it outlives re-extraction: the document by its bytes
 * (sha256; the path it was made on is the fallback when no stored document has those bytes), an
 * item by its natural key (kind, scope, part, number, and which of equal keys), an action by its
 * recommendation ref and id (or, with no id, a hash of its description), and the field. The value
 * and the extractor's value before it ("original") are kept as JSON text. A correction whose
 * target is not in the document as read again is kept, marked orphaned, applied nowhere and
 * listed (`ofsted corrections --orphaned`); none is ever dropped.
 *
 * The one rule for an action's state stays src/extract/plan/state.ts: a corrected RAG or status
 * word gives the state that rule decides. Every change a person makes is logged (who, when, via,
 * target, old, new) in correction_log; re-applying on a load logs nothing.
 */
import { givenPublication } from './publication.js';
import type { DB } from '../db/types.js';
import { CorrectionTables, type CorrectionRow, type CorrectionLogRow } from '../db/corrections.js';
import type { OfstedDocument } from '../model/document.js';
import { actionState } from '../extract/plan/state.js';
import { Linker } from './linker.js';
import { FIELDS, LINK_FIELD, enc, extractorKeys, isStructural, listOf, naturalKeys, parseTarget, parseValue, fieldName, type LinkForm, type Obj, type TargetType, type Via } from './correction-fields.js';
import { currentLink, findDocument, resolveLink } from './link-corrections.js';

export { FIELDS, STRUCTURAL, LINK_FIELD, fieldName, type TargetType, type Via } from './correction-fields.js';
export { findDocument } from './link-corrections.js';

export interface Applied {
  applied: number;
  orphaned: number;
}

/** What one run of applyCorrections works on: the document's JSON, its rows, and what it counts. */
interface Run {
  t: CorrectionTables;
  documentId: number;
  doc: OfstedDocument;
  fresh: boolean;
  now: string;
  rowIds: { item: number[]; action: number[] };
  out: Applied;
  orphan(c: CorrectionRow): void;
  /** Applied to this document's stored rows and JSON before (not a fresh load): there already. */
  here(c: CorrectionRow): boolean;
}

/**
 * Apply every correction of a stored document to its JSON and its rows; each is marked applied (with
 * the row it changed and the extractor's value) or orphaned. `fresh`: the document's rows and JSON
 * were just written from the extractor (a load), so the values found are the extractor's. Runs in
 * the caller's transaction. A link of a plan's item is only found here (its row); the linker puts
 * it in force after making its own links (src/store/link-corrections.ts).
 */
export function applyCorrections(db: DB, documentId: number, opts: { fresh: boolean; now?: string }): Applied {
  const t = new CorrectionTables(db);
  const row = t.document(documentId);
  if (!row) return { applied: 0, orphaned: 0 };
  const corrections = t.ofDocument(row.sha256, row.path);
  if (corrections.length === 0) return { applied: 0, orphaned: 0 };
  const out: Applied = { applied: 0, orphaned: 0 };
  const run: Run = {
    t,
    documentId,
    doc: JSON.parse(row.json) as OfstedDocument,
    fresh: opts.fresh,
    now: opts.now ?? new Date().toISOString(),
    rowIds: { item: t.rowIds(documentId, 'item'), action: t.rowIds(documentId, 'action') },
    out,
    orphan: (c) => {
      t.markOrphaned(c.id, documentId);
      out.orphaned++;
    },
    here: (c) => !opts.fresh && c.state === 'applied' && c.document_id === documentId,
  };
  applyAdded(run, corrections.filter((x) => x.field === 'added' && x.target_type !== 'document'));
  const { touched, removals } = applyFields(run, corrections);
  writeTouched(run, touched);
  applyRemovals(run, removals);
  t.writeDocument(documentId, run.doc.document as unknown as Obj, JSON.stringify(run.doc));
  return out;
}

/** Step 1: items and actions a person added, at the end of the document's lists and rows (orphaned once the extractor reads them itself). */
function applyAdded(r: Run, added: CorrectionRow[]): void {
  for (const c of added) {
    const type = c.target_type as 'item' | 'action';
    if (r.here(c)) {
      r.out.applied++;
      continue;
    }
    const list = listOf(r.doc, type);
    const value = JSON.parse(c.value) as Obj;
    if (naturalKeys(type, [...list, value]).slice(0, -1).includes(c.target_key)) {
      r.orphan(c);
      continue;
    }
    list.push(value);
    const a = value as unknown as OfstedDocument['actions'][number];
    const rowId =
      type === 'item'
        ? r.t.addItem(r.documentId, value as { id: string; kind: string; scope: string; text: string })
        : r.t.addAction(r.documentId, { recommendationRef: a.recommendationRef, id: a.id, description: a.description, leads: a.leads, dueDate: a.due.date, rag: a.rag, ragRaw: a.ragRaw }, actionState(a));
    r.rowIds[type].push(rowId);
    r.t.markApplied(c.id, r.documentId, rowId, list.length - 1, null, r.now);
    r.out.applied++;
  }
}

/** Where a correction's target is in the document (the JSON object and its index; none: the document), or undefined: gone. */
function locateTarget(r: Run, keys: Record<'item' | 'action', string[]>, c: CorrectionRow): { target: Obj; index: number | null } | undefined {
  if (c.target_type === 'document') return { target: r.doc.document as unknown as Obj, index: null };
  const i = keys[c.target_type].indexOf(c.target_key);
  return i < 0 ? undefined : { target: listOf(r.doc, c.target_type)[i]!, index: i };
}

/**
 * Step 2: each correction of a field set on its target, found by the keys the extractor's items have
 * (a person's additions among them); removals noted for step 4; the items and actions changed returned.
 */
function applyFields(r: Run, corrections: CorrectionRow[]): { touched: { item: Set<number>; action: Set<number> }; removals: Array<{ type: 'item' | 'action'; index: number }> } {
  const mine = corrections.filter((c) => c.state === 'applied' && c.document_id === r.documentId);
  const keyOf = (type: 'item' | 'action') => (r.fresh ? naturalKeys(type, listOf(r.doc, type)) : extractorKeys(r.doc, type, mine, r.rowIds[type]));
  const keys = { item: keyOf('item'), action: keyOf('action') };
  const touched = { item: new Set<number>(), action: new Set<number>() };
  const removals: Array<{ type: 'item' | 'action'; index: number }> = [];
  for (const c of corrections) {
    if (c.field === 'added' && c.target_type !== 'document') continue;
    if (c.field === 'removed' && r.here(c)) {
      r.out.applied++;
      continue;
    }
    const spec = FIELDS[c.target_type]?.[c.field];
    const found = locateTarget(r, keys, c);
    const link = c.target_type === 'item' && c.field === LINK_FIELD;
    if (!found || (!spec && !link && !isStructural(c.target_type, c.field))) {
      r.orphan(c);
      continue;
    }
    const { target, index } = found;
    const rowId = c.target_type === 'document' ? r.documentId : (r.rowIds[c.target_type][index!] ?? null);
    if (c.field === 'removed' || link) {
      // A removal is done last (step 4); a link is put in force by the linker, which keeps the linker's own beside it.
      if (c.field === 'removed') removals.push({ type: c.target_type as 'item' | 'action', index: index! });
      r.t.markApplied(c.id, r.documentId, link ? rowId : null, link ? index : null, link ? c.original : 'false', r.now);
      r.out.applied++;
      continue;
    }
    // The extractor's value: what a fresh load has; a stored document's JSON has it unless this correction was applied to it before.
    const wasApplied = c.state === 'applied' && c.document_id === r.documentId && c.applied_at !== null;
    const original = r.fresh || !wasApplied ? enc(spec!.get(target)) : c.original;
    spec!.set(target, JSON.parse(c.value) as unknown);
    if (c.target_type !== 'document') touched[c.target_type].add(index!);
    r.t.markApplied(c.id, r.documentId, rowId, index, original, r.now);
    r.out.applied++;
  }
  return { touched, removals };
}

/** Step 3: the rows of the items and actions changed, from their corrected values (an action's state by the one rule). */
function writeTouched(r: Run, touched: { item: Set<number>; action: Set<number> }): void {
  for (const i of touched.item) {
    const x = r.doc.recommendations[i]!;
    const id = r.rowIds.item[i];
    if (id !== undefined) r.t.writeItem(id, { kind: x.kind, id: x.id, scope: x.scope, text: x.text });
  }
  for (const i of touched.action) {
    const a = r.doc.actions[i]!;
    const id = r.rowIds.action[i];
    if (id !== undefined) r.t.writeAction(id, { description: a.description, leads: a.leads, dueDate: a.due.date, rag: a.rag, ragRaw: a.ragRaw }, actionState(a));
  }
}

/** Step 4: items and actions a person removed: gone from the rows (their links, references, themes with them) and the JSON, last to first. */
function applyRemovals(r: Run, removals: Array<{ type: 'item' | 'action'; index: number }>): void {
  for (const x of removals.sort((a, b) => b.index - a.index)) {
    const id = r.rowIds[x.type][x.index];
    if (id !== undefined) r.t.remove(x.type, id);
    listOf(r.doc, x.type).splice(x.index, 1);
    r.rowIds[x.type].splice(x.index, 1);
  }
}

/** What a person asks: the document (id, sha256 or path), the target, the field and the value. */
export interface CorrectionRequest {
  document: string | number;
  /** 'document', 'item:<number>', 'action:<id>', or a row: 'item#<row id>', 'action#<row id>'; also { type, id } / { type, row }. */
  target: unknown;
  field: string;
  value: unknown;
  by: string;
  via: Via;
  now?: string;
}

export type CorrectionResult =
  | { ok: true; correction: CorrectionRow; documentId: number; old: unknown; changed: boolean }
  | { ok: false; reason: string; status: 400 | 404 };

const refuse = (reason: string, status: 400 | 404 = 400): { ok: false; reason: string; status: 400 | 404 } => ({ ok: false, reason, status });

/** A correction as asked, checked and found in its document: what `correct` records. */
interface Found {
  documentId: number;
  sha256: string;
  path: string;
  type: TargetType;
  key: string;
  field: string;
  value: unknown;
  old: unknown;
}

type Refusal = { ok: false; reason: string; status: 400 | 404 };

/** An item or action the extractor missed: keyed by its own natural key, which none of the document's may have already. */
function addedKey(t: CorrectionTables, documentId: number, doc: OfstedDocument, type: 'item' | 'action', value: Obj, sha256: string, path: string): string | Refusal {
  const rowIds = t.rowIds(documentId, type);
  const applied = t.ofDocument(sha256, path).filter((c) => c.state === 'applied' && c.document_id === documentId);
  const list = listOf(doc, type);
  const key = naturalKeys(type, [...list, value]).at(-1)!;
  // Its key but for the count of equal keys: one the document has (as read, or as corrected) is refused.
  const base = (k: string) => JSON.stringify((JSON.parse(k) as unknown[]).slice(0, -1));
  const have = new Set([...extractorKeys(doc, type, applied, rowIds), ...naturalKeys(type, list)].map(base));
  return have.has(base(key)) ? refuse(`this document already has that ${type} (${base(key)}): correct its fields instead`) : key;
}

/** The item or action a person names (by its number or id, or its row), as it is in the document: its key, JSON object and row. */
function findItem(t: CorrectionTables, documentId: number, doc: OfstedDocument, target: { type: 'item' | 'action'; id?: string; row?: number }, sha256: string, path: string): { key: string; obj: Obj; row: number } | Refusal {
  const { type } = target;
  if (target.id === undefined && target.row === undefined) return refuse(`say which ${type}: ${type}:<${type === 'item' ? 'number' : 'id'}> or ${type}#<row>`);
  const list = listOf(doc, type);
  const rowIds = t.rowIds(documentId, type);
  let i = -1;
  if (target.row !== undefined) i = rowIds.indexOf(target.row);
  else {
    const hits = list.flatMap((o, n) => (String(o.id ?? '') === target.id ? [n] : []));
    if (hits.length > 1) return refuse(`${hits.length} ${type}s of this document have the ${type === 'item' ? 'number' : 'id'} ${target.id}: name one by its row (${type}#<row>, the document page shows them)`);
    i = hits[0] ?? -1;
    // A number that is no item's number or action's id: a row id (the document page's and the API's `id`).
    if (i < 0 && /^\d+$/.test(target.id!)) i = rowIds.indexOf(Number(target.id));
  }
  if (i < 0) return refuse(`this document has no ${type} ${target.row !== undefined ? `row ${target.row}` : JSON.stringify(target.id)}`, 404);
  const applied = t.ofDocument(sha256, path).filter((c) => c.state === 'applied' && c.document_id === documentId);
  return { key: extractorKeys(doc, type, applied, rowIds)[i]!, obj: list[i]!, row: rowIds[i]! };
}

/** The value in force of a field (old, for the log): a link's is the plan item's link now (the linker's or a person's). */
function valueInForce(db: DB, field: string, spec: (typeof FIELDS)[TargetType][string] | undefined, obj: Obj, row: number | null): unknown {
  if (field === 'added') return null;
  if (field === 'removed') return false;
  if (field === LINK_FIELD) {
    const l = row === null ? null : currentLink(db, row);
    return l && { report: l.report, path: l.path, key: l.key, number: l.number };
  }
  return spec!.get(obj);
}

/** Check what a person asks and find its target: the correction to record, or the reason it is refused. */
function check(db: DB, req: CorrectionRequest): Found | Refusal {
  const documentId = findDocument(db, req.document);
  if (documentId === undefined) return refuse(`no stored document is ${JSON.stringify(String(req.document))} (give its id, sha256 or path)`, 404);
  const t = new CorrectionTables(db);
  const { sha256, path, json } = t.document(documentId)!;
  const target = parseTarget(req.target);
  if (typeof target === 'string') return refuse(target);
  const field = fieldName(target.type, String(req.field ?? ''));
  const parsed = parseValue(target.type, field, req.value);
  if (!parsed) return refuse(`unknown field ${JSON.stringify(req.field)} for ${target.type === 'document' ? 'a document' : `an ${target.type}`}; one of ${[...Object.keys(FIELDS[target.type]), ...(target.type === 'document' ? [] : ['added', 'removed']), ...(target.type === 'item' ? [LINK_FIELD] : [])].join(', ')}`);
  if (!parsed.ok) return refuse(parsed.reason);
  const doc = JSON.parse(json) as OfstedDocument;
  let value = parsed.value;
  // A publication date given by a person: the one rule for dates given from outside (src/store/publication.ts):
  // not in the future, not before the inspection ended, for a report or letter only.
  if (target.type === 'document' && field === 'publication_date') {
    const given = givenPublication(doc.document, { date: String(value), source: 'user' }, (req.now ?? new Date().toISOString()).slice(0, 10));
    if (!given.ok) return refuse(given.reason.replace(/^--published/, 'publication_date'));
  }
  if (field === LINK_FIELD && doc.document.kind !== 'action_plan') return refuse(`only a plan's items link to report items; document ${documentId} is ${doc.document.kind}`);
  if (target.type === 'document') return { documentId, sha256, path, type: 'document', key: '[]', field, value, old: FIELDS.document[field]!.get(doc.document as unknown as Obj) };
  if (field === 'added') {
    const key = addedKey(t, documentId, doc, target.type, value as Obj, sha256, path);
    return typeof key === 'string' ? { documentId, sha256, path, type: target.type, key, field, value, old: null } : key;
  }
  const item = findItem(t, documentId, doc, target as { type: 'item' | 'action'; id?: string; row?: number }, sha256, path);
  if ('ok' in item) return item;
  if (field === LINK_FIELD) {
    const link = resolveLink(db, documentId, value as LinkForm);
    if (!link.ok) return link;
    value = link.value;
  }
  return { documentId, sha256, path, type: target.type, key: item.key, field, value, old: valueInForce(db, field, FIELDS[target.type][field], item.obj, item.row) };
}

/**
 * Record a correction and apply it to its document, in one write-locked transaction; refused with a
 * message (nothing written) for a document not stored, an unknown target or field, a value of the
 * wrong type, a report item that is not stored. The same target and field corrected again: its value
 * replaced, the extractor's kept. Logged once per change; a value equal to the one in force changes
 * nothing and logs nothing (a plan item's link excepted the first time: a person confirms it).
 */
export function correct(db: DB, req: CorrectionRequest): CorrectionResult {
  const run = db.transaction((): CorrectionResult => {
    const f = check(db, req);
    if ('ok' in f) return f;
    const t = new CorrectionTables(db);
    const now = req.now ?? new Date().toISOString();
    const value = enc(f.value);
    const existing = t.find(f.sha256, f.type, f.key, f.field);
    if (existing && existing.value === value && enc(f.old) === value) return { ok: true, correction: existing, documentId: f.documentId, old: f.old, changed: false };
    // A link is the exception: a person may confirm the link in force (or that there is none), which keeps
    // it whatever the linker finds later and settles the linker's warnings about the item (src/query/review.ts).
    if (!existing && enc(f.old) === value && f.field !== LINK_FIELD) return refuse(`${f.field} is already ${value}: nothing to correct`);
    const formerCode = t.authorityCode(f.documentId);
    const id = existing ? existing.id : t.insert({ sha256: f.sha256, path: f.path, type: f.type, key: f.key, field: f.field, value, by: req.by, at: now });
    if (existing) t.update(id, value, f.path, req.by, now);
    t.log({ id, at: now, who: req.by, via: req.via, sha256: f.sha256, type: f.type, key: f.key, field: f.field, old: enc(f.old), new: value });
    applyCorrections(db, f.documentId, { fresh: false, now });
    new Linker(db).relinkAfterWrite(f.documentId, [formerCode]);
    return { ok: true, correction: t.byId(id)!, documentId: f.documentId, old: f.old, changed: true };
  });
  return run.immediate();
}

/** One correction as exported, listed and shown by the API: its target in words, values parsed. */
export interface CorrectionView {
  id: number;
  document: { sha256: string; path: string | null; id: number | null };
  target: { type: TargetType; key: unknown };
  field: string;
  value: unknown;
  original: unknown;
  state: 'pending' | 'applied' | 'orphaned';
  row: number | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

export const correctionView = (c: CorrectionRow): CorrectionView => ({
  id: c.id,
  document: { sha256: c.document_sha256, path: c.document_path, id: c.document_id },
  target: { type: c.target_type, key: JSON.parse(c.target_key) as unknown },
  field: c.field,
  value: JSON.parse(c.value) as unknown,
  original: c.original === null ? null : (JSON.parse(c.original) as unknown),
  // A correction whose document is no longer stored is applied nowhere: listed as orphaned.
  state: c.state === 'applied' && c.document_id === null ? 'orphaned' : c.state,
  row: c.document_id === null ? null : c.row_id,
  createdBy: c.created_by,
  createdAt: c.created_at,
  updatedBy: c.updated_by,
  updatedAt: c.updated_at,
});

/** Every correction (or the orphaned ones), newest change first. */
export function listCorrections(db: DB, opts: { orphaned?: boolean } = {}): CorrectionView[] {
  return new CorrectionTables(db).list(opts).map(correctionView);
}

export interface LogView {
  id: number;
  correction: number;
  at: string;
  who: string;
  via: string;
  document: string;
  target: { type: string; key: unknown };
  field: string;
  old: unknown;
  new: unknown;
}

/** An entry of the audit log as listed and shown by the API: values parsed. */
export const logView = (e: CorrectionLogRow): LogView => ({
  id: e.id,
  correction: e.correction_id,
  at: e.at,
  who: e.who,
  via: e.via,
  document: e.document_sha256,
  target: { type: e.target_type, key: JSON.parse(e.target_key) as unknown },
  field: e.field,
  old: e.old === null ? null : (JSON.parse(e.old) as unknown),
  new: JSON.parse(e.new) as unknown,
});

/** The audit log, oldest first. */
export function correctionLog(db: DB): LogView[] {
  return new CorrectionTables(db).logEntries().map(logView);
}

/** The file `ofsted corrections --export` writes and --import reads. */
export interface CorrectionsFile {
  format: 'ofsted-corrections';
  version: 1;
  corrections: Array<{
    document: { sha256: string; path: string | null };
    target: { type: TargetType; key: unknown };
    field: string;
    value: unknown;
    original: unknown;
    createdBy: string;
    createdAt: string;
  }>;
}

export function exportCorrections(db: DB): CorrectionsFile {
  return {
    format: 'ofsted-corrections',
    version: 1,
    corrections: listCorrections(db)
      .reverse()
      .map((c) => ({ document: { sha256: c.document.sha256, path: c.document.path }, target: c.target, field: c.field, value: c.value, original: c.original, createdBy: c.createdBy, createdAt: c.createdAt })),
  };
}

/**
 * Corrections read from a file (exportCorrections's shape): each checked like one made by hand
 * (field, type of value); all or none written, in one transaction; each new or changed one logged
 * (via 'import'); those of stored documents applied. A correction of a document not stored is kept
 * (pending) and applied when the document is loaded. Refused: the one-line reason.
 */
export function importCorrections(db: DB, file: unknown, by: string, now = new Date().toISOString()): { ok: true; added: number; changed: number; unchanged: number } | { ok: false; reason: string } {
  const f = file as Partial<CorrectionsFile>;
  if (!f || f.format !== 'ofsted-corrections' || !Array.isArray(f.corrections)) return { ok: false, reason: 'not a corrections file (format "ofsted-corrections" with a list "corrections")' };
  const run = db.transaction(() => {
    const t = new CorrectionTables(db);
    let added = 0;
    let changed = 0;
    let unchanged = 0;
    const docs = new Set<number>();
    for (const [n, c] of f.corrections!.entries()) {
      const where = `correction ${n + 1}`;
      const sha = c?.document?.sha256;
      if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha)) throw new Error(`${where}: document.sha256 must be 64 hex digits`);
      const type = c.target?.type;
      if (type !== 'document' && type !== 'item' && type !== 'action') throw new Error(`${where}: target.type must be document, item or action`);
      const parsed = parseValue(type, c.field, c.value);
      if (!parsed) throw new Error(`${where}: unknown field ${JSON.stringify(c.field)} for ${type}`);
      if (!parsed.ok) throw new Error(`${where}: ${parsed.reason}`);
      // A link in a file names its report item by stable keys (as exported), never by a row or a number of some report.
      if (c.field === LINK_FIELD && parsed.value !== null && !('key' in (parsed.value as object))) throw new Error(`${where}: link must be null or {"report": <sha256>, "path", "key", "number"} as exported`);
      const key = JSON.stringify(c.target.key ?? []);
      const value = enc(parsed.value);
      const path = typeof c.document.path === 'string' ? c.document.path : null;
      const existing = t.find(sha, type, key, c.field);
      if (existing && existing.value === value) {
        unchanged++;
        continue;
      }
      const id = existing ? existing.id : t.insert({ sha256: sha, path, type, key, field: c.field, value, by: typeof c.createdBy === 'string' ? c.createdBy : by, at: typeof c.createdAt === 'string' ? c.createdAt : now });
      if (existing) {
        t.update(id, value, path, by, now);
        changed++;
      } else added++;
      t.log({ id, at: now, who: by, via: 'import', sha256: sha, type, key, field: c.field, old: existing ? existing.value : null, new: value });
      const d = t.documentIdBySha(sha) ?? (path !== null ? t.documentIdsByPath(path)[0] : undefined);
      if (d !== undefined) docs.add(d);
    }
    const linker = new Linker(db);
    for (const d of docs) {
      const formerCode = t.authorityCode(d);
      applyCorrections(db, d, { fresh: false, now });
      linker.relinkAfterWrite(d, [formerCode]);
    }
    return { ok: true as const, added, changed, unchanged };
  });
  try {
    return run.immediate();
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}
