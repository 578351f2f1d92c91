/**
 * Ruled tables: tables whose cells are drawn as a grid of border lines (Word and
 * LibreOffice renderings of action plans). The cell structure comes from the rules, not
 * from the text:
 *
 * - a frame is a connected set of horizontal and vertical rules (they touch or cross)
 *   with at least three distinct vertical positions (two columns);
 * - column boundaries are the distinct x of its vertical rules, row boundaries the
 *   distinct y of its horizontal rules;
 * - two neighbouring grid slots belong to one cell when no rule separates them: a cell
 *   with no horizontal rule crossing it gets a rowSpan, one with no vertical rule a colSpan;
 * - every text segment goes to the cell it starts in; a cell's lines are joined into
 *   paragraphs, a new paragraph starting after vertical space, at a list or number
 *   marker ("(3)", "(S2)", "•"), after a bold label line, or where the previous line
 *   ended early although the next word would have fitted (a hard break);
 * - a shaded box covering a cell gives its `shading`.
 */
import type { CellOut, PageLine, RowOut, Rule, Segment, TableUnit } from './types.js';
import { joinLines, normalizeSpace, splitBullet } from './run-text.js';
import { continuesWord, joinPieces } from './wordbreak.js';

/** Positions closer than this (pt) are the same boundary. */
const SNAP = 2;
/** Rules closer than this (pt) touch. */
const TOUCH = 2.5;
const MAX_FRAME_RULES = 3000;

interface Frame {
  h: Rule[];
  v: Rule[];
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Distinct values, clustered within SNAP, as the mean of each cluster. */
function clusters(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[][] = [];
  for (const v of sorted) {
    const last = out[out.length - 1];
    if (last && v - last[last.length - 1]! <= SNAP) last.push(v);
    else out.push([v]);
  }
  return out.map((c) => c.reduce((s, v) => s + v, 0) / c.length);
}

/** Connected groups of horizontal and vertical rules with at least two columns. */
export function findFrames(rules: Rule[]): Frame[] {
  const h = rules.filter((r) => !r.fill && Math.abs(r.y1 - r.y2) < 1);
  const v = rules.filter((r) => !r.fill && Math.abs(r.x1 - r.x2) < 1);
  if (h.length < 2 || v.length < 3 || h.length + v.length > MAX_FRAME_RULES) return [];
  const all = [...h, ...v];
  const parent = all.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  for (let i = 0; i < h.length; i++) {
    const a = h[i]!;
    for (let j = 0; j < v.length; j++) {
      const b = v[j]!;
      if (b.x1 >= a.x1 - TOUCH && b.x1 <= a.x2 + TOUCH && a.y1 >= b.y1 - TOUCH && a.y1 <= b.y2 + TOUCH) {
        parent[find(i)] = find(h.length + j);
      }
    }
  }
  const groups = new Map<number, Frame>();
  all.forEach((r, i) => {
    const root = find(i);
    let f = groups.get(root);
    if (!f) groups.set(root, (f = { h: [], v: [], left: Infinity, right: -Infinity, top: Infinity, bottom: -Infinity }));
    (i < h.length ? f.h : f.v).push(r);
    f.left = Math.min(f.left, r.x1);
    f.right = Math.max(f.right, r.x2);
    f.top = Math.min(f.top, r.y1);
    f.bottom = Math.max(f.bottom, r.y2);
  });
  return [...groups.values()].filter((f) => f.h.length >= 2 && clusters(f.v.map((r) => r.x1)).length >= 3 && clusters(f.h.map((r) => r.y1)).length >= 2);
}

/** Does one of `rules` (all at position ~pos) cover at least half of [a, b] along its length? */
function covered(rules: Rule[], pos: number, a: number, b: number, vertical: boolean): boolean {
  let cover = 0;
  for (const r of rules) {
    const p = vertical ? r.x1 : r.y1;
    if (Math.abs(p - pos) > SNAP) continue;
    const lo = Math.max(a, vertical ? r.y1 : r.x1);
    const hi = Math.min(b, vertical ? r.y2 : r.x2);
    if (hi > lo) cover += hi - lo;
  }
  return cover >= 0.5 * (b - a);
}

interface Part {
  line: PageLine;
  seg: Segment;
}

export interface RuledTable extends TableUnit {
  /** Lines (from the page's list) that the table took. */
  taken: Set<PageLine>;
}

/**
 * A segment that crosses a column boundary (a marker joined to the text beside it, "2." +
 * "DCS and LSCB Chair ..."): split at the boundary, at the text start after the marker
 * when the line records it, else at the word nearest the boundary.
 */
function splitAt(line: PageLine, s: Segment, xs: number[]): Segment[] {
  const inner = xs.filter((x) => x > s.x + 1 && x < s.x2 - 1);
  if (!inner.length) return [s];
  const x = inner[0]!;
  let cut: number;
  let x2: number;
  if (line.bodyX !== undefined && line.bodyX > x && s.x < x && s.text.includes(' ')) {
    cut = s.text.indexOf(' ');
    x2 = line.bodyX;
  } else {
    const per = (s.x2 - s.x) / Math.max(1, s.text.length);
    const at = Math.round((x - s.x) / per);
    let best = -1;
    for (let k = 0; k < s.text.length; k++) if (s.text[k] === ' ' && (best < 0 || Math.abs(k - at) < Math.abs(best - at))) best = k;
    if (best < 0) return [s];
    cut = best;
    x2 = s.x + (best + 1) * per;
  }
  const left: Segment = { ...s, x2: Math.min(s.x2, x - 0.5), text: s.text.slice(0, cut).trim() };
  const right: Segment = { ...s, x: Math.max(x2, x + 0.5), text: s.text.slice(cut + 1).trim() };
  return [left, ...splitAt(line, right, xs)].filter((p) => p.text);
}

/** "(3)", "(S2)", "(LAC11)", "(2-3)", "3.", "b)", bullets: a line starting this way opens a paragraph. */
const MARKER_START = /^(\([A-Z]{0,4}\d{1,3}(-\d{1,3})?\)|\d{1,3}[.)](\s|$)|[a-z][.)]\s)/;

