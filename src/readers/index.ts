import type { LayoutDocument, SourceFormat } from '../layout/types.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { InputError } from '../util/errors.js';

export { sniffFormat, formatFromName, SUPPORTED_EXTENSIONS } from './sniff.js';

/** A reader turns the bytes of one file into the shared layout, or throws InputError. */
export type Reader = (bytes: Uint8Array, limits: Limits) => Promise<LayoutDocument>;

/**
 * Each reader's module, loaded the first time a file of its format is read: a batch of PDFs
 * never loads the Markdown, Word or Excel stacks (hundreds of modules), so a worker or a CLI
 * run starts sooner.
 */
const READERS: Record<SourceFormat, () => Promise<Reader>> = {
  markdown: async () => (await import('./markdown.js')).readMarkdown,
  pdf: async () => (await import('./pdf.js')).readPdf,
  docx: async () => (await import('./docx.js')).readDocx,
  xlsx: async () => (await import('./xlsx.js')).readXlsx,
};

export async function readLayout(format: SourceFormat, bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS): Promise<LayoutDocument> {
  if (bytes.length > limits.maxBytes) {
    throw new InputError('too_large', `file too large (${bytes.length} bytes; limit ${limits.maxBytes})`);
  }
  const read = await READERS[format]();
  return read(bytes, limits);
}
