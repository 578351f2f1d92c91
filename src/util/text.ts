/** Small text helpers shared by readers and extractors. */

const LIGATURES: Record<string, string> = { 'ﬀ': 'ff', 'ﬁ': 'fi', 'ﬂ': 'fl', 'ﬃ': 'ffi', 'ﬄ': 'ffl', 'ﬅ': 'st', 'ﬆ': 'st' };

/** Collapse every run of whitespace (NBSP, tabs, newlines, zero-width) to one space and trim. */
export function normalizeSpace(s: string): string {
  return s
    .replace(/[\u200b\u200c\u200d\ufeff\u00ad]/g, '')
    .replace(/[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, ' ')
    .trim();
}

/** Ligatures expanded, typographic quotes kept as they are. */
export function expandLigatures(s: string): string {
  return s.replace(/[ﬀ-ﬆ]/g, (c) => LIGATURES[c] ?? c);
}

/** Comparison form: ligatures expanded, whitespace collapsed, curly quotes and dashes flattened. */
export function comparable(s: string): string {
  return normalizeSpace(expandLigatures(s))
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\u201c\u201d]/g, '"')
    .replace(/[\u2013\u2014]/g, '-');
}

/** Lower-case, ASCII-ish key for matching labels ("Children's services" -> "children s services"). */
export function keyOf(s: string): string {
  return comparable(s).toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

/**
 * Join words a narrow table cell broke in two ("Septembe r 2012", "Immediat e"): a word
 * and the piece after it are joined only where the joined word is one `isWord` knows
 * and the piece alone is not, so two real words are never merged.
 */
export function mendBrokenWords(text: string, isWord: (w: string) => boolean): string {
  const words = text.split(' ');
  for (let i = 0; i + 1 < words.length; i++) {
    const a = /^(\P{L}*)(\p{L}+)$/u.exec(words[i]!);
    const b = /^(\p{L}+)(\P{L}*)$/u.exec(words[i + 1]!);
    if (!a || !b || !isWord(a[2]! + b[1]!) || isWord(b[1]!)) continue;
    words.splice(i, 2, words[i]! + words[i + 1]!);
  }
  return words.join(' ');
}
