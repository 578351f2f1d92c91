/**
 * Stage 3 over the document: the plan tables in reading order, each row by its role
 * (rows.ts), handed to the assembler (assemble.ts) with the recommendation each table's
 * context names (context.ts): a heading, numbered paragraph or list item above the table, a
 * banner row, a label a conversion broke over two rows.
 */
import type { Block, Loc, TableBlock, TextBlock } from '../../layout/types.js';
import { blockText } from '../../layout/types.js';
import { normalizeSpace } from '../../util/text.js';
import { clip, startsLower } from '../text-rules.js';
import type { GridRow } from './grid.js';
import { mapHeader, sameHeader, type ColumnMap } from './columns.js';
import { partPrefix, recLabel, type RecLabel } from './context.js';
import { joinSplitLabel, lineWrapped, rowRole, viewRow } from './rows.js';
import type { PlanAssembler } from './assemble.js';
import type { Legend } from './rag.js';
import { cellsOf, withData, type PlanTable } from './tables.js';

/** Blocks above a table searched for the recommendation it answers. */
const LABEL_ABOVE_BLOCKS = 3;
/** A paragraph shorter than this above a table may name its recommendation leniently (a long one is body text). */
const LABEL_PARAGRAPH_MAX = 600;
/** Words a banner row needs to be a recommendation with no number (fewer is a section title). */
const BANNER_REC_MIN_WORDS = 6;
/** A section title in capitals ("SAFEGUARDING", "LOOKED AFTER CHILDREN"), not a recommendation. */
const CAPITALS_TITLE = /^[A-Z\s&'’,:/-]+$/;
/** Characters of a longer source text (a table not read, text dropped) quoted in a warning. */
const LONG_QUOTE = 80;

/**
 * Numbered list items separated only by tables (a list whose items each head a table) go on
 * counting, as Word numbers them, even where the conversion restarted each at 1.
 */
function listNumbers(blocks: Block[]): Map<Block, number> {
  const out = new Map<Block, number>();
  let last: { n: number; depth: number } | null = null;
  let onlyTables = true;
  for (const b of blocks) {
    if (b.type === 'list_item' && b.ordinal !== null) {
      const n: number = last && onlyTables && b.depth === last.depth && b.ordinal <= last.n ? last.n + 1 : b.ordinal;
      out.set(b, n);
      last = { n, depth: b.depth };
      onlyTables = true;
    } else if (b.type !== 'table') onlyTables = false;
  }
  return out;
}

/** The recommendation named by the text just above a table (up to LABEL_ABOVE_BLOCKS blocks back). */
function labelAbove(above: TextBlock[], numbers: Map<Block, number>): { label: RecLabel; loc: Loc; after: string[] } | null {
  for (let k = above.length - 1; k >= Math.max(0, above.length - LABEL_ABOVE_BLOCKS); k--) {
    const b = above[k]!;
    const n = numbers.get(b);
    const text = normalizeSpace((n !== undefined ? `${n}. ${b.text}` : blockText(b)).replace(/\*\*/g, ''));
    const lenient = b.type === 'heading' || (b.type === 'list_item' && b.ordinal !== null) || (b.type === 'paragraph' && text.length < LABEL_PARAGRAPH_MAX);
    const label = recLabel(text, !lenient);
    if (label && (label.ref || label.worded)) {
      return { label, loc: b.loc, after: above.slice(k + 1).map((x) => normalizeSpace(x.text)) };
    }
  }
  return null;
}

/** Where the walk over the document stands. */
interface PlanWalk {
  asm: PlanAssembler;
  legend: Legend;
  /** Numbers of list items as Word counts them (listNumbers). */
  numbers: Map<Block, number>;
  /** The column map of the last plan table read, and its width. */
  map: ColumnMap | null;
  width: number;
  /** Text blocks since the last table. */
  above: TextBlock[];
}

/** Every plan table of the document, in order, into the assembler. */
export function readPlan(blocks: Block[], tables: Map<Block, PlanTable>, asm: PlanAssembler, legend: Legend): void {
  const w: PlanWalk = { asm, legend, numbers: listNumbers(blocks), map: null, width: 0, above: [] };
  for (const block of blocks) {
    if (block.type !== 'table') {
      const part = block.type === 'heading' ? partPrefix(block.text) : null;
      if (part) asm.setPart(part);
      w.above.push(block);
      continue;
    }
    const t = tables.get(block);
    if (!t) unreadTable(w, block);
    else if (!t.map) {
      asm.note('plan_header_unmapped', `a table whose header names plan columns but no action column ("${clip(cellsOf(t.grid[0]!).join(' | '))}"): its rows are not read`, block.loc);
      w.above = [];
    } else if (t.fragment) {
      // a piece of the table above: read on its own columns, then the table above goes on;
      // the tail of a row is read as a table printed line by line (its texts carry on)
      asm.tableStart(t.map.id !== null, true, t.tail === true || lineWrapped(t.grid, t.map));
      readRows(t.grid, t.map, asm, legend, t.map);
      w.above = [];
    } else readTable(w, t, t.map);
  }
}

/** After the plan's first table, a table not read is a region of the plan lost: say so. */
function unreadTable(w: PlanWalk, block: TableBlock): void {
  if (!w.map || !block.rows.some((r) => r.cells.some((c) => c.text.trim()))) return;
  const text = block.rows.flatMap((r) => r.cells.map((c) => c.text)).filter((x) => x.trim()).join(' | ');
  w.asm.note('plan_table_unread', `a table with no header that does not fit the plan table above (${block.rows.length} row(s), ${block.rows[0]?.cells.length ?? 0} columns): not read ("${clip(text, LONG_QUOTE)}")`, block.loc);
}

/**
 * A plan table: the recommendation the text above names opens, then its rows are read, on
 * the roles of the table it continues where it has no header of its own.
 */
function readTable(w: PlanWalk, t: PlanTable, tableMap: ColumnMap): void {
  const { asm } = w;
  const width = t.grid[0]!.slots.length;
  const continued: boolean = w.map !== null && (t.header < 0 || (width === w.width && sameHeader(w.map, tableMap)));
  const ctx = labelAbove(w.above, w.numbers);
  if (ctx && ctx.label.ref) {
    asm.open(ctx.label, ctx.loc, 'above');
    for (const text of ctx.after) if (!ctx.label.text) asm.addRecText(text);
  }
  w.above = [];
  // no header: the roles of the table it continues
  const map: ColumnMap = t.header < 0 && w.map && continued ? w.map : tableMap;
  w.width = width;
  asm.tableStart(map.id !== null, continued, lineWrapped(t.grid, map));
  // Rows above the header of a table continuing the one before, where the header is the
  // one repeated on the next page of a table broken over pages, take that table's roles.
  const repeated = t.header > 0 && t.grid[t.header]!.loc.page !== null && t.grid[t.header]!.loc.page !== t.grid[0]!.loc.page;
  w.map = readRows(t.grid, t.header < 0 || (continued && repeated) ? map : null, asm, w.legend, tableMap) ?? map;
}

/** One table being read: its grid, the column map in force, and where its rows go. */
interface TableRead {
  grid: GridRow[];
  /** The map in force (a header row inside the table may change it). */
  map: ColumnMap | null;
  /** The table's own map (its first header's). */
  tableMap: ColumnMap;
  asm: PlanAssembler;
  legend: Legend;
}

/**
 * Stage 3 over one table: each row by its role, to its handler. `start`: the map in force
 * before any header row. Returns the map in force at the table's end.
 */
function readRows(grid: GridRow[], start: ColumnMap | null, asm: PlanAssembler, legend: Legend, tableMap: ColumnMap): ColumnMap | null {
  const t: TableRead = { grid, map: start, tableMap, asm, legend };
  for (let i = 0; i < grid.length; i++) {
    if (headerRow(t, i)) continue;
    const used = labelRow(t, i);
    if (used > 0) {
      i += used - 1;
      continue;
    }
    const row = grid[i]!;
    const { role, banner } = rowRole(row, t.map);
    if (role === 'header') {
      asm.pageBreak();
      continue;
    }
    if (role === 'debris' || !t.map) continue;
    if (role === 'banner') bannerRow(t, i, t.map, banner ?? null);
    else asm.row(viewRow(row, t.map, legend));
  }
  return t.map;
}

/**
 * A header row inside the table: the map it names comes into force (a page break). Inside a
 * table already read, a header comes again as the same header, or as words that open in
 * capitals: a data line that happens to name columns ("evaluation of the impact of") is data.
 */
function headerRow(t: TableRead, i: number): boolean {
  const cells = cellsOf(t.grid[i]!);
  const h0 = mapHeader(cells);
  const h = h0 && t.map && !sameHeader(t.map, h0) && cells.some((c) => startsLower(c.trim())) ? null : h0;
  if (!h) return false;
  t.map = t.map && sameHeader(t.map, h) ? t.map : sameHeader(t.tableMap, h) ? t.tableMap : withData(h, t.grid, i, t.map ?? t.tableMap);
  t.asm.pageBreak();
  return true;
}

/**
 * A worded recommendation label in the row's first cell ("2. Ofsted Recommendation ..."),
 * also one a conversion broke over two rows ("2. Ofsted" / "Recommendation ..."): the
 * recommendation opens. Returns the rows used (0: not a label row).
 */
function labelRow(t: TableRead, i: number): number {
  const row = t.grid[i]!;
  const cells = cellsOf(row);
  const split = joinSplitLabel(cells, t.grid[i + 1] ? cellsOf(t.grid[i + 1]!) : undefined);
  const worded = wordedLabel(normalizeSpace(split?.cells[0] ?? cells[0] ?? ''));
  if (!worded?.worded || !worded.ref || (t.map && t.map.description === 0)) return 0;
  // The label in the Recommendation (or its number) column of a row with an action of its own: a
  // data row whose recommendation cell is labelled ("Recommendation 1 Ensure ...", "AFI 1" beside
  // action 1.1), read as one.
  if (!split && t.map && (t.map.recommendation === 0 || t.map.ref === 0) && t.map.description !== null && row.slots[t.map.description]?.text && !row.slots[t.map.description]!.mergedFromAbove) return 0;
  // In the action-number column, a bare number of an item's scheme with its action's place ("AFI1.1",
  // "AFI 2.3") numbers an action; it opens no recommendation.
  if (t.map && t.map.id === 0 && !split && !worded.text && /^\d{1,3}\.\d{1,2}$/.test(worded.ref)) return 0;
  const rest = (split?.cells ?? cells).slice(1).filter((c) => c && c.trim() && !/^[•-]$/.test(c.trim()));
  const label: RecLabel = { ...worded, text: normalizeSpace([worded.text, ...rest].join(' ')) };
  if (split?.debris) t.asm.note('plan_text_dropped', `text before recommendation ${worded.ref}'s label, broken off the row above, was not attached to any action ("${clip(split.debris, LONG_QUOTE)}")`, row.loc);
  t.asm.open(label, row.loc, 'banner');
  return split ? 2 : 1;
}

/**
 * A banner row (one text across the row): the rest of the recommendation above, a header's
 * group row, a recommendation (numbered, or a sentence), or a section title.
 */
function bannerRow(t: TableRead, i: number, map: ColumnMap, banner: RecLabel | null): void {
  const row = t.grid[i]!;
  const text = normalizeSpace(row.slots.find((s) => s.text && !s.mergedFromAbove)!.text);
  // The only text of the row in the Recommendation column, carrying on its unfinished sentence: a data row.
  const recCol = map.recommendation !== null && row.slots[map.recommendation]?.text && !row.slots[map.recommendation]!.mergedFromAbove;
  if (recCol && t.asm.carriesRecOn(text)) {
    t.asm.row(viewRow(row, map, t.legend));
    return;
  }
  const next = t.grid[i + 1];
  if (row.header || (next && mapHeader(cellsOf(next)))) t.asm.pageBreak();
  else if (banner?.ref) t.asm.open(banner, row.loc, 'banner');
  else if (text.split(' ').length >= BANNER_REC_MIN_WORDS && !CAPITALS_TITLE.test(text)) t.asm.open({ ref: null, text, timescaleRaw: null, worded: false }, row.loc, 'banner');
  else t.asm.section();
}

/** A worded recommendation label in a row's first cell, also behind debris of the row above ("... Safe 1. Ofsted Recommendation"). */
function wordedLabel(text: string): RecLabel | null {
  const l = recLabel(text, true);
  if (l?.worded) return l;
  const at = /\b\d{1,2}\s*\.\s*(?:Ofsted\b|Recommendation\b|Areas? for\b)/i.exec(text);
  return at && at.index > 0 ? recLabel(text.slice(at.index), true) : l;
}