/** The cell's lines (parts sorted by y, then x) -> paragraphs. */
function paragraphsOf(parts: Part[], cellLeft: number, cellRight: number): string[] {
  // Lines: parts of one page line (several segments in one cell) joined.
  const lines: { y: number; x: number; x2: number; fs: number; bold: boolean; text: string; firstWord: number }[] = [];
  for (const p of parts) {
    const last = lines[lines.length - 1];
    if (last && Math.abs(last.y - p.line.y) < 0.5) {
      last.text += ' ' + p.seg.text;
      last.x2 = Math.max(last.x2, p.seg.x2);
      last.bold &&= p.seg.bold;
      continue;
    }
    const per = (p.seg.x2 - p.seg.x) / Math.max(1, p.seg.text.length);
    const word = /^\S+/.exec(p.seg.text)?.[0].length ?? 0;
    lines.push({ y: p.line.y, x: p.seg.x, x2: p.seg.x2, fs: p.seg.fontSize, bold: p.seg.bold, text: p.seg.text, firstWord: word * per });
  }
  if (!lines.length) return [];
  const left = Math.min(...lines.map((l) => l.x));
  // The inner right edge: as far right as any line reaches, at most the border less the padding.
  const reach = Math.max(...lines.map((l) => l.x2));
  const innerRight = Math.max(reach, Math.min(cellRight - 2, reach + 0.5 * lines[0]!.fs));
  // Where text may reach: the right border less the padding (as wide as the left one).
  const edge = cellRight - Math.max(0, left - cellLeft);
  const paras: Array<Array<{ text: string; glue: boolean }>> = [];
  lines.forEach((l, i) => {
    const prev = lines[i - 1];
    let start = !prev;
    const glue = !!prev && continuesWord({ x: prev.x, x2: prev.x2, text: prev.text, fontSize: prev.fs }, { x: l.x, x2: l.x2, text: l.text, fontSize: l.fs }, { left, right: edge });
    if (prev && !glue) {
      const gap = l.y - prev.y;
      const fs = Math.max(l.fs, prev.fs);
      const space = gap > 1.6 * fs;
      const marker = MARKER_START.test(l.text) || splitBullet(l.text) !== null;
      const label = (prev.bold && !l.bold) || Math.abs(l.fs - prev.fs) > 0.15 * Math.min(l.fs, prev.fs);
      // The previous line stopped although this line's first word would have fitted after it
      // (width estimates are rough: close to the edge, only when the line ends a sentence or clause).
      // Far short of the edge, a break is hard whatever the line ended with (a list of leads,
      // one per line).
      const room = innerRight - prev.x2 - l.firstWord;
      const hardBreak = l.x <= left + 1 && /^[\p{Lu}\d(•]/u.test(l.text) && (/[.:;!?]$/.test(prev.text) ? room > 1.5 * fs : room > 2.5 * fs);
      start = space || marker || label || hardBreak;
    }
    if (start) paras.push([{ text: l.text, glue: false }]);
    else paras[paras.length - 1]!.push({ text: l.text, glue });
  });
  return paras.map((p) => normalizeSpace(joinPieces(p, joinLines))).filter(Boolean);
}

/** Tables drawn as ruled grids on a page, with the lines they contain. */
export function ruledTables(lines: PageLine[], rules: Rule[]): RuledTable[] {
  const frames = findFrames(rules);
  if (!frames.length) return [];
  const fills = rules.filter((r) => r.fill);
  const out: RuledTable[] = [];
  for (const f of frames) {
    const table = frameTable(f, lines, fills);
    if (table) out.push(table);
  }
  return out;
}

/** A cell's extent in grid slots: its top-left slot and bottom-right slot. */
interface CellBox {
  r0: number;
  c0: number;
  r1: number;
  c1: number;
}

/** A frame's grid: its boundaries, and which cell (by its root slot) owns each slot. */
interface Grid {
  xs: number[];
  ys: number[];
  nr: number;
  nc: number;
  /** Root slot -> the cell's extent. */
  box: Map<number, CellBox>;
  /** Slot -> root slot of the cell owning it. */
  owner: number[];
}

const slotId = (g: Grid, r: number, c: number) => r * g.nc + c;

/** One frame -> its table, or null when it holds no table (no text, one row of two cells). */
function frameTable(f: Frame, lines: PageLine[], fills: Rule[]): RuledTable | null {
  const grid = gridOf(f);
  if (!grid) return null;
  const { taken, parts } = partsInFrame(f, grid, lines);
  if (taken.size === 0) return null;
  // Cell texts first: spacer columns and text boxes are decided from them.
  const texts = new Map<number, string[]>();
  for (const [root, b] of grid.box) {
    const ps = (parts.get(root) ?? []).sort((p, q) => p.line.y - q.line.y || p.seg.x - q.seg.x);
    texts.set(root, paragraphsOf(ps, grid.xs[b.c0]!, grid.xs[b.c1 + 1]!));
  }
  const spacer = spacerColumns(grid, texts);
  const boxRoots = textBoxes(grid, parts, texts, spacer);
  const boxLines = new Set<PageLine>();
  for (const root of boxRoots) for (const p of parts.get(root) ?? []) boxLines.add(p.line);
  const rows = gridRows(grid, texts, spacer, boxRoots, fills);
  // Drop empty bands (a double rule) that hold no text.
  const kept = rows.filter((row) => row.cells.some((c) => c.text || (c.rowSpan ?? 1) > 1) || (row.bottom ?? row.y) - row.y > 3);
  const takenLines = lines.filter((l) => taken.has(l) && !boxLines.has(l));
  for (const l of boxLines) taken.delete(l);
  // One row of two cells (a section heading boxed beside its grade) is not a table.
  if (!takenLines.length || !kept.length || (kept.length === 1 && kept[0]!.cells.length < 3)) return null;
  const { xs, ys, nr } = grid;
  return { kind: 'table', y: takenLines[0]!.y, rows: kept, lines: takenLines, taken, grid: { xs, top: ys[0]!, bottom: ys[nr]! } };
}

/** The frame's slots joined into cells: slots not separated by a rule are one cell. Null when not two columns and a row. */
function gridOf(f: Frame): Grid | null {
  const xs = clusters(f.v.map((r) => r.x1));
  const ys = clusters(f.h.map((r) => r.y1));
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  if (nr < 1 || nc < 2) return null;
  const g: Grid = { xs, ys, nr, nc, box: new Map(), owner: new Array<number>(nr * nc).fill(-1) };
  // Slots -> cells: union slots not separated by a rule.
  const parent = Array.from({ length: nr * nc }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      if (c + 1 < nc && !covered(f.v, xs[c + 1]!, ys[r]!, ys[r + 1]!, true)) union(slotId(g, r, c), slotId(g, r, c + 1));
      if (r + 1 < nr && !covered(f.h, ys[r + 1]!, xs[c]!, xs[c + 1]!, false)) union(slotId(g, r, c), slotId(g, r + 1, c));
    }
  }
  const comp = Array.from({ length: nr * nc }, (_, i) => find(i));
  // Each cell: a rectangle of slots of one component, the first one found from its top-left
  // slot (as far right, then as far down, as the component goes). A cell is a rectangle; a
  // component that is not one is the empty padding of a cell round a table nested in it (the
  // gutters beside the inner table and the band under it, when the outer row is taller): it
  // is cut into rectangles, and the inner table's cells keep their own slots.
  for (let r = 0; r < nr; r++) {
    for (let c = 0; c < nc; c++) {
      const id = slotId(g, r, c);
      if (g.owner[id] !== -1) continue;
      const same = (rr: number, cc: number) => comp[slotId(g, rr, cc)] === comp[id] && g.owner[slotId(g, rr, cc)] === -1;
      let c1 = c;
      while (c1 + 1 < nc && same(r, c1 + 1)) c1++;
      let r1 = r;
      const rowFits = (rr: number) => {
        for (let cc = c; cc <= c1; cc++) if (!same(rr, cc)) return false;
        return true;
      };
      while (r1 + 1 < nr && rowFits(r1 + 1)) r1++;
      g.box.set(id, { r0: r, c0: c, r1, c1 });
      for (let rr = r; rr <= r1; rr++) for (let cc = c; cc <= c1; cc++) g.owner[slotId(g, rr, cc)] = id;
    }
  }
  return g;
}

