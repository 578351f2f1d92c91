/**
 * Stages 1-2 over the document: the plan tables, each on its column grid (grid.ts), with its
 * header row and column map (columns.ts). A table with no header of its own and the width of
 * the plan table before it continues that table (a table broken over pages) and takes its roles.
 */
import type { Block, TableBlock, TableCell } from '../../layout/types.js';
import { toGrid, valueOf, type GridRow } from './grid.js';
import { fragmentMap, type LastRow, mapHeader, namedCells, refineWithData, type ColumnMap } from './columns.js';

/** Data rows under a header read to correct its roles (enough to see a column's values, few enough to stay in the table's first part). */
export const ROLE_SAMPLE_ROWS = 40;

/** Cells naming plan columns that make a headerless table a plan table of its own (with an unmapped header). */
const MIN_NAMED_CELLS = 2;

export interface PlanTable {
  grid: GridRow[];
  /** Index of the first header row (-1: none, the table continues the one before). */
  header: number;
  map: ColumnMap | null;
  /** A piece of the plan table before it, cut out with fewer columns (see fragmentMap). */
  fragment?: boolean;
  /** A fragment of one row: the tail of the last row read, every text carrying on its cell. */
  tail?: boolean;
}

export const cellsOf = (r: GridRow): string[] => r.slots.map((s) => s.text);

/** What the scan over the document knows of the plan tables before the next one. */
interface TableScan {
  /** The last table with a header of its own: its map, width and used width (see usedWidth). */
  prev: { map: ColumnMap; width: number; used: number } | null;
  /** The texts of the last row of the last plan table, by role. */
  last: LastRow | null;
  /** A heading came since the last table. */
  heading: boolean;
}

/** The plan tables of a document, by block. */
export function planTables(blocks: Block[]): Map<Block, PlanTable> {
  const out = new Map<Block, PlanTable>();
  const scan: TableScan = { prev: null, last: null, heading: false };
  for (const b of blocks) {
    if (b.type === 'heading') scan.heading = true;
    if (b.type !== 'table') continue;
    const grid = twoRowHeader(mergedBesideHeader(toGrid(unnest(transposeRecord(b)))));
    const header = grid.findIndex((r) => mapHeader(cellsOf(r)) !== null);
    const t = header < 0 ? headerlessTable(scan, grid) : headedTable(scan, grid, header);
    if (t) out.set(b, t);
    scan.heading = false;
  }
  return out;
}

/** A table with a header row of its own: its roles from the header, corrected by the data. */
function headedTable(scan: TableScan, grid: GridRow[], header: number): PlanTable {
  const map = withData(mapHeader(cellsOf(grid[header]!))!, grid, header, scan.prev?.map ?? null);
  scan.prev = { map, width: grid[0]?.slots.length ?? 0, used: usedWidth(grid) };
  scan.last = lastRow(grid, map);
  return { grid, header, map };
}

/**
 * A table with no header: the plan table before it continued (the same width), a piece of it
 * cut out with fewer columns (not after a heading), a table naming plan columns but no
 * action column (read as unmapped), or not a plan table (null).
 */
function headerlessTable(scan: TableScan, grid: GridRow[]): PlanTable | null {
  // A first row marked as the table's header that names no plan column and reads as column
  // titles (two or more short labels, no number, date or sentence: Markdown marks every
  // table's first row, a data row too): a table of its own (outcome measures, a staffing
  // list), never the plan table continued or a piece of it (a conversion that cuts a table
  // gives its pieces no header).
  const ownHeader = grid[0]?.header === true && columnTitles(grid[0].slots.filter((s) => s.text && !s.mergedFromAbove).map((s) => s.text));
  const prev = ownHeader ? null : scan.prev;
  const width = grid[0]?.slots.length ?? 0;
  const sameWidth = prev !== null && (prev.width === width || (width < prev.width && usedWidth(grid) === prev.used));
  const piece = prev && !sameWidth && !scan.heading && width < prev.width && grid.length ? fragmentMap(prev.map, grid.map((r) => r.slots), scan.last) : null;
  if (prev && sameWidth && grid.length) {
    scan.last = lastRow(grid, prev.map);
    return { grid, header: -1, map: prev.map };
  }
  if (piece) {
    scan.last = lastRow(grid, piece);
    return { grid, header: -1, map: piece, fragment: true, tail: grid.length === 1 };
  }
  if (grid.length && namedCells(cellsOf(grid[0]!)) >= MIN_NAMED_CELLS && grid.length > 1) return { grid, header: -1, map: null };
  return null;
}

