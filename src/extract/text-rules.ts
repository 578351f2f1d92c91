/**
 * Text predicates the extractors share, each written once. Plans and reports broken over
 * pages, cells and printed lines are put together again by these tests of how a piece of
 * text starts and ends.
 */
import { normalizeSpace } from '../util/text.js';

/** Starts in lower case: the piece carries on a sentence begun elsewhere. */
export const startsLower = (s: string): boolean => /^[a-z]/.test(s);

/** Starts with a capital letter (a title, a name, a new sentence). */
export const startsUpper = (s: string): boolean => /^[A-Z]/.test(s);

/** Ends a clause: a full stop, "!", "?", ";", ":" or a closing bracket. */
const CLAUSE_END = /[.!?;:)]$/;

/** A sentence left unfinished: the text does not end a clause (see CLAUSE_END). */
export const unfinished = (s: string): boolean => !CLAUSE_END.test(s);

/**
 * Ends a sentence in the narrower sense a printed line does ("." "!" "?" ";"; a colon or a
 * bracket at a line's end is taken as a sentence still running).
 */
export const endsSentenceLine = (s: string): boolean => /[.!?;]$/.test(s);

/** Ends a statement or a list item: "." or ";" (a heading or title ends with neither). */
export const endsStatement = (s: string): boolean => /[.;]$/.test(s);

/** A whole number as written ("3", "12"): a number of its own, not "1.2" or "3a". */
export const isWholeNumber = (s: string): boolean => /^\d+$/.test(s);

/** Characters a quoted source text is clipped to in a warning: enough to find it in the source. */
export const CLIP_LENGTH = 60;

/** A text for a warning message: whitespace collapsed, clipped to `n` characters with "…". */
export function clip(s: string, n = CLIP_LENGTH): string {
  const t = normalizeSpace(s);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}
