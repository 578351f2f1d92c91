import type { Action, Recommendation, Warning } from '../model/document.js';
import type { LayoutDocument, Loc } from '../layout/types.js';
import { blockText } from '../layout/types.js';
import type { Unit } from './units.js';
import { inferEra } from './plan/due-dates.js';
import { planTables } from './plan/tables.js';
import { planLegend } from './plan/legend.js';
import { buildLexicon } from './plan/lexicon.js';
import { readPlan } from './plan/read.js';
import { PlanAssembler } from './plan/assemble.js';
import { fillFromList, listItems } from './plan/reclist.js';
import { toOutput } from './plan/output.js';

export interface PlanExtraction {
  actions: Action[];
  /** The recommendations / areas for improvement the plan answers, as the plan words them. */
  recommendations: Recommendation[];
  warnings: Warning[];
}

/**
 * Action-plan tables -> action rows. Works on the layout only, so a plan is read the same
 * way from Markdown, DOCX, PDF and XLSX, as passes over typed data (src/extract/plan/):
 *
 * 1-2. tables.ts: the plan tables, each on its column grid (grid.ts) with its header row and
 *      column roles (columns.ts); a table with no header continuing one of the same width
 *      takes its roles. -> Map<Block, PlanTable>
 *    legend.ts, lexicon.ts, dates.ts: what the whole plan says once (its colour key, its lead
 *      abbreviations, the era its two-digit years are in).
 * 3. read.ts: the tables in order, each row by its role (rows.ts: header, banner, data,
 *    debris), with the recommendation the context names (context.ts).
 * 4. assemble.ts: data rows -> draft actions under their recommendations. -> RecState[]
 * 5. reclist.ts: groups with no recommendation number matched to the plan's own list.
 * 6. output.ts: drafts -> actions and recommendations, with warnings for the source's quirks.
 */
export function extractActionPlan(layout: LayoutDocument, _units: Unit[]): PlanExtraction {
  const blocks = layout.blocks;
  const era = inferEra(blocks.map((b) => blockText(b)));
  const tables = planTables(blocks);
  const legend = planLegend(blocks, tables);
  const lexicon = buildLexicon(blocks, tables);
  const asm = new PlanAssembler(lexicon);
  readPlan(blocks, tables, asm, legend);
  const { recs, warnings } = asm.finish();
  const warn = (code: string, message: string, loc: Loc): void => void warnings.push({ code, message, loc });
  const first = blocks.findIndex((b) => tables.has(b));
  fillFromList(recs, listItems(blocks, first < 0 ? blocks.length : first), warn);
  const out = toOutput(recs, lexicon, era, warn);
  return { ...out, warnings };
}