/** Text: every segment whose baseline lies inside the frame goes to the cell it starts in. */
function partsInFrame(f: Frame, g: Grid, lines: PageLine[]): { taken: Set<PageLine>; parts: Map<number, Part[]> } {
  const { xs, ys, nr, nc } = g;
  const taken = new Set<PageLine>();
  const parts = new Map<number, Part[]>();
  const slotOf = (x: number, y: number): number => {
    let r = -1;
    for (let k = 0; k < nr; k++) if (y >= ys[k]! && y < ys[k + 1]!) r = k;
    let c = -1;
    for (let k = 0; k < nc; k++) if (x >= xs[k]! - 1 && x < xs[k + 1]!) c = k;
    return r < 0 || c < 0 ? -1 : slotId(g, r, c);
  };
  for (const line of lines) {
    const y = line.y - 0.3 * line.fontSize;
    if (y < f.top || y > f.bottom || line.x2 < f.left || line.x > f.right) continue;
    if (line.x < f.left - 2 || line.x2 > f.right + 2) continue; // text across the frame's edge: not in it
    taken.add(line);
    for (const s0 of line.segs) {
      for (const s of splitAt(line, s0, xs)) {
        const slot = slotOf(s.x + 0.5, y);
        if (slot < 0) continue;
        const cell = g.owner[slot]!;
        const list = parts.get(cell) ?? [];
        list.push({ line, seg: s });
        parts.set(cell, list);
      }
    }
  }
  return { taken, parts };
}

