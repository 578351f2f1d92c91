/**
 * Two-column pages (sidebars, column layouts): when most lines of a page are split by
 * the same vertical gutter, read the left column before the right one. Lines that span
 * the gutter (full-width headings) cut the page into bands; each band is read left
 * column first. Pages without a clear gutter are returned unchanged.
 */
import type { PageLine, Segment } from './types.js';
import { alignedTables } from './aligned.js';

const MIN_SIDE_LINES = 4;

function lineOf(base: PageLine, segs: Segment[]): PageLine {
  return { ...base, segs, x: segs[0].x, x2: segs[segs.length - 1].x2, text: segs.map((s) => s.text).join(' ') };
}

/** x of a gutter shared by most multi-segment lines, or null. */
function findGutter(lines: PageLine[], width: number): number | null {
  // Candidate gutters: midpoints of every gap between segments; count support per 4pt bin.
  const bins = new Map<number, number>();
  let multi = 0;
  for (const l of lines) {
    if (l.segs.length < 2) continue;
    multi++;
    for (let i = 1; i < l.segs.length; i++) {
      const mid = (l.segs[i - 1].x2 + l.segs[i].x) / 2;
      if (mid < width * 0.2 || mid > width * 0.8) continue;
      const b = Math.round(mid / 4);
      bins.set(b, (bins.get(b) ?? 0) + 1);
    }
  }
  if (multi < MIN_SIDE_LINES * 2) return null;
  let best: number | null = null;
  let bestN = 0;
  for (const [b, n] of bins) {
    const around = n + (bins.get(b - 1) ?? 0) + (bins.get(b + 1) ?? 0);
    if (around > bestN) [best, bestN] = [b, around];
  }
  if (best === null || bestN < multi * 0.6) return null;
  return best * 4;
}

export function orderColumns(lines: PageLine[], width: number): PageLine[] {
  const gutter = findGutter(lines, width);
  if (gutter === null) return lines;
  // Text aligned in three or more columns is a borderless table, not a page in columns.
  if (alignedTables(lines).length) return lines;
  // Every line must sit on one side of the gutter or span it; text crossing it in the
  // middle of a band would mean this is a table, not columns.
  const out: PageLine[] = [];
  let left: PageLine[] = [];
  let right: PageLine[] = [];
  let leftN = 0;
  let rightN = 0;
  const flush = () => {
    out.push(...left, ...right);
    left = [];
    right = [];
  };
  for (const l of lines) {
    const ls = l.segs.filter((s) => s.x2 <= gutter);
    const rs = l.segs.filter((s) => s.x >= gutter);
    if (ls.length + rs.length < l.segs.length) {
      flush();
      out.push(l);
      continue;
    }
    if (ls.length) {
      left.push(lineOf(l, ls));
      leftN++;
    }
    if (rs.length) {
      right.push(lineOf(l, rs));
      rightN++;
    }
  }
  flush();
  if (leftN < MIN_SIDE_LINES || rightN < MIN_SIDE_LINES) return lines;
  return out;
}
