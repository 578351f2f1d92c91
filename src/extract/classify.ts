import { mapHeader } from './plan/columns.js';
import { transposeRecord, unnest } from './plan/tables.js';
import type { DocumentInfo, Framework, Judgement, Loc, Warning } from '../model/document.js';
import type { LayoutDocument } from '../layout/types.js';
import type { Unit } from './units.js';
import { daysBetween, parseDateRange, parseLongDate } from './dates.js';
import { comparable } from '../util/text.js';
import { sendTitle } from './send.js';
import { resolveName } from '../register/match.js';
import { registerData } from '../model/register-data.js';
import { startsUpper } from './text-rules.js';
import { FRAMEWORK_REGISTRY, FRAMEWORK_TITLES, frameworkOnDate, frameworksReadBy } from '../model/framework-registry.js';

/** Title patterns, each with its framework, in the order they are tried: the framework registry's. */
const TITLES = FRAMEWORK_TITLES;

export interface Classified {
  /** The authority's code and words as written are the register's to give (src/register/). */
  info: Omit<DocumentInfo, 'localAuthorityCode' | 'localAuthorityAsWritten'>;
  warnings: Warning[];
}

/**
 * What the document is: kind, framework, local authority, dates, lead inspector, title.
 * Reads the opening units (title page) for the title forms and the whole text for the
 * labelled facts ("Inspection dates:", "Lead inspector:", "Report published:").
 */
export function classify(layout: LayoutDocument, units: Unit[], judgements: Judgement[], numbered: number): Classified {
  const head = units.slice(0, 60);
  const headText = head.map((u) => comparable(u.text)).join('\n');
  const allText = units.map((u) => comparable(u.text)).join('\n');
  const { range, publicationDate, leadInspector } = labelledFacts(headText, allText);

  const titled = titledFramework(units) ?? letterFramework(head);
  // A framework reformed from a date (ILACS from April 2026) is known by its title and the start of the inspection.
  let framework = titled ? frameworkOnDate(titled.framework, range.start) : null;
  let titleUnit = titled?.unit;
  // An area SEND report (its title, and no plan title above it) is a report, whatever tables it holds.
  const send = sendTitle(units);
  if (send) {
    framework = send.framework;
    titleUnit = send.unit;
  }
  const evidence: KindEvidence = { planTables: planTables(layout), judgements: judgements.length, framework, leadInspector, headText, numbered };
  const kind: DocumentInfo['kind'] = send ? 'inspection_report' : (KIND_RULES.find(([, holds]) => holds(evidence))?.[0] ?? 'other');

  const warnings: Warning[] = [];
  const inspectionType = framework ? inspectionTypeOf(framework, headText, range, titleUnit?.loc ?? units[0]?.loc ?? NO_LOC, warnings) : null;
  return {
    info: {
      kind,
      title: titleUnit ? titleOf(titleUnit.text) : firstTitle(units),
      localAuthority: authorityNamed(kind, head, titleUnit, units),
      framework: kind === 'inspection_report' ? framework : null,
      inspectionType,
      inspectionStart: range.start,
      inspectionEnd: range.end,
      publicationDate,
      publicationDateSource: publicationDate ? 'printed' : null,
      leadInspector,
      inspectors: leadInspector ? [leadInspector] : [],
      focus: null,
      focusAsWritten: null,
      partnership: null,
      previousInspection: null,
      nextInspection: null,
      agencies: [],
      nextSteps: null,
    },
    warnings,
  };
}

const NO_LOC: Loc = { page: null, line: null, block: null };

/** A framework and the unit whose words named it. */
interface Titled {
  framework: Framework;
  unit: Unit;
}

/** Framework from the title page: only title-like units count (body text mentions other inspections). */
function titledFramework(units: Unit[]): Titled | null {
  // A heading may run longer (a JTAI title naming its theme in full: "... response to child sexual exploitation,
  // children associated with gangs and at risk of exploitation and children missing from home, care or education in X").
  const titleZone = units.slice(0, 60).filter((u) => u.kind !== 'row' && u.text.split(/\s+/).length <= (u.kind === 'heading' ? 60 : 30));
  for (const [re, framework] of TITLES) {
    const unit = titleZone.find((u) => re.test(comparable(u.text)));
    if (unit) return { framework, unit };
  }
  return null;
}

/** A letter whose heading the reader ran into another block is still known by its own wording. */
const LETTER_WORDING = /\bthis letter summarises the findings of (?:a|the|our) (focused visit|monitoring visit|joint targeted area inspection)\b|^dear\b.{0,60}?\b(focused visit|monitoring visit) to\b/i;

