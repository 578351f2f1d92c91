/** Per-file caps. Defaults are safe for real council documents; all are configurable from the CLI. */
export interface Limits {
  /** Largest input file accepted, in bytes. */
  maxBytes: number;
  /** Most pages read from one PDF. */
  maxPages: number;
  /** Most bytes a DOCX may expand to (declared and actual). */
  maxExpandedBytes: number;
  /** Most characters in one Markdown file. */
  maxChars: number;
  /** XLSX: most sheets read from one workbook (the rest are skipped with a warning). */
  maxSheets?: number;
  /** XLSX: most rows read from one sheet (the rest are skipped with a warning). */
  maxRows?: number;
  /** XLSX: most characters kept from one cell (the rest is cut with a warning). */
  maxCellChars?: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxBytes: 100 * 1024 * 1024,
  maxPages: 500,
  maxExpandedBytes: 200 * 1024 * 1024,
  maxChars: 20 * 1024 * 1024,
  maxSheets: 50,
  maxRows: 5000,
  maxCellChars: 10_000,
};
