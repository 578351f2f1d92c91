/**
 * The plan's colour key, read before its rows: what its words say the colours mean
 * ("Purple = complete"), and a key given as coloured cells (in tables that are not plan
 * tables, and in rows above a plan table's header). See rag.ts.
 */
import type { Block } from '../../layout/types.js';
import { toGrid } from './grid.js';
import { readCellLegend, readLegend, type Legend } from './rag.js';
import type { PlanTable } from './tables.js';

export function planLegend(blocks: Block[], tables: Map<Block, PlanTable>): Legend {
  const legend = readLegend(blocks.flatMap((b) => (b.type === 'table' ? b.rows.flatMap((r) => r.cells.map((c) => c.text)) : [b.text])));
  return readCellLegend(
    blocks.flatMap((b) => {
      if (b.type !== 'table') return [];
      const t = tables.get(b);
      const rows = t ? (t.map && t.header > 0 ? t.grid.slice(0, t.header) : t.map ? [] : t.grid) : toGrid(b);
      return rows.map((r) => r.slots.filter((x) => !x.spanned && !x.mergedFromAbove));
    }),
    legend,
  );
}
