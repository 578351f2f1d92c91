import type { Action, Recommendation, Warning } from '../model/document.js';
import type { Block, LayoutDocument, Loc, TextBlock } from '../layout/types.js';
import { blockText } from '../layout/types.js';
import type { Unit } from './units.js';
import { normalizeSpace } from '../util/text.js';
import { toGrid, valueOf, type GridRow } from './plan/grid.js';
import { fragmentMap, type LastRow, mapHeader, namedCells, refineWithData, sameHeader, type ColumnMap } from './plan/columns.js';
import { inferEra, type Era } from './plan/due-dates.js';
import { LeadLexicon, actionSegments } from './plan/split.js';
import { partPrefix, recLabel, type RecLabel } from './plan/context.js';
import { joinSplitLabel, lineWrapped, rowRole, viewRow } from './plan/rows.js';
import { PlanAssembler, clip, toOutput } from './plan/assemble.js';
import { fillFromList, listItems } from './plan/reclist.js';
import { readCellLegend, readLegend, type Legend } from './plan/rag.js';

export interface PlanExtraction {
  actions: Action[];
  /** The recommendations / areas for improvement the plan answers, as the plan words them. */
  recommendations: Recommendation[];
  warnings: Warning[];
}

/**
 * Action-plan tables -> action rows. Works on the layout only, so a plan is read the same
 * way from Markdown, DOCX and PDF, through small stages (src/extract/plan/):
 *
 * 1. grid.ts: each table on its column grid, merged cells known on every row they cover.
 * 2. columns.ts: column roles from the header words and the data under them; a table
 *    with no header continuing one of the same width takes its roles.
 * 3. rows.ts: row roles (header, banner, data, debris).
 * 4. context.ts + assemble.ts: the recommendation each action answers, however given.
 * 5. rag.ts: status from the RAG cell's text or colour (with the plan's own legend).
 * 6. reclist.ts: groups with no recommendation number matched to the plan's own list.
 */
export function extractActionPlan(layout: LayoutDocument, _units: Unit[]): PlanExtraction {
  const blocks = layout.blocks;
  const era: Era = inferEra(blocks.map((b) => blockText(b)));
  const legend = readLegend(blocks.flatMap((b) => (b.type === 'table' ? b.rows.flatMap((r) => r.cells.map((c) => c.text)) : [b.text])));
  const tables = planTables(blocks);
  // A key given as coloured cells: in tables that are not plan tables, and above a plan table's header.
  readCellLegend(
    blocks.flatMap((b) => {
      if (b.type !== 'table') return [];
      const t = tables.get(b);
      const rows = t ? (t.map && t.header > 0 ? t.grid.slice(0, t.header) : t.map ? [] : t.grid) : toGrid(b);
      return rows.map((r) => r.slots.filter((x) => !x.spanned && !x.mergedFromAbove));
    }),
    legend,
  );
  const lexicon = buildLexicon(blocks, tables);
  const asm = new PlanAssembler(lexicon);
  walk(blocks, tables, asm, legend);
  const { recs, warnings } = asm.finish();
  const warn = (code: string, message: string, loc: Loc): void => void warnings.push({ code, message, loc });
  const first = blocks.findIndex((b) => tables.has(b));
  fillFromList(recs, listItems(blocks, first < 0 ? blocks.length : first), warn);
  const out = toOutput(recs, lexicon, era, warn);
  return { ...out, warnings };
}

interface PlanTable {
  grid: GridRow[];
  /** Index of the first header row (-1: none, the table continues the one before). */
  header: number;
  map: ColumnMap | null;
  /** A piece of the plan table before it, cut out with fewer columns (see fragmentMap). */
  fragment?: boolean;
}

const cellsOf = (r: GridRow): string[] => r.slots.map((s) => s.text);

/**
 * Stage 1-2 over the document: the plan tables with their header rows and column maps. A
 * table with no header of its own and the width of the plan table before it continues
 * that table (a table broken over pages) and takes its roles.
 */
