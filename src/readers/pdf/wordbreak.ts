/**
 * Words broken inside a narrow table column. When a word is wider than its column, Word and
 * LibreOffice break it where the line is full, with no hyphen: "Protecti" / "on (PP)",
 * "quarterl" / "y", "31.12.1" / "2", "10." / "1". Read as two lines, the reader would put a
 * space in the word ("Protecti on") or take the rest for a new item ("1" under "10.").
 *
 * Decided from the geometry alone, never from a word list. A renderer breaks inside a word
 * only when the word does not fit on a line by itself, and then at the last character that
 * fits. So a word is broken when:
 * - (a) the upper line is that one word (no space in it) and starts at the cell's left text
 *   edge, as does the lower line: a word too wide for the cell starts a line of its own;
 * - (b) the room left between the upper line's end and the cell's right text edge is
 *   narrower than the lower line's first character (else that character would have been set
 *   above), its width estimated from the run's measured width and standard glyph
 *   proportions. The edge is the cell box less its padding: from the ruling lines, or in a
 *   table without them from the next column's start less the table's gutter (columnEdges),
 *   never from the widest line of the column alone, which would always "fill" its column;
 * - (c) the lower line starts with a character that carries the word on: a lower-case letter
 *   after a letter, digits alone after a digit or a date separator, or punctuation that
 *   never opens a line (".", ",", ")" ...), or a number after a code's head or opening with 0 (a
 *   code cut inside: "LAC1" / "1.3", "LAC1" / "0.2", "LAC" / "3.1"); the cut part is two characters at least.
 *
 * Where the room is about as wide as the character, a space is preferred: "Awaiting" /
 * "sign-off" leaves 4.8 pt where the "s" needs 4.25 pt, so the "s" would have fitted and the
 * lines are two words. The estimate is exact in Helvetica-metric fonts (Arial, Liberation
 * Sans); in a font of other proportions a cut word whose next letter is relatively wider than
 * in Helvetica may read with a space ("safegua rding", the "r" 0.2 pt wider than estimated),
 * the price of not gluing whole words. Geometry cannot tell every case: a whole one-word line whose next
 * word's first letter is wider than the room left looks exactly like a cut word ("actions" /
 * "below", "Reviewed" / "monthly" in columns six or seven characters wide). There the rule
 * joins what it should not; only the words themselves could tell.
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

/** A cell's text box: where its lines start, and how far its text may reach (the border less the padding). */
export interface TextBox {
  left: number;
  right: number;
}

/** Does `next` carry on a word that `prev` (the line above, in the same cell) was cut in? */
export function continuesWord(prev: Piece, next: Piece, box: TextBox): boolean {
  const a = prev.text.trim();
  const b = next.text.trim();
  // A part cut off a word is two characters at least (a column narrower than that holds nothing).
  if (a.length < 2 || !b || /\s/.test(a)) return false;
  // (a) Both lines start at the cell's left text edge.
  const slack = Math.max(1.5, 0.2 * prev.fontSize);
  if (Math.abs(prev.x - box.left) > slack || Math.abs(next.x - box.left) > slack) return false;
  // (c) The lower line carries the word on. The rest of a number is digits only ("2" of
  // "31.12.12", "1" of "10.1"): "1.2" under "1.1" is a number of its own.
  const last = a.at(-1)!;
  const first = b[0]!;
  const carries =
    CLOSING.test(first) ||
    (/\p{Ll}/u.test(first) && /\p{L}/u.test(last)) ||
    (/^\d+(\s|$)/.test(b) && /[\d./-]/.test(last)) ||
    // A code cut after its first digit ("LAC1" / "0.2" of "LAC10.2", "LAC1" / "1.3" of
    // "LAC11.3"): no number opens with 0, and letters with a number are a code's head.
    (/^\d[\d.]*(\s|$)/.test(b) && (/^0/.test(b) || /^\p{L}+-?\p{L}*\d+$/u.test(a)) && /\d/.test(last)) ||
    // A code cut before its first digit ("LAC" / "3.1" of "LAC3.1"): capital letters alone, then a number.
    (/^\d[\d.]*[a-z]?(\s|$)/.test(b) && /^\p{Lu}{2,5}$/u.test(a));
  if (!carries) return false;
  // (b) The room left at the right edge is narrower than the lower line's first character.
  // No allowance: where the estimate says the character would just have fitted, the space is
  // preferred. The upper line may seem to run past the edge where its end is not measured but
  // cut at a column boundary (a marker run joined to the text beside it, "10." + "Convene
  // ...", split in grid.ts); far past it, it is not text of this cell.
  const room = box.right - prev.x2;
  return room < firstGlyphWidth(next) && room > -0.6 * prev.fontSize;
}

/**
 * The right text edge of each column of a table drawn without vertical rules, from the
 * column starts and where each column's text reaches. A cell's text ends one gutter (its
 * right padding and the next cell's left one) before the next column's text starts; the
 * gutter is the table's, read where columns come closest to the next one (the lower
 * quartile over the columns, so one column whose text runs long does not set it). An edge is
 * never short of its column's own text; the last column, with no column after it, ends
 * where its text reaches.
 */
export function columnEdges(starts: number[], reach: number[]): number[] {
  const gaps = starts
    .slice(1)
    .map((x, k) => x - reach[k]!)
    .filter((g) => Number.isFinite(g) && g > 0)
    .sort((p, q) => p - q);
  const gutter = gaps[Math.floor((gaps.length - 1) / 4)];
  return reach.map((r, k) => {
    const next = starts[k + 1];
    return next === undefined || gutter === undefined ? r : Math.max(r, next - gutter);
  });
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
  '‘': 222, '’': 222, '“': 333, '”': 333, '–': 556, '—': 1000,
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
