/**
 * Ruled tables that continue over a page break. A ruled table that is the last thing on a
 * page and a ruled table with the same column boundaries that is the first thing on the
 * next page are one table: the second one's rows are appended to the first (each row
 * keeps its own page). Then:
 *
 * - leading rows of the continuation that repeat the table's first rows (a header row
 *   repeated on every page) are marked `header` in both places;
 * - a row cut by the page break (its continuation carries on text the row above left
 *   unfinished, see `isCutRow`) is merged into the row above, cell by cell;
 * - a vertically merged cell that carries on over the page break (an empty cell below a
 *   cell spanning rows) extends the span above it;
 * - a merged cell whose text carries on the sentence above gives its text to the cell above,
 *   over a repeated header too when the cell above is filled to the page's foot (a
 *   recommendation's cell beside its nested table of actions); whether the row is cut is
 *   then decided by its other cells.
 */
import type { CellOut, PageUnits, RowOut, TableUnit } from './types.js';
import { joinLines, normalizeSpace, splitBullet } from './run-text.js';

type Grid = NonNullable<TableUnit['grid']>;
/** Same column boundaries (where text ends is no boundary of a table without vertical rules). */
const sameColumns = (a: Grid, b: Grid) => a.xs.length === b.xs.length && a.xs.every((x, i) => Math.abs(x - b.xs[i]!) <= 2 || (i === a.xs.length - 1 && (a.textEdge || b.textEdge)));
const rowKey = (r: RowOut) => r.cells.map((c) => normalizeSpace(c.text)).join('\t');

/** Each row's slots: slot c of row r -> [row index, cell] occupying it. */
function slotMap(rows: RowOut[]): Array<Array<[number, CellOut] | undefined>> {
  const width = Math.max(0, ...rows.map((r) => r.cells.reduce((n, c) => n + (c.colSpan ?? 1), 0)));
  const out: Array<Array<[number, CellOut] | undefined>> = rows.map(() => new Array(width).fill(undefined));
  rows.forEach((row, ri) => {
    let col = 0;
    for (const cell of row.cells) {
      while (col < width && out[ri]![col]) col++;
      const rs = cell.rowSpan ?? 1;
      const cs = cell.colSpan ?? 1;
      for (let r = ri; r < Math.min(rows.length, ri + rs); r++) for (let c = col; c < Math.min(width, col + cs); c++) out[r]![c] = [ri, cell];
      col += cs;
    }
  });
  return out;
}

/** The column where each cell of a row starts. */
function cellColumns(rows: RowOut[], ri: number): number[] {
  const map = slotMap(rows)[ri] ?? [];
  const cols: number[] = [];
  for (const cell of rows[ri]!.cells) cols.push(map.findIndex((s) => s?.[1] === cell));
  return cols;
}

/** A number or letter that starts an item: "(S2)", "3.", "1.2", "a.", "b) ...", "vii. ..." (alone in its cell too). */
const MARKER = /^(\(?[A-Z]{0,4}\d{1,3}(-\d{1,3})?\)|\d{1,3}(\.\d{1,3})*\.?(\s|$)|([a-z]|[ivx]{1,5})[.)](\s|$))/;

/**
 * Is the first body row of a continuation the rest of a row cut by the page break?
 * Word and LibreOffice draw the border under the cut part, so the rules do not tell; the
 * text does: the row carries on a cell's sentence (a cell that starts in lower case, or
 * with a word joined by a hyphen) and starts nothing of its own (no number or marker in
 * any cell, no text in the first column when the row above has one there).
 */
