import type { Paragraph } from '../model/document.js';
import type { Unit } from './units.js';
import { continues, leadingDotted, leadingNumber } from './units.js';
import { isGenericHeading, isHeading } from './sections.js';
import { GRADE_PHRASE } from './grades.js';

const TRAILING_GRADE = new RegExp(`(?::\\s*|\\s+(?:is|are|requires?)\\s+)(?:${GRADE_PHRASE}|improvement(?: to be good)?)\\.?$`, 'i');

/** A heading as a section name: "3.0 Background" -> "Background"; "...care leavers: outstanding" -> "...care leavers". */
export function sectionName(heading: string): string {
  const name = heading.replace(/^\d+\.0\s+/, '');
  const bare = name.replace(TRAILING_GRADE, '').trim();
  // "The graded judgement ... is that it is good" is a sentence: stripping its grade leaves a stump.
  return bare && !/\bthat (?:it|they)$/i.test(bare) ? bare : name.trim();
}

export interface NumberedParagraph extends Paragraph {
  /** The unit indices the paragraph was built from (its first one starts with the number). */
  units: number[];
  /** The number as printed, for dotted schemes ("4.10"). */
  label?: string;
  /** The source prints this number twice in a row (a defect of the report, kept as it is). */
  repeated?: boolean;
}

/**
 * Numbered paragraphs. Ofsted numbers paragraphs 1..N through the whole report (SIF
 * also numbers its recommendations), so the numbering is found as the longest run of
 * units whose leading numbers go up by exactly one. A unit that starts with a number
 * off that run ("25. Support for care leavers..." where 25 is an age) is text, not a
 * new paragraph. Text continued after a page break (a unit that does not start a new
 * sentence, or follows an unfinished one) is joined to its paragraph.
 * Committee reports number "1.1, 1.2, ... 4.10": when that scheme is the longer one,
 * paragraphs are numbered in order and keep the printed label.
 */
export function extractParagraphs(units: Unit[]): NumberedParagraph[] {
  const simple = longestRun(units);
  const dotted = dottedRun(units);
  if (dotted.length > simple.length) return build(units, dotted.map((d, i) => ({ ...d, n: i + 1 })));
  return build(units, simple);
}

interface Start {
  unit: number;
  n: number;
  rest: string;
  label?: string;
  repeated?: boolean;
}

/** A page holds up to about ten paragraphs: a page the reader lost must not end the numbering. */
const MAX_GAP = 10;
const GAP_COST = 1.5;

function longestRun(units: Unit[]): Start[] {
  // best chain ending at number n so far, with back-pointers.
  const cands: Start[] = [];
  for (const u of units) {
    if (u.kind === 'heading' || u.kind === 'row' || u.bullet) continue;
    const ln = leadingNumber(u.text);
    if (ln && ln.n > 0) cands.push({ unit: u.index, n: ln.n, rest: ln.rest });
  }
  const bestEnding = new Map<number, { len: number; idx: number }>();
  const prev: number[] = [];
  const len: number[] = [];
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i]!;
    len[i] = c.n === 1 ? 1 : 0.5; // a run should start at 1; other starts only win if nothing does
    prev[i] = -1;
    // The next number, or one after a gap of up to MAX_GAP numbers the reader did not see as paragraph
    // starts (merged into another block, a page read as a table): a gap costs more than one paragraph,
    // so the run bridges it only when at least two paragraphs follow.
    for (let k = 1; k <= MAX_GAP + 1; k++) {
      const before = bestEnding.get(c.n - k);
      const l = before ? before.len + 1 - (k > 1 ? GAP_COST : 0) : -1;
      if (before && l > len[i]!) {
        len[i] = l;
        prev[i] = before.idx;
      }
    }
    const cur = bestEnding.get(c.n);
    if (!cur || len[i]! > cur.len) bestEnding.set(c.n, { len: len[i]!, idx: i });
  }
  let end = -1;
  for (let i = 0; i < cands.length; i++) if (end < 0 || len[i]! > len[end]!) end = i;
  const run: Start[] = [];
  for (let i = end; i >= 0; i = prev[i]!) run.push(cands[i]!);
  run.reverse();
  if (run.length < 2) return [];
  fillGaps(units, run);
  // A number the source prints twice in a row ("57. ..." then "57. ..." then "58.") is a
  // second paragraph, not text to lose: keep it, marked as repeated.
  const inRun = new Set(run.map((s) => s.unit));
  const out: Start[] = [];
  for (let k = 0; k < run.length; k++) {
    out.push(run[k]!);
    const next = run[k + 1];
    if (!next) break;
    for (const c of cands) {
      if (c.unit > run[k]!.unit && c.unit < next.unit && c.n === run[k]!.n && !inRun.has(c.unit)) out.push({ ...c, repeated: true });
    }
  }
  return out;
}

