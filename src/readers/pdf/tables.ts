/**
 * Table detection from text geometry. A table is a run of lines, at least two of them
 * split into segments by large gaps, whose segments keep to the same column
 * "lanes" (no segment bridges a gutter between lanes). Single-segment lines that fit in
 * one lane are wrapped cell text. Rows are bands of lines separated by more than normal
 * line spacing; each segment goes to the lane it lies in.
 *
 * Ruled tables (Word -> PDF action plans) can pass their cell borders as `rules`: when
 * a region has horizontal rules across it they set the row boundaries instead of the
 * spacing heuristic, and vertical rules add lane boundaries.
 */
import type { PageLine, Rule, Segment } from './types.js';
import { joinAll } from './text.js';

export interface CellOut {
  text: string;
  paragraphs: string[];
}

export interface RowOut {
  y: number;
  cells: CellOut[];
}

export interface TableUnit {
  kind: 'table';
  y: number;
  rows: RowOut[];
  lines: PageLine[];
}

export interface LineUnit {
  kind: 'line';
  line: PageLine;
}

export type Unit = TableUnit | LineUnit;

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
  /** All lines split into segments: each line is a row of its own. */
  allMulti: boolean;
}

/** Bands: runs of lines at normal line spacing (a table row, or a paragraph). */
function toBands(lines: PageLine[]): Band[] {
  const bands: Band[] = [];
  let cur: PageLine[] = [];
  const close = () => {
    if (cur.length) bands.push({ lines: cur, lanes: lanesOf(cur), allMulti: cur.every((l) => l.segs.length >= 2) });
    cur = [];
  };
  for (const l of lines) {
    const prev = cur[cur.length - 1];
    const sizeJump = !!prev && Math.abs(l.fontSize - prev.fontSize) > 0.15 * Math.min(l.fontSize, prev.fontSize);
    if (prev && (sizeJump || l.y - prev.y > ROW_GAP * Math.max(l.fontSize, prev.fontSize) || l.y < prev.y - 2)) close();
    cur.push(l);
  }
  close();
  return bands;
}

export function detectTables(lines: PageLine[], opts: TableOptions = {}): Unit[] {
  const units: Unit[] = [];
  const bands = toBands(lines);
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

/** Horizontal rules across the region: y positions, when the caller passed rules. */
function horizontalRules(lines: PageLine[], rules: Rule[] | undefined): number[] {
  if (!rules?.length) return [];
  const x1 = Math.min(...lines.map((l) => l.x));
  const x2 = Math.max(...lines.map((l) => l.x2));
  return rules
    .filter((r) => Math.abs(r.y1 - r.y2) < 1 && Math.min(r.x1, r.x2) <= x1 + 5 && Math.max(r.x1, r.x2) >= x1 + (x2 - x1) * 0.5)
    .map((r) => r.y1);
}

function buildTable(region: Band[], lanes: Lane[], opts: TableOptions): TableUnit {
  const lines = region.flatMap((b) => b.lines);
  const hr = horizontalRules(lines, opts.rules);
  // Row groups: by rules when there are any, else one band per row (each line its own row
  // when every line of the band is split into cells).
  const groups: PageLine[][] = [];
  if (hr.length) {
    let cur: PageLine[] = [];
    for (const l of lines) {
      const prev = cur[cur.length - 1];
      if (prev && hr.some((y) => y > prev.y && y < l.y - l.fontSize * 0.7)) {
        groups.push(cur);
        cur = [];
      }
      cur.push(l);
    }
    if (cur.length) groups.push(cur);
  } else {
    for (const b of region) {
      if (b.allMulti && b.lines.length > 1) for (const l of b.lines) groups.push([l]);
      else groups.push(b.lines);
    }
  }
  const rows: RowOut[] = groups.map((g) => {
    const bucket: string[][] = lanes.map(() => []);
    for (const line of g) for (const s of line.segs) bucket[laneOf(lanes, s)].push(s.text);
    return { y: g[0].y, cells: bucket.map((parts) => ({ text: joinAll(parts), paragraphs: parts.length ? [joinAll(parts)] : [] })) };
  });
  return { kind: 'table', y: lines[0].y, rows, lines };
}