function planTables(blocks: Block[]): Map<Block, PlanTable> {
  const out = new Map<Block, PlanTable>();
  let prev: { map: ColumnMap; width: number; used: number } | null = null;
  // the columns up to the last that holds text (a trailing empty column is not a difference of width)
  const usedWidth = (grid: GridRow[]): number => Math.max(0, ...grid.map((r) => r.slots.reduce((n, s, c) => (s.text ? c + 1 : n), 0)));
  // the texts of the last row of the last plan table, and whether a heading came since
  let last: LastRow | null = null;
  let heading = false;
  const lastRow = (grid: GridRow[], map: ColumnMap): LastRow | null => {
    const r = grid[grid.length - 1];
    if (!r) return null;
    const out: LastRow = {};
    map.roles.forEach((role, c) => {
      if (role && out[role] === undefined) out[role] = valueOf(r.slots[c]);
    });
    return out;
  };
  for (const b of blocks) {
    if (b.type === 'heading') heading = true;
    if (b.type !== 'table') continue;
    const grid = toGrid(b);
    const width = grid[0]?.slots.length ?? 0;
    const header = grid.findIndex((r) => mapHeader(cellsOf(r)) !== null);
    if (header < 0) {
      const sameWidth = prev !== null && (prev.width === width || (width < prev.width && usedWidth(grid) === prev.used));
      const piece = prev && !sameWidth && !heading && width < prev.width && grid.length ? fragmentMap(prev.map, grid.map((r) => r.slots), last) : null;
      if (prev && sameWidth && grid.length) {
        out.set(b, { grid, header: -1, map: prev.map });
        last = lastRow(grid, prev.map);
      } else if (piece) {
        out.set(b, { grid, header: -1, map: piece, fragment: true });
        last = lastRow(grid, piece);
      } else if (grid.length && namedCells(cellsOf(grid[0]!)) >= 2 && grid.length > 1) out.set(b, { grid, header: -1, map: null });
      heading = false;
      continue;
    }
    const map = withData(mapHeader(cellsOf(grid[header]!))!, grid, header);
    out.set(b, { grid, header, map });
    prev = { map, width, used: usedWidth(grid) };
    last = lastRow(grid, map);
    heading = false;
  }
  return out;
}

/** A header's roles corrected by the data rows under it. */
function withData(map: ColumnMap, grid: GridRow[], header: number): ColumnMap {
  const rows = grid.slice(header + 1, header + 41).filter((r) => !mapHeader(cellsOf(r)));
  const merged = map.roles.map((_, c) => rows.some((r) => r.slots[c]?.mergedFromAbove === true || (r.slots[c]?.rows ?? 1) > 1));
  return refineWithData(map, rows.map((r) => r.slots), merged);
}

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

/** The recommendation named by the text just above a table (up to three blocks back). */
function labelAbove(above: TextBlock[], numbers: Map<Block, number>): { label: RecLabel; loc: Loc; after: string[] } | null {
  for (let k = above.length - 1; k >= Math.max(0, above.length - 3); k--) {
    const b = above[k]!;
    const n = numbers.get(b);
    const text = normalizeSpace((n !== undefined ? `${n}. ${b.text}` : blockText(b)).replace(/\*\*/g, ''));
    const lenient = b.type === 'heading' || (b.type === 'list_item' && b.ordinal !== null) || (b.type === 'paragraph' && text.length < 600);
    const label = recLabel(text, !lenient);
    if (label && (label.ref || label.worded)) {
      return { label, loc: b.loc, after: above.slice(k + 1).map((x) => normalizeSpace(x.text)) };
    }
  }
  return null;
}