export function isCutRow(prev: RowOut, next: RowOut, rows: RowOut[], prevIndex: number): boolean {
  const texts = next.cells.map((c) => normalizeSpace(c.text)).filter(Boolean);
  if (!texts.length) return true; // an empty band: the cut row's padding
  if (texts.some((t) => MARKER.test(t) || splitBullet(t))) return false;
  const starts = texts.some((t) => /^[\p{Ll}]/u.test(t));
  if (starts) return true;
  // No cell starts a sentence in lower case: cut only when the first column, set in the row
  // above, is empty here (the row's number / name column).
  const map = slotMap(rows)[prevIndex] ?? [];
  const firstAbove = map[0]?.[1];
  const nextFirst = next.cells[0];
  const nextStartsAtZero = cellColumns([...rows, next], rows.length)[0] === 0;
  if (!!firstAbove && normalizeSpace(firstAbove.text) !== '' && map[0]![0] === prevIndex && nextStartsAtZero && !!nextFirst && !normalizeSpace(nextFirst.text)) return true;
  // Or the row above numbers itself in a cell of its own ("1" beside "(LAC3) The local ...") and
  // this row leaves that column empty: it carries the row on rather than starting one.
  const nextCols = cellColumns([...rows, next], rows.length);
  return prev.cells.some((cell, i) => {
    if (!/^\(?[A-Z]{0,4}\d{1,3}(\.\d{1,3})*[.)]?$/.test(normalizeSpace(cell.text)) || (cell.colSpan ?? 1) !== 1) return false;
    const col = map.findIndex((s) => s?.[1] === cell);
    const at = nextCols.indexOf(col);
    return col > 0 && i > 0 && (at < 0 || !normalizeSpace(next.cells[at]!.text));
  });
}

/** A cell's text with its numbers as 9: "S11.2" -> "S9.9", "LAC 4.2" -> "LAC 9.9". */
const codeShape = (s: string) => normalizeSpace(s).replace(/\d+/g, '9');

/**
 * A reference code cut by the page break in a narrow column: "S11." at the foot of the page
 * and "3" at the top of the next, or "LAC" and "4.3". The part below is a bare number (it
 * looks like a new item's number) and the code it makes with the part above has the shape
 * of the code in the same column of the row before ("S11.2", "LAC 4.2"), which the part
 * above alone has not: the whole code, else null. A complete code above ("3" below "2") is
 * never continued: a plain number after it is a new row.
 */
function cutCode(rows: RowOut[], lastIndex: number, col: number, above: CellOut, below: CellOut): string | null {
  const a = normalizeSpace(above.text);
  const b = normalizeSpace(below.text);
  if (!a || /\s/.test(b) || !/^\d{1,3}([.-]\d{1,3})*$/.test(b) || above.paragraphs.length > 1) return null;
  const map = slotMap(rows);
  let sibling = '';
  for (let r = lastIndex - 1; r >= 0 && !sibling; r--) {
    const at = map[r]?.[col];
    if (rows[r]!.header || !at || at[0] !== r || (at[1].colSpan ?? 1) !== 1) continue;
    sibling = normalizeSpace(at[1].text);
  }
  if (!sibling || codeShape(a) === codeShape(sibling)) return null;
  return [a + b, a + ' ' + b].find((whole) => codeShape(whole) === codeShape(sibling)) ?? null;
}

function appendCell(target: CellOut, add: CellOut): void {
  if (!add.paragraphs.length) return;
  const paras = [...target.paragraphs];
  const [first, ...rest] = add.paragraphs;
  if (paras.length && !MARKER.test(first!) && !splitBullet(first!)) paras[paras.length - 1] = normalizeSpace(joinLines(paras[paras.length - 1]!, first!));
  else paras.push(first!);
  paras.push(...rest);
  target.paragraphs = paras;
  target.text = paras.join('\n');
}

/**
 * Remove an emptied row whose remaining cells only span rows below it: they move to the
 * next row, one row shorter, in their columns. `kept` are the row's remaining cells with
 * their columns and `map` the rows' slots before the row was emptied (an emptied row's
 * cell order no longer tells its columns).
 */
function dropRow(rows: RowOut[], i: number, kept: Array<{ col: number; cell: CellOut }>, map: ReturnType<typeof slotMap>): void {
  const next = rows[i + 1];
  if (next) {
    const placed = [
      ...kept.filter((p) => (p.cell.rowSpan ?? 1) > 1).map((p) => ({ col: p.col, cell: { ...p.cell, rowSpan: (p.cell.rowSpan ?? 1) - 1 } })),
      ...next.cells.map((c) => ({ col: map[i + 1]!.findIndex((s) => s?.[1] === c), cell: c })),
    ].sort((a, b) => a.col - b.col);
    next.cells = placed.map((p) => p.cell);
  }
  rows.splice(i, 1);
}

/**
 * Does the text of the table's last row reach the foot of its page in each of these
 * columns? Text carries on over a page break only in a cell filled down to the break: a
 * cell whose text ends higher up is complete, and the next page's text in that column
 * starts a row of its own. True when the geometry is unknown.
 */
