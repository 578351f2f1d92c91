/**
 * Stage 4 helpers: the recommendation a group of actions answers, however the plan
 * labels it. A label is a number in one of the schemes plans use (`1`, `1.1`, `(9)`, `S2`,
 * `LAC5`, `a.`, `i.`), optionally behind a label word ("Recommendation S1:", "Area for
 * improvement 3", "AFI 3", "3. Ofsted Recommendation"), optionally after an Ofsted
 * timescale ("Within 3 months (S3) ...").
 */
import type { Recommendation } from '../../model/document.js';
import { normalizeSpace } from '../../util/text.js';
import { startsUpper } from '../text-rules.js';
import { REC_LABEL_WORD, REC_SCOPE_LSCB } from './vocabulary.js';

export type Timescale = Recommendation['timescale'];

export const TIMESCALE_PREFIX = /^(?:Timescale\s*:?\s*)?(Immediate(?:ly)?|Within (?:\w+) months?)\b(?:\s*\((?![A-Z]{1,4}\d)[^)]*\))?\.?\s*:?\s*/i;

/** "Immediate", "Within 3 months", "Within three months (end February 2012)" -> enum. */
export function timescaleOf(raw: string | null | undefined): Timescale {
  if (!raw) return null;
  const t = raw.toLowerCase();
  if (/\bimmediate/.test(t)) return 'immediate';
  if (/within (?:3|three) months?/.test(t)) return 'within_3_months';
  if (/within (?:6|six) months?/.test(t)) return 'within_6_months';
  return null;
}

export interface RecLabel {
  /** The recommendation's number as the plan writes it ("S2", "LAC5", "3", "1.1", "a"); null: unnumbered. */
  ref: string | null;
  /** The recommendation's text after its label (may be empty: a heading with the text below it). */
  text: string;
  timescaleRaw: string | null;
  /** The label carried a label word ("Recommendation", "Area for improvement", "AFI"). */
  worded: boolean;
  /**
   * Whom the label says the recommendation is for, where it says so before the label word
   * ("LSCB recommendation 2": the Local Safeguarding Children Board's; its ref is then "LSCB2").
   */
  scope?: 'lscb';
}

/** A recommendation-type label word (Ofsted's vocabulary, not a council's; data/plan-vocabulary.json). */
const WORD = REC_LABEL_WORD;
/** A recommendation number: "S2", "LAC5", "LAC-AD11", "3", "1.1", "9a". */
const NUM = String.raw`(?:[A-Z]{1,4}-?[A-Z]{0,3}\d{1,3}[a-z]?|\d{1,3}(?:\.\d{1,2})?[a-z]?)`;

/** A scope before a label word: "LSCB recommendation 2", "Local Safeguarding Children Board area for improvement 3". */
const SCOPED = new RegExp(String.raw`^${REC_SCOPE_LSCB}\s*[:\-–—]?\s+(?=${WORD})`, 'i');
const WORDED = new RegExp(String.raw`^${WORD}\s*(?:no\.?|number)?\s*[(\[]?(${NUM})[)\]]?\s*(?:[:.\-–—)]\s*|\s+|$)(.*)$`, 'is');
const NUM_WORD = new RegExp(String.raw`^(\d{1,3})\s*[.)]?\s*${WORD}\s*[:.\-–—]?\s*(.*)$`, 'is');
const BRACKET = /^[(\[]([A-Z]{0,4}-?[A-Z]{0,3}\d{1,3}[a-z]?|[a-z]|[ivxl]{1,7})[)\]]\s*[:.\-–—]?\s*(.*)$/s;
const SCHEME = /^([A-Z]{1,4}-?[A-Z]{0,3}\d{1,3}[a-z]?)(?:\s*[:.\-–—)]\s*|\s+)(.+)$/s;
const NUMBERED = /^(\d{1,3}\.\d{1,2}(?=\s)|\d{1,3}(?=\s*[.):]|\s+[A-Z(]))\s*[.):]?\s*(.+)$/s;
const LETTERED = /^([a-z]{1,2}|[ivxl]{1,7})[.)]\s+(.+)$/s;

const clean = (s: string): string => normalizeSpace(s.replace(/\*\*|__/g, ' '));

/** "Timescale: ..." further into a text than this is not the text's own timescale. */
const TIMESCALE_NEAR_START = 40;
/** A heading longer than this many words is a title, not the name of a part of the plan. */
const PART_MAX_WORDS = 8;

/** Split an Ofsted timescale off the front of a text. */
export function splitTimescale(text: string): { timescaleRaw: string | null; rest: string } {
  const t = clean(text);
  const ts = /Timescale\s*:?\s*((?:Immediate(?:ly)?|Within \w+ months?)(?:\s*\([^)]*\))?)/i.exec(t);
  if (ts && ts.index < TIMESCALE_NEAR_START) return { timescaleRaw: ts[1]!, rest: clean(t.slice(0, ts.index) + ' ' + t.slice(ts.index + ts[0].length)) };
  const p = TIMESCALE_PREFIX.exec(t);
  if (p) return { timescaleRaw: clean(p[0]).replace(/[.:]$/, ''), rest: clean(t.slice(p[0].length)) };
  return { timescaleRaw: null, rest: t };
}

