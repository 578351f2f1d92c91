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
import { createHash } from 'node:crypto';
import type { DB } from '../db/types.js';
import { CorrectionTables, type CorrectionRow, type CorrectionLogRow } from '../db/corrections.js';
import { FRAMEWORKS, ITEM_KINDS, KINDS, RAGS, SCOPES, type OfstedDocument } from '../model/document.js';
import { isRealDate } from '../model/dates.js';
import { actionState } from '../extract/plan/state.js';
import { lookupAuthority } from '../register/lookup.js';
import { Linker } from './linker.js';

export type TargetType = 'document' | 'item' | 'action';
export type Via = 'cli' | 'api' | 'web' | 'import';
type Obj = Record<string, unknown>;
type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

interface FieldSpec {
  /** What the value must be, in words (for messages and --help). */
  expects: string;
  parse(v: unknown): Parsed;
  get(o: Obj): unknown;
  set(o: Obj, v: unknown): void;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);
const oneOf = (name: string, values: readonly string[], nullable = false) => (v: unknown): Parsed => {
  if (nullable && (v === null || v === '' || v === 'none')) return { ok: true, value: null };
  const t = text(v)?.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return t !== undefined && t !== null && values.includes(t) ? { ok: true, value: t } : { ok: false, reason: `${name} must be one of ${values.join(', ')}${nullable ? ' (or none)' : ''}, not ${JSON.stringify(v)}` };
};
const nonEmpty = (name: string) => (v: unknown): Parsed => {
  const t = text(v)?.trim();
  return t ? { ok: true, value: t } : { ok: false, reason: `${name} must be a non-empty text` };
};
const isoDate = (name: string, nullable: boolean) => (v: unknown): Parsed => {
  if (nullable && (v === null || v === '' || v === 'none')) return { ok: true, value: null };
  const t = text(v)?.trim() ?? '';
  return /^\d{4}-\d{2}-\d{2}$/.test(t) && isRealDate(t) ? { ok: true, value: t } : { ok: false, reason: `${name} must be a date YYYY-MM-DD${nullable ? ' (or none)' : ''}, not ${JSON.stringify(v)}` };
};
const prop = (key: string) => ({ get: (o: Obj) => o[key] ?? null, set: (o: Obj, v: unknown) => void (o[key] = v) });

/** The fields a correction may set, by target. */
export const FIELDS: Record<TargetType, Record<string, FieldSpec>> = {
  document: {
    kind: { expects: KINDS.join('|'), parse: oneOf('kind', KINDS), ...prop('kind') },
    framework: { expects: `${FRAMEWORKS.join('|')}|none`, parse: oneOf('framework', FRAMEWORKS, true), ...prop('framework') },
    authority: {
      expects: 'a DfE code, name or alias of the register',
      parse: (v) => {
        const t = text(v);
        if (!t?.trim()) return { ok: false, reason: 'authority must be a DfE code, name or alias' };
        const a = lookupAuthority(t);
        return a.ok ? { ok: true, value: a.authority.code } : { ok: false, reason: `authority ${JSON.stringify(t)}: ${a.reason}` };
      },
      get: (o) => o.localAuthorityCode ?? null,
      set: (o, v) => {
        const a = typeof v === 'string' ? lookupAuthority(v) : null;
        o.localAuthorityCode = a?.ok ? a.authority.code : null;
        o.localAuthority = a?.ok ? a.authority.name : null;
      },
    },
    inspection_start: { expects: 'YYYY-MM-DD|none', parse: isoDate('inspection_start', true), ...prop('inspectionStart') },
    inspection_end: { expects: 'YYYY-MM-DD|none', parse: isoDate('inspection_end', true), ...prop('inspectionEnd') },
    publication_date: {
      expects: 'YYYY-MM-DD',
      parse: isoDate('publication_date', false),
      get: (o) => o.publicationDate ?? null,
      set: (o, v) => {
        o.publicationDate = v;
        o.publicationDateSource = 'user';
      },
    },
  },
  item: {
    kind: { expects: ITEM_KINDS.join('|'), parse: oneOf('kind', ITEM_KINDS), ...prop('kind') },
    number: { expects: 'text', parse: nonEmpty('number'), ...prop('id') },
    text: { expects: 'text', parse: nonEmpty('text'), ...prop('text') },
    scope: { expects: SCOPES.join('|'), parse: oneOf('scope', SCOPES), ...prop('scope') },
  },
  action: {
    description: { expects: 'text', parse: nonEmpty('description'), ...prop('description') },
    leads: {
      expects: 'names separated by ";" (or a JSON array)',
      parse: (v) => {
        const list = Array.isArray(v) ? v : typeof v === 'string' ? v.split(';') : null;
        if (!list || !list.every((x) => typeof x === 'string')) return { ok: false, reason: 'leads must be names separated by ";" or an array of texts' };
        return { ok: true, value: (list as string[]).map((x) => x.trim()).filter(Boolean) };
      },
      ...prop('leads'),
    },
    due: {
      expects: 'YYYY-MM-DD|none',
      parse: isoDate('due', true),
      get: (o) => (o.due as Obj | undefined)?.date ?? null,
      set: (o, v) => void (o.due = { ...(o.due as Obj), date: v }),
    },
    rag: { expects: `${RAGS.join('|')}|none`, parse: oneOf('rag', RAGS, true), ...prop('rag') },
    status: { expects: 'the status word of the RAG/Status cell (e.g. Completed, In progress)', parse: nonEmpty('status'), ...prop('ragRaw') },
  },
};

