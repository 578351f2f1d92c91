import { registerData, type Authority, type RegisterData } from '../model/register-data.js';

/**
 * Names of local authorities -> register rows. A name is read as words: it matches when
 * a run of its words is a name or alias of one register row and every other word is
 * organisational ("London Borough of ...", "... Council", "... Children's Services",
 * "... Social Care"). Nothing is guessed: no run, or runs naming two authorities, is no match.
 */

export interface Token {
  /** Lower case, accents and apostrophes dropped, "&" -> "and", "'s" dropped. */
  norm: string;
  raw: string;
  start: number;
  end: number;
}

const TOKEN = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*|&/gu;

export function tokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const raw = m[0];
    const norm =
      raw === '&'
        ? 'and'
        : raw
            .normalize('NFKD')
            .replace(/\p{M}/gu, '')
            .toLowerCase()
            .replace(/['’]s$/, '')
            .replace(/['’]/g, '');
    if (norm) out.push({ norm, raw, start: m.index!, end: m.index! + raw.length });
  }
  return out;
}

export const keyOfName = (name: string) => tokens(name).map((t) => t.norm).join(' ');

/** Words that may stand before an authority's name ("the London Borough of", "County", "City of"). */
const LEAD = new Set(['the', 'london', 'royal', 'borough', 'of', 'city', 'county', 'metropolitan', 'council']);
/** Words that may follow it ("Council", "Children's Services", "Children and Families Trust", "Social Care", "LSCB"). */
const TRAIL = new Set([
  'the', 'of', 'and', 'council', 'county', 'city', 'borough', 'metropolitan', 'district', 'unitary', 'authority', 'local',
  'children', 'childrens', 'child', 'young', 'people', 'peoples', 'families', 'family', 'services', 'service', 'social',
  'care', 'trust', 'safeguarding', 'board', 'partnership', 'department', 'directorate', 'lscb', 'area',
]);
/** Words written in lower case inside a name ("Newcastle upon Tyne", "Isle of Wight"). */
const CONNECTORS = new Set(['and', 'upon', 'on', 'of', 'with', 'the', 'under', 'in']);
/** Organisation words that, next to a name in running text, show it is an authority's name. */
const CONTEXT_AFTER = new Set(['council', 'social', 'childrens', 'children', 'county', 'city', 'borough', 'metropolitan', 'lscb', 'safeguarding', 'trust', 'department']);
/** What the name as written may take with it: "London Borough of X", "X Borough Council", "X Social Care". */
const LEFT_EXT = new Set(['london', 'royal', 'metropolitan', 'borough', 'city', 'county', 'of']);
const RIGHT_EXT = [
  ['metropolitan', 'borough', 'council'],
  ['metropolitan', 'district', 'council'],
  ['county', 'borough', 'council'],
  ['children', 'and', 'families', 'department'],
  ['children', 'and', 'families', 'trust'],
  ['childrens', 'services', 'trust'],
  ['childrens', 'trust'],
  ['county', 'council'],
  ['city', 'council'],
  ['borough', 'council'],
  ['district', 'council'],
  ['social', 'care'],
  ['council'],
];

export interface Index {
  byCode: Map<string, Authority>;
  /** Name key -> codes. */
  keys: Map<string, Set<string>>;
  longest: number;
  /** Predecessor code -> when it was replaced and by whom. */
  replaced: Map<string, { effective: string; successors: string[] }>;
}

function nameKeys(a: Authority, extra: string[]): string[] {
  const out = new Set<string>();
  for (const n of [a.name, ...a.alsoKnownAs, ...extra]) {
    const key = keyOfName(n);
    out.add(key);
    // "Bristol, City of" is also "City of Bristol" and "Bristol".
    const cityOf = /^(.*) city of$/.exec(key);
    if (cityOf) out.add(cityOf[1]!).add(`city of ${cityOf[1]}`);
    // "Bedford Borough" is also "Bedford".
    const words = key.split(' ');
    let end = words.length;
    while (end > 1 && TRAIL.has(words[end - 1]!) && !CONNECTORS.has(words[end - 1]!)) end--;
    if (end < words.length) out.add(words.slice(0, end).join(' '));
  }
  return [...out].filter(Boolean);
}

export function buildIndex(data: RegisterData = registerData()): Index {
  const byCode = new Map(data.authorities.map((a) => [a.code, a]));
  const keys = new Map<string, Set<string>>();
  let longest = 1;
  for (const a of data.authorities) {
    const extra = data.aliases.filter((x) => x.code === a.code).map((x) => x.alias);
    for (const k of nameKeys(a, extra)) {
      if (!keys.has(k)) keys.set(k, new Set());
      keys.get(k)!.add(a.code);
      longest = Math.max(longest, k.split(' ').length);
    }
  }
  const replaced = new Map(data.reorganisations.map((r) => [r.predecessor, { effective: r.effective, successors: r.successors }]));
  return { byCode, keys, longest, replaced };
}

let shared: Index | null = null;
export const registerIndex = (): Index => (shared ??= buildIndex());

export interface Span {
  codes: string[];
  /** Token range [from, to) of the name itself. */
  from: number;
  to: number;
}

/** Every run of tokens that is a register name, longest first at each start. */
export function spans(toks: Token[], index: Index = registerIndex()): Span[] {
  const out: Span[] = [];
  for (let i = 0; i < toks.length; i++) {
    for (let len = Math.min(index.longest, toks.length - i); len >= 1; len--) {
      const codes = index.keys.get(toks.slice(i, i + len).map((t) => t.norm).join(' '));
      if (codes) {
        out.push({ codes: [...codes], from: i, to: i + len });
        break;
      }
    }
  }
  return out;
}

export type Resolution =
  | { ok: true; authority: Authority; note: string | null; /** The codes the words themselves name (a predecessor's, before dating). */ named: string[] }
  | { ok: false; reason: string };

/**
 * A name as a whole ("London Borough of Barking & Dagenham", "Brent Social Care",
 * "Newcastle"): the longest run of its words naming an authority, the other words all
 * organisational. `date` (YYYY-MM-DD) decides between a predecessor and its successors.
 */
export function resolveName(name: string, date: string | null, index: Index = registerIndex()): Resolution {
  const toks = tokens(name);
  if (toks.length === 0) return { ok: false, reason: `"${name}" is not a name` };
  const fits = spans(toks, index).filter(
    (s) => toks.slice(0, s.from).every((t) => LEAD.has(t.norm)) && toks.slice(s.to).every((t) => TRAIL.has(t.norm)),
  );
  if (fits.length === 0) return { ok: false, reason: `no authority in the register is called "${name}"` };
  const best = Math.max(...fits.map((s) => s.to - s.from));
  const codes = [...new Set(fits.filter((s) => s.to - s.from === best).flatMap((s) => s.codes))];
  return byDate(codes, date, name, index);
}

/** One code, through reorganisations: a predecessor named after it was replaced is its successor, if only one. */
export function byDate(codes: string[], date: string | null, name: string, index: Index): Resolution {
  const resolved = new Set<string>();
  const notes: string[] = [];
  for (const code of codes) {
    const r = index.replaced.get(code);
    if (!r || !date || date < r.effective) {
      resolved.add(code);
      continue;
    }
    const was = index.byCode.get(code)!.name;
    if (r.successors.length !== 1) {
      const names = r.successors.map((c) => index.byCode.get(c)?.name ?? c).join(' and ');
      return { ok: false, reason: `"${name}" names ${was}, replaced on ${r.effective} by ${names}; the document (dated ${date}) does not say which` };
    }
    resolved.add(r.successors[0]!);
    notes.push(`"${name}" names ${was}, replaced on ${r.effective} by ${index.byCode.get(r.successors[0]!)?.name}`);
  }
  if (resolved.size !== 1) {
    const names = [...resolved].map((c) => index.byCode.get(c)!.name).join(', ');
    return { ok: false, reason: `"${name}" could be any of: ${names}` };
  }
  return { ok: true, authority: index.byCode.get([...resolved][0]!)!, note: notes[0] ?? null, named: codes };
}

const capitalised = (t: Token) => CONNECTORS.has(t.norm) || /^[\p{Lu}\p{N}]/u.test(t.raw);

/**
 * Authorities named in running text: a capitalised register name next to organisation
 * words ("Brent Social Care", "Harrow Council", "London Borough of Ealing").
 * Each with the words as written.
 */
export function namedInText(text: string, index: Index = registerIndex()): Array<{ codes: string[]; asWritten: string }> {
  const toks = tokens(text);
  const out: Array<{ codes: string[]; asWritten: string }> = [];
  for (const s of spans(toks, index)) {
    if (!toks.slice(s.from, s.to).every(capitalised) || !/^[\p{Lu}\p{N}]/u.test(toks[s.from]!.raw)) continue;
    const after = toks[s.to];
    const before = toks.slice(Math.max(0, s.from - 2), s.from).map((t) => t.norm);
    const named = (after && CONTEXT_AFTER.has(after.norm) && /^\p{Lu}/u.test(after.raw)) || (before.at(-1) === 'of' && /borough|city|county/.test(before[0] ?? ''));
    if (named) out.push({ codes: s.codes, asWritten: asWritten(text, toks, s) });
  }
  return out;
}

/** The name with the organisational words around it that belong to it, as the document wrote them. */
export function asWritten(text: string, toks: Token[], s: Span): string {
  let from = s.from;
  while (from > 0 && LEFT_EXT.has(toks[from - 1]!.norm) && capitalised(toks[from - 1]!)) from--;
  while (from < s.from && toks[from]!.norm === 'of') from++;
  let to = s.to;
  const rest = toks.slice(s.to).map((t) => t.norm);
  const ext = RIGHT_EXT.find((words) => words.every((w, k) => rest[k] === w) && toks.slice(s.to, s.to + words.length).every(capitalised));
  if (ext) to += ext.length;
  return text
    .slice(toks[from]!.start, toks[to - 1]!.end)
    .replace(/['’]s$/, '')
    .replace(/\s+/g, ' ');
}

/** Where one of these authorities' names first appears in the text, with its organisational words: null if nowhere. */
export function firstWritten(text: string, codes: string[], index: Index = registerIndex()): string | null {
  const toks = tokens(text);
  const s = spans(toks, index).find((x) => x.codes.some((c) => codes.includes(c)) && toks.slice(x.from, x.to).every(capitalised));
  return s ? asWritten(text, toks, s) : null;
}
