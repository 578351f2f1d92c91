/**
 * Table shapes of newer plan templates read as one plan table (src/extract/plan/tables.ts):
 * a table nested in a cell (flattened by the DOCX reader), a header over two rows with group
 * titles, a recommendation cell merged down beside a repeated inner header.
 */
import { describe, expect, it } from 'vitest';
import type { TableBlock, TableCell } from '../src/layout/types.js';
import { toGrid } from '../src/extract/plan/grid.js';
import { mergedBesideHeader, planTables, transposeRecord, twoRowHeader, unnest } from '../src/extract/plan/tables.js';

const loc = { page: null, line: null, block: 0 };
const cell = (text: string, o: Partial<TableCell> = {}): TableCell => ({ text, paragraphs: text ? text.split('\n') : [], rowSpan: 1, colSpan: 1, loc, ...o });
const table = (rows: TableCell[][]): TableBlock => ({ type: 'table', loc, rows: rows.map((cells) => ({ cells, loc })) });
const texts = (b: TableBlock): string[][] => b.rows.map((r) => r.cells.map((c) => c.text));

describe('a table nested in a cell', () => {
  const outer = table([
    [cell('Recommendation'), cell('Our response')],
    [cell('1. Ensure plans are timely'), cell('No. | Action | Lead | Due date | RAG\n1.1 | Audit plans | Head of Service | Q3 2024/25 | Green\n1.2 | Train staff | Principal Social Worker | Monthly | Red')],
    [cell('2. Improve supervision'), cell('No. | Action | Lead | Due date | RAG\n2.1 | Review policy | Director of Children\'s Services | Dec 2024 | Amber')],
  ]);
  it('is read as rows of the outer table, the outer cell merged down, the inner header in the outer header', () => {
    const b = unnest(outer);
    expect(texts(b)).toEqual([
      ['Recommendation', 'No.', 'Action', 'Lead', 'Due date', 'RAG'],
      ['1. Ensure plans are timely', '1.1', 'Audit plans', 'Head of Service', 'Q3 2024/25', 'Green'],
      ['1.2', 'Train staff', 'Principal Social Worker', 'Monthly', 'Red'],
      ['2. Improve supervision', '2.1', 'Review policy', "Director of Children's Services", 'Dec 2024', 'Amber'],
    ]);
    expect(b.rows[1]!.cells[0]!.rowSpan).toBe(2);
    const t = [...planTables([outer]).values()][0]!;
    expect(t.map?.recommendation).toBe(0);
    expect(t.map?.leads).toEqual([3]);
  });
  it('leaves a table without nested rows as it is', () => {
    const plain = table([[cell('Action'), cell('Lead')], [cell('Audit | plans'), cell('Head of Service')]]);
    expect(unnest(plain)).toBe(plain);
  });
});

describe('a header over two rows', () => {
  it('is one header: the titles merged down, and each group column\'s own title ("Q1" taking its group\'s)', () => {
    const b = table([
      [cell('Recommendation', { rowSpan: 2 }), cell('Action', { rowSpan: 2 }), cell('Delivery', { colSpan: 2 }), cell('Progress 2024/25', { colSpan: 2 }), cell('RAG', { rowSpan: 2 })],
      [cell('Lead'), cell('Target date'), cell('Q1'), cell('Q2')],
      [cell('1. Ensure plans are timely'), cell('Audit plans'), cell('Head of Service'), cell('Q3 2024/25'), cell('Started'), cell(''), cell('Green')],
    ]);
    const grid = twoRowHeader(toGrid(b));
    expect(grid).toHaveLength(2);
    expect(grid[0]!.slots.map((s) => s.text)).toEqual(['Recommendation', 'Action', 'Lead', 'Target date', 'Progress 2024/25 Q1', 'Progress 2024/25 Q2', 'RAG']);
    const t = [...planTables([b]).values()][0]!;
    expect(t.map?.leads).toEqual([2]);
    expect(t.map?.due).toBe(3);
  });
});