function reachBottom(head: TableUnit, lastIndex: number, cols: number[]): boolean {
  const last = head.rows[lastIndex]!;
  const page = last.page ?? head.lines[0]?.page;
  const xs = head.grid?.xs;
  const lines = head.lines.filter((l) => l.page === page && l.y >= last.y - 0.5);
  if (!xs || !lines.length) return true;
  const foot = Math.max(...lines.map((l) => l.y));
  const bottom = (c: number): number => Math.max(-Infinity, ...lines.filter((l) => l.segs.some((s) => s.x2 > xs[c]! + 3 && (c + 1 >= xs.length - 1 || s.x < xs[c + 1]! - 3))).map((l) => l.y));
  return cols.every((c) => c < 0 || bottom(c) >= foot - 1.6 * lines[lines.length - 1]!.fontSize);
}

/** Append the rows of `next` (on `page`) to `head`; mark repeated headers, merge a cut row. */
function join(head: TableUnit, next: TableUnit, page: number): void {
  const rows: RowOut[] = next.rows.map((r) => ({ ...r, page }));
  // Repeated header rows: the continuation's leading rows equal to the table's leading rows.
  let k = 0;
  while (k < rows.length && k < head.rows.length - 1 && rowKey(rows[k]!) === rowKey(head.rows[k]!) && rowKey(rows[k]!).replace(/\t/g, '') !== '') k++;
  for (let i = 0; i < k; i++) {
    head.rows[i]!.header = true;
    rows[i]!.header = true;
  }
  const lastIndex = head.rows.length - 1;
  const last = head.rows[lastIndex];
  const first = rows[k];
  if (last && first && !last.header) {
    const slots = slotMap(head.rows)[lastIndex]!;
    const cols = cellColumns(rows.slice(k), 0);
    const targets = first.cells.map((cell, i) => {
      const at = slots[cols[i]!];
      const target = at?.[1];
      // The cell above must have the same width and end in the last row.
      return target && (target.colSpan ?? 1) === (cell.colSpan ?? 1) && at![0] + (target.rowSpan ?? 1) - 1 === lastIndex ? target : null;
    });
    // A cell merged down whose text carries on the sentence above (filled down to the page's
    // foot when a header row was repeated between: a recommendation's cell beside its nested
    // table of actions) goes up whether or not the row is cut; the row is cut when the rest does.
    const goesOn = first.cells.map((cell, i) => !!targets[i] && (cell.rowSpan ?? 1) > 1 && /^\p{Ll}/u.test(normalizeSpace(cell.text)) && (k === 0 || reachBottom(head, lastIndex, [cols[i]!])));
    const others: RowOut = { ...first, cells: first.cells.map((c, i) => (goesOn[i] ? { ...c, text: '', paragraphs: [] } : c)) };
    const rest = others.cells.some((c) => normalizeSpace(c.text)) ? others : first;
    // A code cut in its column ("S11." above "3") is no new item's number when the row's
    // other cells carry on: some cell goes on in lower case, and the row is cut without it.
    const codes = rest.cells.map((cell, i) => (targets[i] && slots[cols[i]!]![0] === lastIndex ? cutCode(head.rows, lastIndex, cols[i]!, targets[i]!, cell) : null));
    const blanked: RowOut = { ...rest, cells: rest.cells.map((c, i) => (codes[i] ? { ...c, text: '', paragraphs: [] } : c)) };
    const carriesOn = codes.some(Boolean) && blanked.cells.some((c) => /^\p{Ll}/u.test(normalizeSpace(c.text))) && isCutRow(last, blanked, head.rows, lastIndex);
    const cut = targets.every(Boolean) && (carriesOn || isCutRow(last, rest, head.rows, lastIndex)) && reachBottom(head, lastIndex, rest.cells.flatMap((c, i) => (normalizeSpace(c.text) ? [cols[i]!] : [])));
    const before = slotMap(rows);
    const keep: Array<{ col: number; cell: CellOut }> = [];
    first.cells.forEach((cell, i) => {
      const target = targets[i];
      const t = normalizeSpace(cell.text);
      // A vertical merge carried over the page: an empty cell under a cell that spans rows,
      // or a cell spanning rows whose text carries on the sentence above (goesOn). Spans
      // cannot reach over repeated header rows: then only the text moves up.
      const spans = (target?.rowSpan ?? 1) > 1 || (cell.rowSpan ?? 1) > 1;
      const carried = !!target && ((k === 0 && !t && spans) || goesOn[i]!);
      if (!target || !(cut || carried)) {
        keep.push({ col: cols[i]!, cell });
        return;
      }
      const code = cut && carriesOn ? codes[i] : null;
      if (code) {
        target.paragraphs = [code];
        target.text = code;
      } else appendCell(target, cell);
      if (!target.shading && cell.shading) target.shading = cell.shading;
      if (k === 0) target.rowSpan = (target.rowSpan ?? 1) + (cell.rowSpan ?? 1) - (cut ? 1 : 0);
      else if ((cell.rowSpan ?? 1) > 1) keep.push({ col: cols[i]!, cell: { ...cell, text: '', paragraphs: [] } });
    });
    first.cells = keep.map((p) => p.cell);
    if (cut && keep.every((p) => !p.cell.text)) {
      if (keep.length) dropRow(rows, k, keep, before);
      else rows.splice(k, 1);
    }
  }
  head.rows.push(...rows);
  head.lines.push(...next.lines);
  head.grid = { ...head.grid!, bottom: next.grid!.bottom };
}

