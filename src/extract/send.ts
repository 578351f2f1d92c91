/**
 * Area SEND inspection reports (Ofsted and CQC): the 2023 framework ("Area SEND inspection of
 * X Local Area Partnership") and the 2016-2022 local area SEND inspections and revisits
 * ("Joint local area SEND inspection in X", letters whose result is whether a written
 * statement of action is required).
 *
 * Read from structure: the title line, labelled dates, the section headings the framework
 * prescribes ("Inspection outcome", "Areas for priority action", "Areas for improvement",
 * "Inspection team"), table columns ("Responsible body"), and line geometry where a one-column
 * table's rows reach the layout as one paragraph.
 */
import type { DocumentInfo, Framework, Grade, Judgement, Loc, Recommendation, Warning } from '../model/document.js';
import type { TextLine } from '../layout/types.js';
import type { Unit } from './units.js';
import { continues, hangsAt, textIndentOf } from './units.js';
import { parseDateRange, parseLongDate, MONTH_RE } from './dates.js';
import { newItem } from './recommendations.js';
import { comparable, normalizeSpace } from '../util/text.js';
import { endsStatement, startsUpper } from './text-rules.js';

/** 2023 framework title: "Area SEND inspection of (the) X Local Area Partnership". */
const AREA_TITLE = /^area send (monitoring )?(?:re-?)?inspection of\s*(?:the\s+)?(.*?)(?:\s*\([A-Z]{2,5}\))?[.,;:]?\s*$/i;
/** 2016-2022: "Joint local area SEND inspection in X", "Joint local area SEND revisit in X", "Local area SEND inspection: X". */
const LOCAL_TITLE = /^(?:joint\s+)?local area send (inspection|revisit|re-?visit|re-?inspection)\s*(?:in|of|:|-)?\s*(?:the\s+)?(.*?)\s*$/i;
/** A plan or statement of action that names the inspection it answers: never the report itself. */
const PLAN_TITLE = /\b(?:action plan|improvement plan|statement of action|progress report|self[- ]evaluation)\b/i;

export interface SendTitle {
  framework: Extract<Framework, 'area_send' | 'local_area_send'>;
  /** "revisit" for the 2016-2022 revisits. */
  revisit: boolean;
  /** The partnership (or area) as the title names it, without "the"; null when the title names none. */
  named: string | null;
  unit: Unit;
}

/**
 * Is this an area SEND inspection report? Looks at the title zone (short units of the opening
 * pages) for the framework's title; a document whose opening lines call it a plan or a
 * statement of action (a council's answer to the report) is not one.
 */
export function sendTitle(units: Unit[]): SendTitle | null {
  const zone = units.slice(0, 40).filter((u) => u.kind !== 'row' && u.text.split(/\s+/).length <= 25);
  for (const u of zone.slice(0, 12)) {
    const t = comparable(u.text);
    if (PLAN_TITLE.test(t) && !endsStatement(t) && t.split(/\s+/).length <= 14) return null;
  }
  for (const u of zone) {
    const t = comparable(u.text).replace(/[¹²³]+$/, '');
    const a = AREA_TITLE.exec(t);
    if (a) {
      // The partnership's name on the title's next line when the reader split the title in two.
      let named = a[2] || null;
      if (!named) {
        const next = zone[zone.indexOf(u) + 1];
        if (next && /\blocal area partnership$/i.test(comparable(next.text))) named = comparable(next.text).replace(/^the\s+/i, '');
      }
      return { framework: 'area_send', revisit: Boolean(a[1]), named, unit: u };
    }
    const l = LOCAL_TITLE.exec(t);
    if (l) return { framework: 'local_area_send', revisit: /visit/i.test(l[1]!), named: l[2] || null, unit: u };
  }
  return null;
}