/** Longest column title, in characters: longer is a value or a sentence. */
const TITLE_MAX = 40;

/** Texts that read as column titles: two or more, each short, with no digit and no full stop. */
const columnTitles = (texts: string[]): boolean => texts.length >= 2 && texts.every((t) => t.trim().length <= TITLE_MAX && !/\d/.test(t) && !/\.\s*$/.test(t));

/** The columns up to the last that holds text (a trailing empty column is not a difference of width). */
const usedWidth = (grid: GridRow[]): number => Math.max(0, ...grid.map((r) => r.slots.reduce((n, s, c) => (s.text ? c + 1 : n), 0)));

/** The texts of a table's last row, by role (the first column of each role). */
function lastRow(grid: GridRow[], map: ColumnMap): LastRow | null {
  const r = grid[grid.length - 1];
  if (!r) return null;
  const out: LastRow = {};
  map.roles.forEach((role, c) => {
    if (role && out[role] === undefined) out[role] = valueOf(r.slots[c]);
  });
  return out;
}

/** A header's roles corrected by the data rows under it. */
export function withData(map: ColumnMap, grid: GridRow[], header: number, prior: ColumnMap | null = null): ColumnMap {
  const rows = grid.slice(header + 1, header + 1 + ROLE_SAMPLE_ROWS).filter((r) => !mapHeader(cellsOf(r)));
  const merged = map.roles.map((_, c) => rows.some((r) => r.slots[c]?.mergedFromAbove === true || (r.slots[c]?.rows ?? 1) > 1));
  return refineWithData(map, rows.map((r) => r.slots), merged, prior);
}

/** A nested table row as the readers flatten it into a cell's paragraph: cells joined by " | ". */
const NESTED_SEP = ' | ';
/** An outer header's title is shorter than this. */
const NESTED_TITLE_MAX = 60;
/** Columns a flattened nested table has at least (fewer is prose with a bar in it). */
const NESTED_MIN_COLS = 3;

/** The rows of a table nested in a cell (one paragraph per nested row), or null. */
function nestedRows(c: TableCell): string[][] | null {
  if (c.paragraphs.length < 2 || !c.paragraphs.every((p) => p.includes(NESTED_SEP))) return null;
  const rows = c.paragraphs.map((p) => p.split(NESTED_SEP).map((x) => x.trim()));
  const n = rows[0]!.length;
  return n >= NESTED_MIN_COLS && rows.every((r) => r.length === n) ? rows : null;
}

/**
 * A table holding a table in one column (a row per recommendation, its actions as a table in
 * the next cell) read as one table: the nested rows become rows of the outer table, the
 * outer cells merged down over them, and the nested header (the first nested row where it
 * names plan columns) takes the nested column's place in the outer header.
 */