/**
 * A table at the top of a page that opens with a row of one text (a banner: a new
 * recommendation or section) and then repeats a header row of the table above is a table of
 * its own, not the rest of that one: a header repeated over a page break comes first.
 */
function startsAfresh(head: TableUnit, next: TableUnit): boolean {
  const [banner, header] = next.rows;
  if (!banner || !header || rowKey(header).replace(/\t/g, '') === '') return false;
  const tops = head.rows.slice(0, 3).map(rowKey);
  return tops.includes(rowKey(header)) && !tops.includes(rowKey(banner)) && banner.cells.filter((c) => normalizeSpace(c.text)).length === 1;
}

/**
 * A borderless table continued on a page where some of its columns hold no text has only
 * the others' boundaries: spread its cells over the table's columns (by their left edges).
 */
function widen(head: TableUnit, next: TableUnit): boolean {
  const xs = head.grid!.xs.slice(0, -1);
  const nx = next.grid!.xs.slice(0, -1);
  // Borderless tables only (a ruled grid draws its empty columns too); cells merged down in
  // the table above are fine, but the continuation's cells must be one per column.
  if (head.rows.some((r) => r.cells.some((c) => (c.colSpan ?? 1) > 1))) return false;
  if (next.rows.some((r) => r.cells.length !== nx.length)) return false;
  const at = nx.map((x) => xs.findIndex((h) => Math.abs(h - x) <= 2));
  if (nx.length >= xs.length || at.some((k) => k < 0)) return false;
  for (const row of next.rows) {
    const cells = xs.map(() => ({ text: '', paragraphs: [] as string[] }));
    row.cells.forEach((c, k) => (cells[at[k]!] = c));
    row.cells = cells;
  }
  next.grid = { ...next.grid!, xs: head.grid!.xs };
  return true;
}

/**
 * Join ruled tables continued over page breaks, in place. A table without vertical rules
 * that leaves some columns of the table before it empty throughout (a table per
 * recommendation, none with a Status yet) is given that table's columns too.
 */
export function joinContinuedTables(pages: PageUnits[]): void {
  let open: { unit: TableUnit; page: number } | null = null;
  let aligned: TableUnit | null = null;
  for (const p of pages) {
    const first = p.units[0];
    const next = open && first?.kind === 'table' && first.grid && open.unit.grid && p.page === open.page + 1;
    if (next && !startsAfresh(open!.unit, first) && (sameColumns(open!.unit.grid!, first.grid!) || widen(open!.unit, first))) {
      open = open!;
      for (const r of open.unit.rows) r.page ??= open.page;
      join(open.unit, first, p.page);
      p.units.shift();
      if (!p.units.length) {
        open = { unit: open.unit, page: p.page };
        continue;
      }
    }
    for (const u of p.units) {
      if (u.kind !== 'table' || !u.grid?.textEdge) continue;
      if (aligned) widen(aligned, u);
      aligned = u;
    }
    const last = p.units[p.units.length - 1];
    open = last?.kind === 'table' && last.grid ? { unit: last, page: p.page } : null;
  }
}
