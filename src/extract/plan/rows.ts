/**
 * Rows that are not actions: a recommendation stated in a row of its own, as in plans
 * that give each recommendation a small table of its own ("3. Ofsted Recommendation:
 * Timescale: Within 3 months (end February 2012) | Fully implement a system of ...").
 */
import { normalizeSpace } from '../../util/text.js';
import { TIMESCALE_PREFIX, type RecHeading } from './link.js';

const REC_ROW = /^(?:.*?\s)?(\d{1,2})\s*\.\s*(Ofsted(?:\s*\/\s*CQC)?\s+Recommendation|Area\s+for(?:\s+Development)?)\b\s*:?\s*(.*)$/i;

export interface RecRow extends RecHeading {
  kind: 'recommendation' | 'area';
}

/**
 * "8. Ofsted" ending a row's first cell, with "Recommendation ..." starting the next row's:
 * a recommendation heading that a conversion broke over two rows. Returns the two rows'
 * cells joined as one recommendation row, and any text that stood before "8. Ofsted" in
 * the first cell (debris of the row above, which the caller reports rather than guesses at).
 */
export function joinSplitRecRow(cells: string[], next: string[] | undefined): { cells: string[]; debris: string } | null {
  if (!next) return null;
  const m = /^(.*?)\s*\b(\d{1,2}\s*\.\s*Ofsted(?:\s*\/\s*CQC)?)$/i.exec(normalizeSpace(cells[0] ?? ''));
  const head = normalizeSpace(next[0] ?? '');
  if (!m || !/^Recommendation\b/i.test(head)) return null;
  const joined = [`${m[2]} ${head}`, ...cells.slice(1).map((c, i) => normalizeSpace(`${c} ${next[i + 1] ?? ''}`))];
  return { cells: joined, debris: m[1]! };
}

/** A row that opens a recommendation: its number, its text (the other cells), its timescale. */
export function readRecRow(cells: string[]): RecRow | null {
  const first = normalizeSpace(cells[0] ?? '');
  const m = REC_ROW.exec(first);
  if (!m) return null;
  let rest = normalizeSpace(m[3] ?? '');
  let timescaleRaw: string | null = null;
  const ts = /Timescale\s*:?\s*((?:Immediate(?:ly)?|Within \w+ months?)(?:\s*\([^)]*\))?)/i.exec(rest);
  if (ts) {
    timescaleRaw = ts[1]!;
    rest = normalizeSpace(rest.replace(ts[0], ''));
  } else {
    const p = TIMESCALE_PREFIX.exec(rest);
    if (p) {
      timescaleRaw = normalizeSpace(p[0]).replace(/[.:]$/, '');
      rest = rest.slice(p[0].length);
    }
  }
  rest = rest.replace(/^(?:Required Outcome)\b/i, '').trim();
  const text = normalizeSpace([rest, ...cells.slice(1)].filter((c) => c && c.trim() && c.trim() !== '•' && c.trim() !== '-').join(' '));
  return { ref: m[1]!, text, timescaleRaw, kind: /area/i.test(m[2]!) ? 'area' : 'recommendation' };
}
