/**
 * "The documents of authority X": the one selector every command, page, sheet and API route uses.
 *
 * A user's text becomes ONE authority, or a refusal, then ONE SQL fragment over a documents row:
 * 1. a DfE code ("301"): the register's row with that code;
 * 2. a name as the register resolver reads it (src/register/match.ts: names, aliases of
 *    data/aliases.csv and the register's also-known-as, other spellings: case, accents, "&",
 *    "London Borough of ...", "... Council");
 * 3. the name, as stored, of documents whose authority matched no register row ("Gotham");
 * 4. the first words of one such name: of one register authority ("Barking" is Barking and
 *    Dagenham) or one stored name. The first words of several ("Kingston": Kingston upon Hull,
 *    Kingston upon Thames) are refused, naming each; so is a name that is none of these.
 *
 * A register authority selects its documents by code, and also the documents that matched no
 * register row whose stored name is one of its names or the first words of one, or one of its names
 * and more words ("Barking", "Newcastle"), provided that name points at no other authority. So a
 * name, an alias, a spelling, a unique first word and the code select the same documents.
 */
import type { DB } from '../db/types.js';
import type { Authority } from '../model/register-data.js';
import { keyOfName, registerIndex, resolveName, type Index } from '../register/match.js';
import { InputError } from '../util/errors.js';
import { readerOf, type Reader } from './reader.js';

/** One authority as a user named it. */
export interface AuthoritySelection {
  /** The register's DfE code; null for an authority known only by the name its documents give. */
  code: string | null;
  /** The register's name, else the stored name. */
  name: string;
  /** The web app's key of the authority (rules.ts authorityKey): the code, else the stored name. */
  key: string;
  /** Names, as stored, of the documents that matched no register row and are this authority's. */
  storedNames: string[];
}

/** A name the selector cannot take: unknown (`candidates` empty) or ambiguous (the authorities it could mean). */
export class AuthorityError extends InputError {
  constructor(
    reason: string,
    readonly candidates: string[] = [],
  ) {
    super('usage', reason);
    this.name = 'AuthorityError';
  }
  get ambiguous(): boolean {
    return this.candidates.length > 1;
  }
}

/** The names of documents whose authority matched no register row (as stored, distinct). */
export function storedAuthorityNames(src: DB | Reader): string[] {
  const r = readerOf(src);
  return r
    .all<{ name: string }>(`SELECT DISTINCT local_authority AS name FROM documents WHERE local_authority_code IS NULL AND local_authority IS NOT NULL AND ${r.guard}`)
    .map((x) => x.name);
}

/** Register name keys of each code ("barking and dagenham", "newcastle upon tyne", "newcastle"). */
let keysByCode: Map<string, string[]> | null = null;
let keysOf: Index | null = null;
function registerKeys(index: Index): Map<string, string[]> {
  if (keysByCode && keysOf === index) return keysByCode;
  const out = new Map<string, string[]>();
  for (const [key, codes] of index.keys) for (const c of codes) out.set(c, [...(out.get(c) ?? []), key]);
  keysByCode = out;
  keysOf = index;
  return out;
}

/** `short` is the first whole words of `long` (normalised keys). */
const startsWith = (long: string, short: string) => long.startsWith(`${short} `);
/** One of the two names is the other, or its first words. */
const related = (a: string, b: string) => a === b || startsWith(a, b) || startsWith(b, a);

/** The register authority a stored name belongs to: one it resolves to, or the one (only) whose names it relates to. */
function ownerOf(name: string, index: Index, keys: Map<string, string[]>): string | null {
  const r = resolveName(name, null, index);
  if (r.ok) return r.authority.code;
  const k = keyOfName(name);
  if (!k) return null;
  const codes = [...keys].filter(([, ks]) => ks.some((x) => related(x, k))).map(([c]) => c);
  return codes.length === 1 ? codes[0]! : null;
}

const described = (a: Authority) => `${a.name} (${a.code})`;

/**
 * The authority a user names (`text`), among the register and the stored names of documents
 * that matched no register row (`stored`, storedAuthorityNames). Throws AuthorityError (an
 * InputError 'usage') for a name it cannot take, saying why.
 */
