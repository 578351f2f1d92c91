import type { Loc, TableBlock, TableCell } from '../../layout/types.js';
import { normalizeSpace, expandLigatures } from '../../util/text.js';

/** One slot of a table laid out on its column grid (row and column spans expanded). */
export interface Slot {
  /** Cell text, whitespace-normalised; '' for a slot covered by a span from above. */
  text: string;
  paragraphs: string[];
  shading?: string;
  /** The slot continues a cell that started on an earlier row (vertical merge). */
  mergedFromAbove: boolean;
  /** The cell spans the whole table width. */
  fullWidth: boolean;
  /** For a slot covered from above: the slot where the merged cell starts. */
  origin?: Slot;
  /** Rows the cell covers (1: not merged down). Set on the first slot of a merged cell. */
  rows: number;
  /** Columns the cell spans (set on its first slot). */
  cols?: number;
  /** Covered by a cell spanning columns from the left (no text of its own). */
  spanned?: boolean;
}

/** A slot's text on every row its merged cell covers (the value of the cell it belongs to). */
export const valueOf = (s: Slot | undefined): string => (s ? s.text || (s.mergedFromAbove ? (s.origin?.text ?? '') : '') : '');

export interface GridRow {
  slots: Slot[];
  loc: Loc;
  header: boolean;
  /** The row's table block (rows of one block share it). */
  table: TableBlock;
  /** First row of its table block. */
  first: boolean;
}

const clean = (s: string): string => normalizeSpace(expandLigatures(s));

/** A table's rows on its column grid: a cell spanning k columns fills k slots (text in the first). */
export function toGrid(table: TableBlock): GridRow[] {
  const width = Math.max(0, ...table.rows.map((r) => r.cells.reduce((n, c) => n + Math.max(1, c.colSpan), 0)));
  const pending: Array<{ cell: TableCell; left: number; span: number; slot: Slot } | undefined> = [];
  const out: GridRow[] = [];
  table.rows.forEach((row, ri) => {
    const slots: Slot[] = [];
    let col = 0;
    const fillPending = (): void => {
      while (col < width && pending[col] && pending[col]!.left > 0) {
        const p = pending[col]!;
        for (let k = 0; k < p.span; k++) slots[col + k] = { text: '', paragraphs: [], mergedFromAbove: true, fullWidth: false, origin: p.slot, rows: 1 };
        p.left--;
        col += p.span;
      }
    };
    for (const cell of row.cells) {
      fillPending();
      const span = Math.max(1, cell.colSpan);
      const paragraphs = cell.paragraphs.map(clean).filter(Boolean);
      const slot: Slot = { text: clean(cell.text), paragraphs, mergedFromAbove: false, fullWidth: span >= width && width > 1, rows: Math.max(1, cell.rowSpan), cols: span };
      if (cell.shading) slot.shading = cell.shading.toUpperCase();
      slots[col] = slot;
      for (let k = 1; k < span; k++) slots[col + k] = { text: '', paragraphs: [], mergedFromAbove: false, fullWidth: slot.fullWidth, rows: 1, spanned: true };
      if (cell.rowSpan > 1) pending[col] = { cell, left: cell.rowSpan - 1, span, slot };
      else pending[col] = undefined;
      col += span;
    }
    fillPending();
    for (let k = 0; k < width; k++) slots[k] ??= { text: '', paragraphs: [], mergedFromAbove: false, fullWidth: false, rows: 1 };
    out.push({ slots, loc: row.loc, header: row.header === true, table, first: ri === 0 });
  });
  return out;
}
