/**
 * Running headers, footers and page numbers. A line is furniture when it sits in the top
 * or bottom band of the page and either looks like a page number, or its text with
 * digits masked repeats in the same band on many pages.
 */
import type { PageInfo, PageLine } from './types.js';
import { findFrames } from './ruled-grid.js';
import { alignedTables } from './aligned.js';

/** Fraction of the page height treated as header / footer band. */
const BAND = 0.09;

const PAGE_NUMBER_RE = /^(page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(\s*(of|\/)\s*\d{1,4})?$/i;
const ROMAN_RE = /^[ivxlc]{1,6}$/i;

export function furnitureKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/[’‘`]/g, "'")
    .replace(/\d+/g, '#')
    .replace(/\s+/g, ' ')
    .trim();
}

function band(line: PageLine, height: number): 'top' | 'bottom' | null {
  if (line.y < height * BAND + line.fontSize * 0.2) return 'top';
  if (line.y > height * (1 - BAND)) return 'bottom';
  return null;
}

export function isPageNumber(text: string): boolean {
  const t = text.trim();
  return PAGE_NUMBER_RE.test(t) || ROMAN_RE.test(t);
}

/**
 * Remove furniture from every page in place. Returns the number of lines removed.
 * Keys are counted per band and per segment as well as per whole line, since a footer
 * ("Inspection of X children's services   2") may share a baseline with the page number.
 */
export function removeFurniture(pages: PageInfo[]): number {
  const counts = new Map<string, number>();
  const keysOf = (line: PageLine, b: string): string[] => {
    const keys = [`${b}|${furnitureKey(line.text)}`];
    if (line.segs.length > 1) for (const s of line.segs) keys.push(`${b}|${furnitureKey(s.text)}`);
    return keys;
  };
  for (const p of pages) {
    const seen = new Set<string>();
    for (const line of p.lines) {
      const b = band(line, p.height);
      if (!b) continue;
      for (const k of keysOf(line, b)) seen.add(k);
    }
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const n = pages.length;
  const minRepeats = n <= 2 ? Infinity : Math.max(2, Math.min(4, Math.ceil(n * 0.3)));
  const repeated = (k: string) => (counts.get(k) ?? 0) >= minRepeats;
  let removed = 0;
  for (const p of pages) {
    const keep: PageLine[] = [];
    const lastIdx = p.lines.length - 1;
    // Text inside a ruled table is content: a header row repeated on every page is not a running header.
    const frames = p.rules.length ? findFrames(p.rules) : [];
    const inFrame = (l: PageLine) => frames.some((f) => l.y > f.top && l.y < f.bottom && l.x >= f.left - 2 && l.x2 <= f.right + 2);
    // So is text inside a borderless table (aligned in columns).
    let aligned: Set<PageLine> | null = null;
    const inAligned = (l: PageLine): boolean => {
      aligned ??= new Set(alignedTables(p.lines).flatMap((t) => t.table.lines));
      return aligned.has(l);
    };
    p.lines.forEach((line, idx) => {
      if ((frames.length && inFrame(line)) || (band(line, p.height) && inAligned(line))) {
        keep.push(line);
        return;
      }
      // A bare page number as the very first / last line, a little outside the bands.
      const edge = (idx === 0 && line.y < p.height * 0.15) || (idx === lastIdx && line.y > p.height * 0.85);
      if (edge && isPageNumber(line.text)) {
        removed++;
        return;
      }
      const b = band(line, p.height);
      if (b) {
        if (isPageNumber(line.text) || repeated(`${b}|${furnitureKey(line.text)}`)) {
          removed++;
          return;
        }
        if (line.segs.length > 1) {
          const segs = line.segs.filter((s) => !(isPageNumber(s.text) || repeated(`${b}|${furnitureKey(s.text)}`)));
          if (segs.length === 0) {
            removed++;
            return;
          }
          if (segs.length !== line.segs.length) {
            keep.push({ ...line, segs, x: segs[0].x, x2: segs[segs.length - 1].x2, text: segs.map((s) => s.text).join(' ') });
            return;
          }
        }
      }
      keep.push(line);
    });
    p.lines = keep;
  }
  return removed;
}