export interface SendExtraction {
  /** Fields of the document this report states; the authority name is for the register resolver. */
  info: Pick<DocumentInfo, 'partnership' | 'previousInspection' | 'nextInspection' | 'inspectors' | 'leadInspector'> &
    Partial<Pick<DocumentInfo, 'inspectionStart' | 'inspectionEnd' | 'publicationDate' | 'localAuthority' | 'title'>>;
  judgements: Judgement[];
  items: Recommendation[];
  warnings: Warning[];
}

/** The outcome sentences of the 2023 framework, each with its grade. */
const OUTCOMES: Array<[RegExp, Grade]> = [
  [/\btypically lead to positive experiences and outcomes\b/i, 'positive_experiences'],
  [/\blead to inconsistent experiences and outcomes\b/i, 'inconsistent_experiences'],
  [/\b(?:widespread and\/or systemic|widespread|systemic) failings leading to significant concerns\b/i, 'significant_concerns'],
];

export function outcomeGrade(sentence: string): Grade | null {
  const t = comparable(sentence);
  for (const [re, g] of OUTCOMES) if (re.test(t)) return g;
  return null;
}

/** 2016-2022: whether the letter says a written statement of action is required. */
export function writtenStatementGrade(text: string): Grade | null {
  const t = comparable(text);
  if (/\bwritten statement of action\b[^.]{0,80}\bis not required\b|\bnot (?:be )?required to (?:produce|submit|prepare)\b[^.]{0,60}\bwritten statement\b|\bno written statement of action is required\b/i.test(t)) return 'written_statement_not_required';
  if (/\bwritten statement of action\b[^.]{0,80}\b(?:is|was) required\b|\brequired to (?:produce|submit|prepare)\b[^.]{0,60}\bwritten statement\b|\bdetermined that a written statement\b/i.test(t)) return 'written_statement_required';
  return null;
}

const WEAKNESS_INTRO = /\b(?:the )?following (?:areas? of )?significant (?:areas? of )?weakness(?:es)?(?: in [^:]{0,80})?\s*:$/i;
/** Sections that follow the items in a 2023 report: where the items end even when the reader gave no heading. */
const NEXT_SECTION = /^(?:local area partnership details|information about this inspection|inspection team|what is it like to be|what is the area partnership doing|what does the area partnership need)\b/i;
/** The finding of a revisit or monitoring inspection: "the area has (not) made sufficient progress". */
const PROGRESS_MADE = /\b(?:has|have) (?:not )?made (?:sufficient|insufficient|enough|good|reasonable|limited) progress\b/i;
const isOutcomeHeading = (t: string) => /^(?:inspection )?outcomes?\b|^(?:the )?outcome of (?:the|this) inspection\b/i.test(t.trim());
const sectionKind = (t: string): Recommendation['kind'] | null => {
  const s = comparable(t).trim();
  if (/^areas? for priority action\b/i.test(s)) return 'priority_action';
  if (/^(?:areas? for (?:improvement|development)|what needs to improve\b)/i.test(s)) return 'area_for_improvement';
  return null;
};
const isHeadingUnit = (u: Unit) => u.kind === 'heading';

export function extractSend(units: Unit[], title: SendTitle): SendExtraction {
  const head = units.slice(0, 60);
  const { partnership, authority } = partnershipOf(units, title);
  const range = inspectionDates(head);
  const { judgements, warnings } = outcomeJudgement(units, title);
  const { inspectors, lead } = sendInspectors(units);
  return {
    info: {
      title: normalizeSpace(title.unit.text).replace(/[¹²³]+$/, ''),
      partnership,
      localAuthority: authority,
      inspectionStart: range.start,
      inspectionEnd: range.end,
      publicationDate: sendPublicationDate(units, head, title),
      previousInspection: previousInspectionOf(head),
      nextInspection: nextInspectionOf(units),
      inspectors,
      leadInspector: lead,
    },
    judgements,
    items: extractItems(units),
    warnings,
  };
}

/** The partnership and its authority: "X Local Area Partnership" -> "X"; else the details table's
 * authority; else (2016-2022) "the local area of X". */