const loc0 = { page: null, line: null, block: null };
const asObject = (v: unknown): Obj | null => {
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
};
const pick = (o: Obj, ...names: string[]): unknown => names.map((n) => o[n]).find((x) => x !== undefined && x !== null && x !== '');

/**
 * The corrections that add or remove a whole item or action: `added` (one the extractor missed: its
 * value the item, as {number, text, kind?, scope?} or the action, as {id?, recommendation?,
 * description, leads?, due?, rag?, status?}), `removed` (one it invented: value true).
 */
export const STRUCTURAL: Record<'item' | 'action', Record<'added' | 'removed', { expects: string; parse(v: unknown): Parsed }>> = {
  item: {
    added: {
      expects: '{"number": ..., "text": ..., "kind"?: ..., "scope"?: ...}',
      parse: (v) => {
        const o = asObject(v);
        if (!o) return { ok: false, reason: 'added must be an object {"number", "text", "kind"?, "scope"?}' };
        const id = nonEmpty('number')(pick(o, 'number', 'id', 'rec_id'));
        const t = nonEmpty('text')(o.text);
        const kind = o.kind === undefined ? ({ ok: true, value: 'recommendation' } as Parsed) : oneOf('kind', ITEM_KINDS)(o.kind);
        const scope = o.scope === undefined ? ({ ok: true, value: 'local_authority' } as Parsed) : oneOf('scope', SCOPES)(o.scope);
        for (const x of [id, t, kind, scope]) if (!x.ok) return x;
        return {
          ok: true,
          value: { id: (id as { value: string }).value, kind: (kind as { value: string }).value, scope: (scope as { value: string }).value, text: (t as { value: string }).value, timescale: null, paragraphRefs: [], nationalFrameworkRef: null, responsible: [], themes: [], heading: null, loc: loc0 },
        };
      },
    },
    removed: { expects: 'true', parse: (v) => (v === true || v === 'true' || v === 'yes' ? { ok: true, value: true } : { ok: false, reason: 'removed must be true' }) },
  },
  action: {
    added: {
      expects: '{"description": ..., "id"?: ..., "recommendation"?: ..., "leads"?: ..., "due"?: ..., "rag"?: ..., "status"?: ...}',
      parse: (v) => {
        const o = asObject(v);
        if (!o) return { ok: false, reason: 'added must be an object {"description", "id"?, "recommendation"?, "leads"?, "due"?, "rag"?, "status"?}' };
        const d = nonEmpty('description')(o.description);
        const leads = o.leads === undefined ? ({ ok: true, value: [] } as Parsed) : FIELDS.action.leads!.parse(o.leads);
        const due = FIELDS.action.due!.parse(o.due ?? null);
        const rag = FIELDS.action.rag!.parse(o.rag ?? null);
        for (const x of [d, leads, due, rag]) if (!x.ok) return x;
        const str = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : typeof x === 'number' ? String(x) : null);
        return {
          ok: true,
          value: {
            recommendationRef: str(pick(o, 'recommendation', 'recommendationRef', 'recommendation_ref')),
            id: str(pick(o, 'id', 'action_id')),
            description: (d as { value: string }).value,
            leads: (leads as { value: string[] }).value,
            due: { raw: null, date: (due as { value: string | null }).value },
            outcome: null,
            progress: null,
            rag: (rag as { value: string | null }).value,
            ragRaw: str(o.status),
            loc: loc0,
          },
        };
      },
    },
    removed: { expects: 'true', parse: (v) => (v === true || v === 'true' || v === 'yes' ? { ok: true, value: true } : { ok: false, reason: 'removed must be true' }) },
  },
};
const isStructural = (type: TargetType, field: string): field is 'added' | 'removed' => type !== 'document' && (field === 'added' || field === 'removed');
const parseValue = (type: TargetType, field: string, v: unknown): Parsed | null =>
  isStructural(type, field) ? STRUCTURAL[type as 'item' | 'action'][field].parse(v) : (FIELDS[type][field]?.parse(v) ?? null);

