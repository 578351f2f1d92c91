import type { DocumentInfo, FocusArea, Framework, Loc, Recommendation, Warning } from '../model/document.js';
import type { Unit } from './units.js';
import { continues, hangsAt, leftOf, lineStarts, textIndentOf } from './units.js';
import { MONTH_RE, parseDateRange, parseLongDate } from './dates.js';
import { itemKindOf, newItem, paragraphRefs } from './recommendations.js';
import { cleanInspector } from './classify.js';
import { comparable } from '../util/text.js';
import { endsStatement } from './text-rules.js';
import { frameworksReadBy } from '../model/framework-registry.js';

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

export const LETTER_FRAMEWORKS: readonly Framework[] = frameworksReadBy('letter');
export const isLetterFramework = (fw: Framework | null): boolean => fw !== null && LETTER_FRAMEWORKS.includes(fw);

export interface LetterRead {
  info: Pick<DocumentInfo, 'publicationDate' | 'inspectionStart' | 'inspectionEnd' | 'leadInspector' | 'inspectors' | 'focus' | 'focusAsWritten'> &
    Partial<Pick<DocumentInfo, 'agencies' | 'nextSteps' | 'partnership'>> & {
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

type Warn = (code: string, message: string, loc?: Loc) => void;

/** Where a letter's parts are: its heading, the opening after it (to the first section heading), and what stands above it. */
interface LetterShape {
  /** The heading naming the visit, or -1. */
  titleIdx: number;
  afterTitle: number;
  /** The first section heading after the heading (else a dozen units on). */
  openEnd: number;
  opening: Unit[];
  /** Above the heading: the letter's date, the address block, "Dear ...". */
  before: Unit[];
}

/** Read a letter: its date, visit dates, inspectors, focus, authority and its lists of items. */
export function readLetter(units: Unit[], framework: Framework): LetterRead {
  const warnings: Warning[] = [];
  const warn: Warn = (code, message, loc) => warnings.push({ code, message, loc: loc ?? units[0]?.loc ?? NO_LOC });
  const shape = letterShape(units);
  const { opening } = shape;

  const publicationDate = letterDate(shape.before);
  if (!publicationDate) warn('letter_date_not_found', 'no date of the letter was found above its heading');

  const { inspectionStart, inspectionEnd } = visitDates(opening, publicationDate) ?? { inspectionStart: null, inspectionEnd: null };
  if (!inspectionStart) warn('visit_dates_not_found', 'the opening of the letter gives no visit dates that could be read', opening[0]?.loc);
  else if (inspectionStart > inspectionEnd! || (publicationDate && inspectionEnd! > publicationDate)) {
    warn('visit_dates_implausible', `visit dates ${inspectionStart} to ${inspectionEnd} do not fall before the letter's date ${publicationDate ?? '(unknown)'}`, opening[0]?.loc);
  }

  const { inspectors, leadInspector } = letterInspectors(units, opening);
  if (inspectors.length === 0) warn('inspectors_not_found', 'the letter names no inspector that could be read', opening[0]?.loc);

  const jtai = framework === 'jtai';
  const { focus, focusAsWritten } = letterFocus(units, shape, jtai, warn);
  const localAuthority = letterAuthority(units, shape.titleIdx);
  const extra = jtai ? jtaiFacts(units, shape, warn) : {};

  const items = readItems(units, warn);
  if (items.length === 0 && !units.some((u) => itemKindOf(u.text) !== undefined && isHeadingLike(u))) {
    warn('letter_no_improvement_list', 'the letter has no "Areas for priority action" or "What needs to improve" list', opening[0]?.loc);
  }

  return {
    info: { publicationDate, inspectionStart, inspectionEnd, leadInspector, inspectors, focus, focusAsWritten, localAuthority, ...extra },
    items,
    warnings,
  };
}

/** The heading naming the visit, and where the opening ends (the first section heading after it). */
function letterShape(units: Unit[]): LetterShape {
  const titleIdx = units.slice(0, 40).findIndex((u) => LETTER_HEADING.test(comparable(u.text)) && u.text.length < 250);
  const afterTitle = titleIdx >= 0 ? titleIdx + 1 : 0;
  let openEnd = units.findIndex((u, i) => i >= afterTitle && (isHeadingLike(u) || u.kind === 'paragraph') && SECTION_HEADING.test(u.text.trim()) && u.text.length < 130);
  if (openEnd < 0) openEnd = Math.min(units.length, afterTitle + 12);
  return { titleIdx, afterTitle, openEnd, opening: units.slice(afterTitle, openEnd), before: units.slice(0, titleIdx >= 0 ? titleIdx : Math.min(8, units.length)) };
}

/** The letter's date: a date standing alone above the address block (else the first date there), before "Dear ...". */
function letterDate(before: Unit[]): string | null {
  const dear = before.findIndex((u) => /^dear\b/i.test(u.text));
  const above = dear >= 0 ? before.slice(0, dear) : before;
  for (const u of above) {
    const whole = parseLongDate(u.text.trim().replace(/\.$/, ''));
    if (whole) return whole;
  }
  for (const u of above) {
    const m = LONG_DATE.exec(u.text);
    const d = m ? parseLongDate(m[0]) : null;
    if (d) return d;
  }
  return null;
}

/** A date range after "on", "between", "from" or "during": "on 28 to 29 May 2025", "between 16 May and 20 May". */
const VISIT_RANGE = new RegExp(`\\b(?:on|between|from|during)\\s+((?:\\d{1,2}(?:st|nd|rd|th)?(?:\\s+${MONTH_RE})?(?:\\s+\\d{4})?(?:\\s*(?:,|and|to|until|–|—|-)\\s*)?)+)`, 'gi');
/** A day and a month: a range that can take its year from the letter. */
const DAY_MONTH = new RegExp(`\\d\\s+(?:${MONTH_RE})\\b`, 'i');

/** Every date range in a sentence of the opening that speaks of the visit, in reading order. */
function* visitRanges(opening: Unit[]): Generator<string> {
  for (const u of opening) {
    for (const s of sentences(comparable(u.text))) {
      if (!/\b(?:visit|inspection|inspectors?|visited)\b/i.test(s)) continue;
      for (const m of s.matchAll(VISIT_RANGE)) yield m[1]!;
    }
  }
}

type VisitDates = { inspectionStart: string; inspectionEnd: string };

/** The visit dates: "... the focused visit to X children's services on 28 to 29 May 2025." */
function visitDates(opening: Unit[], letterDate: string | null): VisitDates | null {
  return visitDatesAsPrinted(opening, letterDate) ?? (letterDate ? visitDatesInLetterYear(opening, letterDate) : null);
}

/** The first range that reads whole; a range with no year printed ("29 December to 2 January") takes it from the letter's date. */
function visitDatesAsPrinted(opening: Unit[], letterDate: string | null): VisitDates | null {
  for (const range of visitRanges(opening)) {
    if (!/\d{4}/.test(range) && !letterDate) continue;
    const r = parseDateRange(range, { before: letterDate });
    if (r.start && r.end) return { inspectionStart: r.start, inspectionEnd: r.end };
  }
  return null;
}

/** "Between 16 May and 20 May": the year is the letter's (the one before, if that puts the visit after the letter). */
function visitDatesInLetterYear(opening: Unit[], letterDate: string): VisitDates | null {
  const year = Number(letterDate.slice(0, 4));
  for (const range of visitRanges(opening)) {
    if (!DAY_MONTH.test(range)) continue;
    for (const y of [year, year - 1]) {
      const r = parseDateRange(`${range.replace(/[\s,]+$/, '')} ${y}`);
      if (r.start && r.end && r.end <= letterDate) return { inspectionStart: r.start, inspectionEnd: r.end };
    }
  }
  return null;
}

/** The inspectors: named in the opening, the one who signs the letter first (he or she leads). */
function letterInspectors(units: Unit[], opening: Unit[]): { inspectors: string[]; leadInspector: string | null } {
  const named = namedInOpening(opening);
  const signers = signersOf(units);
  const signer = signers[0] ?? null;
  for (const n of signers.slice(1)) if (!named.includes(n)) named.push(n);
  const inspectors = signer ? [signer, ...named.filter((n) => n !== signer)] : named;
  return { inspectors, leadInspector: signer ?? named[0] ?? null };
}

/** A sentence of the opening that names the inspectors: "Inspectors were ...", "The visit was carried out by ...". */
const INSPECTORS_SENTENCE = /\b(?:inspectors?(?:\s*\([^)]*\))?(?: for (?:this|the) (?:focused |monitoring )?visit)? (?:were|was|are|is)|(?:visit|inspection) was (?:carried out|undertaken|led|conducted) by(?: (?:(?:Her|His) Majesty['’]s Inspectors?|Ofsted Inspectors?|inspectors?))?|lead inspector (?:was|is))\s*:?\s+(.+)$/i;

/** The inspectors the opening names, each once, in order. */
function namedInOpening(opening: Unit[]): string[] {
  const named: string[] = [];
  for (const u of opening) {
    for (const s of sentences(comparable(u.text))) {
      const m = INSPECTORS_SENTENCE.exec(s);
      if (!m) continue;
      for (const n of splitNames(m[1]!)) if (!named.includes(n)) named.push(n);
    }
  }
  return named;
}

/** Those who sign: the name lines after "Yours sincerely" (a JTAI letter has one per inspectorate). */
function signersOf(units: Unit[]): string[] {
  const signIdx = units.findIndex((u) => /^yours (?:sincerely|faithfully)\b/i.test(u.text.trim()));
  const signers: string[] = [];
  if (signIdx < 0) return signers;
  const inSame = units[signIdx]!.text.trim().replace(/^yours (?:sincerely|faithfully),?\s*/i, '');
  const cands = [inSame, ...units.slice(signIdx + 1, signIdx + 9).flatMap(signatureLines)];
  for (const c of cands) {
    const n = c ? signerName(c) : null;
    if (n && isName(n) && !signers.includes(n)) signers.push(n);
  }
  return signers;
}

/** The focus: "Inspectors looked at the local authority's arrangements for ..."; a JTAI's theme:
 * "... of the multi-agency response to <theme> in <area>" in its title line or first sentence. */
function letterFocus(units: Unit[], shape: LetterShape, jtai: boolean, warn: Warn): Pick<DocumentInfo, 'focus' | 'focusAsWritten'> {
  const { titleIdx, openEnd, opening } = shape;
  const { focus, focusAsWritten, loc } = jtai ? readTheme(titleIdx >= 0 ? units.slice(titleIdx, openEnd + 1) : opening) : readFocus(opening);
  const what = jtai ? 'theme of the inspection' : 'area of practice looked at';
  if (focus === null) warn('focus_not_found', `no sentence naming the ${what} was found in the opening of the letter`, opening[0]?.loc);
  else if (focus === 'other') warn('focus_unrecognised', `the ${what} is none of the known ones: "${focusAsWritten}"`, loc);
  return { focus, focusAsWritten };
}

/** The authority: the heading ("Focused visit to X children's services"), else the address block. */
function letterAuthority(units: Unit[], titleIdx: number): string | null {
  const fromHeading = titleIdx >= 0 ? authorityOfHeading(comparable(units[titleIdx]!.text)) : null;
  if (fromHeading) return fromHeading;
  // The heading run into another block by the reader ("Dear Ms X Focused visit to Y children's services This letter ...").
  for (const u of units.slice(0, 20)) {
    const m = /\b((?:focused|monitoring) visit (?:to|of) (?:the )?[A-Z][^.]{0,100}?children['’]s (?:social care )?services)\b/i.exec(comparable(u.text));
    const named = m ? authorityOfHeading(m[1]!) : null;
    if (named) return named;
  }
  return null;
}

/** A JTAI letter: the inspectorates, the partnership it is written to, the next steps. */
function jtaiFacts(units: Unit[], shape: LetterShape, warn: Warn): Partial<Pick<DocumentInfo, 'agencies' | 'nextSteps' | 'partnership'>> {
  const { opening, afterTitle, before } = shape;
  const agencies = readAgencies(opening.length ? opening : units.slice(afterTitle, afterTitle + 6));
  if (agencies.length === 0) warn('agencies_not_found', 'the opening of the letter names no inspectorate that could be read', opening[0]?.loc);
  const partnership = readPartnership(before);
  const nextSteps = readNextSteps(units);
  if (!nextSteps) warn('next_steps_not_found', 'the letter has no "Next steps" section that could be read', units[units.length - 1]?.loc);
  return { agencies, partnership, nextSteps };
}

const ROLE = /\b(?:HMI|Majesty['’]?s|Inspectors?|Ofsted|Senior|lead|two|three|four|five|CQC|HMICFRS|regulatory|quality assurance|manager|Commission|Constabulary|Probation|Services)\b/i;

/**
 * The lines of a signature block that can hold a name: the first line of each block, and the first
 * paragraph of each cell where the reader set two signatures side by side as a table row (a JTAI
 * letter signs once per inspectorate, two to a line in the older ones).
 */
function signatureLines(u: Unit): string[] {
  const b = u.block;
  if (u.kind === 'row' && b.type === 'table') {
    const row = b.rows.find((r) => r.loc === u.loc);
    if (row) return row.cells.map((c) => c.paragraphs[0] ?? c.text).filter(Boolean);
    return u.cells ?? [];
  }
  if (b.type !== 'table' && b.lines.length > 1) return [b.lines[0]!.text, u.text];
  return [u.text];
}

/** Titles and letters after a signatory's name: "Dr", "CBE", "OBE QPM", "BSc MB ChB MSc DCH FRCA". */
const HONOUR = /^(?:[A-Z]{2,6}|B[A-Z]?Sc|M[A-Z]?Sc|ChB|PhD|DPhil)$/;

/** "Wendy Williams, CBE" / "Dr Sean O’Kelly BSc MB ChB" / "Yvette Stanley National Director, Social Care" -> the name. */
function signerName(line: string): string | null {
  const words = comparable(line)
    .replace(/\s+(?:Lead |Senior |Regulatory )?Inspector\b.*$/i, '')
    .replace(/\s+(?:National|Regional|Deputy|Assistant|Chief|Executive|Director|Her|His)\b.*$/, '')
    .replace(/,/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  while (words.length > 2 && HONOUR.test(words[words.length - 1]!)) words.pop();
  while (words.length > 2 && /^(?:Dr|Mr|Mrs|Ms|Miss|Prof|Professor)\.?$/.test(words[0]!)) words.shift();
  return cleanInspector(words.join(' '));
}

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

/**
 * JTAI themes: the words that name each in "the multi-agency response to <theme> in <area>". The
 * theme is the one named first; a phrase naming none of them is 'other'.
 */
const THEMES: Array<[FocusArea, RegExp]> = [
  ['abuse_and_neglect', /\babuse and neglect\b/i],
  ['sexual_abuse_in_family', /\bsexual abuse in the family|\bchild sexual abuse\b|\bsexual abuse\b/i],
  ['child_sexual_exploitation', /\b(?:child )?sexual exploitation\b/i],
  ['child_exploitation', /\bchild exploitation\b|\bexploitation of children\b|\b(?:sexual|criminal) (?:and|or) (?:sexual|criminal) exploitation\b/i],
  ['criminal_exploitation', /\bcriminal exploitation\b/i],
  ['domestic_abuse', /\bdomestic abuse\b/i],
  ['neglect', /\bneglect(?:ed)?\b/i],
  ['mental_health', /\bmental (?:ill[- ])?health\b/i],
  ['serious_youth_violence', /\bserious youth violence\b|\byouth violence\b/i],
  ['front_door', /\binitial need and risk\b|\bfront door\b/i],
  ['early_help', /\bearly help\b|\bneed (?:early )?help\b/i],
  ['disabled_children', /\bdisabled children\b|\bchildren with (?:a )?disabilit/i],
];
/** "(the) multi-agency response(s) to ..." up to " in <area>" (or the sentence's end). */
const THEME_PHRASE = /\bmulti[- ]agency (?:responses?|arrangements?) (?:to|for)\s+(.+?)(?:\s+in\s+(?:the\s+)?[A-Z][^.]*)?\.?$/;

function themeOf(phrase: string): FocusArea {
  let best: [FocusArea, number] | null = null;
  for (const [area, re] of THEMES) {
    const m = re.exec(phrase);
    if (m && (!best || m.index < best[1])) best = [area, m.index];
  }
  return best?.[0] ?? 'other';
}

/** A JTAI's theme: from the title line (older letters), else the first sentence that names the response inspected. */
function readTheme(head: Unit[]): { focus: FocusArea | null; focusAsWritten: string | null; loc: Loc | undefined } {
  let unknown: { focus: FocusArea; focusAsWritten: string; loc: Loc } | null = null;
  const units = head.slice(0, 8);
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    // A title line the reader split in two ("... response to abuse and" / "neglect in X") is read whole too.
    const texts = [comparable(u.text), ...(units[i + 1] ? [`${comparable(u.text)} ${comparable(units[i + 1]!.text)}`] : [])];
    for (const text of texts) {
      for (const s of sentences(text)) {
        const m = THEME_PHRASE.exec(s);
        if (!m) continue;
        const focus = themeOf(m[1]!);
        if (focus !== 'other') return { focus, focusAsWritten: s, loc: u.loc };
        unknown ??= { focus, focusAsWritten: s, loc: u.loc };
      }
    }
  }
  return unknown ?? { focus: null, focusAsWritten: null, loc: undefined };
}

/** The inspectorates of a joint inspection, named once each (HMIC became HMICFRS in 2017: one body). */
const AGENCIES: Array<[string, RegExp]> = [
  ['Ofsted', /\bOfsted\b/],
  ['CQC', /\bCare Quality Commission\b|\bCQC\b/],
  ['HMICFRS', /\bHMICF?R?S?\b|\bInspectorate of Constabulary\b|\bHMI Constabulary\b|\bInspector of Constabulary\b/],
  ['HMI Probation', /\bHMI Probation\b|\bInspectorate of Probation\b|\bHMIP\b/],
];

/** The sentence of the opening saying who inspected ("... Ofsted, the CQC, HMICFRS and HMI Probation undertook a joint inspection"). */
function readAgencies(opening: Unit[]): string[] {
  for (const u of opening) {
    for (const s of sentences(comparable(u.text))) {
      if (!/\b(?:inspect|carried out|undertook|undertaken|conducted)/i.test(s)) continue;
      const found = AGENCIES.filter(([, re]) => re.test(s)).map(([name]) => name);
      if (found.length >= 2) return found;
    }
  }
  return [];
}

/** The partnership a JTAI letter is written to: "Dear Sutton Local Safeguarding Partnership" (not "Dear local partnership"). */
function readPartnership(before: Unit[]): string | null {
  for (const u of before) {
    const m = /^dear\s+(?:the\s+)?(.+?),?$/i.exec(comparable(u.text).trim());
    if (!m) continue;
    const name = m[1]!.trim();
    if (/\b(?:partnership|board|partners|arrangements)\b/i.test(name) && /^[A-Z]/.test(name) && !/^local partnership$/i.test(name)) return name;
    break;
  }
  // "Dear local partnership": the board or partnership whose chair the letter is addressed to
  // ("Sir Paul Ennals, Chair of South Tyneside LSCB", "Reg Hooke, Chair, East Sussex Safeguarding Children Partnership").
  for (const u of before) {
    const b = u.block;
    const lines = b.type === 'table' ? [u.text] : b.lines.map((l) => l.text);
    for (const line of lines) {
      const m = /\bChair(?:person)?(?:,| of)\s+(?:the\s+)?([A-Z][^,]*?\b(?:LSCB|LSCP)|[A-Z][^,]*?\bSafeguarding\b[^,]*?\b(?:Board|Partnership))\b/.exec(comparable(line));
      if (m) return m[1]!.trim();
    }
  }
  return null;
}

/**
 * "Next steps": the written statement of proposed action the principal authority prepares, and the
 * date it is to be sent by where the letter prints one. The section runs to the signature; footnotes
 * and a page break inside it do not end it.
 */
function readNextSteps(units: Unit[]): DocumentInfo['nextSteps'] {
  const at = units.findIndex((u) => /^next steps\b/i.test(u.text.trim()) && u.text.trim().length < 40 && u.kind !== 'row');
  if (at < 0) return null;
  const parts: string[] = [];
  const body = units[at + 1] ? fontSizeOf(units[at + 1]!) : null;
  for (const u of units.slice(at + 1)) {
    const t = u.text.trim();
    if (/^yours (?:sincerely|faithfully)\b/i.test(t) || u.kind === 'row' || (u.kind === 'heading' && !u.bullet)) break;
    if (u.kind === 'paragraph' && isFootnote(u, body)) continue;
    parts.push(t.replace(/(?<=[.a-z])\d{1,2}$/, '')); // a footnote mark at the end
  }
  const text = parts.join('\n').trim();
  if (!text) return null;
  // "by 14 July 2016", "by Tuesday 25 October 2022", "by 12 November 18" (a year in two digits).
  const m = new RegExp(`\\bby\\s+(?:[A-Z][a-z]+day,?\\s+)?(\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTH_RE}))\\s+(\\d{4}|\\d{2})\\b`, 'i').exec(comparable(text));
  const due = m ? parseLongDate(`${m[1]} ${m[2]!.length === 2 ? `20${m[2]}` : m[2]}`) : null;
  return { text, due, loc: units[at]!.loc };
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

/** Headings that are never a subheading of an improvement list (the letter's next section, a boxed case study). */
const NOT_SUBHEADING = /^(?:(?:key\s+)?strengths?\b|(?:case|practice) stud(?:y|ies)\b|headline findings\b|next steps\b|yours\b|what (?:needs|does)\b|areas? for\b)/i;
/** A boxed case study set inside (or after) a list. */
const BOX_HEADING = /^(?:case|practice) stud(?:y|ies)\b/i;
/** "There are no areas for priority action." is said of a list, it is not an item of it. */
const NONE_OF_THEM = /^(?:none\.?$|(?:there (?:are|were|is) no|no)\s+(?:areas? for |further )?priority actions?\b)|^.{0,80}\b(?:did not|do not|does not) (?:identify|find|give rise to) any (?:areas? for )?priority actions?\b/i;

/** The bodies a subheading names ("The LSCB", "Health agencies", "The police"): the item's `responsible`. */
const HEADING_AGENCIES: Array<[string, RegExp]> = [
  ['LSCB', /\bLSCB\b|\bLSCP\b|\b(?:local )?(?:safeguarding children['’]?s?|children['’]?s? safeguarding) (?:board|partnership)\b/i],
  ['police', /\bpolice\b|\bconstabulary\b/i],
  ['probation', /\bprobation\b|\bNPS\b|\bCRC\b/],
  ['youth offending service', /\byouth (?:offending|justice) (?:service|team)\b/i],
  ['health', /^(?:the\s+)?(?:health|NHS)(?:\s+(?:services|agencies|providers|partners))?$/i],
  ["children's social care", /\bchildren['’]s social care\b/i],
];

const near = (a: number | null, b: number | null, tol = 2.5) => a !== null && b !== null && Math.abs(a - b) <= tol;

/**
 * The items under "Areas for priority action" and "What needs to improve ...". A list ends at the
 * next heading that is not a subheading of it; it carries on over what interrupts it on the page:
 * a page break (a paragraph set at the items' text indent, or carrying on an unfinished sentence),
 * a footnote, a boxed case study with the list's bullets resuming after it. Sub-bullets join their
 * item. Subheadings ("Leadership and management", "The front door", "The LSCB") group the items:
 * each item keeps its subheading, and the body it names. An unbulleted paragraph before the bullets
 * is the list's introduction; a list of unbulleted paragraphs is read one paragraph to an item, with
 * a warning. A cross-reference to the national framework in parentheses is kept in nationalFrameworkRef.
 */
function readItems(units: Unit[], warn: Warn): Recommendation[] {
  const out: Recommendation[] = [];
  let pa = 0;
  let afi = 0;
  for (let i = 0; i < units.length; i++) {
    const kind = listKindOf(units[i]!);
    if (!kind) continue;
    const list = new ImprovementList(units, i, kind);
    list.read();
    list.warnAbout(warn);
    for (const it of list.items) {
      takeNationalFrameworkRef(it);
      it.paragraphRefs = paragraphRefs(it.text);
      it.id = kind === 'priority_action' ? `PA${++pa}` : String(++afi);
      out.push(it);
    }
    i = list.end - 1;
  }
  return out;
}

/** The kind of items a unit heads a list of: a short heading (or a line "Areas for ...", "What needs ...")
 * naming priority actions or areas for improvement; null for any other unit. */
function listKindOf(h: Unit): Recommendation['kind'] | null {
  if (h.bullet || h.kind === 'list_item' || h.kind === 'row') return null;
  if (h.text.length > 140) return null;
  const kind = itemKindOf(h.text.replace(/^\d{1,2}\.\s+/, ''));
  if (!kind || kind === 'recommendation') return null;
  if (h.kind !== 'heading' && !/^(?:areas? for|what needs)/i.test(h.text.trim())) return null;
  return kind;
}

/** A cross-reference to the national framework in parentheses moves from the item's text to nationalFrameworkRef. */
function takeNationalFrameworkRef(it: Recommendation): void {
  const ref = /\s*\(([^()]*\bnational framework\b[^()]*)\)\s*\.?\s*$/i.exec(it.text) ?? /\s*\(([^()]*\bnational framework\b[^()]*)\)/i.exec(it.text);
  if (!ref) return;
  it.nationalFrameworkRef = ref[1]!.trim();
  it.text = (it.text.slice(0, ref.index) + it.text.slice(ref.index + ref[0].length)).trim();
  if (!/[.!?]$/.test(it.text) && /[.!?]/.test(ref[0].slice(-1))) it.text += '.';
}

/** What one step of reading a list decides: go on to the unit after `end`, or the list ends before `end`
 * (undefined: the unit is not this step's to read). */
type ListStep = 'next' | 'end' | undefined;

/**
 * One improvement list, read from the unit after its heading: the items so far, the subheading they
 * stand under, and what the list's bullets look like (marker position, text indent, body size).
 */
class ImprovementList {
  readonly items: Recommendation[] = [];
  /** The unit being read; once read, the one the list ended before. */
  end: number;
  private readonly head: Unit;
  private current: Recommendation | null = null;
  private currentIsPara = false;
  private bodySize: number | null = null;
  private heading: string | null = null;
  private headingUnit: Unit | null = null;
  /** Where the items of the current subheading start in items, and whether any is bulleted. */
  private subStart = 0;
  private subBullets = false;
  private subParas = 0;
  private markerX: number | null = null;
  private indentX: number | null = null;
  private readonly unbulleted: Array<{ at: Loc; under: string }> = [];
  private saysNone = false;

  constructor(
    private readonly units: Unit[],
    at: number,
    private readonly kind: Recommendation['kind'],
  ) {
    this.head = units[at]!;
    this.end = at + 1;
  }

  read(): void {
    for (; this.end < this.units.length; this.end++) {
      if (this.step(this.units[this.end]!) === 'end') break;
    }
    this.closeSub();
  }

  warnAbout(warn: Warn): void {
    const h = this.head;
    if (this.items.length === 0 && !this.saysNone) warn('letter_list_empty', `no items could be read under "${h.text.trim()}"`, h.loc);
    for (const u of this.unbulleted) {
      warn('letter_list_unbulleted', `the list under "${u.under}" has no bullets or numbers: each paragraph is read as one item`, u.at);
    }
  }

  /** One unit of the list, tried by each step in turn; a unit none of them reads ends the list. */
  private step(v: Unit): ListStep {
    const t = v.text.trim();
    if (v.kind === 'row') return this.boxAsTable(v, t);
    const bullet = v.kind === 'list_item' || v.bullet;
    if (!bullet) {
      const s = this.notABullet(v, t);
      if (s) return s;
    }
    if (v.kind === 'paragraph' && !v.bullet && isFootnote(v, this.bodySize)) return 'next';
    if (bullet && v.level === 0 && !SUB_GLYPH.test(t)) return this.newBullet(v, t);
    if (this.current && (bullet || SUB_GLYPH.test(t))) {
      this.current.text += '\n• ' + t.replace(SUB_GLYPH, '');
      return 'next';
    }
    if (bullet) {
      // A sub-bullet with no item above it is an item.
      this.subBullets = true;
      this.current = this.push(t.replace(SUB_GLYPH, ''), v, false);
      return 'next';
    }
    // A subheading the reader took for a paragraph: a short line, no sentence, bullets under it.
    if ((!this.current || /[.!?;:]$/.test(this.current.text.trim())) && this.groupMode() !== 'none' && isPlainSubheading(v, this.units[this.end + 1])) {
      this.openSubheading(t, v);
      return 'next';
    }
    if (this.carriesOn(v)) {
      this.current!.text += (/-$/.test(this.current!.text) ? '' : ' ') + t;
      return 'next';
    }
    // An introduction ("The local authority needs to take swift and decisive action to address ... in:").
    if (/:$/.test(t) && !this.current) return 'next';
    if (!this.subBullets && v.kind === 'paragraph') return this.paragraphItem(v, t);
    return 'end';
  }

  /** A boxed case study the reader took for a table: the list resumes after it as after a drawn box. Any other table ends the list. */
  private boxAsTable(v: Unit, t: string): ListStep {
    if (!BOX_HEADING.test(t) || this.items.length === 0) return 'end';
    let k = this.end + 1;
    while (k < this.units.length && this.units[k]!.block === v.block) k++;
    return this.resumeAt(k);
  }

  /** A unit without a bullet that says what the list is: it has no items, a boxed case study, a subheading, the next section. */
  private notABullet(v: Unit, t: string): ListStep {
    if (NONE_OF_THEM.test(t)) {
      this.saysNone = true;
      this.end++;
      return 'end';
    }
    if (v.kind === 'heading' && BOX_HEADING.test(t) && this.items.length > 0) return this.boxedCaseStudy(v);
    if (v.kind === 'heading' && !SUB_GLYPH.test(t)) {
      if (!isSubheading(v, this.units[this.end + 1], this.head, this.groupMode())) return 'end';
      this.openSubheading(t, v);
      return 'next';
    }
    if (STOP_HEADING.test(t) && t.length < 130 && !endsStatement(t)) return 'end';
    if (itemKindOf(t) && t.length < 140 && !endsStatement(t)) return 'end';
    return undefined;
  }

  /** A boxed case study: the list resumes after it when its bullets do (same marker position). */
  private boxedCaseStudy(v: Unit): ListStep {
    const units = this.units;
    const boxX = leftOf(v);
    const mode = this.groupMode();
    let k = this.end + 1;
    // Inside the box: what is set at least as far in as its heading (without geometry: its paragraphs).
    const inBox = (w: Unit) =>
      w.kind !== 'row' &&
      !(w.kind === 'list_item' || w.bullet) &&
      !(w.kind === 'heading' && isSubheading(w, units[k + 1], this.head, mode)) &&
      (boxX === null ? w.kind === 'paragraph' : (leftOf(w) ?? -1) >= boxX - 2);
    while (k < units.length && inBox(units[k]!)) k++;
    return this.resumeAt(k);
  }

  /** After a box that ends before k: the list goes on from k when it resumes there, else it ends at the box. */
  private resumeAt(k: number): ListStep {
    if (!this.resumesAfter(k)) return 'end';
    this.end = k - 1;
    this.current = null;
    return 'next';
  }

  /** After a boxed case study at k: the list's bullets resume (at the same position), or one of its subheadings follows. */
  private resumesAfter(k: number): boolean {
    const after = this.units[k];
    if (!after) return false;
    if ((after.kind === 'list_item' || after.bullet) && near(lineStarts(after).first, this.markerX)) return true;
    return after.kind === 'heading' && this.heading !== null && isSubheading(after, this.units[k + 1], this.head, this.groupMode());
  }

  /** A bullet at the list's level: a new item. Unbulleted paragraphs before the bullets introduce them. */
  private newBullet(v: Unit, t: string): ListStep {
    if (!this.subBullets && this.subParas > 0) {
      this.items.splice(this.subStart, this.subParas);
      this.subParas = 0;
    }
    this.subBullets = true;
    this.bodySize ??= fontSizeOf(v);
    this.markerX ??= lineStarts(v).first;
    this.indentX ??= textIndentOf(v);
    this.current = this.push(t, v, false);
    return 'next';
  }

  /** The item carried on: over a page break (set at the items' text indent), or a sentence left unfinished. */
  private carriesOn(v: Unit): boolean {
    return this.current !== null && ((!this.currentIsPara && hangsAt(v, this.indentX)) || continues(this.current.text, v));
  }

  /** Items written as plain paragraphs (a reader that lost the bullets, a numbered early letter). */
  private paragraphItem(v: Unit, t: string): ListStep {
    this.bodySize ??= fontSizeOf(v);
    const numbered = /^\(?\d{1,2}[.)]\s+/.test(t);
    this.current = this.push(t, v, true);
    if (numbered) this.current.id = 'numbered';
    this.subParas++;
    return 'next';
  }

  /** A subheading's paragraphs, none bulleted or numbered: a warning says each paragraph was read as one item. */
  private closeSub(): void {
    if (!this.subBullets && this.subParas > 0 && !this.items.slice(this.subStart).some((it) => it.id === 'numbered')) {
      this.unbulleted.push({ at: (this.headingUnit ?? this.head).loc, under: this.heading ?? this.head.text.trim() });
    }
  }

  /**
   * Whether the list is grouped under subheadings: 'grouped' from its start (a subheading may then head
   * unbulleted paragraphs too), 'intro' when only unbulleted paragraphs came before (a subheading must
   * head bullets), 'none' once items stand under no subheading (a heading then ends the list).
   */
  private groupMode(): SubheadingMode {
    if (this.items.every((it) => it.heading !== null)) return 'grouped';
    return this.heading === null && !this.subBullets && this.subParas === this.items.length ? 'intro' : 'none';
  }

  /** Unbulleted paragraphs before the list's first subheading introduce it. */
  private dropIntro(): void {
    if (this.heading === null && !this.subBullets && this.subParas > 0 && this.subStart === 0) {
      this.items.splice(0, this.subParas);
      this.subParas = 0;
    }
  }

  /** A subheading opens a group of items: what came before it is closed (an introduction dropped). */
  private openSubheading(t: string, v: Unit): void {
    this.dropIntro();
    this.closeSub();
    this.heading = t;
    this.headingUnit = v;
    this.subStart = this.items.length;
    this.subBullets = false;
    this.subParas = 0;
    this.current = null;
  }

  /** A new item under the current subheading; a subheading that names a body ("The LSCB",
   * "Local Children's Safeguarding Board"), not one that mentions it among other things
   * ("Leadership and management and the LSCB"), makes it that body's. */
  private push(text: string, v: Unit, asPara: boolean): Recommendation {
    const it = pushItem(this.items, this.kind, text, v.loc);
    this.currentIsPara = asPara;
    it.heading = this.heading;
    const bare = this.heading?.replace(/^the\s+/i, '').trim() ?? '';
    for (const [name, re] of HEADING_AGENCIES) {
      const m = re.exec(bare);
      if (m && m[0].length >= bare.length * 0.5 && !it.responsible.includes(name)) it.responsible.push(name);
    }
    if (it.responsible.includes('LSCB')) it.scope = 'lscb';
    return it;
  }
}

/** A short unpunctuated line that is not a sentence, with bullets under it: a subheading set as plain text. */
function isPlainSubheading(v: Unit, next: Unit | undefined): boolean {
  const t = v.text.trim();
  if (v.kind !== 'paragraph' || v.bullet || !next || !(next.kind === 'list_item' || next.bullet)) return false;
  return t.length < 100 && t.split(/\s+/).length <= 12 && /^[A-Z‘'“]/.test(t) && !/[.;:,!?]$/.test(t) && !NOT_SUBHEADING.test(t) && !STOP_HEADING.test(t) && !itemKindOf(t);
}

/**
 * A heading inside an improvement list that groups its items ("Leadership and management"): in a list
 * grouped under subheadings (see groupMode), not one of the letter's own section headings, not above the
 * list's heading, and followed by items (bullets, or paragraphs where the list is grouped from its start).
 */
type SubheadingMode = 'grouped' | 'intro' | 'none';

function isSubheading(v: Unit, next: Unit | undefined, sectionHead: Unit, mode: SubheadingMode): boolean {
  const t = v.text.trim();
  if (mode === 'none') return false;
  if (t.length > 130 || endsStatement(t) || NOT_SUBHEADING.test(t) || STOP_HEADING.test(t) || itemKindOf(t)) return false;
  if (sectionHead.kind === 'heading' && v.level < sectionHead.level) return false;
  if (!next || next.kind === 'row' || next.kind === 'heading') return false;
  return next.kind === 'list_item' || next.bullet || (mode === 'grouped' && next.kind === 'paragraph');
}

function pushItem(list: Recommendation[], kind: Recommendation['kind'], text: string, loc: Loc): Recommendation {
  // An ordered list's number ("1.", "(2)") is the item's place, not its text.
  const it = newItem({ id: '0', kind, scope: 'local_authority', text: text.replace(/^\(?\d{1,2}[.)]\s+(?=\S)/, ''), timescale: null, loc });
  list.push(it);
  return it;
}