function walk(blocks: Block[], tables: Map<Block, PlanTable>, asm: PlanAssembler, legend: Legend): void {
  let map: ColumnMap | null = null;
  let width = 0;
  let above: TextBlock[] = [];
  const numbers = listNumbers(blocks);
  for (const block of blocks) {
    if (block.type !== 'table') {
      const part = block.type === 'heading' ? partPrefix(block.text) : null;
      if (part) asm.setPart(part);
      above.push(block);
      continue;
    }
    const t = tables.get(block);
    if (!t) {
      // After the plan's first table, a table not read is a region of the plan lost: say so.
      if (map && block.rows.some((r) => r.cells.some((c) => c.text.trim()))) {
        const text = block.rows.flatMap((r) => r.cells.map((c) => c.text)).filter((x) => x.trim()).join(' | ');
        asm.note('plan_table_unread', `a table with no header that does not fit the plan table above (${block.rows.length} row(s), ${block.rows[0]?.cells.length ?? 0} columns): not read ("${clip(text, 80)}")`, block.loc);
      }
      continue;
    }
    if (!t.map) {
      asm.note('plan_header_unmapped', `a table whose header names plan columns but no action column ("${clip(cellsOf(t.grid[0]!).join(' | '))}"): its rows are not read`, block.loc);
      above = [];
      continue;
    }
    const w = t.grid[0]!.slots.length;
    if (t.fragment) {
      // a piece of the table above: read on its own columns, then the table above goes on
      asm.tableStart(t.map.id !== null, true, lineWrapped(t.grid, t.map));
      readRows(t.grid, t.map, asm, legend, t.map);
      above = [];
      continue;
    }
    const continued: boolean = map !== null && (t.header < 0 || (w === width && sameHeader(map, t.map)));
    const ctx = labelAbove(above, numbers);
    if (ctx && ctx.label.ref) {
      asm.open(ctx.label, ctx.loc, 'above');
      for (const text of ctx.after) if (!ctx.label.text) asm.addRecText(text);
    }
    above = [];
    if (t.header < 0 && map && continued) {
      // no header: the roles of the table it continues
    } else map = t.map;
    width = w;
    asm.tableStart(map.id !== null, continued, lineWrapped(t.grid, map));
    // Rows above the header of a table continuing the one before, where the header is the
    // one repeated on the next page of a table broken over pages, take that table's roles.
    const repeated = t.header > 0 && t.grid[t.header]!.loc.page !== null && t.grid[t.header]!.loc.page !== t.grid[0]!.loc.page;
    map = readRows(t.grid, t.header < 0 || (continued && repeated) ? map : null, asm, legend, t.map) ?? map;
  }
}

