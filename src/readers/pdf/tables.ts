/**
 * Table detection from text geometry. A table is a run of lines, at least two of them
 * split into segments by large gaps, whose segments keep to the same column
 * "lanes" (no segment bridges a gutter between lanes). Single-segment lines that fit in
 * one lane are wrapped cell text. Rows are bands of lines separated by more than normal
 * line spacing; each segment goes to the lane it lies in.
 *
 * Ruled tables (Word -> PDF action plans) can pass their cell borders as `rules`: when
 * a region has horizontal rules across it they set the row boundaries instead of the
 * spacing heuristic. Tables drawn as a full grid of rules (columns too) are read from
 * the grid instead (ruled-grid.ts): cells, spans and shading come from the drawing.
 */
import type { PageLine, PageUnit, RowOut, Rule, Segment, TableUnit } from './types.js';
import { joinLines, normalizeSpace } from './run-text.js';
import { columnEdges, continuesWord, joinPieces } from './wordbreak.js';
import { ruledTables } from './ruled-grid.js';
import { alignedTables } from './aligned.js';

export interface TableOptions {
  /** Cell borders drawn on the page (optional). */
  rules?: Rule[];
}

/** Largest vertical gap (in font sizes) between consecutive lines of one table. */
const MAX_TABLE_GAP = 3.6;
/** Gap (in font sizes) between consecutive lines above which a new row starts. */
const ROW_GAP = 1.6;
const MAX_COLUMNS = 10;

type Lane = [number, number];

/** Lanes (x-intervals with text) of some lines, merging runs closer than `slack`. */
function lanesOf(lines: PageLine[]): Lane[] {
  const segs = lines.flatMap((l) => l.segs).sort((a, b) => a.x - b.x);
  const slack = 0.3 * Math.max(...lines.map((l) => l.fontSize));
  const lanes: Lane[] = [];
  for (const s of segs) {
    const last = lanes[lanes.length - 1];
    if (last && s.x < last[1] + slack) last[1] = Math.max(last[1], s.x2);
    else lanes.push([s.x, s.x2]);
  }
  return lanes;
}

/** Merge band lanes into region lanes; null when a lane would bridge a region gutter. */
function mergeLanes(region: Lane[], band: Lane[], slack: number): Lane[] | null {
  const merged = lanesOfIntervals([...region, ...band], slack);
  // Every region gutter must survive: no merged lane may contain two region lanes.
  for (const m of merged) {
    let n = 0;
    for (const r of region) if (r[0] >= m[0] - 0.01 && r[1] <= m[1] + 0.01) n++;
    if (n > 1) return null;
  }
  return merged;
}

function lanesOfIntervals(ivs: Lane[], slack: number): Lane[] {
  const sorted = ivs.map((l) => [l[0], l[1]] as Lane).sort((a, b) => a[0] - b[0]);
  const out: Lane[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv[0] < last[1] + slack) last[1] = Math.max(last[1], iv[1]);
    else out.push(iv);
  }
  return out;
}

interface Band {
  lines: PageLine[];
  lanes: Lane[];
  /** All lines split into segments: each line may be a row of its own. */
  allMulti: boolean;
  /** A rule separates this band from the previous one. */
  ruled: boolean;
}

/** Horizontal rules, sorted by y. */
function horizontals(rules: Rule[] | undefined): Rule[] {
  return (rules ?? []).filter((r) => Math.abs(r.y1 - r.y2) < 1).sort((a, b) => a.y1 - b.y1);
}

/**
 * The horizontal rules between two consecutive lines. A rule close under the upper line's
 * baseline counts only when it reaches beyond that line's text (a cell border, not an
 * underline).
 */
function rulesBetween(hr: Rule[], a: PageLine, b: PageLine): Rule[] {
  const lo = a.y + 0.05 * a.fontSize;
  const hi = b.y - 0.7 * b.fontSize;
  if (hi <= lo) return [];
  const x1 = Math.min(a.x, b.x);
  const x2 = Math.max(a.x2, b.x2);
  const out: Rule[] = [];
  for (const r of hr) {
    if (r.y1 <= lo) continue;
    if (r.y1 >= hi) break;
    if (!(r.x1 < x2 && r.x2 > x1)) continue;
    if (r.y1 > a.y + 0.25 * a.fontSize || r.x1 < a.x - 1 || r.x2 > a.x2 + 1) out.push(r);
  }
  return out;
}

/** Is there a horizontal rule between two consecutive lines? */
const ruledBetween = (hr: Rule[], a: PageLine, b: PageLine): boolean => rulesBetween(hr, a, b).length > 0;

/** Bands: runs of lines at normal line spacing with no rule between them (a table row, or a paragraph). */
function toBands(lines: PageLine[], hr: Rule[]): Band[] {
  const bands: Band[] = [];
  let cur: PageLine[] = [];
  let ruled = false;
  const close = () => {
    if (cur.length) bands.push({ lines: cur, lanes: lanesOf(cur), allMulti: cur.every((l) => l.segs.length >= 2), ruled });
    cur = [];
    ruled = false;
  };
  for (const l of lines) {
    const prev = cur[cur.length - 1];
    if (prev) {
      const sizeJump = Math.abs(l.fontSize - prev.fontSize) > 0.15 * Math.min(l.fontSize, prev.fontSize);
      const rule = hr.length > 0 && ruledBetween(hr, prev, l);
      if (sizeJump || rule || l.y - prev.y > ROW_GAP * Math.max(l.fontSize, prev.fontSize) || l.y < prev.y - 2) {
        close();
        ruled = rule;
      }
    }
    cur.push(l);
  }
  close();
  return bands;
}

