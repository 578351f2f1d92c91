import type { Unit } from './units.js';
import { leadingNumber } from './units.js';
import { isHeading, looksLikeHeading } from './sections.js';
import { extractParagraphs } from './paragraphs.js';

/** One document bound into a report: units [from, to) of the whole, numbered on their own. */
export interface DocumentPart {
  /** 1 for the report's own document, 2 for the first one bound in after it, ... */
  part: number;
  from: number;
  to: number;
  /** The part is the LSCB review: its items are the board's. */
  lscb: boolean;
}

/** A heading that names the LSCB: the title of a bound-in review ("Review of the effectiveness of the ... Board"). */
const LSCB_TITLE = /\b(?:lscb|safeguarding children board)\b/i;
/** Paragraphs a bound-in document must number from 1 for the numbering to count as its own. */
const MIN_PARAGRAPHS = 3;

/**
 * The documents a report binds together. A 2014-2015 SIF report can bind in the LSCB review as a second
 * document: its own title page, its own paragraph numbering restarting at 1, its own "Areas for
 * improvement" or "Recommendations". Found from the structure alone: a heading naming the LSCB after
 * which the paragraph numbering starts again at 1 (and runs on for a few paragraphs), while the units
 * before it number their own paragraphs from 1. A report whose LSCB section numbers on from the local
 * authority's ("166. ...") is one document, as are reports with no LSCB heading after their numbering.
 * A title block above the heading on its page (the authority's name as a heading) goes with the new part.
 */
export function splitParts(units: Unit[]): DocumentPart[] {
  const parts: DocumentPart[] = [];
  let from = 0;
  for (let c = 1; c < units.length; c++) {
    const u = units[c]!;
    // The title as a heading, or in a box a reader took for a table.
    if (c <= from || !(isHeading(u) || (u.kind === 'row' && looksLikeHeading(u.text))) || !LSCB_TITLE.test(u.text)) continue;
    // Cheap first: a paragraph "1." somewhere after the heading.
    if (!units.some((v, k) => k > c && v.kind !== 'heading' && v.kind !== 'row' && !v.bullet && leadingNumber(v.text)?.n === 1)) break;
    const before = extractParagraphs(partUnits(units, { from, to: c }));
    if (before.length < 2 || before[0]!.number !== 1) continue;
    const after = extractParagraphs(rebase(units, c, units.length));
    if (after.length < MIN_PARAGRAPHS || after[0]!.number !== 1) continue;
    const start = titleStart(units, c, from);
    parts.push({ part: parts.length + 1, from, to: start, lscb: parts.length > 0 });
    from = start;
  }
  parts.push({ part: parts.length + 1, from, to: units.length, lscb: parts.length > 0 });
  return parts;
}

/** The units of a part, re-indexed from 0 (extractors index units by position). */
export function partUnits(units: Unit[], p: Pick<DocumentPart, 'from' | 'to'>): Unit[] {
  return p.from === 0 ? units.slice(0, p.to) : rebase(units, p.from, p.to);
}

function rebase(units: Unit[], from: number, to: number): Unit[] {
  return units.slice(from, to).map((u) => ({ ...u, index: u.index - from }));
}

/** Back from the heading at c over the headings above it on its page (the title page's title block). */
function titleStart(units: Unit[], c: number, floor: number): number {
  const page = units[c]!.loc.page;
  let s = c;
  while (s - 1 > floor && page !== null && units[s - 1]!.loc.page === page && units[s - 1]!.kind === 'heading') s--;
  return s;
}