export function unnest(b: TableBlock): TableBlock {
  const nestedAt = (cells: TableCell[]): number => cells.findIndex((c) => nestedRows(c) !== null);
  if (!b.rows.some((r) => nestedAt(r.cells) >= 0)) return b;
  let innerHeader: string[] | null = null;
  const rows: TableBlock['rows'] = [];
  const mk = (text: string, loc: TableCell['loc'], rowSpan = 1): TableCell => ({ text, paragraphs: text ? [text] : [], rowSpan, colSpan: 1, loc });
  for (const r of b.rows) {
    const k = nestedAt(r.cells);
    if (k < 0) {
      rows.push(r);
      continue;
    }
    let inner = nestedRows(r.cells[k]!)!;
    if (mapHeader(inner[0]!) !== null) {
      innerHeader ??= inner[0]!;
      inner = inner.slice(1);
    }
    if (!inner.length) continue;
    inner.forEach((cells, i) => {
      const own = cells.map((t) => mk(t, r.cells[k]!.loc));
      if (i > 0) return void rows.push({ cells: own, loc: r.loc });
      const outer = r.cells.map((c) => ({ ...c, rowSpan: c.rowSpan + inner.length - 1 }));
      rows.push({ cells: [...outer.slice(0, k), ...own, ...outer.slice(k + 1)], loc: r.loc, header: r.header });
    });
  }
  // The outer header (the row of short titles just before the first nested row): the nested
  // header in the nested column's place.
  const firstNested = b.rows.findIndex((r) => nestedAt(r.cells) >= 0);
  const k = nestedAt(b.rows[firstNested]!.cells);
  const head = firstNested > 0 ? b.rows[firstNested - 1]! : null;
  const isTitles = head !== null && head.cells.length === b.rows[firstNested]!.cells.length && head.cells.every((c) => c.rowSpan === 1 && c.text.length < NESTED_TITLE_MAX);
  const out = rows.map((r) =>
    r === head && isTitles && innerHeader ? { ...r, cells: [...r.cells.slice(0, k), ...innerHeader.map((t) => mk(t, r.cells[k]!.loc)), ...r.cells.slice(k + 1)] } : r,
  );
  return { ...b, rows: out };
}

/**
 * A header row beside a cell merged down over the rows below it (a nested table printed as
 * part of the outer one: the recommendation's cell, then the inner header and its actions
 * beside it): the merged cell belongs to the data rows. It starts on the row after the header
 * instead, and the header takes the title of the row above at that column ("Recommendation"),
 * the same title at every repeat of the header in the table. When the page breaks under that
 * header row, the cell carries on under the table's header repeated on the next page (rows the
 * reader marks `header`), in an empty cell of the same width merged down over the actions:
 * the text moves there (see carriedPast).
 */
export function mergedBesideHeader(grid: GridRow[]): GridRow[] {
  // The title each column got at its first such header: later repeats of the header read the same.
  const titles = new Map<number, string>();
  for (let i = 0; i + 1 < grid.length; i++) {
    const row = grid[i]!;
    const started = row.slots.map((s, c) => (!s.mergedFromAbove && !s.spanned && s.text && (s.rows > 1 || carriedPast(grid, i, c) > 0) ? c : -1)).filter((c) => c >= 0);
    if (!started.length || started.length === row.slots.length) continue;
    const blanked = row.slots.map((s, c) => (started.includes(c) ? '' : s.text));
    if (mapHeader(blanked) === null) continue;
    for (const c of started) {
      const s = row.slots[c]!;
      const to = s.rows > 1 ? i + 1 : carriedPast(grid, i, c);
      const old = grid[to]!.slots[c]!;
      const moved = s.rows > 1 ? { ...s, rows: s.rows - 1 } : { ...old, text: s.text, paragraphs: s.paragraphs, shading: old.shading ?? s.shading };
      grid[to]!.slots[c] = moved;
      const from = s.rows > 1 ? s : old;
      for (let k = to + 1; k < grid.length && grid[k]!.slots[c]?.origin === from; k++) grid[k]!.slots[c] = { ...grid[k]!.slots[c]!, origin: moved };
      const above = i > 0 ? grid[i - 1]!.slots[c] : undefined;
      const title = titles.get(c) ?? (above && !above.mergedFromAbove && above.text.length < 60 ? above.text : '');
      if (title) titles.set(c, title);
      row.slots[c] = { text: title, paragraphs: title ? [title] : [], mergedFromAbove: false, fullWidth: false, rows: 1 };
    }
  }
  return grid;
}

/**
 * The row where a cell of row `i` not merged down carries on past a page break: the first
 * row after the table's header repeated just below it (rows marked `header`, at least one),
 * when that row's slot in the column is an empty cell of the same width (merged down over the
 * rows beside it, or not). -1 when none; never for a row itself marked header.
 */