function letterFramework(head: Unit[]): Titled | null {
  for (const u of head.slice(0, 20)) {
    const m = LETTER_WORDING.exec(comparable(u.text));
    if (!m) continue;
    const what = (m[1] ?? m[2] ?? '').toLowerCase();
    const framework = frameworksReadBy('letter').find((f) => FRAMEWORK_REGISTRY[f].titles.some((re) => re.test(what)));
    if (framework) return { framework, unit: u };
  }
  return null;
}

/** Dates and people: the labelled lines ("Inspection dates:", "Report published:", "Lead inspector:"), the title page's first. */
function labelledFacts(headText: string, allText: string): { range: { start: string | null; end: string | null }; publicationDate: string | null; leadInspector: string | null } {
  const datesText = labelled(headText, /inspection dates?\s*:?\s*/i) ?? labelled(allText, /inspection dates?\s*:\s*/i);
  const pub = labelled(headText, /(?:report )?published\s*:?\s*(?=\d)/i) ?? labelled(allText, /report published\s*:\s*(?=\d)/i);
  const leadRaw = labelled(allText, /(?:lead|reporting) inspector\s*:?\s*/i);
  return {
    range: datesText ? parseDateRange(datesText) : { start: null, end: null },
    publicationDate: pub ? firstLongDate(pub) : null,
    leadInspector: leadRaw ? cleanInspector(leadRaw) : null,
  };
}

/** How many of the layout's tables have a plan's header row. */
function planTables(layout: LayoutDocument): number {
  // A table nested in a cell (flattened by the reader) brings its own header (plan/tables.ts unnest).
  return layout.blocks.filter((b) => b.type === 'table' && unnest(transposeRecord(b)).rows.some((r) => isPlanHeader(r.cells.map((c) => c.text)))).length;
}

/** What a document's kind is decided from (an area SEND report's title decides before any of it). */
interface KindEvidence {
  planTables: number;
  judgements: number;
  framework: Framework | null;
  leadInspector: string | null;
  headText: string;
  numbered: number;
}

const PLAN_TITLE = /\b(?:action|improvement) plan\b/i;

/** The kinds in the order they are tried: the first whose test holds; none: 'other'. */
const KIND_RULES: ReadonlyArray<readonly [DocumentInfo['kind'], (e: KindEvidence) => boolean]> = [
  // A plan answering an inspection names the inspection in its title: its plan tables decide.
  ['action_plan', (e) => e.planTables > 0 && (e.judgements === 0 || PLAN_TITLE.test(e.headText))],
  ['inspection_report', (e) => e.framework !== null || (e.judgements > 0 && Boolean(e.leadInspector))],
  ['progress_report', (e) => PLAN_TITLE.test(e.headText) && /\b(?:progress|scrutiny|committee|report from)\b/i.test(e.headText) && e.numbered > 0],
  ['action_plan', (e) => PLAN_TITLE.test(e.headText)],
];

/** Inspection type (ILACS): stated, else inferred from the length of the visit (with a warning); null for a framework without types. */
function inspectionTypeOf(framework: Framework, headText: string, range: { start: string | null; end: string | null }, loc: Loc, warnings: Warning[]): DocumentInfo['inspectionType'] {
  if (!FRAMEWORK_REGISTRY[framework].inspectionTypes) return null;
  const stated = /\b(short|standard) inspection\b/i.exec(headText);
  if (stated) return stated[1]!.toLowerCase() as 'short' | 'standard';
  if (!range.start || !range.end) return null;
  const days = daysBetween(range.start, range.end);
  const inspectionType = days >= 7 ? 'standard' : 'short';
  warnings.push({
    code: 'inspection_type_inferred',
    message: `inspection type "${inspectionType}" inferred from the length of the visit (${days + 1} days, ${range.start} to ${range.end}); the report does not say`,
    loc,
  });
  return inspectionType;
}

/** The authority as the document names it. A plan that states its authority in a labelled header line or
 * cell ("Local authority: X") means that one; else the title page's; else a plan's title, else the council it names most. */
function authorityNamed(kind: DocumentInfo['kind'], head: Unit[], titleUnit: Unit | undefined, units: Unit[]): string | null {
  const isPlan = kind === 'action_plan' || kind === 'progress_report';
  return (isPlan ? labelledAuthority(head) : null) ?? findLocalAuthority(head, titleUnit) ?? (isPlan ? planTitleAuthority(head) ?? mostNamedCouncil(units) : null);
}

/** Text after a label, up to the end of its line. */
function labelled(text: string, label: RegExp): string | null {
  const m = new RegExp(label.source + '([^\\n]+)', label.flags.replace('g', '')).exec(text);
  return m ? m[1]!.trim() : null;
}

function firstLongDate(s: string): string | null {
  const m = /(\d{1,2}(?:st|nd|rd|th)? [A-Za-z]+\.? \d{4})/.exec(s);
  return m ? parseLongDate(m[1]!) : null;
}

