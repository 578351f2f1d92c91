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
  const firstParaUnit = paragraphs[0]?.units[0] ?? Number.POSITIVE_INFINITY;
  const inParagraph = new Set(paragraphs.flatMap((p) => p.units));

  const out: Recommendation[] = [];
  let counter = 0;
  let inLscb = false;
  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    // The title page names the LSCB review too; the LSCB part proper comes after the numbering has
    // started, under its heading or opening with its judgement ("The effectiveness of the LSCB is good.").
    if (i > firstParaUnit && isLscbJudgement(u.text)) inLscb = true;
    if (!isHeading(u)) continue;
    if (isClosingHeading(u.text)) inLscb = false;
    if (isLscbHeading(u.text) && i > firstParaUnit) inLscb = true;
    if (!isRecommendationsHeading(u.text)) continue;

    const scope = options.lscbReport || inLscb || /\b(?:lscb|local safeguarding children board)\b/i.test(u.text) ? 'lscb' : 'local_authority';
    let timescale: Timescale = timescaleOf(u.text) ?? null;
    let kind: ItemKind = itemKindOf(u.text) ?? 'recommendation';
    let current: Recommendation | null = null;
    let lastNumber = -1;
    // The level of the list's own items: a list may be indented as a whole (every item one level in),
    // so a sub-bullet is one deeper than the list's first item, not any item off the margin.
    let itemLevel: number | null = null;
    /** The text indent of the list's bulleted items (PDF): a paragraph set there carries an item on over a page break. */
    let indent: number | null = null;
    let currentIsBullet = false;
    let j = i + 1;
    for (; j < units.length; j++) {
      const v = units[j]!;
      const para = paraByUnit.get(v.index);
      if (para) {
        current = null;
        // "15. In order to improve ..., the local authority should take the following action." introduces the list.
        if (INTRO.test(para.text)) continue;
        out.push(newItem({ id: String(para.number), kind, scope, text: para.text, timescale, loc: para.loc }));
        lastNumber = para.number;
        continue;
      }
      if (inParagraph.has(v.index)) continue; // continuation of a numbered one
      const ts = timescaleOf(v.text);
      if (ts !== undefined) {
        timescale = ts;
        kind = itemKindOf(v.text) ?? kind;
        current = null;
        continue;
      }
      // A theme line inside a numbered list ("Help and protection", "Scrutiny, awareness and challenge"):
      // less prominent than the list's heading (plain text under a marked heading) and followed by the
      // list's next number (or its first). A section heading after the list is marked like the list's own heading.
      const nextPara = paraByUnit.get(v.index + 1);
      if (u.kind === 'heading' && v.kind === 'paragraph' && nextPara && (lastNumber < 0 || nextPara.number === lastNumber + 1)) continue;
      // The same in a bulleted list: a plain theme line under a marked heading, followed by a top-level
      // bullet, when the list's items so far are bullets too (or it has none yet).
      const nextUnit = units[j + 1];
      if (u.kind === 'heading' && v.kind === 'paragraph' && !v.bullet && lastNumber < 0 && looksLikeHeading(v.text) && nextUnit?.bullet && nextUnit.level === 0 && !paraByUnit.has(nextUnit.index)) {
        current = null;
        continue;
      }
      if (isHeading(v) && v.kind !== 'list_item' && !v.bullet) break;
      if (v.kind === 'row') break;
      // An item numbered off the report's paragraph run ("1." to "7." of a board's own list) is an item too.
      const offRun = v.kind === 'paragraph' && !v.bullet ? leadingNumber(v.text) : null;
      if (v.kind === 'list_item' || v.bullet || offRun) {
        if (current && v.level > (itemLevel ?? 0)) {
          current.text += '\n• ' + v.text;
          continue;
        }
        itemLevel ??= v.level;
        counter++;
        const text = offRun ? offRun.rest : v.text;
        current = newItem({ id: String(counter), kind, scope, text, timescale, loc: v.loc });
        currentIsBullet = !offRun;
        if (currentIsBullet) indent ??= textIndentOf(v);
        out.push(current);
        continue;
      }
      if (current && (continues(current.text, v) || (currentIsBullet && hangsAt(v, indent)))) {
        current.text += ' ' + v.text;
        current.paragraphRefs = paragraphRefs(current.text);
        continue;
      }
      // An introductory sentence ("The local authority should:") before the list is not an item.
      if (!current && out.length === 0 && /:$/.test(v.text)) continue;
      if (!current && /:$/.test(v.text)) continue;
      break;
    }
    i = j - 1;
  }
  return out;
}
