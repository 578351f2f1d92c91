import type { Recommendation } from '../model/document.js';
import type { Unit } from './units.js';
import type { NumberedParagraph } from './paragraphs.js';
import { isClosingHeading, isHeading, isLscbHeading, isRecommendationsHeading, looksLikeHeading } from './sections.js';
import { continues, hangsAt, leadingNumber, textIndentOf } from './units.js';
import { isLscbJudgement } from './judgements.js';

type Timescale = Recommendation['timescale'];

/** A sentence that introduces a list of recommendations rather than being one. */
const INTRO = /(?:(?:take|takes) the following actions?|the following (?:areas?|actions?)|should|must)[.:]?$|:$/i;

/** Sub-headings inside a recommendations section, with the timescale they give the items below them. */
const TIMESCALE_HEADINGS: Array<[RegExp, Timescale]> = [
  [/^immediately:?$/i, 'immediate'],
  [/^within (?:three|3) months:?$/i, 'within_3_months'],
  [/^within (?:six|6) months:?$/i, 'within_6_months'],
  [/^priority (?:and immediate )?actions?:?$/i, 'immediate'], // early SIF reports
  [/^areas? for (?:improvement|development):?$/i, null],
];

type ItemKind = Recommendation['kind'];

/** What the items under a heading are: areas for priority action, areas for improvement, or recommendations. */
export function itemKindOf(heading: string): ItemKind | undefined {
  const t = heading.trim();
  if (/^areas? for priority action\b/i.test(t)) return 'priority_action';
  if (/^(?:areas? for (?:improvement|development)|what needs to improve\b|what does the .{0,60} need to (?:do to )?improve)/i.test(t)) return 'area_for_improvement';
  if (/^recommendations?\b/i.test(t)) return 'recommendation';
  return undefined;
}

/** A new item: the fields every extractor of recommendation-like items fills the same way. */
export function newItem(fields: Pick<Recommendation, 'id' | 'kind' | 'scope' | 'text' | 'timescale' | 'loc'>): Recommendation {
  const { loc, ...rest } = fields;
  return { ...rest, paragraphRefs: paragraphRefs(fields.text), nationalFrameworkRef: null, responsible: [], themes: [], heading: null, loc };
}

function timescaleOf(text: string): Timescale | undefined {
  for (const [re, t] of TIMESCALE_HEADINGS) if (re.test(text.trim())) return t;
  return undefined;
}

/**
 * Paragraph references in a recommendation: "(paragraphs 102, 103)", "(paragraph 93)",
 * "(paragraphs 111-131)" (every number in the range), "(paragraphs 45,100)",
 * "(paragraphs 18, 19 and 23)". Other parentheses ("(outcome 3, national framework)")
 * are not references.
 */
export function paragraphRefs(text: string): number[] {
  const refs = new Set<number>();
  for (const m of text.matchAll(/\(\s*(?:see\s+)?paras?(?:graphs?)?\.?\s+([^)]*)\)/gi)) {
    for (const part of m[1]!.split(/\s*(?:,|;|\band\b|&)\s*/)) {
      const range = /^(\d{1,4})\s*[-–—]\s*(\d{1,4})$/.exec(part.trim());
      if (range) {
        const a = Number(range[1]);
        const b = Number(range[2]);
        if (b >= a && b - a <= 500) for (let n = a; n <= b; n++) refs.add(n);
        continue;
      }
      const one = /^(\d{1,4})\b/.exec(part.trim());
      if (one) refs.add(Number(one[1]));
    }
  }
  return [...refs].sort((a, b) => a - b);
}

/**
 * Recommendations under every "Recommendations" / "What needs to improve" heading.
 * SIF numbers them as report paragraphs: those keep their paragraph number as id.
 * Unnumbered lists (ILACS bullets, cp2012/slac lists grouped under timescale headings)
 * are numbered 1..N through the document, sub-bullets joined to their item.
 * A list after the LSCB part of the report starts is scoped "lscb".
 */
export interface RecommendationOptions {
  /** The whole document is an LSCB review (published on its own): every list is the board's. */
  lscbReport?: boolean;
}

export function extractRecommendations(units: Unit[], paragraphs: NumberedParagraph[], options: RecommendationOptions = {}): Recommendation[] {
  const paraByUnit = new Map<number, NumberedParagraph>();
  for (const p of paragraphs) paraByUnit.set(p.units[0]!, p);
  const doc: ReportItems = { units, paraByUnit, inParagraph: new Set(paragraphs.flatMap((p) => p.units)), out: [], counter: 0 };
  const firstParaUnit = paragraphs[0]?.units[0] ?? Number.POSITIVE_INFINITY;
  let inLscb = false;
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    inLscb = inLscbPart(u, i, firstParaUnit, inLscb);
    if (!isHeading(u) || !isRecommendationsHeading(u.text)) continue;
    const scope = options.lscbReport || inLscb || /\b(?:lscb|local safeguarding children board)\b/i.test(u.text) ? 'lscb' : 'local_authority';
    const list = new RecommendationList(doc, i, scope);
    list.read();
    i = list.end - 1;
  }
  return doc.out;
}

/**
 * Whether the report is in its LSCB part at unit i. The title page names the LSCB review too; the LSCB
 * part proper comes after the numbering has started, under its heading or opening with its judgement
 * ("The effectiveness of the LSCB is good."); a closing heading ends it.
 */
function inLscbPart(u: Unit, i: number, firstParaUnit: number, was: boolean): boolean {
  let inLscb = was;
  if (i > firstParaUnit && isLscbJudgement(u.text)) inLscb = true;
  if (!isHeading(u)) return inLscb;
  if (isClosingHeading(u.text)) inLscb = false;
  if (isLscbHeading(u.text) && i > firstParaUnit) inLscb = true;
  return inLscb;
}