/** The fields of the natural key of an item or action (a correction of one is undone to find the target the extractor made). */
const KEY_FIELDS: Record<TargetType, string[]> = { document: [], item: ['kind', 'number', 'scope'], action: ['description'] };

const hash = (s: string) => createHash('sha256').update(s.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16);

/** The natural key of each item or action of a document (JSON text), in the order of its array; equal keys told apart by their count. */
function naturalKeys(type: 'item' | 'action', list: Obj[]): string[] {
  const seen = new Map<string, number>();
  return list.map((o) => {
    const base =
      type === 'item'
        ? [o.kind, o.scope, (o.part as number | undefined) ?? 1, o.id]
        : [o.recommendationRef ?? null, o.id ?? null, o.id == null ? hash(String(o.description)) : null];
    const b = JSON.stringify(base);
    const n = (seen.get(b) ?? 0) + 1;
    seen.set(b, n);
    return JSON.stringify([...base, n]);
  });
}

const listOf = (doc: OfstedDocument, type: 'item' | 'action'): Obj[] => (type === 'item' ? doc.recommendations : doc.actions) as unknown as Obj[];
const enc = (v: unknown) => JSON.stringify(v ?? null);

/**
 * The keys of a document's items or actions as the extractor made them: a stored document's JSON
 * carries its applied corrections, so those of its key fields are undone (with their originals) first.
 */
function extractorKeys(doc: OfstedDocument, type: 'item' | 'action', applied: CorrectionRow[], rowIds: number[]): string[] {
  const list = listOf(doc, type).map((o) => ({ ...o }));
  for (const c of applied) {
    if (c.target_type !== type || c.row_id === null || !KEY_FIELDS[type].includes(c.field) || c.original === null) continue;
    // The row ids follow the JSON's order (items added at the end, removed ones gone from both).
    const o = list[rowIds.indexOf(c.row_id)];
    if (o) FIELDS[type][c.field]!.set(o, JSON.parse(c.original));
  }
  return naturalKeys(type, list);
}

export interface Applied {
  applied: number;
  orphaned: number;
}

/**
 * Apply every correction of a stored document to its JSON and its rows; each is marked applied (with
 * the row it changed and the extractor's value) or orphaned. `fresh`: the document's rows and JSON
 * were just written from the extractor (a load), so the values found are the extractor's. Runs in
 * the caller's transaction.
 */
