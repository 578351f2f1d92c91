import type { DocumentInfo, FocusArea, Framework, Loc, Recommendation, Warning } from '../model/document.js';
import type { Unit } from './units.js';
import { continues } from './units.js';
import { MONTH_RE, parseDateRange, parseLongDate } from './dates.js';
import { itemKindOf, newItem, paragraphRefs } from './recommendations.js';
import { cleanInspector } from './classify.js';
import { comparable } from '../util/text.js';
import { endsStatement } from './text-rules.js';

/**
 * Inspection letters: focused-visit, monitoring-visit and JTAI letters. Ofsted writes them to the
 * director of children's services in one shape: the letter's date and the address block, the
 * salutation, a heading naming the visit and the authority ("Focused visit to X children's
 * services"), an opening paragraph with the visit dates and the inspectors, a sentence naming what
 * was looked at, then headed sections: "Areas for priority action" (only when serious weaknesses
 * were found), "What needs to improve ..." (bullets), then the findings, and the signature.
 * Each fact is read from its place in that shape; a part that cannot be read gives a warning and
 * the rest is still loaded.
 */

export const LETTER_FRAMEWORKS: readonly Framework[] = ['focused_visit', 'monitoring_visit', 'jtai'];
export const isLetterFramework = (fw: Framework | null): boolean => fw !== null && LETTER_FRAMEWORKS.includes(fw);

export interface LetterRead {
  info: Pick<DocumentInfo, 'publicationDate' | 'inspectionStart' | 'inspectionEnd' | 'leadInspector' | 'inspectors' | 'focus' | 'focusAsWritten'> & {
    /** The authority as the letter's heading (or address block) names it, for the register. */
    localAuthority: string | null;
  };
  items: Recommendation[];
  warnings: Warning[];
}