/** What every list of a report shares: its units, its numbered paragraphs, the items read so far and their count. */
interface ReportItems {
  units: Unit[];
  /** The numbered paragraph that starts at each unit. */
  paraByUnit: Map<number, NumberedParagraph>;
  /** Every unit inside a numbered paragraph. */
  inParagraph: Set<number>;
  out: Recommendation[];
  /** Unnumbered items are numbered 1..N through the document. */
  counter: number;
}

/**
 * One list under a recommendations heading, read from the unit after it: numbered paragraphs (their
 * number is the id), bullets and items numbered off the paragraph run (numbered through the document),
 * timescale subheadings, theme lines.
 */
class RecommendationList {
  /** The unit being read; once read, the one the list ended before. */
  end: number;
  private readonly head: Unit;
  private timescale: Timescale;
  private kind: ItemKind;
  private current: Recommendation | null = null;
  private lastNumber = -1;
  /** The level of the list's own items: a list may be indented as a whole (every item one level in),
   * so a sub-bullet is one deeper than the list's first item, not any item off the margin. */
  private itemLevel: number | null = null;
  /** The text indent of the list's bulleted items (PDF): a paragraph set there carries an item on over a page break. */
  private indent: number | null = null;
  private currentIsBullet = false;

  constructor(
    private readonly doc: ReportItems,
    at: number,
    private readonly scope: Recommendation['scope'],
  ) {
    this.head = doc.units[at]!;
    this.end = at + 1;
    this.timescale = timescaleOf(this.head.text) ?? null;
    this.kind = itemKindOf(this.head.text) ?? 'recommendation';
  }

  read(): void {
    const units = this.doc.units;
    for (; this.end < units.length; this.end++) {
      if (!this.step(units[this.end]!)) break;
    }
  }

  /** One unit of the list, tried by each step in turn: true to go on, false where the list ends. */
  private step(v: Unit): boolean {
    const para = this.doc.paraByUnit.get(v.index);
    if (para) return this.numbered(para);
    if (this.doc.inParagraph.has(v.index)) return true; // continuation of a numbered one
    const ts = timescaleOf(v.text);
    if (ts !== undefined) {
      this.timescale = ts;
      this.kind = itemKindOf(v.text) ?? this.kind;
      this.current = null;
      return true;
    }
    if (this.themeLine(v)) return true;
    if (isHeading(v) && v.kind !== 'list_item' && !v.bullet) return false;
    if (v.kind === 'row') return false;
    // An item numbered off the report's paragraph run ("1." to "7." of a board's own list) is an item too.
    const offRun = v.kind === 'paragraph' && !v.bullet ? leadingNumber(v.text) : null;
    if (v.kind === 'list_item' || v.bullet || offRun) return this.item(v, offRun);
    const current = this.current;
    if (current && (continues(current.text, v) || (this.currentIsBullet && hangsAt(v, this.indent)))) {
      current.text += ' ' + v.text;
      current.paragraphRefs = paragraphRefs(current.text);
      return true;
    }
    // An introductory sentence ("The local authority should:") before the list (or between its items) is not an item.
    return !current && /:$/.test(v.text);
  }

  /** A numbered paragraph is an item with its number as id, unless it introduces the list
   * ("15. In order to improve ..., the local authority should take the following action."). */
  private numbered(para: NumberedParagraph): boolean {
    this.current = null;
    if (INTRO.test(para.text)) return true;
    this.doc.out.push(newItem({ id: String(para.number), kind: this.kind, scope: this.scope, text: para.text, timescale: this.timescale, loc: para.loc }));
    this.lastNumber = para.number;
    return true;
  }

  /** A theme line inside the list, skipped: less prominent than the list's heading (plain text under a marked heading). */
  private themeLine(v: Unit): boolean {
    if (this.head.kind !== 'heading' || v.kind !== 'paragraph') return false;
    // In a numbered list ("Help and protection", "Scrutiny, awareness and challenge"): followed by the
    // list's next number (or its first). A section heading after the list is marked like the list's own heading.
    const nextPara = this.doc.paraByUnit.get(v.index + 1);
    if (nextPara && (this.lastNumber < 0 || nextPara.number === this.lastNumber + 1)) return true;
    // In a bulleted list: followed by a top-level bullet, when the list's items so far are bullets too (or it has none yet).
    const nextUnit = this.doc.units[this.end + 1];
    if (!v.bullet && this.lastNumber < 0 && looksLikeHeading(v.text) && nextUnit?.bullet && nextUnit.level === 0 && !this.doc.paraByUnit.has(nextUnit.index)) {
      this.current = null;
      return true;
    }
    return false;
  }

  /** A bullet (or an item numbered off the run): a new item numbered through the document, or a sub-bullet of the current one. */
  private item(v: Unit, offRun: ReturnType<typeof leadingNumber>): boolean {
    if (this.current && v.level > (this.itemLevel ?? 0)) {
      this.current.text += '\n• ' + v.text;
      return true;
    }
    this.itemLevel ??= v.level;
    const id = String(++this.doc.counter);
    this.current = newItem({ id, kind: this.kind, scope: this.scope, text: offRun ? offRun.rest : v.text, timescale: this.timescale, loc: v.loc });
    this.currentIsBullet = !offRun;
    if (this.currentIsBullet) this.indent ??= textIndentOf(v);
    this.doc.out.push(this.current);
    return true;
  }
}
