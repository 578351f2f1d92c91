/**
 * Words broken inside narrow PDF table columns (issue 20): decided from geometry. The unit
 * cases are text runs as pdf.js gives them (x, width, font size) from real LibreOffice
 * renderings (fixtures/plans/layouts/, printed by scripts/debug/dump-items.ts), with the column's
 * right text edge (the border less the padding, or where the column's text reaches).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { columnEdges, continuesWord, firstGlyphWidth, type Piece } from '../src/readers/pdf/wordbreak.js';
import { detectTables, type TableUnit } from '../src/readers/pdf/tables.js';
import { alignedTables } from '../src/readers/pdf/aligned.js';
import type { PageLine, Segment } from '../src/readers/pdf/types.js';
import { headerRole } from '../src/extract/plan/columns.js';
import { readPdf } from '../src/readers/pdf.js';
import { DEFAULT_LIMITS } from '../src/readers/limits.js';
import { fixture } from './helpers.js';

const run = (x: number, width: number, fontSize: number, text: string): Piece => ({ x, x2: x + width, text, fontSize });

describe('continuesWord: real geometry', () => {
  // harrow w-narrow-ruled.pdf p1, Due column: rules at 352 and 397.1, text at 357.5 (padding 5.5).
  it('joins a date cut at the cell edge ("31.12.1" / "2")', () => {
    expect(continuesWord(run(357.5, 33.32, 10, '31.12.1'), run(357.5, 5.56, 10, '2'), { left: 357.5, right: 397.1 - 5.5 })).toBe(true);
  });
  // Same page, Status column: rules at 514.4 and 559.6. The room left after "Under" (6.99 pt)
  // would hold a space, but not the "w" (7.22 pt): a broken word, space or no space.
  it('joins a status word cut at the cell edge ("Under" / "way")', () => {
    expect(continuesWord(run(519.9, 27.21, 10, 'Under'), run(519.9, 17.79, 10, 'way'), { left: 519.9, right: 559.6 - 5.5 })).toBe(true);
  });
  // harrow a-merged-rec-column.pdf p1, Status column: rules at 758.3 and 806.2, text at 763.8.
  // "Awaiting" ends 4.8 pt short of the edge and the "s" of "sign-off" is 4.25 pt wide: it
  // would have fitted, so "Awaiting" is a whole word ("Awaiting sign-off"). The rule read it
  // as cut while it allowed a tenth of the character and 0.3 pt more.
  it('keeps two words where the next line\'s first character would have fitted ("Awaiting" / "sign-off")', () => {
    expect(continuesWord(run(763.8, 32.1, 8.5, 'Awaiting'), run(763.8, 27.83, 8.5, 'sign-off'), { left: 763.8, right: 806.2 - 5.5 })).toBe(false);
  });
  // Same page as the dates, Lead column (rules 302.4 and 352): "SM" stops far short of the edge.
  it('keeps a line that ends well short of the edge ("SM" / "Place.,")', () => {
    expect(continuesWord(run(307.9, 14.93, 10, 'SM'), run(307.9, 30.54, 10, 'Place.,'), { left: 307.9, right: 352 - 5.5 })).toBe(false);
  });
  // fixtures/plans/harrow-2012-improvement-plan.pdf p11, due column (rules 506.3 and 556.2): the
  // gap after "Ongoing" (4.9 pt) is wider than a "t", so "to" would have fitted had it been cut.
  it('keeps a whole word followed by a narrow letter ("Ongoing" / "to May")', () => {
    expect(continuesWord(run(511.8, 34.01, 9, 'Ongoing'), run(511.8, 26.99, 9, 'to May'), { left: 511.8, right: 556.2 - 5.5 })).toBe(false);
  });
  // brent y-borderless-dotted.pdf (no rules): the Target date column starts at 372.7, the next
  // one at 417.6; its right text edge is 406.7 (columnEdges, below).
  const target = { left: 372.7, right: 406.7 };
  it('joins in a borderless column ("Protecti" / "on", "quarterl" / "y post-")', () => {
    expect(continuesWord(run(372.7, 32.73, 8.5, 'Protecti'), run(372.7, 10.57, 8.5, 'on'), target)).toBe(true);
    expect(continuesWord(run(372.7, 33.82, 8.5, 'quarterl'), run(372.7, 29.13, 8.5, 'y post-'), target)).toBe(true);
  });
  it('never joins after a line of several words, nor before a capital after a lower-case letter, nor away from the cell\'s left edge', () => {
    expect(continuesWord(run(372.7, 33.8, 8.5, 'to be'), run(372.7, 10.57, 8.5, 'on'), target)).toBe(false);
    expect(continuesWord(run(372.7, 32.73, 8.5, 'Protecti'), run(372.7, 10.57, 8.5, 'On'), target)).toBe(false);
    expect(continuesWord(run(372.7, 32.73, 8.5, 'Protecti'), run(380, 10.57, 8.5, 'on'), target)).toBe(false);
    expect(continuesWord(run(380, 25.43, 8.5, 'rotecti'), run(380, 10.57, 8.5, 'on'), target)).toBe(false);
  });
  // harrow q-numbered-list-furniture.pdf p5, No. column (right text edge 59.3): "10." (14.25 pt)
  // is one run with the action beside it, split at the column boundary, so its measured end is
  // the boundary (64.3), not the ink; "1" below carries the number on ("10.1").
  it('joins a number cut in a ruled cell whose end was cut at the column boundary ("10." / "1")', () => {
    expect(continuesWord(run(41.8, 22.5, 9, '10.'), run(41.8, 5.72, 9, '1'), { left: 41.8, right: 59.3 })).toBe(true);
  });
  it('joins punctuation that never opens a line ("No" / ".")', () => {
    // brent y-borderless-dotted.pdf p1 header: "No" at 147.8 (12.94 wide), "." (3.22) below; the column's text reaches 163.1.
    expect(continuesWord(run(147.8, 12.94, 8.5, 'No'), run(147.8, 3.22, 8.5, '.'), { left: 147.8, right: 163.1 })).toBe(true);
  });
  it('estimates the first glyph from the run: a "t" is narrower than an "m"', () => {
    expect(firstGlyphWidth(run(0, 26.99, 9, 'to May'))).toBeLessThan(3);
    expect(firstGlyphWidth(run(0, 26.99, 9, 'may to'))).toBeGreaterThan(6);
  });
});

describe('columnEdges: a borderless column ends a gutter before the next one starts', () => {
  // brent y-borderless-dotted.pdf p1: column starts, and where each column's text reaches in a
  // part of the table whose Lead lines (column 4, from 311.4) reach no further than "Localities"
  // (39.79 wide, so to 351.19); "and" (15.98) on the next line.
  const starts = [41.5, 147.8, 172.3, 311.4, 372.7, 417.6, 540.3];
  const reach = [135.8, 163.1, 299.1, 351.19, 406.7, 529.1, 553.4];
  it('takes the edge from the next column and the table\'s gutter, not from the widest line', () => {
    const edges = columnEdges(starts, reach);
    // The gutter where columns come closest (10.9 pt, the Target date column) sets every edge.
    expect(edges[3]).toBeCloseTo(372.7 - 10.9, 1);
    expect(edges[4]).toBeCloseTo(406.7, 1);
    // Never short of the column's own text; the last column ends where its text does.
    expect(edges[1]).toBeCloseTo(163.1, 1);
    expect(edges[6]).toBe(553.4);
  });
  it('so a whole word that is only the widest line of its column is not read as cut ("Localities" / "and")', () => {
    const edges = columnEdges(starts, reach);
    const localities = run(311.4, 39.79, 8.5, 'Localities');
    const and = run(311.4, 15.98, 8.5, 'and');
    expect(continuesWord(localities, and, { left: 311.4, right: edges[3]! })).toBe(false);
    // Against the widest line itself, the line always fills its column: the false join.
    expect(continuesWord(localities, and, { left: 311.4, right: reach[3]! })).toBe(true);
  });
});

describe('the lane-based fallback for tables without rules', () => {
  const seg = (x: number, width: number, text: string): Segment => ({ x, x2: x + width, text, fontSize: 8.5, bold: false });
  const line = (y: number, segs: Segment[]): PageLine => ({
    page: 1, y, x: segs[0]!.x, x2: segs[segs.length - 1]!.x2, fontSize: 8.5, bold: false, segs, text: segs.map((s) => s.text).join(' '),
  });
  // Two lines, three lanes (too few lines for the aligned-column reader): the first lane's
  // word is cut at its edge ("Protecti" / "on", widths from brent y-borderless-dotted.pdf).
  const table = (second: string): TableUnit => {
    const units = detectTables([
      line(100, [seg(40, 32.73, 'Protecti'), seg(90, 50, 'Review the plan'), seg(160, 40, 'Head of')]),
      line(109.8, [seg(40, 10.57, second), seg(90, 30, 'monthly'), seg(160, 30, 'service')]),
    ]);
    const t = units.find((u): u is TableUnit => u.kind === 'table');
    if (!t) throw new Error('no table');
    return t;
  };
  it('joins a word cut in a narrow lane, as the other table readers do', () => {
    expect(table('on').rows.map((r) => r.cells.map((c) => c.text))).toEqual([['Protection', 'Review the plan monthly', 'Head of service']]);
  });
  it('keeps the space where the next line does not carry the word on', () => {
    expect(table('(on)').rows[0]!.cells[0]!.text).toBe('Protecti (on)');
  });
});

describe('continuesWord: codes cut in a narrow code column (issue 27)', () => {
  // harrow ze-gutter-code-first.pdf p9: the code column's text starts at 38.6, the next
  // column's at 66.1, gutter 5 pt: right text edge 61.1. "LAC10.2" is set "LAC1" / "0.2".
  const box = { left: 38.6, right: 61.1 };
  it('joins a code cut after its head ("LAC1" / "0.2", "LAC1" / "1.3")', () => {
    expect(continuesWord(run(38.6, 21.2, 8.5, 'LAC1'), run(38.6, 11.8, 8.5, '0.2'), box)).toBe(true);
    expect(continuesWord(run(38.6, 21.2, 8.5, 'LAC1'), run(38.6, 11.8, 8.5, '1.3'), box)).toBe(true);
  });
  it('joins a code cut before its first digit ("LAC" / "3.1") only where the digit had no room', () => {
    expect(continuesWord(run(38.6, 19.5, 8.5, 'LAC'), run(38.6, 11.8, 8.5, '3.1'), box)).toBe(true);
    expect(continuesWord(run(38.6, 15, 8.5, 'LAC'), run(38.6, 11.8, 8.5, '3.1'), box)).toBe(false);
    expect(continuesWord(run(38.6, 19.5, 8.5, 'Lac'), run(38.6, 11.8, 8.5, '3.1'), box)).toBe(false);
  });
  it('keeps a number under a number, and a code that ends short of the edge', () => {
    expect(continuesWord(run(38.6, 21.2, 8.5, '10.1'), run(38.6, 11.8, 8.5, '1.2'), box)).toBe(false);
    expect(continuesWord(run(38.6, 10.4, 8.5, 'S1'), run(38.6, 11.8, 8.5, '1.2'), box)).toBe(false);
  });
});

describe('tables without rules whose gutters are narrower than a word space (issue 27)', () => {
  // A word processor writes each line of a cell as one run; pdf.js gives them, and lines.ts
  // joins runs closer than a font size into one segment. The runs are kept (Segment.runs).
  const fs = 9.5;
  const runAt = (x: number, text: string) => ({ x, x2: x + text.length * 4.6, text, bold: false, space: true });
  const lineOf = (y: number, cells: Array<Array<[number, string]>>): PageLine => {
    const segs: Segment[] = cells.map((c) => {
      const runs = c.map(([x, t], k) => ({ ...runAt(x, t), space: k > 0 }));
      return { x: runs[0]!.x, x2: runs[runs.length - 1]!.x2, text: runs.map((r) => r.text).join(' '), fontSize: fs, bold: false, ...(runs.length > 1 ? { runs } : {}) };
    });
    return { page: 1, y, x: segs[0]!.x, x2: segs[segs.length - 1]!.x2, fontSize: fs, bold: false, segs, text: segs.map((s) => s.text).join(' ') };
  };
  // Columns at 40 (No.), 75 (Action), 264 (Lead), 351 (Due), 424 (Outcome): on two lines the
  // lead and due cells come joined in one segment (runs "Teresa" + "to March").
  it('cuts a segment where a run starts at a column whose gutter no line crosses', () => {
    const due = [
      lineOf(100, [[[40, '1.1']], [[75, 'Audit every case from']], [[264, 'Ann Graham,']], [[351, 'May 2014']], [[424, 'Improved checks']]]),
      lineOf(111, [[[75, 'May 2014 and discuss']], [[264, 'Teresa'], [351, 'to March']], [[424, 'and enquiries']]]),
      lineOf(122, [[[75, 'at monthly meetings.']], [[351, '2016']], [[424, 'before removal.']]]),
      lineOf(133, [[[40, '1.2']], [[75, 'Develop a strategy']], [[264, 'Ann Graham'], [351, 'July 2014']], [[424, 'Fewer PP cases']]]),
      lineOf(144, [[[75, 'and revise protocol.']], [[264, 'Beverley']], [[424, 'by March 2015.']]]),
    ];
    const t = alignedTables(due);
    expect(t).toHaveLength(1);
    expect(t[0]!.table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['1.1', 'Audit every case from May 2014 and discuss at monthly meetings.', 'Ann Graham, Teresa', 'May 2014 to March 2016', 'Improved checks and enquiries before removal.'],
      ['1.2', 'Develop a strategy and revise protocol.', 'Ann Graham Beverley', 'July 2014', 'Fewer PP cases by March 2015.'],
    ]);
  });
  it('leaves a run alone where text of plain lines runs across the x', () => {
    const prose = [0, 1, 2, 3, 4].map((k) =>
      lineOf(100 + 11 * k, [k % 2 ? [[40, 'The service will review every case'], [200, 'and report']] : [[40, 'The service will review every case and report to the board']]]),
    );
    expect(alignedTables(prose)).toHaveLength(0);
  });
});

describe('narrow columns in real renderings', () => {
  const cells = async (file: string): Promise<string[]> => {
    const doc = await readPdf(new Uint8Array(readFileSync(file)), DEFAULT_LIMITS);
    return doc.blocks.flatMap((b) => (b.type === 'table' ? b.rows.flatMap((r) => r.cells.map((c) => c.text)) : []));
  };
  it('a borderless table keeps an action number cut in its narrow column as one cell ("10.1", not "10." and "1")', async () => {
    const texts = await cells(fixture('plans', 'layouts', 'harrow-2012-improvement-plan', 'y-borderless-dotted.pdf'));
    expect(texts).toContain('10.1');
    expect(texts).toContain('12.4');
    expect(texts).not.toContain('10.');
    expect(texts.filter((t) => /^\d{1,2}\.\d{1,2}\.\d \d$/.test(t))).toEqual([]); // "31.12.1 2"
  }, 60_000);
  it('a word-processor table with 6 pt gutters and no rules keeps lead, due and header cells apart (issue 27)', async () => {
    const texts = await cells(fixture('plans', 'layouts', 'barking-dagenham-2014-action-plan', 'zi-banner-plain.pdf'));
    expect(texts).toContain('Ann Graham, Teresa De Vito');
    expect(texts).toContain('May 2014 to March 2016');
    const header = await cells(fixture('plans', 'layouts', 'harrow-2012-improvement-plan', 'zg-wrapped-code-text.pdf'));
    expect(header).toContain('Target date');
    expect(header).toContain('Outcome');
  }, 60_000);
  it('a ruled table keeps a code its narrow column cut before the digits as one code ("LAC3.1", not "LAC 3.1"; fresh3 u2q)', async () => {
    const texts = await cells(fixture('plans', 'layouts', 'harrow-2012-improvement-plan', 'u2q-heading-tables.pdf'));
    expect(texts).toContain('LAC3.1');
    expect(texts).toContain('LAC11.2');
    expect(texts).not.toContain('LAC 3.1');
  }, 60_000);
  it('a ruled table joins dates and status words cut at the cell edge', async () => {
    const texts = await cells(fixture('plans', 'layouts', 'harrow-2012-improvement-plan', 'w-narrow-ruled.pdf'));
    expect(texts).toContain('31.12.12');
    expect(texts).toContain('Underway');
    expect(texts).not.toContain('31.12.1 2');
  }, 60_000);
});

describe('header cells', () => {
  it('reads two header words run together by a narrow column ("Targetdate")', () => {
    expect(headerRole('Targetdate')).toBe('due');
    expect(headerRole('Target date')).toBe('due');
  });
});