export function selectAuthority(text: string, stored: readonly string[], index: Index = registerIndex()): AuthoritySelection {
  const t = text.trim();
  if (!t) throw new AuthorityError('no authority given');
  if (t.length > 200) throw new AuthorityError('the authority given is too long');
  const keys = registerKeys(index);
  // Stored names, grouped by their key ("Gotham", "GOTHAM"), each with its register owner if it has one.
  const groups = new Map<string, { names: string[]; owner: string | null }>();
  for (const n of stored) {
    const k = keyOfName(n);
    if (!k) continue;
    const g = groups.get(k) ?? { names: [], owner: ownerOf(n, index, keys) };
    g.names.push(n);
    groups.set(k, g);
  }
  const ofRegister = (a: Authority): AuthoritySelection => ({
    code: a.code,
    name: a.name,
    key: a.code,
    storedNames: [...groups.values()].filter((g) => g.owner === a.code).flatMap((g) => g.names).sort(),
  });
  const ofStored = (g: { names: string[] }): AuthoritySelection => ({ code: null, name: g.names[0]!, key: g.names[0]!, storedNames: [...g.names].sort() });
  const pick = (g: { names: string[]; owner: string | null }) => (g.owner ? ofRegister(index.byCode.get(g.owner)!) : ofStored(g));

  if (/^\d{3}$/.test(t)) {
    const a = index.byCode.get(t);
    if (!a) throw new AuthorityError(`no authority in the register has the code ${t}`);
    return ofRegister(a);
  }
  const r = resolveName(t, null, index);
  if (r.ok) return ofRegister(r.authority);
  if (/could be any of/.test(r.reason)) throw new AuthorityError(r.reason, r.reason.split(': ').slice(1).join(': ').split(', '));

  const k = keyOfName(t);
  if (!k) throw new AuthorityError(`"${t}" has no words to name an authority by`);
  const exact = groups.get(k);
  if (exact) return pick(exact);

  // The first words of a name: of one register authority, or of one stored name.
  const codes = new Set([...keys].filter(([, ks]) => ks.some((x) => startsWith(x, k))).map(([c]) => c));
  const storedHits = [...groups].filter(([gk]) => related(gk, k)).map(([, g]) => g);
  for (const g of storedHits) if (g.owner) codes.add(g.owner);
  const loose = storedHits.filter((g) => !g.owner);
  const candidates = [...[...codes].map((c) => described(index.byCode.get(c)!)).sort(), ...loose.map((g) => `${g.names[0]} (not in the register)`)];
  if (candidates.length === 1) return codes.size ? ofRegister(index.byCode.get([...codes][0]!)!) : ofStored(loose[0]!);
  if (candidates.length > 1) throw new AuthorityError(`"${t}" could be any of: ${candidates.join('; ')}. Give more of the name, or a DfE code`, candidates);
  throw new AuthorityError(`no authority in the register or the database is called "${t}"`);
}

/** An authority named by a command-line option (`pick`), its refusal a usage error naming the option ("--la: ..."). */
export function named<T>(option: string, pick: () => T): T {
  try {
    return pick();
  } catch (e) {
    if (e instanceof AuthorityError) throw new InputError('usage', `${option}: ${e.reason}`);
    throw e;
  }
}

/** selectAuthority over a database's stored names. */
export function selectAuthorityIn(src: DB | Reader, text: string): AuthoritySelection {
  return selectAuthority(text, storedAuthorityNames(src));
}

/**
 * The documents of a selected authority, as an SQL condition on a row with the documents'
 * columns local_authority and local_authority_code (`d`: its alias). Parameters are added to
 * `params` under names starting with `p`.
 */
export function authoritySql(s: AuthoritySelection, d: string, params: Record<string, unknown>, p = 'la'): string {
  const parts: string[] = [];
  if (s.code) {
    params[`${p}Code`] = s.code;
    parts.push(`${d}.local_authority_code = @${p}Code`);
  }
  if (s.storedNames.length) {
    params[`${p}Names`] = JSON.stringify(s.storedNames);
    parts.push(`(${d}.local_authority_code IS NULL AND ${d}.local_authority IN (SELECT value FROM json_each(@${p}Names)))`);
  }
  return parts.length ? `(${parts.join(' OR ')})` : '0';
}

/** The register's row of an authority a user names, for what only the register knows (statistical neighbours). */
export function registerAuthorityIn(src: DB | Reader, text: string, index: Index = registerIndex()): Authority {
  const s = selectAuthorityIn(src, text);
  if (!s.code) throw new AuthorityError(`${s.name} is not in the register (only documents name it), so it has no statistical neighbours`, [s.name]);
  return index.byCode.get(s.code)!;
}

/** Any of several selected authorities; none given: every document. */
export function authoritiesSql(sels: readonly AuthoritySelection[] | undefined, d: string, params: Record<string, unknown>, p = 'la'): string {
  if (!sels?.length) return '1';
  return `(${sels.map((s, i) => authoritySql(s, d, params, `${p}${i}`)).join(' OR ')})`;
}

/** The keys (rules.ts authorityKey) of a selection's documents: its code and the stored names it takes. */
export const selectionKeys = (s: AuthoritySelection): string[] => [...(s.code ? [s.code] : []), ...s.storedNames];