/**
 * The label of a recommendation as a text gives it. `strict`: only labels that cannot be
 * an ordinary sentence (a label word, a bracketed or scheme number) count; a bare "3. ..."
 * counts only when not strict (a Recommendation cell, a numbered block right above a table).
 */
export function recLabel(text: string, strict = false): RecLabel | null {
  const { timescaleRaw, rest } = splitTimescale(text);
  const scoped = SCOPED.exec(rest);
  if (scoped) {
    const inner = WORDED.exec(rest.slice(scoped[0].length));
    if (inner) return { ref: `LSCB${inner[1]!}`, text: clean(inner[2]!), timescaleRaw, worded: true, scope: 'lscb' };
  }
  let m = NUM_WORD.exec(rest);
  if (m) return { ref: m[1]!, text: stripRequired(m[2]!), timescaleRaw: timescaleRaw ?? splitTimescale(m[2]!).timescaleRaw, worded: true };
  m = WORDED.exec(rest);
  if (m) return { ref: m[1]!, text: clean(m[2]!), timescaleRaw, worded: true };
  m = BRACKET.exec(rest);
  if (m) return { ref: m[1]!, text: clean(m[2]!), timescaleRaw, worded: false };
  m = SCHEME.exec(rest);
  if (m && /[A-Z]/.test(m[1]![0]!) && !/^[A-Z]{2,}$/.test(m[1]!)) return { ref: m[1]!, text: clean(m[2]!), timescaleRaw, worded: false };
  if (strict) return null;
  m = NUMBERED.exec(rest) ?? LETTERED.exec(rest);
  if (m) return { ref: m[1]!, text: clean(m[2]!), timescaleRaw, worded: false };
  return null;
}

/** "Timescale: Immediate Required Outcome": a second label left in a recommendation row's first cell. */
function stripRequired(s: string): string {
  const { rest } = splitTimescale(s);
  return clean(rest.replace(/^Required Outcome\b/i, ''));
}

/** Is the text only a label with no recommendation text ("Recommendation 3", "AFI 2:")? */
export function bareLabel(text: string): boolean {
  const l = recLabel(text, true);
  return l !== null && l.worded && l.text === '';
}

/**
 * The part of a plan a heading opens, as a prefix for refs where each part numbers its
 * recommendations afresh: the initials of the part's name, with "-AD" / "-AI" for a list of
 * areas for development / improvement ("Looked After Children Recommendations" -> "LAC",
 * "Safeguarding: Additional Areas for Development" -> "S-AD"). Null for a heading that names
 * no part (a long title, a bare label).
 */
export function partPrefix(heading: string): string | null {
  const t = clean(heading).replace(/^\d{1,2}[.)]?\s+/, '').replace(/[:.]+$/, '');
  if (!t || t.split(' ').length > PART_MAX_WORDS) return null;
  const [part, sub] = t.split(/\s*[:–—-]\s+/);
  const words = (part ?? '').split(' ').filter((w) => startsUpper(w) && !/^(?:Ofsted|Recommendations?|Areas?|Additional)$/.test(w));
  if (!words.length) return null;
  const area = /\bareas?\s+(?:for|of)\s+(development|improvement)\b/i.exec(sub ?? part ?? '');
  return words.map((w) => w[0]).join('') + (area ? `-A${area[1]![0]!.toUpperCase()}` : '');
}

/**
 * A Recommendation cell's paragraphs -> its number, timescale and text: a label ("3. ...",
 * "Within 3 months ...") opening the cell, else a number found in the whole text.
 * `timescale`: one given before the cell (a row of its own), which wins.
 */
export function readRecCell(recParas: string[], pendingTimescale: string | null): { ref: string | null; timescale: string | null; text: string[] } {
  let timescale = pendingTimescale;
  const text: string[] = [];
  let ref: string | null = null;
  for (const p of recParas) {
    const label: RecLabel | null = ref === null && text.length === 0 ? recLabel(p) : null;
    if (label && (label.ref || label.timescaleRaw)) {
      ref = label.ref;
      timescale ??= label.timescaleRaw;
      if (label.text) text.push(label.text);
      continue;
    }
    const ts = ref === null && text.length === 0 ? splitTimescale(p) : null;
    if (ts?.timescaleRaw) {
      timescale ??= ts.timescaleRaw;
      if (ts.rest) text.push(ts.rest);
    } else text.push(p);
  }
  if (ref === null && text.length) {
    const label = recLabel(text.join(' '));
    if (label?.ref) {
      ref = label.ref;
      text.splice(0, text.length, label.text);
    }
  }
  return { ref, timescale, text };
}
