import type { LayoutDocument, SourceFormat } from '../layout/types.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { InputError } from '../util/errors.js';
import { readMarkdown } from './markdown.js';
import { readPdf } from './pdf.js';
import { readDocx } from './docx.js';
import { readXlsx } from './xlsx.js';

export { sniffFormat, formatFromName, SUPPORTED_EXTENSIONS } from './sniff.js';

/** A reader turns the bytes of one file into the shared layout, or throws InputError. */
export type Reader = (bytes: Uint8Array, limits: Limits) => Promise<LayoutDocument>;

const READERS: Record<SourceFormat, Reader> = {
  markdown: readMarkdown,
  pdf: readPdf,
  docx: readDocx,
  xlsx: readXlsx,
};

export async function readLayout(format: SourceFormat, bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS): Promise<LayoutDocument> {
  if (bytes.length > limits.maxBytes) {
    throw new InputError('too_large', `file too large (${bytes.length} bytes; limit ${limits.maxBytes})`);
  }
  return READERS[format](bytes, limits);
}