const NO_LOC: Loc = { page: null, line: null, block: null };
const LONG_DATE = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_RE})\\.?,?\\s+(\\d{4})\\b`, 'i');
/** The heading of a letter: the kind of visit and whom it was to. */
const LETTER_HEADING = /^(?:focused visit|monitoring visit|joint targeted area inspection|jtai)\b/i;
/** Headings that end the opening of a letter and start its sections. */
const SECTION_HEADING = /^(?:overview|summary|headline findings|main findings|key findings|findings|areas? for priority action|what needs to improve|areas? for (?:further )?(?:improvement|development)|what needs to happen)/i;
/** Headings after which no improvement list continues. */
const STOP_HEADING = /^(?:(?:main|headline|key|inspection)?\s*findings\b|overview\b|summary\b|next steps\b|context\b|evaluation of progress\b|yours sincerely\b|(?:her|his) majesty['’]s\b)/i;

function sentences(text: string): string[] {
  return text.split(/(?<=[.!?])\s+(?=[A-Z‘'“"(])/).map((s) => s.trim()).filter(Boolean);
}

function isHeadingLike(u: Unit): boolean {
  return u.kind === 'heading' && !u.bullet;
}

/** Read a letter: its date, visit dates, inspectors, focus, authority and its lists of items. */
export function readLetter(units: Unit[], framework: Framework): LetterRead {
  const warnings: Warning[] = [];
  const warn = (code: string, message: string, loc?: Loc) => warnings.push({ code, message, loc: loc ?? units[0]?.loc ?? NO_LOC });

  // The heading naming the visit, and where the opening ends (the first section heading after it).
  const titleIdx = units.slice(0, 40).findIndex((u) => LETTER_HEADING.test(comparable(u.text)) && u.text.length < 250);
  const afterTitle = titleIdx >= 0 ? titleIdx + 1 : 0;
  let openEnd = units.findIndex((u, i) => i >= afterTitle && (isHeadingLike(u) || u.kind === 'paragraph') && SECTION_HEADING.test(u.text.trim()) && u.text.length < 130);
  if (openEnd < 0) openEnd = Math.min(units.length, afterTitle + 12);
  const opening = units.slice(afterTitle, openEnd);
  const before = units.slice(0, titleIdx >= 0 ? titleIdx : Math.min(8, units.length));

  // --- The letter's date: a date standing alone above the address block (else the first date there).
  let publicationDate: string | null = null;
  for (const u of before) {
    if (/^dear\b/i.test(u.text)) break;
    const whole = parseLongDate(u.text.trim().replace(/\.$/, ''));
    if (whole) {
      publicationDate = whole;
      break;
    }
  }
  if (!publicationDate) {
    for (const u of before) {
      if (/^dear\b/i.test(u.text)) break;
      const m = LONG_DATE.exec(u.text);
      const d = m ? parseLongDate(m[0]) : null;
      if (d) {
        publicationDate = d;
        break;
      }
    }
  }
  if (!publicationDate) warn('letter_date_not_found', 'no date of the letter was found above its heading');

  // --- The visit dates: "... the focused visit to X children's services on 28 to 29 May 2025."
  let inspectionStart: string | null = null;
  let inspectionEnd: string | null = null;
  const dateUnits = opening;
  const visitRe = new RegExp(`\\b(?:on|between|from|during)\\s+((?:\\d{1,2}(?:st|nd|rd|th)?(?:\\s+${MONTH_RE})?(?:\\s+\\d{4})?(?:\\s*(?:,|and|to|until|–|—|-)\\s*)?)+)`, 'gi');
  outer: for (const u of dateUnits) {
    for (const s of sentences(comparable(u.text))) {
      if (!/\b(?:visit|inspection|inspectors?|visited)\b/i.test(s)) continue;
      for (const m of s.matchAll(visitRe)) {
        // A range with no year printed ("29 December to 2 January") takes it from the letter's date.
        if (!/\d{4}/.test(m[1]!) && !publicationDate) continue;
        const r = parseDateRange(m[1]!, { before: publicationDate });
        if (r.start && r.end) {
          inspectionStart = r.start;
          inspectionEnd = r.end;
          break outer;
        }
      }
    }
  }
  if (!inspectionStart) warn('visit_dates_not_found', 'the opening of the letter gives no visit dates that could be read', opening[0]?.loc);
  else if (inspectionStart > inspectionEnd! || (publicationDate && inspectionEnd! > publicationDate)) {
    warn('visit_dates_implausible', `visit dates ${inspectionStart} to ${inspectionEnd} do not fall before the letter's date ${publicationDate ?? '(unknown)'}`, opening[0]?.loc);
  }

  // --- The inspectors: named in the opening, the one who signs the letter first.
  const named: string[] = [];
  for (const u of opening) {
    for (const s of sentences(comparable(u.text))) {
      const m = /\b(?:inspectors?(?:\s*\([^)]*\))?(?: for (?:this|the) (?:focused |monitoring )?visit)? (?:were|was|are|is)|(?:visit|inspection) was (?:carried out|undertaken|led|conducted) by(?: (?:(?:Her|His) Majesty['’]s Inspectors?|Ofsted Inspectors?|inspectors?))?|lead inspector (?:was|is))\s*:?\s+(.+)$/i.exec(s);
      if (!m) continue;
      for (const n of splitNames(m[1]!)) if (!named.includes(n)) named.push(n);
    }
  }
  const signIdx = units.findIndex((u) => /^yours (?:sincerely|faithfully)\b/i.test(u.text.trim()));
  // Those who sign: the name lines after "Yours sincerely" (a JTAI letter has one per inspectorate).
  const signers: string[] = [];
  if (signIdx >= 0) {
    const inSame = units[signIdx]!.text.trim().replace(/^yours (?:sincerely|faithfully),?\s*/i, '');
    const cands = [inSame, ...units.slice(signIdx + 1, signIdx + 9).map((u) => u.text)];
    for (const c of cands) {
      const n = c ? cleanInspector(comparable(c).replace(/\s+(?:Lead |Senior |Regulatory )?Inspector\b.*$/i, '')) : null;
      if (n && isName(n) && !signers.includes(n)) signers.push(n);
    }
  }
  const signer = signers[0] ?? null;
  for (const n of signers.slice(1)) if (!named.includes(n)) named.push(n);
  const inspectors = signer ? [signer, ...named.filter((n) => n !== signer)] : named;
  const leadInspector = signer ?? named[0] ?? null;
  if (inspectors.length === 0) warn('inspectors_not_found', 'the letter names no inspector that could be read', opening[0]?.loc);

  // --- The focus: "Inspectors looked at the local authority's arrangements for ...".
  const { focus, focusAsWritten, loc: focusLoc } = readFocus(opening);
  if (focus === null) warn('focus_not_found', 'no sentence naming the area of practice looked at was found in the opening of the letter', opening[0]?.loc);
  else if (focus === 'other') warn('focus_unrecognised', `the area of practice looked at is none of the known ones: "${focusAsWritten}"`, focusLoc);

  // --- The authority: the heading ("Focused visit to X children's services"), else the address block.
  let localAuthority = titleIdx >= 0 ? authorityOfHeading(comparable(units[titleIdx]!.text)) : null;
  if (!localAuthority) {
    // The heading run into another block by the reader ("Dear Ms X Focused visit to Y children's services This letter ...").
    for (const u of units.slice(0, 20)) {
      const m = /\b((?:focused|monitoring) visit (?:to|of) (?:the )?[A-Z][^.]{0,100}?children['’]s (?:social care )?services)\b/i.exec(comparable(u.text));
      if (m && (localAuthority = authorityOfHeading(m[1]!))) break;
    }
  }

  // --- The lists.
  const items = readItems(units, warn);
  if (items.length === 0 && !units.some((u) => itemKindOf(u.text) !== undefined && isHeadingLike(u))) {
    warn('letter_no_improvement_list', 'the letter has no "Areas for priority action" or "What needs to improve" list', opening[0]?.loc);
  }

  return {
    info: { publicationDate, inspectionStart, inspectionEnd, leadInspector, inspectors, focus, focusAsWritten, localAuthority },
    items,
    warnings,
  };
}

const ROLE = /\b(?:HMI|Majesty['’]?s|Inspectors?|Ofsted|Senior|lead|two|three|four|five|CQC|HMICFRS|regulatory|quality assurance|manager)\b/i;

function isName(s: string): boolean {
  return /^(?:[A-Z][\p{L}'’-]*\.?)(?:\s+(?:[A-Z][\p{L}'’-]*\.?|de|van|von|da|le|la|du)){1,4}$/u.test(s) && !ROLE.test(s);
}

/** "Mandy Nightingale, HMI, and Tara Geere, HMI" -> the names. */
function splitNames(list: string): string[] {
  const text = list
    .replace(/\.$/, '')
    .replace(/\([^)]*\)/g, '')
    .replace(/,?\s*(?:(?:two|three|four|five) of )?(?:Her|His) Majesty['’]s Inspectors?\b/gi, ',')
    .replace(/,?\s*(?:Senior )?HMI\b/g, ',')
    .replace(/,?\s*Ofsted Inspectors?\b/gi, ',');
  return text
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+|\s*;\s*/)
    .map((s) => s.trim())
    .filter((s) => s && isName(s));
}

const FOCUS_SENTENCE = /^(?:the\s+)?(?:inspectors?|this visit|the visit|this focused visit|the focus of (?:this|the) visit)\s+(?:(?:also|specifically)\s+)?(?:looked at|considered|reviewed|evaluated|focused on|examined|assessed|explored|tested)\b/i;
const NOT_FOCUS = /\b(?:a range of|range of evidence|case records|performance (?:management|information)|in detail at children)/i;

const FOCUS_WORDS: Array<[FocusArea, RegExp]> = [
  ['front_door', /front door|contacts? and referrals?|referrals? and contacts?|\bMASH\b|multi-agency safeguarding hub|first response|initial response|duty and assessment|point of contact/i],
  ['children_in_need_and_protection', /children in need|child in need|child protection|help and protection|protection plan|need of help|public law outline|pre-proceedings/i],
  ['care_leavers', /care leavers|care-experienced|care experienced|leaving care|young people leaving/i],
  ['children_in_care', /children in care|looked after|children who are in care|in the care of/i],
  ['permanence', /permanence|adoption|special guardianship/i],
  ['extra_familial_harm', /extra-familial|exploitation|vulnerable adolescents|adolescents|go missing|missing from|contextual safeguarding/i],
  ['disabled_children', /disabled children|children with (?:a )?disabilit|children with special educational needs/i],
  ['pandemic', /covid|pandemic|coronavirus/i],
  ['early_help', /early help|need help\b/i],
];

function focusOf(sentence: string): FocusArea[] {
  const hits: Array<[FocusArea, number]> = [];
  for (const [area, re] of FOCUS_WORDS) {
    const m = re.exec(sentence);
    if (m) hits.push([area, m.index]);
  }
  return hits.sort((a, b) => a[1] - b[1]).map((h) => h[0]);
}

/** The area of practice the visit looked at, from the sentence that says so. */
function readFocus(opening: Unit[]): { focus: FocusArea | null; focusAsWritten: string | null; loc: Loc | undefined } {
  const pandemicUnit = opening.find((u) => /\b(?:covid|coronavirus|pandemic)\b/i.test(u.text));
  for (const u of opening) {
    for (const s of sentences(comparable(u.text))) {
      if (!FOCUS_SENTENCE.test(s) || NOT_FOCUS.test(s.slice(0, 60))) continue;
      const areas = focusOf(s);
      // A pandemic visit looked at every service at once.
      if (pandemicUnit && (areas.length >= 3 || areas.length === 0)) return { focus: 'pandemic', focusAsWritten: s, loc: u.loc };
      return { focus: areas[0] ?? 'other', focusAsWritten: s, loc: u.loc };
    }
  }
  if (pandemicUnit) {
    const s = sentences(comparable(pandemicUnit.text)).find((x) => /\b(?:covid|coronavirus|pandemic)\b/i.test(x))!;
    return { focus: 'pandemic', focusAsWritten: s, loc: pandemicUnit.loc };
  }
  return { focus: null, focusAsWritten: null, loc: undefined };
}

/** "Focused visit to the London Borough of X local authority children's services" -> "the London Borough of X". */
export function authorityOfHeading(heading: string): string | null {
  let s = heading.trim().replace(/[.:]$/, '');
  const jtai = /^joint targeted area inspection\b/i.test(s) ? /^.*\b(?:in|of)\s+((?:the\s+)?[A-Z][\p{L}'’,&\- ]+)$/u.exec(s) : null;
  if (jtai) s = jtai[1]!;
  else {
    const m = /^(?:focused|monitoring) visit\s+(?:to|of|at|for)\s+(.+)$/i.exec(s);
    if (!m) return null;
    s = m[1]!;
  }
  s = s
    .replace(/\s+(?:local authority\s+)?children['’]?s?\s+(?:social care\s+)?services?(?:\s+trust)?$/i, '')
    .replace(/\s+(?:local authority|children and families trust|children['’]s trust)$/i, '')
    .trim();
  return s && /[A-Z]/.test(s) ? s : null;
}

/** A footnote (or a page's furniture) standing inside a list: it does not end the list. */
function isFootnote(u: Unit, bodySize: number | null): boolean {
  const t = u.text.trim();
  if (/^(?:\d{1,2}|[¹²³⁴⁵⁶⁷⁸⁹*†])\s*[A-Z‘'“"(a-z]/.test(t) && !/^\d{1,2}\.\s/.test(t) && u.kind === 'paragraph') {
    if (/^\d{1,2}\s+(?:[A-Z][a-z]+\s+)?\d{4}\b/.test(t)) return false; // a date
    return true;
  }
  if (/^(?:https?:\/\/|www\.)\S+$/i.test(t)) return true;
  const size = fontSizeOf(u);
  return u.kind === 'paragraph' && bodySize !== null && size !== null && size < bodySize * 0.85;
}

function fontSizeOf(u: Unit): number | null {
  const b = u.block;
  if (b.type === 'table') return null;
  const sizes = b.lines.map((l) => l.fontSize).filter((x): x is number => typeof x === 'number');
  return sizes.length ? sizes.reduce((a, c) => a + c, 0) / sizes.length : null;
}

/** A sub-bullet the reader left as a paragraph: "⎯ the child's written plan", "o ...", "– ...". */
const SUB_GLYPH = /^(?:[⎯–—\-◦○o▪▫■□➢►‒―]\s+)/;

/**
 * The items under "Areas for priority action" and "What needs to improve ...": a list ends at the
 * next heading; a footnote or page break inside it does not cut it; sub-bullets join their item.
 * A cross-reference to the national framework in parentheses is kept in nationalFrameworkRef.
 */
function readItems(units: Unit[], warn: (code: string, message: string, loc?: Loc) => void): Recommendation[] {
  const out: Recommendation[] = [];
  let pa = 0;
  let afi = 0;
  for (let i = 0; i < units.length; i++) {
    const h = units[i]!;
    if (h.bullet || h.kind === 'list_item' || h.kind === 'row') continue;
    if (h.text.length > 140) continue;
    const kind = itemKindOf(h.text.replace(/^\d{1,2}\.\s+/, ''));
    if (!kind || kind === 'recommendation') continue;
    if (h.kind !== 'heading' && !/^(?:areas? for|what needs)/i.test(h.text.trim())) continue;
    const sectionItems: Recommendation[] = [];
    let current: Recommendation | null = null;
    let sawBullets = false;
    let bodySize: number | null = null;
    let j = i + 1;
    for (; j < units.length; j++) {
      const v = units[j]!;
      const t = v.text.trim();
      if (v.kind === 'row') break;
      if (!v.bullet && v.kind !== 'list_item') {
        if (v.kind === 'heading' && !SUB_GLYPH.test(t)) break;
        if (STOP_HEADING.test(t) && t.length < 130 && !endsStatement(t)) break;
        if (itemKindOf(t) && t.length < 140 && !endsStatement(t)) break;
      }
      if (v.kind === 'paragraph' && !v.bullet && isFootnote(v, bodySize)) continue;
      const item = v.kind === 'list_item' || v.bullet;
      if (item && v.level === 0 && !SUB_GLYPH.test(t)) {
        sawBullets = true;
        bodySize ??= fontSizeOf(v);
        current = pushItem(sectionItems, kind, t, v.loc);
        continue;
      }
      if (current && (item || SUB_GLYPH.test(t))) {
        current.text += '\n• ' + t.replace(SUB_GLYPH, '');
        continue;
      }
      if (item) {
        // A sub-bullet with no item above it is an item.
        sawBullets = true;
        current = pushItem(sectionItems, kind, t.replace(SUB_GLYPH, ''), v.loc);
        continue;
      }
      if (current && continues(current.text, v)) {
        current.text += (/-$/.test(current.text) ? '' : ' ') + t;
        continue;
      }
      // An introduction ("The local authority needs to take swift and decisive action to address ... in:").
      if (/:$/.test(t) && !current) continue;
      if (!sawBullets && v.kind === 'paragraph') {
        // Items written as plain paragraphs (a reader that lost the bullets, a numbered early letter).
        bodySize ??= fontSizeOf(v);
        current = pushItem(sectionItems, kind, t.replace(/^\d{1,2}\.\s+/, ''), v.loc);
        continue;
      }
      break;
    }
    if (sectionItems.length === 0) warn('letter_list_empty', `no items could be read under "${h.text.trim()}"`, h.loc);
    for (const it of sectionItems) {
      const ref = /\s*\(([^()]*\bnational framework\b[^()]*)\)\s*\.?\s*$/i.exec(it.text) ?? /\s*\(([^()]*\bnational framework\b[^()]*)\)/i.exec(it.text);
      if (ref) {
        it.nationalFrameworkRef = ref[1]!.trim();
        it.text = (it.text.slice(0, ref.index) + it.text.slice(ref.index + ref[0].length)).trim();
        if (!/[.!?]$/.test(it.text) && /[.!?]/.test(ref[0].slice(-1))) it.text += '.';
      }
      it.paragraphRefs = paragraphRefs(it.text);
      it.id = kind === 'priority_action' ? `PA${++pa}` : String(++afi);
      out.push(it);
    }
    i = j - 1;
  }
  return out;
}

function pushItem(list: Recommendation[], kind: Recommendation['kind'], text: string, loc: Loc): Recommendation {
  // An ordered list's number ("1.", "(2)") is the item's place, not its text.
  const it = newItem({ id: '0', kind, scope: 'local_authority', text: text.replace(/^\(?\d{1,2}[.)]\s+(?=\S)/, ''), timescale: null, loc });
  list.push(it);
  return it;
}