export function cleanInspector(raw: string): string | null {
  const name = raw
    .replace(/\s*(?:Deputy lead inspector|Team inspectors?|Inspectors?:|Report published|Inspection dates?)\b.*$/i, '')
    .replace(/,?\s*(?:Senior\s+)?(?:HMI|H[ei][rs] Majesty['’]?s(?: Inspector)?|Ofsted Inspector|Social Care Regulatory Inspector|HM Inspector)\b.*$/i, '')
    // A parenthesis the line break left open: "Jane Smith (" / "HMI)".
    .replace(/\s*\([^)]*$/, '')
    .replace(/[,;.\s]+$/, '')
    .trim();
  if (!name || name.split(/\s+/).length > 6 || /\d/.test(name)) return null;
  return name;
}

const ACTION_WORDS = /\baction|\bdescription|\blead|\btimescale|by when|\bdue\b|\bdeadline|\bprogress|\brag\b|\bstatus|\boutcome|success (?:measure|criteria)|\bevidence\b/i;

/** A table header row of an action plan: several cells naming plan columns. */
export function isPlanHeader(cells: string[]): boolean {
  const hits = cells.filter((c) => c.length < 60 && ACTION_WORDS.test(c)).length;
  return hits >= 3 || mapHeader(cells) !== null;
}

const LA_PREFIX = /^(?:the\s+)?(?:london borough of|royal borough of|metropolitan borough of|borough of|county of|council of the|council of)\s+/i;
const LA_SUFFIX = /\s+(?:(?:local )?safeguarding children['’]?s? board|lscb|metropolitan district council|metropolitan borough council|county borough council|district council|borough council|county council|city council|council|metropolitan district|metropolitan borough|metropolitan|unitary authority|children['’]s services)$/i;

/** The register's names that themselves begin "City of": there the words are the name, not a style to strip. */
let cityOfNames: string[] | null = null;
function registerCityOf(): string[] {
  cityOfNames ??= registerData().authorities.map((a) => a.name).filter((n) => /^city of\s/i.test(n));
  return cityOfNames;
}

/**
 * Short name of a local authority: "City of X Metropolitan District Council" -> "X". A register name
 * that begins "City of" keeps it. Other spellings stay as written; the register's aliases
 * (data/aliases.csv) resolve them to an authority.
 */
export function shortLaName(raw: string): string | null {
  let s = comparable(raw).replace(/[¹²³\d]+$/, '').trim();
  const lower = s.toLowerCase();
  const whole = registerCityOf().find((n) => lower === n.toLowerCase() || lower.startsWith(`${n.toLowerCase()} `));
  if (whole) return whole;
  s = s.replace(LA_PREFIX, '');
  for (let i = 0; i < 2; i++) s = s.replace(LA_SUFFIX, '');
  s = s.replace(/^city of\s+/i, '').replace(/\s+city$/i, '');
  s = s.replace(/\bUpon\b/g, 'upon').replace(/\bAnd\b/g, 'and').replace(/&/g, 'and');
  s = s.trim();
  if (!s || s.length > 60 || !startsUpper(s)) return null;
  return s;
}

function findLocalAuthority(head: Unit[], titleUnit: Unit | undefined): string | null {
  // "Inspection of X local authority children's services": a title that names its authority (group `la`).
  const titled = titleUnit ? TITLES.map(([re]) => re.exec(comparable(titleUnit.text))?.groups?.la).find(Boolean) : undefined;
  const named = titled && !/^local authority$/i.test(titled) ? shortLaName(titled) : null;
  if (named) return named;
  if (titleUnit) {
    // The authority's name stands on its own just before the title (SIF, early ILACS) ...
    const i = head.indexOf(titleUnit);
    for (let k = i - 1; k >= Math.max(0, i - 3); k--) {
      const t = head[k]!.text;
      if (isLaLine(t)) return shortLaName(t);
    }
    // ... or the title starts with it, or it follows the title (2013 looked after children inspections).
    const inTitle = /^(.+?)\s+(?:re-?\s?)?inspection of\b/i.exec(comparable(titleUnit.text));
    if (inTitle && isLaLine(inTitle[1]!)) return shortLaName(inTitle[1]!);
    for (const u of head.slice(i + 1, i + 3)) if (isLaLine(u.text) && /council|borough|city/i.test(u.text)) return shortLaName(u.text);
  }
  // A committee paper or plan: "London Borough of X", "X Council".
  for (const u of head.slice(0, 10)) {
    const m = /\b((?:London Borough|Royal Borough|Borough|City) of [A-Z][\w&' -]+?|[A-Z][\w' -]+? (?:Council|County Council|City Council))\b/.exec(comparable(u.text));
    if (m) return shortLaName(m[1]!);
  }
  return null;
}

/** A header label naming the authority a plan or paper is for ("Local authority:", "Council:"). */
const AUTHORITY_LABEL = /^(?:name of (?:the )?)?(?:local authority|council|authority|local area)\s*(?:name)?\s*[:–—]\s*(.*)$/i;
/** Opening units searched for a labelled authority. */
const LABELLED_HEAD = 15;

/**
 * The authority a plan's header states under a label: a line "Local authority: X" (or
 * "Council: X"), or a header table's row of a label cell and its value ("Local authority" | "X").
 * The name must be one the register knows.
 */
export function labelledAuthority(head: Unit[]): string | null {
  for (const u of head.slice(0, LABELLED_HEAD)) {
    const values: string[] = [];
    if (u.cells) {
      const cells = u.cells.map((c) => comparable(c).trim());
      cells.forEach((c, k) => {
        const m = AUTHORITY_LABEL.exec(c) ?? AUTHORITY_LABEL.exec(`${c}:`);
        if (!m) return;
        if (m[1]) values.push(m[1]);
        else if (cells[k + 1]) values.push(cells[k + 1]!);
      });
    } else {
      const m = AUTHORITY_LABEL.exec(comparable(u.text).trim());
      if (m?.[1]) values.push(m[1]);
    }
    for (const v of values) {
      const name = shortLaName(v.replace(/[.;,]+$/, '').trim());
      if (name && resolveName(name, null).ok) return name;
    }
  }
  return null;
}

/** Words a plan's title can start with that are not an authority's name. */
const NOT_A_NAME = /^(?:the|our|this|an?|ofsted|inspection|post|children|childrens|la|local authority|draft|final|single|joint|multi|improvement|action|progress|update|appendix|annex|version|v\d)\b/i;

/**
 * A plan whose title (or running header) is the only place it names its authority:
 * "X: inspection action plan (2014)", "X Council Ofsted improvement plan",
 * "X children's services inspection action plan". The name must be one the register knows.
 */
export function planTitleAuthority(head: Unit[]): string | null {
  for (const u of head.slice(0, 15)) {
    const texts = u.cells ? u.cells.filter(Boolean) : [u.text];
    for (const raw of texts) {
      const t = comparable(raw).trim();
      if (t.length > 160) continue;
      const m =
        /^(.+?)\s*[:–—|]\s+.{0,80}?\b(?:action|improvement|development) plan\b/i.exec(t) ??
        /^(.+?)\s+(?:council\s+|children['’]?s services\s+|social care\s+)?(?:ofsted\s+)?(?:post[- ]?)?(?:inspection\s+)?(?:action|improvement) plan\b/i.exec(t);
      if (!m) continue;
      const cand = m[1]!.trim();
      if (NOT_A_NAME.test(cand) || /\bplan\b/i.test(cand) || cand.split(/\s+/).length > 8) continue;
      const name = shortLaName(cand);
      if (name && resolveName(name, null).ok) return name;
    }
  }
  return null;
}

/** A plan that names its council only in the body ("X Council", "X Council"): the one named most. */
function mostNamedCouncil(units: Unit[]): string | null {
  const counts = new Map<string, number>();
  for (const u of units) {
    for (const m of comparable(u.text).matchAll(/\b(?:London Borough of ([A-Z][a-z]+(?: (?:and|&) [A-Z][a-z]+)?)|([A-Z][a-z]+) (?:Borough )?Council)\b/g)) {
      const name = m[1] ?? m[2]!;
      if (/^(?:One|The|County|City|Borough|Town|Parish|District|Our|This|Each|Full|Local|Care|Social|Health|Children|Services|Service|Safeguarding|Partnership|Trust|Advisory|Executive|Cabinet)$/.test(name)) continue;
      counts.set(name, (counts.get(name) ?? 0) + 1);
    }
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best ? shortLaName(best[0]) : null;
}

function isLaLine(t: string): boolean {
  // "X Safeguarding Children Board" names its authority (a standalone LSCB review).
  const s = comparable(t).replace(/[¹²³]+$/, '').replace(/\s+(?:local )?safeguarding children['’]?s? board$/i, '');
  if (/^(?:the )?local$/i.test(s)) return false;
  // A letter's salutation ("Dear Carly", "Dear Ms Leavy") names a person, never the authority.
  if (/^dear\b/i.test(s)) return false;
  return s.length > 2 && s.length < 70 && startsUpper(s) && !/inspection|ofsted|report|children|review|effectiveness|\d{4}/i.test(s) && s.split(' ').length <= 8;
}

function titleOf(text: string): string {
  return comparable(text).replace(/[¹²³]+$/, '').replace(/\d$/, '').trim();
}

function firstTitle(units: Unit[]): string | null {
  const u = units.slice(0, 15).find((x) => x.kind === 'heading') ?? units.find((x) => x.text.length > 3 && x.text.length < 200);
  return u ? titleOf(u.text) : null;
}
