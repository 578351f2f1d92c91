/**
 * Words broken inside narrow PDF table columns (issue 20): decided from geometry. The unit
 * cases are text runs as pdf.js gives them (x, width, font size) from real LibreOffice
 * renderings (fixtures/plans/layouts/, printed by scripts/debug/dump-items.ts), with the column's
 * right text edge (the border less the padding, or where the column's text reaches).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { continuesWord, firstGlyphWidth, type Piece } from '../src/readers/pdf/wordbreak.js';
import { headerRole } from '../src/extract/plan/columns.js';
import { readPdf } from '../src/readers/pdf.js';
import { DEFAULT_LIMITS } from '../src/readers/limits.js';
import { fixture } from './helpers.js';

const run = (x: number, width: number, fontSize: number, text: string): Piece => ({ x, x2: x + width, text, fontSize });

describe('continuesWord: real geometry', () => {
  // harrow w-narrow-ruled.pdf p1, Due column: rules at 352 and 397.1, text at 357.5 (padding 5.5).
  it('joins a date cut at the cell edge ("31.12.1" / "2")', () => {
    expect(continuesWord(run(357.5, 33.32, 10, '31.12.1'), run(357.5, 5.56, 10, '2'), 397.1 - 5.5)).toBe(true);
  });
  // Same page, Status column: rules at 514.4 and 559.6.
  it('joins a status word cut at the cell edge ("Under" / "way")', () => {
    expect(continuesWord(run(519.9, 27.21, 10, 'Under'), run(519.9, 17.79, 10, 'way'), 559.6 - 5.5)).toBe(true);
  });
  // Same page, Lead column (rules 302.4 and 352): "SM" stops far short of the edge.
  it('keeps a line that ends well short of the edge ("SM" / "Place.,")', () => {
    expect(continuesWord(run(307.9, 14.93, 10, 'SM'), run(307.9, 30.54, 10, 'Place.,'), 352 - 5.5)).toBe(false);
  });
  // fixtures/plans/harrow-2012-improvement-plan.pdf p11, due column (rules 506.3 and 556.2): the
  // gap after "Ongoing" (4.9 pt) is wider than a "t", so "to" would have fitted had it been cut.
  it('keeps a whole word followed by a narrow letter ("Ongoing" / "to May")', () => {
    expect(continuesWord(run(511.8, 34.01, 9, 'Ongoing'), run(511.8, 26.99, 9, 'to May'), 556.2 - 5.5)).toBe(false);
  });
  // brent y-borderless-dotted.pdf (no rules): the Target date column starts at 372.7 and its
  // text reaches 406.6 at most.
  it('joins in a borderless column, against where the column\'s text reaches ("Protecti" / "on", "quarterl" / "y post-")', () => {
    expect(continuesWord(run(372.7, 32.73, 8.5, 'Protecti'), run(372.7, 10.57, 8.5, 'on'), 406.6)).toBe(true);
    expect(continuesWord(run(372.7, 33.82, 8.5, 'quarterl'), run(372.7, 29.13, 8.5, 'y post-'), 406.6)).toBe(true);
  });
  it('never joins after a line of several words, nor before a capital after a lower-case letter, nor below an indent', () => {
    expect(continuesWord(run(372.7, 33.8, 8.5, 'to be'), run(372.7, 10.57, 8.5, 'on'), 406.6)).toBe(false);
    expect(continuesWord(run(372.7, 32.73, 8.5, 'Protecti'), run(372.7, 10.57, 8.5, 'On'), 406.6)).toBe(false);
    expect(continuesWord(run(372.7, 32.73, 8.5, 'Protecti'), run(380, 10.57, 8.5, 'on'), 406.6)).toBe(false);
  });
  it('joins punctuation that never opens a line ("No" / ".")', () => {
    // brent y-borderless-dotted.pdf p1 header: "No" at 147.8 (12.94 wide), "." (3.22) below; the column's text reaches 163.1.
    expect(continuesWord(run(147.8, 12.94, 8.5, 'No'), run(147.8, 3.22, 8.5, '.'), 163.1)).toBe(true);
  });
  it('estimates the first glyph from the run: a "t" is narrower than an "m"', () => {
    expect(firstGlyphWidth(run(0, 26.99, 9, 'to May'))).toBeLessThan(3);
    expect(firstGlyphWidth(run(0, 26.99, 9, 'may to'))).toBeGreaterThan(6);
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
