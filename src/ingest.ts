import type { OfstedDocument } from './model/document.js';
import { readLayout, sniffFormat } from './readers/index.js';
import { DEFAULT_LIMITS, type Limits } from './readers/limits.js';
import { extractDocument } from './extract/document.js';
import { readInput, sha256 } from './input.js';

export { readInput, sha256 };

/** Where one file's extraction time went (milliseconds), filled in by extractBytes when given. */
export interface ExtractTiming {
  /** Reading the format into the layout (pdfjs, mammoth, remark and our reader). */
  parseMs?: number;
  /** Layout to document (the extractors and the zod model). */
  extractMs?: number;
}

/** One file, from bytes to a validated document. Throws InputError with a one-line reason.
 * `sha` is the bytes' sha256 when the caller has it already. */
export async function extractBytes(
  path: string,
  bytes: Uint8Array,
  limits: Limits = DEFAULT_LIMITS,
  opts: { sha?: string; timing?: ExtractTiming } = {},
): Promise<OfstedDocument> {
  const t0 = performance.now();
  const format = sniffFormat(path, bytes);
  const layout = await readLayout(format, bytes, limits);
  const t1 = performance.now();
  const doc = extractDocument(layout, { path, sha256: opts.sha ?? sha256(bytes), format, bytes: bytes.length, pages: layout.pageCount });
  if (opts.timing) {
    opts.timing.parseMs = t1 - t0;
    opts.timing.extractMs = performance.now() - t1;
  }
  return doc;
}

export async function extractFile(path: string, limits: Limits = DEFAULT_LIMITS): Promise<OfstedDocument> {
  return extractBytes(path, await readInput(path, limits), limits);
}