function partnershipOf(units: Unit[], title: SendTitle): { partnership: string | null; authority: string | null } {
  let partnership: string | null = null;
  let authority: string | null = null;
  if (title.named) {
    partnership = title.named;
    authority = title.named.replace(/\s+local area(?: send)? partnership$/i, '').replace(/\s+local area$/i, '').trim() || null;
  }
  if (!authority) authority = detailsAuthority(units);
  if (!authority && title.framework === 'local_area_send') {
    const m = /\bthe local area of\s+([A-Z][\w'’&-]*(?:\s+(?:and|upon|on|of|the|[A-Z][\w'’&-]*))*)/.exec(units.map((u) => comparable(u.text)).join('\n'));
    if (m) authority = m[1]!.replace(/\s+(?:and|upon|on|of|the)$/, '');
  }
  return { partnership, authority };
}

/** The inspection dates: labelled ("Inspection dates: 4 to 8 December 2023"), else (2016-2022 letters)
 * "Between 3 October 2016 and 7 October 2016, Ofsted and the Care Quality Commission ...". */
function inspectionDates(head: Unit[]): { start: string | null; end: string | null } {
  const dates = labelled(head, /^(?:inspection dates?|dates? of (?:the )?inspection)\s*:?\s*(?=\d)/i);
  const range = dates ? parseDateRange(dates.text) : { start: null, end: null };
  if (range.start) return range;
  const between = head.map((u) => comparable(u.text)).join('\n').match(new RegExp(`\\b(?:between|from)\\s+(\\d{1,2}(?:\\s+${MONTH_RE})?(?:\\s+\\d{4})?)\\s+(?:and|to)\\s+(\\d{1,2}\\s+${MONTH_RE}\\s+\\d{4})`, 'i'));
  return between ? parseDateRange(`${between[1]} to ${between[2]}`) : range;
}

function previousInspectionOf(head: Unit[]): DocumentInfo['previousInspection'] {
  const prev = labelled(head, /^dates? of (?:the )?previous (?:area send |local area send )?inspections?\s*:?\s*/i);
  return prev && prev.text ? { date: parseDateRange(prev.text).start, text: prev.text } : null;
}

/** "Report published: ..."; a 2016-2022 letter's own date stands on its own line near its title, above the salutation. */
function sendPublicationDate(units: Unit[], head: Unit[], title: SendTitle): string | null {
  const published = labelled(head, /^(?:report )?published\s*:?\s*(?=\d)/i);
  const printed = published ? longDateIn(published.text) : null;
  if (printed || title.framework !== 'local_area_send') return printed;
  const i = title.unit.index;
  for (const u of units.slice(Math.max(0, i - 8), i + 8)) {
    const d = parseLongDate(comparable(u.text));
    if (d) return d;
  }
  return null;
}

interface Outcome {
  judgements: Judgement[];
  warnings: Warning[];
}

/** The outcome, as each kind of report gives it: a 2023 monitoring inspection's progress, a 2023
 * inspection's outcome grade, a 2016-2022 letter's written statement of action or a revisit's progress. */
function outcomeJudgement(units: Unit[], title: SendTitle): Outcome {
  if (title.framework === 'area_send') return title.revisit ? monitoringProgress(units) : areaSendOutcome(units, title);
  return title.revisit ? revisitProgress(units, title) : writtenStatementOutcome(units, title);
}

/** A monitoring inspection judges progress against the areas for priority action: no outcome grade fits (a warning says what it found). */
function monitoringProgress(units: Unit[]): Outcome {
  const all = units.map((u) => ({ u, t: comparable(u.text) }));
  const p = all.find((x) => PROGRESS_MADE.test(x.t)) ?? all.find((x) => /\bsufficient progress\b|\bprogress in addressing\b/i.test(x.t));
  const warnings: Warning[] = [];
  if (p) warnings.push({ code: 'send_monitoring_progress', message: `monitoring inspection: "${sentenceWith(normalizeSpace(p.u.text), PROGRESS_MADE.test(p.t) ? PROGRESS_MADE : /progress/i)}"`, loc: p.u.loc });
  return { judgements: [], warnings };
}

