import type { Action, Recommendation, Warning } from '../model/document.js';
import type { Block, LayoutDocument, Loc } from '../layout/types.js';
import { blockText } from '../layout/types.js';
import type { Unit } from './units.js';
import { normalizeSpace } from '../util/text.js';
import { toGrid, type GridRow } from './plan/grid.js';
import { mapHeader, refineWithData, sameHeader, type ColumnMap } from './plan/columns.js';
import { inferEra, type Era } from './plan/dates.js';
import { LeadLexicon } from './plan/split.js';
import { areaHeading, type RecHeading } from './plan/link.js';
import { PlanBuilder } from './plan/builder.js';
import { joinSplitRecRow, readRecRow } from './plan/rows.js';

export interface PlanExtraction {
  actions: Action[];
  /** The recommendations / areas for improvement the plan answers, as the plan words them. */
  recommendations: Recommendation[];
  warnings: Warning[];
}

/**
 * Action-plan tables -> action rows (issue 4). Works on the layout only (text blocks and
 * tables of rows and cells), so a plan is read the same way from Markdown, DOCX and PDF:
 *
 * 1. Every table is laid out on its column grid (spans expanded, see plan/grid.ts).
 * 2. A header row maps columns by meaning (plan/columns.ts); a header repeated on a later
 *    page, a title row above it and the page-break text between table pieces are skipped.
 * 3. Rows are read into actions by plan/builder.ts: one row per action, or several
 *    numbered actions in one cell paired with their leads, dates and progress.
 * 4. Each action is linked to the recommendation or area it answers (plan/link.ts).
 */
export function extractActionPlan(layout: LayoutDocument, _units: Unit[]): PlanExtraction {
  const era: Era = inferEra(layout.blocks.map((b) => blockText(b)));
  const lexicon = buildLexicon(layout.blocks);
  // Pass 1 learns the plan's lead abbreviations from rows that name one lead group;
  // pass 2 reads the actions with them.
  walk(layout.blocks, new PlanBuilder(era, lexicon, true));
  const builder = new PlanBuilder(era, lexicon);
  walk(layout.blocks, builder);
  return builder.finish();
}

function walk(blocks: Block[], builder: PlanBuilder): void {
  let map: ColumnMap | null = null;
  let width = 0;
  for (const block of blocks) {
    if (block.type !== 'table') {
      const text = normalizeSpace(block.text);
      const area = areaHeading(text);
      if (block.type === 'heading') builder.heading(text);
      if (area) builder.openHeading(area, block.loc);
      else if (map) builder.pageBreak();
      continue;
    }
    const grid = toGrid(block);
    const w = grid[0]?.slots.length ?? 0;
    if (map && w !== width) map = null; // a different table: needs its own header
    for (let i = 0; i < grid.length; i++) {
      const row = grid[i]!;
      const cells = row.slots.map((s) => s.text);
      const header = mapHeader(cells);
      if (header) {
        if (!map || !sameHeader(map, header) || width !== w) {
          map = refineWithData(header, dataAfter(grid, i));
          width = w;
          builder.setColumns(map);
        }
        builder.pageBreak();
        continue;
      }
      // A recommendation row of its own ("3. Ofsted Recommendation | Fully implement ..."),
      // before or between the plan's header rows.
      const split = joinSplitRecRow(cells, grid[i + 1]?.slots.map((s) => s.text));
      const rec = readRecRow(split?.cells ?? cells);
      if (rec) {
        if (split?.debris) builder.note('plan_text_dropped', `text before recommendation ${rec.ref}'s heading, broken off the row above, was not attached to any action ("${split.debris.slice(0, 80)}")`, row.loc);
        builder.openHeading(rec, row.loc, true);
        if (split) i++; // the next row was the heading's second half
        continue;
      }
      if (!map) continue;
      const nonEmpty = row.slots.filter((s) => s.text);
      if (nonEmpty.length === 1 && (row.header || isCapsTitle(nonEmpty[0]!.text))) {
        const next = grid[i + 1];
        if (row.header || (next && mapHeader(next.slots.map((s) => s.text)))) builder.pageBreak();
        else builder.section(nonEmpty[0]!.text);
        continue;
      }
      if (row.header) continue;
      builder.row(row);
    }
  }
}

function isCapsTitle(t: string): boolean {
  return /^[A-Z][A-Z &'’,:/-]{3,}$/.test(t) && !/^(MUST DO|EMBEDDING)$/.test(t);
}

/** The cell texts of the rows after a header, up to the next header (for refineWithData). */
function dataAfter(grid: GridRow[], i: number): string[][] {
  const out: string[][] = [];
  for (let k = i + 1; k < grid.length && out.length < 40; k++) {
    const cells = grid[k]!.slots.map((s) => s.text);
    if (mapHeader(cells)) break;
    out.push(cells);
  }
  return out;
}

/**
 * The lead abbreviations of a plan, from its key table ("Divisional Director Targeted
 * Services | DD TS | ...": every short cell beside a long one).
 */
function buildLexicon(blocks: Block[]): LeadLexicon {
  const lex = new LeadLexicon();
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
    if (!isKey) continue;
    for (const r of rows) for (let k = 1; k < r.length; k += 2) if (r[k]) lex.add(r[k]!.replace(/^[•\s]+/, ''));
  }
  return lex;
}

export type { RecHeading, Loc };
