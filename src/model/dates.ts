/**
 * A document's date, defined once: the date it speaks for is its publication date (printed, given
 * or estimated: see PUBLICATION_SOURCES), else the last day of its inspection, else the first. Read
 * in JavaScript through `documentDate` (the register's resolver, the draft, the deadline facts) and
 * in SQL through `docDate` (src/query/rules.ts builds its fragment from DOCUMENT_DATE_COLUMNS), so
 * every sort, link and page orders documents the same way.
 */
import type { DocumentInfo } from './document.js';

/** The document fields a document's date is taken from, first present wins, and their columns. */
export const DOCUMENT_DATE_FIELDS = [
  ['publicationDate', 'publication_date'],
  ['inspectionEnd', 'inspection_end'],
  ['inspectionStart', 'inspection_start'],
] as const;

/** The date a document speaks for (null: it gives none). */
export const documentDate = (d: Pick<DocumentInfo, 'publicationDate' | 'inspectionEnd' | 'inspectionStart'>): string | null =>
  DOCUMENT_DATE_FIELDS.reduce<string | null>((got, [field]) => got ?? d[field], null);

/** The same rule over the documents table: `coalesce(d.publication_date, d.inspection_end, d.inspection_start)`. */
export const documentDateSql = (d = 'd'): string => `coalesce(${DOCUMENT_DATE_FIELDS.map(([, col]) => (d ? `${d}.${col}` : col)).join(', ')})`;

/** A real calendar date written YYYY-MM-DD (not 2023-02-30, not a misread year). */
export function isRealDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}