/** The 2023 framework's outcome: one of its three sentences, graded. */
function areaSendOutcome(units: Unit[], title: SendTitle): Outcome {
  const o = outcomeOf(units);
  if (o && o.grade) return { judgements: [{ area: 'send_outcome', label: 'Inspection outcome', grade: o.grade, wording: o.text, loc: o.loc }], warnings: [] };
  if (o) return { judgements: [], warnings: [{ code: 'send_outcome_unrecognised', message: `the inspection outcome is none of the three outcomes of the area SEND framework: "${o.text}"`, loc: o.loc }] };
  return { judgements: [], warnings: [{ code: 'send_outcome_missing', message: 'no inspection outcome found in the area SEND report', loc: title.unit.loc }] };
}

/** A revisit judges progress, not whether a statement is required: kept as a warning (no grade fits). */
function revisitProgress(units: Unit[], title: SendTitle): Outcome {
  const all = units.map((u) => ({ u, t: comparable(u.text) }));
  const p = all.find((x) => PROGRESS_MADE.test(x.t)) ?? all.find((x) => /\bsufficient progress\b/i.test(x.t));
  if (p) return { judgements: [], warnings: [{ code: 'send_revisit_progress', message: `revisit: "${sentenceWith(normalizeSpace(p.u.text), PROGRESS_MADE.test(p.t) ? PROGRESS_MADE : /sufficient progress/i)}"`, loc: p.u.loc }] };
  return { judgements: [], warnings: [{ code: 'send_outcome_missing', message: 'the revisit letter does not say whether sufficient progress was made', loc: title.unit.loc }] };
}

/** A 2016-2022 letter's result: whether a written statement of action is required. */
function writtenStatementOutcome(units: Unit[], title: SendTitle): Outcome {
  const wsoa = units.map((u) => ({ u, t: comparable(u.text) })).find((x) => writtenStatementGrade(x.t));
  if (!wsoa) return { judgements: [], warnings: [{ code: 'send_outcome_missing', message: 'the letter does not say whether a written statement of action is required', loc: title.unit.loc }] };
  const wording = sentenceWith(normalizeSpace(wsoa.u.text), /written statement/i);
  return { judgements: [{ area: 'send_outcome', label: 'Written statement of action', grade: writtenStatementGrade(wsoa.t)!, wording, loc: wsoa.u.loc }], warnings: [] };
}

/** When the next full inspection will be, as written, with its date where it gives one. */
function nextInspectionOf(units: Unit[]): DocumentInfo['nextInspection'] {
  const next = units.slice(0, 80).find((u) => /\bnext (?:full )?(?:area send )?(?:re-?)?inspection\b/i.test(u.text) && /\bwill\b/i.test(u.text));
  if (!next) return null;
  const raw = sentenceWith(normalizeSpace(next.text), /\bnext (?:full )?(?:area send )?(?:re-?)?inspection\b/i);
  return { raw, date: longDateIn(raw) };
}

/** The inspection team; a letter with none is signed by its lead inspector: the name under "Yours sincerely". */
function sendInspectors(units: Unit[]): { inspectors: string[]; lead: string | null } {
  const team = inspectorsOf(units);
  if (team.lead) return team;
  const i = units.findIndex((u) => /^yours (?:sincerely|faithfully)\b/i.test(comparable(u.text)));
  const name = i >= 0 ? units.slice(i + 1, i + 3).map((u) => comparable(u.text)).find((t) => /^[A-Z][\p{L}'’-]+(?:\s+[A-Z][\p{L}'’-]+){1,3}$/u.test(t) && !/inspector|ofsted|majesty/i.test(t)) : undefined;
  return name ? { inspectors: [name], lead: name } : team;
}