export function detectTables(lines: PageLine[], opts: TableOptions = {}): PageUnit[] {
  const grids = opts.rules?.length ? ruledTables(lines, opts.rules) : [];
  if (!grids.length) return withAligned(lines, opts);
  // Ruled grids take their lines; the text between them is read as before, piece by piece.
  const at = new Map<PageLine, (typeof grids)[number]>();
  for (const g of grids) at.set(g.lines[0]!, g);
  const units: PageUnit[] = [];
  let chunk: PageLine[] = [];
  const flush = () => {
    if (chunk.length) units.push(...withAligned(chunk, opts));
    chunk = [];
  };
  for (const l of lines) {
    const g = at.get(l);
    if (g) {
      flush();
      const { taken: _t, ...unit } = g;
      units.push(unit);
    }
    if (!grids.some((t) => t.taken.has(l))) chunk.push(l);
  }
  flush();
  return units;
}

/** Borderless tables (text aligned in columns, see aligned.ts) first; the rest as before. */
function withAligned(lines: PageLine[], opts: TableOptions): PageUnit[] {
  const hr = horizontals(opts.rules);
  const fills = (opts.rules ?? []).filter((r) => r.fill);
  const found = alignedTables(lines, (a, b) => (hr.length > 0 ? rulesBetween(hr, a, b).map((r): [number, number] => [r.x1, r.x2]) : []), fills);
  if (!found.length) return detectUnruled(lines, opts);
  const units: PageUnit[] = [];
  let at = 0;
  for (const f of found) {
    if (f.from > at) units.push(...detectUnruled(lines.slice(at, f.from), opts));
    units.push(f.table);
    at = f.to + 1;
  }
  if (at < lines.length) units.push(...detectUnruled(lines.slice(at), opts));
  return units;
}

function detectUnruled(lines: PageLine[], opts: TableOptions): PageUnit[] {
  const units: PageUnit[] = [];
  const bands = toBands(lines, horizontals(opts.rules));
  const emit = (b: Band) => {
    for (const line of b.lines) units.push({ kind: 'line', line });
  };
  let i = 0;
  while (i < bands.length) {
    const first = bands[i];
    if (first.lanes.length < 2) {
      emit(first);
      i++;
      continue;
    }
    let lanes = first.lanes;
    let tabular = 1;
    let multiLines = first.lines.filter((l) => l.segs.length >= 2).length;
    let lastTabular = i;
    for (let j = i + 1; j < bands.length; j++) {
      const b = bands[j];
      const prevLine = bands[j - 1].lines[bands[j - 1].lines.length - 1];
      const fs = Math.max(b.lines[0].fontSize, prevLine.fontSize);
      if (b.lines[0].y - prevLine.y > MAX_TABLE_GAP * fs) break;
      const next = mergeLanes(lanes, b.lanes, 0.3 * fs);
      if (!next || next.length > MAX_COLUMNS) break;
      lanes = next;
      if (b.lanes.length >= 2) {
        tabular++;
        lastTabular = j;
        multiLines += b.lines.filter((l) => l.segs.length >= 2).length;
      }
    }
    if (tabular < 2 && !(first.allMulti && first.lines.length >= 2)) {
      emit(first);
      i++;
      continue;
    }
    const region = bands.slice(i, lastTabular + 1);
    void multiLines;
    units.push(buildTable(region, lanesOfIntervals(region.flatMap((b) => b.lanes), 0.3 * region[0].lines[0].fontSize), opts));
    i = lastTabular + 1;
  }
  return units;
}

function laneOf(lanes: Lane[], s: Segment): number {
  const mid = (s.x + s.x2) / 2;
  let best = 0;
  for (let k = 0; k < lanes.length; k++) if (lanes[k][0] - 1 <= mid) best = k;
  return best;
}

function buildTable(region: Band[], lanes: Lane[], _opts: TableOptions): TableUnit {
  const lines = region.flatMap((b) => b.lines);
  const anyRuled = region.some((b, i) => i > 0 && b.ruled);
  // Row groups: one band per row (bands are already cut at rules). Unruled bands whose
  // lines are all split into cells are one row per line, except continuation lines whose
  // cells all start in lower case ("and families" | "to be good").
  const groups: PageLine[][] = [];
  for (const b of region) {
    if (anyRuled || !(b.allMulti && b.lines.length > 1)) {
      groups.push(b.lines);
      continue;
    }
    for (const l of b.lines) {
      const cont = groups.length > 0 && l !== b.lines[0] && l.segs.every((s) => /^[\p{Ll}(]/u.test(s.text));
      if (cont) groups[groups.length - 1].push(l);
      else groups.push([l]);
    }
  }
  // Each lane's right text edge: a line filled to there may end inside a word that carries on
  // below (wordbreak.ts).
  const edges = columnEdges(lanes.map((l) => l[0]), lanes.map((l) => l[1]));
  const rows: RowOut[] = groups.map((g) => {
    const bucket: Array<Array<{ text: string; glue: boolean }>> = lanes.map(() => []);
    let above: Array<Segment | undefined> = lanes.map(() => undefined);
    for (const line of g) {
      const here: Array<Segment | undefined> = lanes.map(() => undefined);
      for (const s of line.segs) {
        const k = laneOf(lanes, s);
        // The first text of this line in the lane may carry on a word cut at the line above's end.
        const top = above[k];
        const glue = !here[k] && !!top && continuesWord(top, s, { left: lanes[k][0], right: edges[k] });
        bucket[k].push({ text: s.text, glue });
        here[k] = s;
      }
      above = here;
    }
    const texts = bucket.map((parts) => normalizeSpace(joinPieces(parts, joinLines)));
    return { y: g[0].y, cells: texts.map((text, k) => ({ text, paragraphs: bucket[k].length ? [text] : [] })) };
  });
  return { kind: 'table', y: lines[0].y, rows, lines };
}
