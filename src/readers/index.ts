import type { LayoutDocument, SourceFormat } from '../layout/types.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { InputError } from '../util/errors.js';

export { sniffFormat, formatFromName, SUPPORTED_EXTENSIONS } from './sniff.js';

/** A reader turns the bytes of one file into the shared layout, or throws InputError. */
export type Reader = (bytes: Uint8Array, limits: Limits) => Promise<LayoutDocument>;

/**
 * Each reader is loaded when its format is first met: a PDF batch never loads exceljs or
 * mammoth, and every worker thread pays only for the readers its files need (loading all
 * four cost ~1 s CPU per thread).
 */
const READERS: Record<SourceFormat, () => Promise<Reader>> = {
  markdown: async () => (await import('./markdown.js')).readMarkdown,
  pdf: async () => (await import('./pdf.js')).readPdf,
  docx: async () => (await import('./docx.js')).readDocx,
  xlsx: async () => (await import('./xlsx.js')).readXlsx,
};

/** Load the reader of a format ahead of its first file (a worker preloads the PDF reader at start-up). */
export const loadReader = (format: SourceFormat): Promise<Reader> => READERS[format]();

export async function readLayout(format: SourceFormat, bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS): Promise<LayoutDocument> {
  if (bytes.length > limits.maxBytes) {
    throw new InputError('too_large', `file too large (${bytes.length} bytes; limit ${limits.maxBytes})`);
  }
  return (await READERS[format]())(bytes, limits);
}