function carriedPast(grid: GridRow[], i: number, c: number): number {
  const s = grid[i]!.slots[c]!;
  if (grid[i]!.header || s.rows > 1) return -1;
  let j = i + 1;
  while (j < grid.length && grid[j]!.header) j++;
  const t = grid[j]?.slots[c];
  if (j === i + 1 || !t || t.text || t.mergedFromAbove || t.spanned || (t.cols ?? 1) !== (s.cols ?? 1)) return -1;
  return j;
}

/** A sub-column code under a group title ("Q1", "Y2"). */
const SUB_CODE = /^[A-Z]{1,2}\d{1,2}$/;
/** A column title in a header's second row is at most this long. */
const SUB_TITLE_MAX = 40;

/**
 * A header over two rows: titles merged down over both rows beside group titles spanning
 * columns ("Delivery" over Lead / Target date, "Progress" over Q1..Q4), the column titles in
 * the second row. Read as one header row: each column's own title from the second row where it
 * has one, else the title merged down over it (a group title's columns take their own titles).
 */
export function twoRowHeader(grid: GridRow[]): GridRow[] {
  for (let i = 0; i + 1 < grid.length; i++) {
    const top = grid[i]!;
    const low = grid[i + 1]!;
    const downs = top.slots.filter((s) => !s.mergedFromAbove && s.rows === 2 && s.text);
    const groups = top.slots.filter((s) => !s.mergedFromAbove && (s.cols ?? 1) > 1 && s.text);
    if (!downs.length || !groups.length) continue;
    const lowOwn = low.slots.filter((s) => !s.mergedFromAbove && s.text);
    if (!lowOwn.length || lowOwn.some((s) => s.text.length > SUB_TITLE_MAX)) continue;
    // The second row has titles only under the group titles, nothing under the cells merged down.
    if (!top.slots.every((s, c) => !(s.rows === 2 && !s.mergedFromAbove) || low.slots[c]!.mergedFromAbove)) continue;
    let group = '';
    const combined = top.slots.map((s, c) => {
      const under = low.slots[c]!;
      if (!s.spanned) group = (s.cols ?? 1) > 1 ? s.text : '';
      // A short code under a group title ("Q1" under "Progress 2024/25") is a part of the group's column.
      const own = !under.mergedFromAbove && under.text ? (group && SUB_CODE.test(under.text) ? `${group} ${under.text}` : under.text) : '';
      const text = own || (s.spanned ? '' : s.text);
      return { ...s, text, paragraphs: text ? [text] : [], rows: 1, cols: 1, spanned: false, fullWidth: false };
    });
    if (mapHeader(combined.map((x) => x.text)) === null) continue;
    grid.splice(i, 2, { ...top, slots: combined, header: top.header || low.header });
    // Later rows merged down from the old header row (none expected) keep pointing at its slots.
  }
  return grid;
}

/** Rows a record table (one action as label | value rows) has at least. */
const RECORD_MIN_ROWS = 3;

/**
 * A table of one action written as a record, a row per field ("Action | ...", "Lead | ...",
 * "Due date | ..."): two columns whose first names plan columns. Read as a header row of the
 * labels and a data row of the values.
 */
export function transposeRecord(b: TableBlock): TableBlock {
  if (b.rows.length < RECORD_MIN_ROWS || !b.rows.every((r) => r.cells.length === 2 && r.cells.every((c) => c.rowSpan === 1 && c.colSpan === 1))) return b;
  const labels = b.rows.map((r) => r.cells[0]!.text);
  if (labels.some((l) => l.length > NESTED_TITLE_MAX) || mapHeader(labels) === null) return b;
  return { ...b, rows: [{ cells: b.rows.map((r) => r.cells[0]!), loc: b.rows[0]!.loc, header: true }, { cells: b.rows.map((r) => r.cells[1]!), loc: b.rows[0]!.loc }] };
}