/**
 * Where the run skips numbers, the units between may still start with them where the reader
 * made them something else (a heading, a table row, a bullet): those are the missing paragraphs.
 */
function fillGaps(units: Unit[], run: Start[]): void {
  for (let k = run.length - 2; k >= 0; k--) {
    const a = run[k]!;
    const b = run[k + 1]!;
    if (b.n - a.n < 2) continue;
    const found: Start[] = [];
    let want = a.n + 1;
    for (let u = a.unit + 1; u < b.unit && want < b.n; u++) {
      const ln = leadingNumber(units[u]!.text);
      if (ln && ln.n === want) {
        found.push({ unit: u, n: want, rest: ln.rest });
        want++;
      }
    }
    run.splice(k + 1, 0, ...found);
  }
}

/**
 * A paragraph still missing after fillGaps may sit inside its predecessor's text, where the reader
 * joined two paragraphs into one block ("... in care. 31. Leaders have ..."): split it out.
 */
function splitEmbedded(out: NumberedParagraph[]): NumberedParagraph[] {
  const res: NumberedParagraph[] = [];
  for (let i = 0; i < out.length; i++) {
    let p = out[i]!;
    const next = out[i + 1];
    if (next && !p.label && next.number - p.number > 1) {
      for (let want = p.number + 1; want < next.number; want++) {
        const m = new RegExp(`(?<=[.!?:;)”’"]\\s+)${want}\\.\\s+(?=[A-Z“‘"'])`).exec(p.text);
        if (!m) break;
        res.push({ ...p, text: p.text.slice(0, m.index).trimEnd() });
        const { repeated: _r, ...rest } = p;
        p = { ...rest, number: want, text: p.text.slice(m.index + m[0].length), units: [] };
      }
    }
    res.push(p);
  }
  return res;
}

function dottedRun(units: Unit[]): Start[] {
  const out: Start[] = [];
  for (const u of units) {
    if (u.kind === 'row') continue;
    const d = leadingDotted(u.text);
    if (!d || d.minor === 0) continue; // "3.0 Background" is a heading
    out.push({ unit: u.index, n: 0, rest: d.rest, label: d.label });
  }
  return out.length >= 3 ? out : [];
}

function build(units: Unit[], starts: Start[]): NumberedParagraph[] {
  const startAt = new Map(starts.map((s) => [s.unit, s]));
  const out: NumberedParagraph[] = [];
  let section: string | null = null;
  let current: NumberedParagraph | null = null;
  for (const u of units) {
    const s = startAt.get(u.index);
    if (s) {
      current = { number: s.n, section, text: s.rest, loc: u.loc, units: [u.index], ...(s.label ? { label: s.label } : {}), ...(s.repeated ? { repeated: true } : {}) };
      out.push(current);
      continue;
    }
    if (isHeading(u)) {
      current = null;
      if (!isGenericHeading(u.text)) section = sectionName(u.text);
      continue;
    }
    if (!current) continue;
    // Bullets directly under a numbered paragraph belong to it; so does text continued over a page break.
    if ((u.kind === 'list_item' && u.bullet) || continues(current.text, u)) {
      current.text += (u.bullet ? '\n• ' : ' ') + u.text;
      current.units.push(u.index);
    } else {
      current = null;
    }
  }
  return splitEmbedded(out);
}