export function applyCorrections(db: DB, documentId: number, opts: { fresh: boolean; now?: string }): Applied {
  const t = new CorrectionTables(db);
  const row = t.document(documentId);
  if (!row) return { applied: 0, orphaned: 0 };
  const corrections = t.ofDocument(row.sha256, row.path);
  if (corrections.length === 0) return { applied: 0, orphaned: 0 };
  const now = opts.now ?? new Date().toISOString();
  const doc = JSON.parse(row.json) as OfstedDocument;
  const out: Applied = { applied: 0, orphaned: 0 };
  const orphan = (c: CorrectionRow) => {
    t.markOrphaned(c.id, documentId);
    out.orphaned++;
  };
  // Applied to this document's stored rows and JSON before (not a fresh load): there already.
  const here = (c: CorrectionRow) => !opts.fresh && c.state === 'applied' && c.document_id === documentId;
  const rowIds = { item: t.rowIds(documentId, 'item'), action: t.rowIds(documentId, 'action') };

  // 1. Items and actions a person added: at the end of the document's lists and rows.
  for (const c of corrections.filter((x) => x.field === 'added' && x.target_type !== 'document')) {
    const type = c.target_type as 'item' | 'action';
    if (here(c)) {
      out.applied++;
      continue;
    }
    const list = listOf(doc, type);
    const added = JSON.parse(c.value) as Obj;
    // The extractor reads it now: applied nowhere, listed.
    if (naturalKeys(type, [...list, added]).slice(0, -1).includes(c.target_key)) {
      orphan(c);
      continue;
    }
    list.push(added);
    const rowId =
      type === 'item'
        ? t.addItem(documentId, added as { id: string; kind: string; scope: string; text: string })
        : (() => {
            const a = added as unknown as OfstedDocument['actions'][number];
            return t.addAction(documentId, { recommendationRef: a.recommendationRef, id: a.id, description: a.description, leads: a.leads, dueDate: a.due.date, rag: a.rag, ragRaw: a.ragRaw }, actionState(a));
          })();
    rowIds[type].push(rowId);
    t.markApplied(c.id, documentId, rowId, list.length - 1, null, now);
    out.applied++;
  }

  // 2. Where each target is, found by the keys the extractor's items have (a person's additions among them).
  const mine = corrections.filter((c) => c.state === 'applied' && c.document_id === documentId);
  const keys = {
    item: opts.fresh ? naturalKeys('item', listOf(doc, 'item')) : extractorKeys(doc, 'item', mine, rowIds.item),
    action: opts.fresh ? naturalKeys('action', listOf(doc, 'action')) : extractorKeys(doc, 'action', mine, rowIds.action),
  };
  const touched = { document: false, item: new Set<number>(), action: new Set<number>() };
  const removals: Array<{ type: 'item' | 'action'; index: number }> = [];
  for (const c of corrections) {
    if (c.field === 'added' && c.target_type !== 'document') continue;
    if (c.field === 'removed' && here(c)) {
      out.applied++;
      continue;
    }
    const spec = FIELDS[c.target_type]?.[c.field];
    let target: Obj | undefined;
    let index: number | null = null;
    if (c.target_type === 'document') target = doc.document as unknown as Obj;
    else {
      const i = keys[c.target_type].indexOf(c.target_key);
      if (i >= 0) {
        index = i;
        target = listOf(doc, c.target_type)[i];
      }
    }
    if (!target || (!spec && !isStructural(c.target_type, c.field))) {
      orphan(c);
      continue;
    }
    if (c.field === 'removed') {
      removals.push({ type: c.target_type as 'item' | 'action', index: index! });
      t.markApplied(c.id, documentId, null, null, 'false', now);
      out.applied++;
      continue;
    }
    const value = JSON.parse(c.value) as unknown;
    const current = spec!.get(target);
    // The extractor's value: what a fresh load has; a stored document's JSON has it unless this correction was applied to it before.
    const wasApplied = c.state === 'applied' && c.document_id === documentId && c.applied_at !== null;
    const original = opts.fresh || !wasApplied ? enc(current) : c.original;
    spec!.set(target, value);
    if (c.target_type === 'document') touched.document = true;
    else touched[c.target_type].add(index!);
    const rowId = c.target_type === 'document' ? documentId : (rowIds[c.target_type][index!] ?? null);
    t.markApplied(c.id, documentId, rowId, index, original, now);
    out.applied++;
  }
  for (const i of touched.item) {
    const r = doc.recommendations[i]!;
    const id = rowIds.item[i];
    if (id !== undefined) t.writeItem(id, { kind: r.kind, id: r.id, scope: r.scope, text: r.text });
  }
  for (const i of touched.action) {
    const a = doc.actions[i]!;
    const id = rowIds.action[i];
    if (id !== undefined) t.writeAction(id, { description: a.description, leads: a.leads, dueDate: a.due.date, rag: a.rag, ragRaw: a.ragRaw }, actionState(a));
  }
  // 3. Items and actions a person removed: gone from the rows (their links, references, themes with them) and the JSON, last to first.
  for (const r of removals.sort((a, b) => b.index - a.index)) {
    const id = rowIds[r.type][r.index];
    if (id !== undefined) t.remove(r.type, id);
    listOf(doc, r.type).splice(r.index, 1);
    rowIds[r.type].splice(r.index, 1);
  }
  t.writeDocument(documentId, doc.document as unknown as Obj, JSON.stringify(doc));
  return out;
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

const refuse = (reason: string, status: 400 | 404 = 400): CorrectionResult => ({ ok: false, reason, status });

/** The stored document a person names: its id, its sha256 or its path. */
export function findDocument(db: DB, ref: string | number): number | undefined {
  const t = new CorrectionTables(db);
  const s = String(ref).trim();
  if (/^\d+$/.test(s) && t.document(Number(s))) return Number(s);
  if (/^[0-9a-f]{64}$/i.test(s)) return t.documentIdBySha(s.toLowerCase());
  return t.documentIdsByPath(s)[0];
}

/** Other names a field is given by (the columns' and the JSON's names), to the one FIELDS uses. */
const FIELD_ALIASES: Record<TargetType, Record<string, string>> = {
  document: { local_authority: 'authority', localauthority: 'authority', la: 'authority', local_authority_code: 'authority', inspectionstart: 'inspection_start', inspectionend: 'inspection_end', publicationdate: 'publication_date', published: 'publication_date' },
  item: { rec_id: 'number', recid: 'number', id: 'number', item_kind: 'kind', description: 'text' },
  action: { lead: 'leads', due_date: 'due', duedate: 'due', text: 'description', state: 'status', rag_raw: 'status', ragraw: 'status' },
};

/** The field a person names, in FIELDS's spelling (case, dashes and the columns' names accepted). */
export function fieldName(type: TargetType, field: string): string {
  const f = field.trim().replace(/-/g, '_');
  if (FIELDS[type][f]) return f;
  const lower = f.toLowerCase();
  return FIELDS[type][lower] ? lower : (FIELD_ALIASES[type][lower] ?? FIELD_ALIASES[type][lower.replace(/_/g, '')] ?? f);
}

const TARGET_WORDS: Record<string, TargetType> = { document: 'document', doc: 'document', item: 'item', recommendation: 'item', rec: 'item', action: 'action' };

/** A target as given, in one form: type and (for an item or action) its number/id or its row id. */
function parseTarget(target: unknown): { type: TargetType; id?: string; row?: number } | string {
  if (target == null || (typeof target === 'string' && TARGET_WORDS[target.trim().toLowerCase()] === 'document')) return { type: 'document' };
  if (typeof target === 'object' && !Array.isArray(target)) {
    // { "action": "1.1" }, { "item": "3" }, { "recommendation": "3" }, { "action_id": "1.1" }, { "rec_id": "3" }, { "document": ... }
    const o = target as Obj;
    for (const [k, v] of Object.entries(o)) {
      const type = TARGET_WORDS[k.toLowerCase()] ?? (k === 'action_id' ? 'action' : k === 'rec_id' ? 'item' : undefined);
      if (!type || k === 'type') continue;
      if (type === 'document') return { type: 'document' };
      if (typeof v === 'string' || typeof v === 'number') return parseTarget(`${type}:${v}`);
    }
    const kind = typeof o.type === 'string' ? TARGET_WORDS[o.type.toLowerCase()] : typeof o.kind === 'string' ? TARGET_WORDS[o.kind.toLowerCase()] : undefined;
    if (kind) target = { ...o, type: kind };
  }
  if (typeof target === 'string') {
    const m = /^(item|action|recommendation|rec)\s*(#|:|\/|\s)\s*(.*)$/is.exec(target.trim());
    if (m) m[1] = TARGET_WORDS[m[1]!.toLowerCase()]!;
    // A bare "item" or "action": the type only (a correction that adds one).
    const bare = TARGET_WORDS[target.trim().toLowerCase()];
    if (!m && (bare === 'item' || bare === 'action')) return { type: bare };
    if (!m) return `target must be "document", "item:<number>", "action:<id>", "item#<row>" or "action#<row>", not ${JSON.stringify(target)}`;
    const type = m[1] as 'item' | 'action';
    if (m[2] === '#') return /^\d+$/.test(m[3]!) ? { type, row: Number(m[3]) } : `a row must be a number, not ${JSON.stringify(m[3])}`;
    return { type, id: m[3]!.trim() };
  }
  if (typeof target === 'object') {
    const o = target as Obj;
    if (o.type === 'document') return { type: 'document' };
    if (o.type === 'item' || o.type === 'action') {
      if (typeof o.row === 'number') return { type: o.type, row: o.row };
      if (typeof o.id === 'string' || typeof o.id === 'number') return { type: o.type, id: String(o.id) };
    }
  }
  return `target must be "document", "item:<number>", "action:<id>" or {"type": "item"|"action", "id"|"row": ...}, not ${JSON.stringify(target)}`;
}

/**
 * Record a correction and apply it to its document, in one write-locked transaction; refused with a
 * message (nothing written) for a document not stored, an unknown target or field, a value of the
 * wrong type. The same target and field corrected again: its value replaced, the extractor's kept.
 * Logged once per change; a value equal to the one in force changes nothing and logs nothing.
 */
export function correct(db: DB, req: CorrectionRequest): CorrectionResult {
  const run = db.transaction((): CorrectionResult => {
    const documentId = findDocument(db, req.document);
    if (documentId === undefined) return refuse(`no stored document is ${JSON.stringify(String(req.document))} (give its id, sha256 or path)`, 404);
    const t = new CorrectionTables(db);
    const row = t.document(documentId)!;
    const target = parseTarget(req.target);
    if (typeof target === 'string') return refuse(target);
    const field = fieldName(target.type, String(req.field ?? ''));
    const spec = FIELDS[target.type][field];
    const parsed = parseValue(target.type, field, req.value);
    if (!parsed) return refuse(`unknown field ${JSON.stringify(req.field)} for ${target.type === 'document' ? 'a document' : `an ${target.type}`}; one of ${[...Object.keys(FIELDS[target.type]), ...(target.type === 'document' ? [] : ['added', 'removed'])].join(', ')}`);
    if (!parsed.ok) return refuse(parsed.reason);
    const doc = JSON.parse(row.json) as OfstedDocument;
    // A publication date given by a person: the one rule for dates given from outside (src/store/publication.ts):
    // not in the future, not before the inspection ended, for a report or letter only.
    if (target.type === 'document' && field === 'publication_date') {
      const given = givenPublication(doc.document, { date: String(parsed.value), source: 'user' }, (req.now ?? new Date().toISOString()).slice(0, 10));
      if (!given.ok) return refuse(given.reason.replace(/^--published/, 'publication_date'));
    }
    let key = '[]';
    let obj: Obj = doc.document as unknown as Obj;
    const structural = isStructural(target.type, field);
    if (target.type !== 'document' && field === 'added') {
      // An item or action the extractor missed: keyed by its own natural key, which none of the document's may have already.
      const rowIds = t.rowIds(documentId, target.type);
      const applied = t.ofDocument(row.sha256, row.path).filter((c) => c.state === 'applied' && c.document_id === documentId);
      const list = listOf(doc, target.type);
      key = naturalKeys(target.type, [...list, parsed.value as Obj]).at(-1)!;
      // Its key but for the count of equal keys: one the document has (as read, or as corrected) is refused.
      const base = (k: string) => JSON.stringify((JSON.parse(k) as unknown[]).slice(0, -1));
      const have = new Set([...extractorKeys(doc, target.type, applied, rowIds), ...naturalKeys(target.type, list)].map(base));
      if (have.has(base(key))) return refuse(`this document already has that ${target.type} (${base(key)}): correct its fields instead`);
    } else if (target.type !== 'document') {
      if (target.id === undefined && target.row === undefined) return refuse(`say which ${target.type}: ${target.type}:<${target.type === 'item' ? 'number' : 'id'}> or ${target.type}#<row>`);
      const list = listOf(doc, target.type);
      let i = -1;
      if (target.row !== undefined) i = t.rowIds(documentId, target.type).indexOf(target.row);
      else {
        const hits = list.flatMap((o, n) => (String(o.id ?? '') === target.id ? [n] : []));
        if (hits.length > 1) return refuse(`${hits.length} ${target.type}s of this document have the ${target.type === 'item' ? 'number' : 'id'} ${target.id}: name one by its row (${target.type}#<row>, the document page shows them)`);
        i = hits[0] ?? -1;
        // A number that is no item's number or action's id: a row id (the document page's and the API's `id`).
        if (i < 0 && /^\d+$/.test(target.id!)) i = t.rowIds(documentId, target.type).indexOf(Number(target.id));
      }
      if (i < 0) return refuse(`this document has no ${target.type} ${target.row !== undefined ? `row ${target.row}` : JSON.stringify(target.id)}`, 404);
      const applied = t.ofDocument(row.sha256, row.path).filter((c) => c.state === 'applied' && c.document_id === documentId);
      key = extractorKeys(doc, target.type, applied, t.rowIds(documentId, target.type))[i]!;
      obj = list[i]!;
    }
    const old = field === 'added' ? null : field === 'removed' ? false : structural ? null : spec!.get(obj);
    const now = req.now ?? new Date().toISOString();
    const value = enc(parsed.value);
    let existing = t.find(row.sha256, target.type, key, field);
    if (existing && existing.value === value && enc(old) === value) return { ok: true, correction: existing, documentId, old, changed: false };
    if (!existing && enc(old) === value) return refuse(`${field} is already ${value}: nothing to correct`);
    const formerCode = t.authorityCode(documentId);
    const id = existing ? existing.id : t.insert({ sha256: row.sha256, path: row.path, type: target.type, key, field: field, value, by: req.by, at: now });
    if (existing) t.update(id, value, row.path, req.by, now);
    t.log({ id, at: now, who: req.by, via: req.via, sha256: row.sha256, type: target.type, key, field: field, old: enc(old), new: value });
    applyCorrections(db, documentId, { fresh: false, now });
    new Linker(db).relinkAfterWrite(documentId, [formerCode]);
    existing = t.byId(id)!;
    return { ok: true, correction: existing, documentId, old, changed: true };
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

/** The audit log, oldest first. */
export function correctionLog(db: DB): LogView[] {
  return new CorrectionTables(db).logEntries().map((e: CorrectionLogRow) => ({
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
  }));
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
