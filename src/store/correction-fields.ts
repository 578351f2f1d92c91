/**
 * What a correction may be (src/store/corrections.ts applies them): the fields by target and their
 * checks (FIELDS), the corrections that add or remove a whole item or action (STRUCTURAL), the link
 * of a plan item to a report item (LINK: its value checked here by form only; which report item it
 * names is found in the database by src/store/link-corrections.ts), the names people give fields and
 * targets, and the natural keys by which a target outlives re-extraction.
 */
import { createHash } from 'node:crypto';
import type { CorrectionRow } from '../db/corrections.js';
import { FRAMEWORKS, ITEM_KINDS, KINDS, RAGS, SCOPES, type OfstedDocument } from '../model/document.js';
import { isRealDate } from '../model/dates.js';
import { lookupAuthority } from '../register/lookup.js';
export type TargetType = 'document' | 'item' | 'action';
export type Via = 'cli' | 'api' | 'web' | 'import';
export type Obj = Record<string, unknown>;
export type Parsed = { ok: true; value: unknown } | { ok: false; reason: string };

export interface FieldSpec {
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
 * An object given as such or as JSON text whose fields are each checked by their own parser (the
 * first that fails gives the reason), then made into the value: the one rule of the `added` values.
 */
function parseObject(v: unknown, shape: string, parts: Record<string, (o: Obj) => Parsed>, make: (x: Obj, o: Obj) => Obj): Parsed {
  const o = asObject(v);
  if (!o) return { ok: false, reason: `added must be an object ${shape}` };
  const x: Record<string, unknown> = {};
  for (const [name, parse] of Object.entries(parts)) {
    const r = parse(o);
    if (!r.ok) return r;
    x[name] = r.value;
  }
  return { ok: true, value: make(x, o) };
}
const orDefault = (value: unknown, parse: (v: unknown) => Parsed) => (v: unknown): Parsed => (v === undefined ? { ok: true, value } : parse(v));
const str = (x: unknown) => (typeof x === 'string' && x.trim() ? x.trim() : typeof x === 'number' ? String(x) : null);
const removed = { expects: 'true', parse: (v: unknown): Parsed => (v === true || v === 'true' || v === 'yes' ? { ok: true, value: true } : { ok: false, reason: 'removed must be true' }) };

/**
 * The corrections that add or remove a whole item or action: `added` (one the extractor missed: its
 * value the item, as {number, text, kind?, scope?} or the action, as {id?, recommendation?,
 * description, leads?, due?, rag?, status?}), `removed` (one it invented: value true).
 */
export const STRUCTURAL: Record<'item' | 'action', Record<'added' | 'removed', { expects: string; parse(v: unknown): Parsed }>> = {
  item: {
    added: {
      expects: '{"number": ..., "text": ..., "kind"?: ..., "scope"?: ...}',
      parse: (v) =>
        parseObject(
          v,
          '{"number", "text", "kind"?, "scope"?}',
          {
            id: (o) => nonEmpty('number')(pick(o, 'number', 'id', 'rec_id')),
            text: (o) => nonEmpty('text')(o.text),
            kind: (o) => orDefault('recommendation', oneOf('kind', ITEM_KINDS))(o.kind),
            scope: (o) => orDefault('local_authority', oneOf('scope', SCOPES))(o.scope),
          },
          (x) => ({ id: x.id, kind: x.kind, scope: x.scope, text: x.text, timescale: null, paragraphRefs: [], nationalFrameworkRef: null, responsible: [], themes: [], heading: null, loc: loc0 }),
        ),
    },
    removed,
  },
  action: {
    added: {
      expects: '{"description": ..., "id"?: ..., "recommendation"?: ..., "leads"?: ..., "due"?: ..., "rag"?: ..., "status"?: ...}',
      parse: (v) =>
        parseObject(
          v,
          '{"description", "id"?, "recommendation"?, "leads"?, "due"?, "rag"?, "status"?}',
          {
            description: (o) => nonEmpty('description')(o.description),
            leads: (o) => orDefault([], FIELDS.action.leads!.parse)(o.leads),
            due: (o) => FIELDS.action.due!.parse(o.due ?? null),
            rag: (o) => FIELDS.action.rag!.parse(o.rag ?? null),
          },
          (x, o) => ({
            recommendationRef: str(pick(o, 'recommendation', 'recommendationRef', 'recommendation_ref')),
            id: str(pick(o, 'id', 'action_id')),
            description: x.description,
            leads: x.leads,
            due: { raw: null, date: x.due },
            outcome: null,
            progress: null,
            rag: x.rag,
            ragRaw: str(o.status),
            loc: loc0,
          }),
        ),
    },
    removed,
  },
};

/** The field of an item (a plan's recommendation) that sets its link to a report item: see LINK_FORMS. */
export const LINK_FIELD = 'link';

/**
 * A link as a person gives it, by form only (which item it names is decided in the database,
 * src/store/link-corrections.ts): none (link to nothing); a report item's number (of the report
 * the plan answers) or row id; `item#<row>`; `{"report": <id|sha256|path>, "item": <number>}`; or
 * the stored form `{"report": <sha256>, "path", "key", "number"}` (a corrections file).
 */
export type LinkForm = null | { number: string } | { row: number } | { report: string; item: string } | { report: string; path: string | null; key: unknown[]; number: string };
export const LINK_EXPECTS = 'a report item: its number (in the report the plan answers), item#<row>, {"report": <document>, "item": <number>}, or none';

export function parseLink(v: unknown): Parsed {
  if (v === null || v === undefined || (typeof v === 'string' && /^\s*(none|null|)\s*$/i.test(v))) return { ok: true, value: null };
  if (typeof v === 'number' && Number.isInteger(v)) return { ok: true, value: { number: String(v) } };
  if (typeof v === 'string') {
    const t = v.trim();
    if (t.startsWith('{')) return asObject(t) ? parseLink(asObject(t)) : { ok: false, reason: `link: ${JSON.stringify(t)} is not JSON` };
    const row = /^item\s*#\s*(\d+)$/i.exec(t);
    if (row) return { ok: true, value: { row: Number(row[1]) } };
    const num = /^(?:item\s*:\s*)?([\w.()-]{1,40})$/i.exec(t);
    if (num) return { ok: true, value: { number: num[1]! } };
  }
  const o = v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
  const report = o ? str(o.report ?? o.document) : null;
  if (o && report && /^[0-9a-f]{64}$/.test(report) && Array.isArray(o.key) && str(o.number)) {
    return { ok: true, value: { report, path: typeof o.path === 'string' ? o.path : null, key: o.key, number: str(o.number)! } };
  }
  const item = o ? str(o.item ?? o.number) : null;
  if (o && report && item) return { ok: true, value: { report, item } };
  return { ok: false, reason: `link must be ${LINK_EXPECTS}, not ${JSON.stringify(v)}` };
}

export const isStructural = (type: TargetType, field: string): field is 'added' | 'removed' => type !== 'document' && (field === 'added' || field === 'removed');
export const parseValue = (type: TargetType, field: string, v: unknown): Parsed | null =>
  isStructural(type, field) ? STRUCTURAL[type as 'item' | 'action'][field].parse(v) : type === 'item' && field === LINK_FIELD ? parseLink(v) : (FIELDS[type][field]?.parse(v) ?? null);

/** The fields of the natural key of an item or action (a correction of one is undone to find the target the extractor made). */
export const KEY_FIELDS: Record<TargetType, string[]> = { document: [], item: ['kind', 'number', 'scope'], action: ['description'] };

const hash = (s: string) => createHash('sha256').update(s.replace(/\s+/g, ' ').trim()).digest('hex').slice(0, 16);

/** The natural key of each item or action of a document (JSON text), in the order of its array; equal keys told apart by their count. */
export function naturalKeys(type: 'item' | 'action', list: Obj[]): string[] {
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

export const listOf = (doc: OfstedDocument, type: 'item' | 'action'): Obj[] => (type === 'item' ? doc.recommendations : doc.actions) as unknown as Obj[];
export const enc = (v: unknown) => JSON.stringify(v ?? null);

/**
 * The keys of a document's items or actions as the extractor made them: a stored document's JSON
 * carries its applied corrections, so those of its key fields are undone (with their originals) first.
 */
export function extractorKeys(doc: OfstedDocument, type: 'item' | 'action', applied: CorrectionRow[], rowIds: number[]): string[] {
  const list = listOf(doc, type).map((o) => ({ ...o }));
  for (const c of applied) {
    if (c.target_type !== type || c.row_id === null || !KEY_FIELDS[type].includes(c.field) || c.original === null) continue;
    // The row ids follow the JSON's order (items added at the end, removed ones gone from both).
    const o = list[rowIds.indexOf(c.row_id)];
    if (o) FIELDS[type][c.field]!.set(o, JSON.parse(c.original));
  }
  return naturalKeys(type, list);
}
/** Other names a field is given by (the columns' and the JSON's names), to the one FIELDS uses. */
const FIELD_ALIASES: Record<TargetType, Record<string, string>> = {
  document: { local_authority: 'authority', localauthority: 'authority', la: 'authority', local_authority_code: 'authority', inspectionstart: 'inspection_start', inspectionend: 'inspection_end', publicationdate: 'publication_date', published: 'publication_date' },
  item: { rec_id: 'number', recid: 'number', id: 'number', item_kind: 'kind', description: 'text', link: LINK_FIELD, links: LINK_FIELD, linked_to: LINK_FIELD, report_item: LINK_FIELD },
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
export function parseTarget(target: unknown): { type: TargetType; id?: string; row?: number } | string {
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