describe('a recommendation cell merged down beside a header row', () => {
  it('starts on the first data row; the header takes the title above it, at every repeat', () => {
    const b = table([
      [cell('Recommendation'), cell('Our response', { colSpan: 4 })],
      [cell('1. Ensure plans are timely', { rowSpan: 3 }), cell('No.'), cell('Action'), cell('Lead'), cell('Due date')],
      [cell('1.1'), cell('Audit plans'), cell('Head of Service'), cell('Dec 2024')],
      [cell('1.2'), cell('Train staff'), cell('Principal Social Worker'), cell('Monthly')],
      [cell('2. Improve supervision', { rowSpan: 2 }), cell('No.'), cell('Action'), cell('Lead'), cell('Due date')],
      [cell('2.1'), cell('Review policy'), cell('Head of Service'), cell('Q3 2024/25')],
    ]);
    const grid = mergedBesideHeader(toGrid(b));
    expect(grid[1]!.slots.map((s) => s.text)).toEqual(['Recommendation', 'No.', 'Action', 'Lead', 'Due date']);
    expect(grid[2]!.slots[0]!.text).toBe('1. Ensure plans are timely');
    expect(grid[3]!.slots[0]!.mergedFromAbove).toBe(true);
    expect(grid[4]!.slots.map((s) => s.text)).toEqual(['Recommendation', 'No.', 'Action', 'Lead', 'Due date']);
    expect(grid[5]!.slots[0]!.text).toBe('2. Improve supervision');
  });

  it('moves past the header repeated after a page break when the cell carries on below it (PDF)', () => {
    // Page 1 ends with the recommendation's cell beside the nested header only; page 2 repeats the
    // outer header, then the cell's empty rest merged down beside the actions.
    const b = table([
      [cell('Recommendation'), cell('Our response', { colSpan: 4 })],
      [cell('1. Ensure plans are timely', { rowSpan: 2 }), cell('No.'), cell('Action'), cell('Lead'), cell('Due date')],
      [cell('1.1'), cell('Audit plans'), cell('Head of Service'), cell('Dec 2024')],
      [cell('2. Improve supervision and the quality of challenge'), cell('No.'), cell('Action'), cell('Lead'), cell('Due date')],
      [cell('Recommendation'), cell('Our response', { colSpan: 4 })],
      [cell('', { rowSpan: 2 }), cell('2.1'), cell('Review policy'), cell('Head of Service'), cell('Q3 2024/25')],
      [cell('2.2'), cell('Train managers'), cell('Principal Social Worker'), cell('Monthly')],
    ]);
    b.rows[0]!.header = true;
    b.rows[4]!.header = true;
    const grid = mergedBesideHeader(toGrid(b));
    expect(grid[3]!.slots.map((s) => s.text)).toEqual(['Recommendation', 'No.', 'Action', 'Lead', 'Due date']);
    expect(grid[5]!.slots[0]!.text).toBe('2. Improve supervision and the quality of challenge');
    expect(grid[6]!.slots[0]).toMatchObject({ mergedFromAbove: true, origin: grid[5]!.slots[0] });
    const t = [...planTables([b]).values()][0]!;
    expect(t.map?.recommendation).toBe(0);
    // Without the repeated header between, a cell of one row is left where it is.
    const plain = mergedBesideHeader(toGrid(table([b.rows[0]!.cells, b.rows[3]!.cells, b.rows[5]!.cells, b.rows[6]!.cells])));
    expect(plain[1]!.slots[0]!.text).toBe('2. Improve supervision and the quality of challenge');
    expect(plain[2]!.slots[0]!.text).toBe('');
  });
});

describe('an action written as a record', () => {
  it('is a header of its labels and a row of its values', () => {
    const b = table([
      [cell('Action ref'), cell('1.1')],
      [cell('Action'), cell('Audit plans')],
      [cell('Lead'), cell('Head of Service')],
      [cell('Due date'), cell('Q3 2024/25')],
      [cell('RAG'), cell('Green')],
    ]);
    expect(texts(transposeRecord(b))).toEqual([
      ['Action ref', 'Action', 'Lead', 'Due date', 'RAG'],
      ['1.1', 'Audit plans', 'Head of Service', 'Q3 2024/25', 'Green'],
    ]);
  });
  it('leaves a two-column key table alone', () => {
    const key = table([[cell('Red'), cell('Off track')], [cell('Amber'), cell('Some slippage')], [cell('Green'), cell('On track')]]);
    expect(transposeRecord(key)).toBe(key);
  });
});
