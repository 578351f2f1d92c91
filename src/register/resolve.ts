import type { DocumentInfo, Loc, Warning } from '../model/document.js';
import type { Authority } from '../model/register-data.js';
import { byDate, firstWritten, namedInText, registerIndex, resolveName, type Index } from './match.js';
import { documentDate } from '../model/dates.js';

/** What the resolver reads of a document: its opening text units, in reading order. */
export interface TextUnit {
  text: string;
  loc: Loc;
}

export interface ResolvedAuthority {
  /** The register's name, or the name as read when nothing in the register matches. */
  localAuthority: string | null;
  localAuthorityCode: string | null;
  localAuthorityAsWritten: string | null;
  warnings: Warning[];
}

const NO_LOC: Loc = { page: null, line: null, block: null };
/** How far into a document its authority is looked for (the title page and the first pages). */
const HEAD_UNITS = 60;

/** The date a document speaks for (src/model/dates.ts). */
export { documentDate };

/**
 * The register row of the authority a document names. `info.localAuthority` is the name
 * the classifier read (title page, committee heading); when it read none, or one the
 * register does not know, the opening units are searched for an authority named with
 * organisation words ("Brent Social Care").
 * No match, or two authorities named as often: null code and a warning, never a guess.
 */
export function resolveAuthority(info: Pick<DocumentInfo, 'localAuthority' | 'publicationDate' | 'inspectionEnd' | 'inspectionStart'>, units: TextUnit[], index: Index = registerIndex()): ResolvedAuthority {
  const head = units.slice(0, HEAD_UNITS);
  const date = documentDate(info);
  const warnings: Warning[] = [];
  const warn = (code: string, message: string, loc?: Loc) => warnings.push({ code, message, loc: loc ?? head[0]?.loc ?? NO_LOC });

  let unmatched: string | null = null;
  if (info.localAuthority) {
    const r = resolveName(info.localAuthority, date, index);
    if (r.ok) {
      const found = head.map((u) => ({ u, w: firstWritten(u.text, r.named, index) })).find((x) => x.w);
      if (r.note) warn('local_authority_successor', r.note, found?.u.loc);
      return { localAuthority: r.authority.name, localAuthorityCode: r.authority.code, localAuthorityAsWritten: found?.w ?? info.localAuthority, warnings };
    }
    unmatched = r.reason;
    // A predecessor replaced by several successors ("Northamptonshire Children's Trust" after April 2021):
    // the successor the document itself names ("North Northamptonshire Council" in the address block), if only one.
    const succ = successorNamed(info.localAuthority, date, head, index);
    if (succ) {
      warn('local_authority_successor', `${r.reason}; the document names ${succ.authority.name} ("${succ.asWritten}"), which is used`, succ.loc);
      return { localAuthority: succ.authority.name, localAuthorityCode: succ.authority.code, localAuthorityAsWritten: succ.asWritten, warnings };
    }
  }

  // Named in running text (the classifier read no name, or one the register does not know).
  const t = namedMost(head, date, index);
  if (t.ok) {
    if (unmatched) warn('local_authority_from_text', `${unmatched}; the authority the opening pages name is used: "${t.asWritten}"`, t.loc);
    if (t.note) warn('local_authority_successor', t.note, t.loc);
    return { localAuthority: t.authority.name, localAuthorityCode: t.authority.code, localAuthorityAsWritten: t.asWritten, warnings };
  }
  if (unmatched) {
    warn('local_authority_unmatched', `${unmatched}; no code given`);
    return { localAuthority: info.localAuthority, localAuthorityCode: null, localAuthorityAsWritten: info.localAuthority, warnings };
  }
  warn('local_authority_unmatched', `${t.reason}; no code given`, t.loc);
  return { localAuthority: null, localAuthorityCode: null, localAuthorityAsWritten: t.asWritten, warnings };
}

type FromText =
  | { ok: true; authority: Authority; note: string | null; asWritten: string; loc: Loc }
  | { ok: false; reason: string; asWritten: string | null; loc: Loc | undefined };

/** The authority named most in the opening units with organisation words ("Brent Social Care"), if only one is. */
function namedMost(head: TextUnit[], date: string | null, index: Index): FromText {
  const counts = new Map<string, { n: number; asWritten: string; loc: Loc; codes: string[] }>();
  for (const u of head) {
    for (const m of namedInText(u.text, index)) {
      const key = m.codes.join('|');
      const c = counts.get(key) ?? { n: 0, asWritten: m.asWritten, loc: u.loc, codes: m.codes };
      c.n++;
      counts.set(key, c);
    }
  }
  const ranked = [...counts.values()].sort((a, b) => b.n - a.n);
  const top = ranked[0];
  if (!top) return { ok: false, reason: 'no local authority is named in the opening pages', asWritten: null, loc: undefined };
  if (ranked[1] && ranked[1].n === top.n) {
    return { ok: false, reason: `the opening pages name "${top.asWritten}" and "${ranked[1].asWritten}" as often`, asWritten: top.asWritten, loc: top.loc };
  }
  const r = byDate(top.codes, date, top.asWritten, index);
  if (!r.ok) return { ok: false, reason: r.reason, asWritten: top.asWritten, loc: top.loc };
  return { ok: true, authority: r.authority, note: r.note, asWritten: top.asWritten, loc: top.loc };
}

/** The one successor of a replaced authority that the opening units name, when the name read is the predecessor's. */
function successorNamed(name: string, date: string | null, head: TextUnit[], index: Index): { authority: Authority; asWritten: string; loc: Loc } | null {
  if (!date) return null;
  const undated = resolveName(name, null, index);
  if (!undated.ok) return null;
  const found = new Map<string, { asWritten: string; loc: Loc }>();
  for (const code of undated.named) {
    const r = index.replaced.get(code);
    if (!r || date < r.effective) continue;
    for (const s of r.successors) {
      for (const u of head) {
        const w = firstWritten(u.text, [s], index);
        if (w && !found.has(s)) found.set(s, { asWritten: w, loc: u.loc });
      }
    }
  }
  if (found.size !== 1) return null;
  const [code, at] = [...found][0]!;
  const authority = index.byCode.get(code);
  return authority ? { authority, ...at } : null;
}