/** Text after a label at the start of a unit (or in the label cell of a row). */
function labelled(units: Unit[], label: RegExp): { text: string; loc: Loc } | null {
  for (let i = 0; i < units.length; i++) {
    const t = comparable(units[i]!.text);
    const m = label.exec(t);
    if (m) return { text: t.slice(m[0].length).trim(), loc: units[i]!.loc };
    // The label on its own line, its value on the next ("Inspection dates:" / "4 to 8 December 2023").
    const bare = new RegExp(label.source.replace(/\(\?=\\d\)$/, '') + '$', label.flags).exec(t);
    const next = units[i + 1];
    if (bare && next && /^\d/.test(comparable(next.text))) return { text: comparable(next.text), loc: next.loc };
  }
  return null;
}

function longDateIn(s: string): string | null {
  const m = new RegExp(`(\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH_RE}\\.?\\s+\\d{4})`, 'i').exec(s);
  return m ? parseLongDate(m[1]!) : null;
}

/** The sentence of `text` that matches `re` (the whole text when it is one sentence). */
function sentenceWith(text: string, re: RegExp): string {
  const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z])/);
  return (sentences.find((s) => re.test(s)) ?? text).trim();
}

/** The outcome: the first paragraph under "Inspection outcome", else the first sentence naming experiences and outcomes. */
function outcomeOf(units: Unit[]): { text: string; grade: Grade | null; loc: Loc } | null {
  const h = units.findIndex((u) => isHeadingUnit(u) && isOutcomeHeading(comparable(u.text)));
  if (h >= 0) {
    const u = units.slice(h + 1, h + 4).find((x) => !isHeadingUnit(x) && x.text.length > 20);
    if (u) {
      const text = normalizeSpace(u.text);
      return { text, grade: outcomeGrade(text), loc: u.loc };
    }
  }
  for (const u of units.slice(0, 40)) {
    const g = outcomeGrade(u.text);
    if (g) return { text: normalizeSpace(u.text), grade: g, loc: u.loc };
  }
  return null;
}

/** "Local area partnership details": the first cell under the "Local authority" column. */
function detailsAuthority(units: Unit[]): string | null {
  for (let i = 0; i < units.length - 1; i++) {
    const c = units[i]!.cells;
    if (!c) continue;
    const col = c.findIndex((x) => /^local authority$/i.test(comparable(x).trim()));
    const below = units[i + 1]!.cells;
    if (col >= 0 && below && below[col]) return comparable(below[col]!).replace(/\s+local authority$/i, '').trim() || null;
  }
  return null;
}

/**
 * The inspection team: "Name, Ofsted Lead Inspector", "Name HMI, Ofsted", "Name, CQC inspector",
 * in a table or run together in one paragraph. The Ofsted lead first, then the CQC lead, then the rest.
 */
export function inspectorsOf(units: Unit[]): { inspectors: string[]; lead: string | null } {
  const h = units.findIndex((u) => isHeadingUnit(u) && /^inspection team$/i.test(comparable(u.text).trim()));
  if (h < 0) return { inspectors: [], lead: null };
  const parts: string[] = [];
  for (const u of units.slice(h + 1, h + 12)) {
    const t = comparable(u.cells ? u.cells.join(' ; ') : u.text);
    if (isHeadingUnit(u) && !/^(?:ofsted|care quality commission|cqc)$/i.test(t)) break;
    if (/complain|office for standards/i.test(t)) break;
    parts.push(t);
  }
  return parseTeam(parts.join(' ; '));
}