/**
 * A spacer column (an indent: "1. Children ..." spanning it, "2.1 Adoption" beside it)
 * has no text of its own, only cells spanning it from its neighbours: it is dropped.
 */
function spacerColumns(g: Grid, texts: Map<number, string[]>): boolean[] {
  const hasText = (root: number) => texts.get(root)!.length > 0;
  const spacer = new Array<boolean>(g.nc).fill(false);
  for (let c = 0; c < g.nc; c++) {
    let own = false;
    let spanned = false;
    for (const [root, b] of g.box) {
      if (b.c0 > c || b.c1 < c) continue;
      if (b.c0 === c && b.c1 === c) own ||= hasText(root);
      else if (hasText(root)) spanned = true;
    }
    spacer[c] = !own && spanned;
  }
  return spacer;
}

/** The number of columns a cell spans, spacer columns not counted. */
function spanWidth(b: { c0: number; c1: number }, spacer: boolean[]): number {
  let n = 0;
  for (let c = b.c0; c <= b.c1; c++) if (!spacer[c]) n++;
  return n;
}

/**
 * A text box: a full-width cell at the top or bottom edge holding prose (a report's
 * "The overall judgement is ..." panel above its judgement grid) is text, not a row.
 * So is one with text in a larger type than the rest of the table (a caption: "Children's services in X are good").
 */
