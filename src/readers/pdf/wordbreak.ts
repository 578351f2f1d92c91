/**
 * Words broken inside a narrow table column. When a word is wider than its column, Word and
 * LibreOffice break it where the line is full, with no hyphen: "Protecti" / "on (PP)",
 * "quarterl" / "y", "31.12.1" / "2", "10." / "1". Read as two lines, the reader would put a
 * space in the word ("Protecti on") or take the rest for a new item ("1" under "10.").
 *
 * Decided from the geometry alone, never from a word list. A word is broken when:
 * - the upper line is that one word (no space in it): a word too wide for the column starts a
 *   line of its own, so a word cut short shares its line with nothing;
 * - it fills its line to the column's right edge: the gap left there is narrower than the next
 *   line's first character (which is why that character went to the next line), its width
 *   estimated from the run's measured width and standard glyph proportions;
 * - the lower line starts at the same left edge with a character that carries the word on: a
 *   lower-case letter after a letter, digits alone after a digit or a date separator, or
 *   punctuation that never opens a line (".", ",", ")" ...); the cut part is two characters
 *   at least.
 *
 * Geometry cannot always tell: a whole word that happens to fill its line as tightly, with a
 * next word starting in lower case, looks the same ("through" / "the" in a column six
 * characters wide). Such columns are rare but there the rule joins what it should not.
 */

export interface Piece {
  /** Left edge of the text. */
  x: number;
  /** Right edge of the text. */
  x2: number;
  text: string;
  fontSize: number;
}

/** Characters that never start a line of their own: they close the word before them. */
const CLOSING = /^[.,;:!?)\]}%’”]/u;

/**
 * Does `next` carry on a word that `prev` (the line above, in the same column) was cut in?
 * `innerRight` is where the column's text may reach: the cell border less its padding.
 */
export function continuesWord(prev: Piece, next: Piece, innerRight: number): boolean {
  const a = prev.text.trim();
  const b = next.text.trim();
  // A part cut off a word is two characters at least (a column narrower than that holds nothing).
  if (a.length < 2 || !b || /\s/.test(a)) return false;
  // The continuation starts at the column's left edge, as the word's first part does.
  if (Math.abs(next.x - prev.x) > Math.max(1.5, 0.2 * prev.fontSize)) return false;
  const last = a.at(-1)!;
  const first = b[0]!;
  // The rest of a number is digits only ("2" of "31.12.12", "1" of "10.1"): "1.2" under "1.1" is a number of its own.
  const carries =
    CLOSING.test(first) ||
    (/\p{Ll}/u.test(first) && /\p{L}/u.test(last)) ||
    (/^\d+(\s|$)/.test(b) && /[\d./-]/.test(last));
  if (!carries) return false;
  // The gap left at the right edge must be narrower than the next line's first character, or
  // that character would have fitted above.
  const gap = innerRight - prev.x2;
  return gap < 1.1 * firstGlyphWidth(next) + 0.3 && gap > -0.6 * prev.fontSize;
}

/** Join a cell's lines into one text: a space between lines, none inside a broken word. */
export function joinPieces(parts: Array<{ text: string; glue: boolean }>, join: (a: string, b: string) => string): string {
  let out = '';
  for (const p of parts) out = p.glue && out ? out + p.text.trim() : join(out, p.text);
  return out;
}

/**
 * Advance widths (per 1000 units of the font size) of a common sans-serif (Helvetica's
 * metrics): the proportions between glyphs, scaled below to the run's measured width.
 */
const ADVANCE: Record<string, number> = {
  ' ': 278, '!': 278, '"': 355, '#': 556, $: 556, '%': 889, '&': 667, "'": 191, '(': 333, ')': 333, '*': 389, '+': 584,
  ',': 278, '-': 333, '.': 278, '/': 278, ':': 278, ';': 278, '?': 556, '@': 1015, '[': 278, ']': 278, _: 556,
  A: 667, B: 667, C: 722, D: 722, E: 667, F: 611, G: 778, H: 722, I: 278, J: 500, K: 667, L: 556, M: 833,
  N: 722, O: 778, P: 667, Q: 778, R: 722, S: 667, T: 611, U: 722, V: 667, W: 944, X: 667, Y: 667, Z: 611,
  a: 556, b: 556, c: 500, d: 556, e: 556, f: 278, g: 556, h: 556, i: 222, j: 222, k: 500, l: 222, m: 833,
  n: 556, o: 556, p: 556, q: 556, r: 333, s: 500, t: 278, u: 556, v: 500, w: 722, x: 500, y: 500, z: 500,
};
const advance = (c: string): number => ADVANCE[c] ?? 556;

/**
 * The width of a run's first glyph: the run's measured width shared out in proportion to
 * standard glyph widths (so a narrow "t" or "i" is told from a wide "m" in whatever font).
 */
export function firstGlyphWidth(run: Piece): number {
  const text = run.text.trim().replace(/\s+/g, ' ');
  const chars = [...text];
  if (!chars.length) return 0;
  const units = chars.reduce((n, c) => n + advance(c), 0);
  return ((run.x2 - run.x) * advance(chars[0]!)) / units;
}