export function parseTeam(text: string): { inspectors: string[]; lead: string | null } {
  const found: Array<{ name: string; ofsted: boolean; lead: boolean }> = [];
  // Each person: a name (capitalised words), optionally "HMI", then the body and the role.
  const re = /([A-Z][\p{L}'’-]+(?:\s+(?:[A-Z][\p{L}'’-]+|de|van|von|der|le|la))*?)(?:\s+HMI)?,?\s+(Ofsted|CQC)\b((?:[\s,]+(?:HMI|lead|Lead|inspector|Inspector|Senior|senior|Children['’]s|Services))*)/gu;
  for (const m of text.matchAll(re)) {
    const name = m[1]!.replace(/^(?:Ofsted|Care Quality Commission|CQC)\s+/, '').trim();
    if (!name || /^(?:Ofsted|CQC|Care|Quality|Commission|Inspector|Lead)$/i.test(name)) continue;
    found.push({ name, ofsted: m[2] === 'Ofsted', lead: /lead/i.test(m[3] ?? '') });
  }
  const order = (p: (typeof found)[number]) => (p.lead ? (p.ofsted ? 0 : 1) : 2);
  const sorted = found.map((p, i) => ({ p, i })).sort((a, b) => order(a.p) - order(b.p) || a.i - b.i).map((x) => x.p);
  const names = [...new Set(sorted.map((p) => p.name))];
  const lead = sorted.find((p) => p.lead && p.ofsted)?.name ?? names[0] ?? null;
  return { inspectors: names, lead };
}

/**
 * Areas for priority action and areas for improvement: a table (a "Responsible body" column
 * beside the items) or paragraphs, each item with the bullets under it. Items a one-column
 * table ran together into one paragraph are split where a sentence ends at a wider line gap.
 */
export function extractItems(units: Unit[]): Recommendation[] {
  const lists = new SendLists();
  for (const u of units) lists.read(u);
  lists.flush();
  return lists.items;
}

/** An item being read: its text so far and the bodies responsible for it. */
interface PendingItem {
  kind: Recommendation['kind'];
  text: string;
  responsible: string[];
  loc: Loc;
  fromTable: boolean;
}

/** Where a letter's lists end: its sign-off. */
const SIGN_OFF = /^(?:yours (?:sincerely|faithfully)|kind regards)\b/i;

/** A short line naming a section (no heading style): it opens or closes a list as a heading does. */
const isSectionLine = (u: Unit, t: string) => u.kind === 'paragraph' && (sectionKind(t) !== null || NEXT_SECTION.test(t)) && t.split(/\s+/).length <= 8 && !/[.:]$/.test(t);

/**
 * A SEND report's lists, read unit by unit: which list is open (its kind), the item being read, and,
 * for a table, which column holds the items and which the responsible bodies.
 */
class SendLists {
  readonly items: Recommendation[] = [];
  private readonly counts = { priority_action: 0, area_for_improvement: 0, recommendation: 0 };
  private kind: Recommendation['kind'] | null = null;
  private current: PendingItem | null = null;
  private lastUnit: Unit | null = null;
  /** The last paragraph ended in a colon: the bullets under it are its own. */
  private listOpen = false;
  private itemCol = -1;
  private bodyCol = -1;
  private bulletIndent: number | null = null;

  read(u: Unit): void {
    const t = comparable(u.text);
    if (this.opensOrCloses(u, t)) return;
    const kind = this.kind;
    if (!kind) return;
    if (u.kind === 'row' && u.cells) this.row(u, u.cells, kind);
    else if (u.kind === 'list_item' || u.bullet) this.bullet(u, kind);
    else if (this.hangsFromBullet(u)) this.current!.text += ` ${normalizeSpace(u.text)}`;
    else this.paragraph(u, kind);
  }

  /** The item being read becomes an item (numbered in its kind; its bodies read from its text when no column gave them). */
  flush(): void {
    const current = this.current;
    if (current && current.text.trim()) {
      const n = ++this.counts[current.kind];
      const id = `${current.kind === 'priority_action' ? 'PA' : 'AFI'}${n}`;
      const item = newItem({ id, kind: current.kind, scope: 'partners', text: current.text.trim(), timescale: null, loc: current.loc });
      item.responsible = current.responsible.length ? current.responsible : responsibleOf(current.text);
      this.items.push(item);
    }
    this.current = null;
  }

  /** A unit where a list opens (a section heading naming one, the 2016-2022 weaknesses' introduction)
   * or closes (any other heading, the sign-off): true when it was one. */
  private opensOrCloses(u: Unit, t: string): boolean {
    if (isHeadingUnit(u) || isSectionLine(u, t)) {
      const k = sectionKind(t);
      if (k) this.open(k);
      else if (this.kind) this.close();
      return true;
    }
    // 2016-2022 letters: "... tackle the following areas of significant weakness:" opens a list of
    // the weaknesses the written statement must address (the nearest to areas for priority action).
    if (u.kind !== 'row' && WEAKNESS_INTRO.test(t)) {
      this.open('priority_action');
      return true;
    }
    if (SIGN_OFF.test(t)) {
      this.close();
      return true;
    }
    return false;
  }

  private open(kind: Recommendation['kind']): void {
    this.flush();
    this.kind = kind;
    this.listOpen = false;
  }

  private close(): void {
    this.flush();
    this.kind = null;
  }

  /** A table row: a header row says which column holds the items and which the bodies; any other row is one item. */
  private row(u: Unit, rowCells: string[], kind: Recommendation['kind']): void {
    const cells = rowCells.map((c) => comparable(c).trim());
    const head = cells.findIndex((c) => /^responsible bod(?:y|ies)$/i.test(c));
    if (head >= 0 || cells.some((c) => sectionKind(c) && c.length < 40)) return this.headerRow(cells, head);
    this.flush();
    const col = this.itemCol >= 0 && this.itemCol < rowCells.length ? this.itemCol : rowCells.length - 1;
    const text = (rowCells[col] ?? '').trim();
    if (!text) return;
    const body = this.bodyCol >= 0 && this.bodyCol !== col ? normalizeSpace(rowCells[this.bodyCol] ?? '') : '';
    this.current = { kind, text: cleanItem(text), responsible: body ? splitBodies(body) : [], loc: u.loc, fromTable: true };
    this.flush();
    this.lastUnit = u;
  }

  /** A header row: which column holds the items (and of which kind), which the responsible bodies. */
  private headerRow(cells: string[], bodyCol: number): void {
    this.bodyCol = bodyCol;
    this.itemCol = cells.findIndex((c) => sectionKind(c) !== null);
    const k = this.itemCol >= 0 ? sectionKind(cells[this.itemCol]!) : null;
    if (k && k !== this.kind) {
      this.flush();
      this.kind = k;
    }
  }

  /** A bullet belongs to the item whose introduction opened the list ("... to ensure that:"); a list with no introduction is a list of items. */
  private bullet(u: Unit, kind: Recommendation['kind']): void {
    this.bulletIndent ??= textIndentOf(u);
    if (this.current && this.listOpen) this.current.text += `\n• ${u.text}`;
    else {
      this.flush();
      this.current = { kind, text: u.text, responsible: [], loc: u.loc, fromTable: false };
    }
    this.lastUnit = u;
  }

  /** A paragraph set at the bullets' text indent carries the last bulleted item (or bullet) on over a page break. */
  private hangsFromBullet(u: Unit): boolean {
    const last = this.lastUnit;
    return this.current !== null && last !== null && (last.kind === 'list_item' || Boolean(last.bullet)) && hangsAt(u, this.bulletIndent);
  }

  /** A paragraph: a new item (one per row a one-column table ran together), unless it carries on the sentence of the last one (a page break). */
  private paragraph(u: Unit, kind: Recommendation['kind']): void {
    const pieces = splitAtRowGaps(u);
    for (let p = 0; p < pieces.length; p++) {
      const piece = normalizeSpace(pieces[p]!);
      const last = this.lastUnit;
      if (p === 0 && this.current && last && last.kind !== 'list_item' && !last.bullet && continues(this.current.text, u)) {
        this.current.text += ` ${piece}`;
        continue;
      }
      this.flush();
      this.current = { kind, text: piece, responsible: [], loc: u.loc, fromTable: false };
    }
    this.listOpen = /:$/.test(this.current?.text ?? '');
    this.lastUnit = u;
  }
}

function cleanItem(text: string): string {
  return text
    .replace(/\s+([▪◼■•●◦])\s+/g, '\n$1 ')
    .split('\n')
    .map((l) => normalizeSpace(l).replace(/^[▪◼■•●◦\-–]\s*/, '• '))
    .filter(Boolean)
    .join('\n');
}

/**
 * A paragraph block whose lines are the rows of a one-column table: split where a line ending
 * a sentence is followed by a gap wider than the block's usual line spacing.
 */
export function splitAtRowGaps(u: Unit): string[] {
  const b = u.block;
  if (b.type !== 'paragraph') return [u.text];
  const lines: TextLine[] = b.lines.filter((l) => typeof l.y === 'number');
  if (lines.length < 3 || lines.length !== b.lines.length) return [u.text];
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) gaps.push(lines[i]!.y! - lines[i - 1]!.y!);
  if (gaps.some((g) => g <= 0)) return [u.text];
  const usual = [...gaps].sort((a, c) => a - c)[Math.floor((gaps.length - 1) / 2)]!;
  const pieces: string[] = [];
  let cur: string[] = [lines[0]!.text];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1]!.text.trim();
    const next = lines[i]!.text.trim();
    if (gaps[i - 1]! > usual + 0.3 && /[.:;]$/.test(prev) && startsUpper(next)) {
      pieces.push(cur.join(' '));
      cur = [];
    }
    cur.push(lines[i]!.text);
  }
  pieces.push(cur.join(' '));
  return pieces.length > 1 ? pieces : [u.text];
}