function textBoxes(g: Grid, parts: Map<number, Part[]>, texts: Map<number, string[]>, spacer: boolean[]): Set<number> {
  const real = g.nc - spacer.filter(Boolean).length;
  const sizes = [...parts.values()].flat().map((p) => p.seg.fontSize).sort((a, b) => a - b);
  const bodySize = sizes[Math.floor(sizes.length / 2)] ?? 0;
  const boxRoots = new Set<number>();
  const textRows = [...g.box].filter(([root]) => texts.get(root)!.length > 0).map(([, b]) => b.r0);
  for (const edge of textRows.length ? [Math.min(...textRows), Math.max(...textRows)] : []) {
    const root = g.owner[slotId(g, edge, 0)]!;
    const b = g.box.get(root)!;
    const paras = texts.get(root)!;
    const ps = parts.get(root) ?? [];
    const large = ps.some((p) => p.seg.fontSize >= 1.15 * bodySize);
    if (spanWidth(b, spacer) === real && b.r0 === b.r1 && (paras.length >= 2 || paras.join(' ').length > 150 || large)) boxRoots.add(root);
  }
  return boxRoots;
}

/** The grid's rows: each cell once (in the row and column it starts in), less spacer cells and text boxes. */
function gridRows(g: Grid, texts: Map<number, string[]>, spacer: boolean[], boxRoots: Set<number>, fills: Rule[]): RowOut[] {
  const { xs, ys } = g;
  const rows: RowOut[] = [];
  for (let r = 0; r < g.nr; r++) {
    const cells: CellOut[] = [];
    for (let c = 0; c < g.nc; c++) {
      const root = g.owner[slotId(g, r, c)]!;
      const b = g.box.get(root)!;
      if (b.r0 !== r || b.c0 !== c) continue; // covered by a span
      if (boxRoots.has(root)) continue;
      const colSpan = spanWidth(b, spacer);
      if (colSpan === 0) continue; // a spacer cell
      const paragraphs = texts.get(root)!;
      const cell: CellOut = { text: paragraphs.join('\n'), paragraphs, rowSpan: b.r1 - b.r0 + 1, colSpan };
      const shade = shadingOf(fills, xs[b.c0]!, xs[b.c1 + 1]!, ys[b.r0]!, ys[b.r1 + 1]!);
      if (shade) cell.shading = shade;
      cells.push(cell);
    }
    // A band with no cell starting in it (every slot covered from above) adds nothing.
    if (cells.length) rows.push({ y: ys[r]!, cells, bottom: ys[r + 1]! });
  }
  return rows;
}

/** The colour of a shaded box covering most of the cell [x1,x2] x [y1,y2]. */
function shadingOf(fills: Rule[], x1: number, x2: number, y1: number, y2: number): string | undefined {
  const area = (x2 - x1) * (y2 - y1);
  let best: string | undefined;
  let bestCover = 0;
  for (const f of fills) {
    const w = Math.min(x2, f.x2) - Math.max(x1, f.x1);
    const h = Math.min(y2, f.y2) - Math.max(y1, f.y1);
    if (w <= 0 || h <= 0) continue;
    // The box must lie within the cell (not a background under the whole table).
    if (f.x1 < x1 - SNAP || f.x2 > x2 + SNAP || f.y1 < y1 - SNAP || f.y2 > y2 + SNAP) continue;
    const cover = (w * h) / area;
    if (cover > bestCover) [best, bestCover] = [f.fill, cover];
  }
  return bestCover >= 0.5 ? best : undefined;
}