/** Stage 3 over one table: each row by its role. `start`: the map in force before any header row. */
function readRows(grid: GridRow[], start: ColumnMap | null, asm: PlanAssembler, legend: Legend, tableMap: ColumnMap): ColumnMap | null {
  let map = start;
  for (let i = 0; i < grid.length; i++) {
    const row = grid[i]!;
    const cells = cellsOf(row);
    // Inside a table already read, a header comes again as the same header, or as words that
    // open in capitals: a data line that happens to name columns ("evaluation of the impact of") is data.
    const h0 = mapHeader(cells);
    const h = h0 && map && !sameHeader(map, h0) && cells.some((c) => /^[a-z]/.test(c.trim())) ? null : h0;
    if (h) {
      map = map && sameHeader(map, h) ? map : sameHeader(tableMap, h) ? tableMap : withData(h, grid, i);
      asm.pageBreak();
      continue;
    }
    // A recommendation label a conversion broke over two rows ("2. Ofsted" / "Recommendation ...").
    const split = joinSplitLabel(cells, grid[i + 1] ? cellsOf(grid[i + 1]!) : undefined);
    const worded = wordedLabel(normalizeSpace(split?.cells[0] ?? cells[0] ?? ''));
    if (worded?.worded && worded.ref && (!map || map.description !== 0)) {
      const rest = (split?.cells ?? cells).slice(1).filter((c) => c && c.trim() && !/^[•-]$/.test(c.trim()));
      const label: RecLabel = { ...worded, text: normalizeSpace([worded.text, ...rest].join(' ')) };
      if (split?.debris) asm.note('plan_text_dropped', `text before recommendation ${worded.ref}'s label, broken off the row above, was not attached to any action ("${clip(split.debris, 80)}")`, row.loc);
      asm.open(label, row.loc, 'banner');
      if (split) i++;
      continue;
    }
    const { role, banner } = rowRole(row, map);
    if (role === 'header') {
      asm.pageBreak();
      continue;
    }
    if (role === 'debris' || !map) continue;
    if (role === 'banner') {
      const text = normalizeSpace(row.slots.find((s) => s.text && !s.mergedFromAbove)!.text);
      // The only text of the row in the Recommendation column, carrying on its unfinished sentence: a data row.
      const recCol = map.recommendation !== null && row.slots[map.recommendation]?.text && !row.slots[map.recommendation]!.mergedFromAbove;
      if (recCol && asm.carriesRecOn(text)) {
        asm.row(viewRow(row, map, legend));
        continue;
      }
      const next = grid[i + 1];
      if (row.header || (next && mapHeader(cellsOf(next)))) asm.pageBreak();
      else if (banner?.ref) asm.open(banner, row.loc, 'banner');
      else if (text.split(' ').length >= 6 && !/^[A-Z\s&'’,:/-]+$/.test(text)) asm.open({ ref: null, text, timescaleRaw: null, worded: false }, row.loc, 'banner');
      else asm.section();
      continue;
    }
    asm.row(viewRow(row, map, legend));
  }
  return map;
}

/** A worded recommendation label in a row's first cell, also behind debris of the row above ("... Safe 1. Ofsted Recommendation"). */
function wordedLabel(text: string): RecLabel | null {
  const l = recLabel(text, true);
  if (l?.worded) return l;
  const at = /\b\d{1,2}\s*\.\s*(?:Ofsted\b|Recommendation\b|Areas? for\b)/i.exec(text);
  return at && at.index > 0 ? recLabel(text.slice(at.index), true) : l;
}

/**
 * The lead abbreviations of a plan: its key table ("Divisional Director Targeted Services |
 * DD TS | ...": every short cell beside a long one), and the lead cells of rows that hold
 * one action (so a cell holding one lead group per action can be split).
 */
function buildLexicon(blocks: Block[], tables: Map<Block, PlanTable>): LeadLexicon {
  const lex = new LeadLexicon();
  const add = (part: string): void => {
    for (const p of part.split('/')) {
      const u = normalizeSpace(p);
      if (!u) continue;
      const known = lex.tokens(u);
      if (!known || !known.length) lex.add(u);
    }
  };
  for (const b of blocks) {
    if (b.type !== 'table') {
      // The key flattened to text by a conversion: "| • Divisional Director Targeted Services | DD TS | • ..."
      if ((b.text.match(/\|/g) ?? []).length >= 8 && /\|\s*•/.test(b.text)) {
        const cells = b.text.split('|').map((c) => normalizeSpace(c));
        cells.forEach((c, k) => {
          const next = cells[k + 1];
          if (c.startsWith('•') && next && next.length <= 20 && !next.startsWith('•')) lex.add(next);
        });
      }
      continue;
    }
    const rows = b.rows.map((r) => r.cells.map((c) => normalizeSpace(c.text)));
    const isKey =
      rows.length >= 3 &&
      rows.every((r) => r.length === 2 || r.length === 4) &&
      rows.filter((r) => r.every((c, k) => (k % 2 === 1 ? c.length <= 20 : true))).length >= rows.length * 0.8 &&
      rows.some((r) => /^[A-Z]{2,}/.test(r[1] ?? ''));
    if (isKey) for (const r of rows) for (let k = 1; k < r.length; k += 2) if (r[k]) lex.add(r[k]!.replace(/^[•\s]+/, ''));
  }
  for (const t of tables.values()) {
    const map = t.map;
    if (!map || map.id !== null) continue;
    for (const row of t.grid) {
      const lead = map.leads.map((i) => row.slots[i]).filter((s) => s && s.text);
      for (const s of lead) if (s!.paragraphs.length > 1) for (const p of s!.paragraphs) add(p);
      const desc = map.description !== null ? (row.slots[map.description]?.paragraphs ?? []) : [];
      const segs = actionSegments(desc).filter((s) => s.kind === 'action' && s.num);
      const text = normalizeSpace(lead.map((s) => s!.text).join(' / '));
      if (segs.length <= 1 && text && !mapHeader(cellsOf(row))) for (const part of text.split('/')) add(part);
    }
  }
  return lex;
}