/** "X Council and Y ICB" -> both; "school and college leaders" stays one. */
export function splitBodies(cell: string): string[] {
  const out: string[] = [];
  for (const part of normalizeSpace(cell).replace(/[.;]+$/, '').split(/\s*[,;\n]\s*/)) {
    const p = part.replace(/^and\s+/i, '').trim();
    if (!p) continue;
    out.push(...splitAnd(p));
  }
  return out.filter((x) => x.length > 1);
}

/** Words that end the name of a body: "... Council", "... ICB", "... Trust", "... leaders". */
const BODY_END = /\b(?:council|authority|authorities|board|icb|ccg|trust|partnership|leaders|commissioners|group|service|services|nhs england|alliance|forum|providers|schools|colleges|lap)$/i;

/** "X Council and Y ICB" -> both; "NHS X and West Y Integrated Care Board" stays one. */
function splitAnd(p: string): string[] {
  const out: string[] = [];
  let rest = p.trim();
  for (;;) {
    const re = /\s+and\s+(?=(?:the\s+)?[A-Z])/g;
    let cut: RegExpExecArray | null = null;
    for (let m = re.exec(rest); m; m = re.exec(rest)) {
      if (BODY_END.test(rest.slice(0, m.index))) {
        cut = m;
        break;
      }
    }
    if (!cut) break;
    out.push(rest.slice(0, cut.index).trim());
    rest = rest.slice(cut.index + cut[0].length).trim();
  }
  out.push(rest);
  return out;
}

/**
 * The bodies an item's opening sentence makes responsible: its subject before "should", "must",
 * "need(s) to" ("Leaders across the partnership", "The local authority and the ICB", "Health leaders").
 */
export function responsibleOf(text: string): string[] {
  const first = normalizeSpace(text).split(/(?<=[.!?:])\s/)[0] ?? '';
  const m = /^(.{3,120}?)\s+(?:should|must|needs? to|are required to|is required to|ought to)\b/.exec(first);
  if (!m) return [];
  const subject = m[1]!.trim();
  if (/^(?:they|it|this|these|there|we)$/i.test(subject)) return [];
  // Bodies joined by "and", each named as a body ("The local authority and the ICB").
  return splitAnd(subject);
}

