import { extname } from 'node:path';
import type { SourceFormat } from '../layout/types.js';
import { InputError } from '../util/errors.js';

export const SUPPORTED_EXTENSIONS: Record<string, SourceFormat> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.xlsx': 'xlsx',
};

/** The format a file name claims, or null when the extension is not one we read. */
export function formatFromName(path: string): SourceFormat | null {
  return SUPPORTED_EXTENSIONS[extname(path).toLowerCase()] ?? null;
}

/** What the first bytes look like, in a few words, for error messages. */
export function describeContent(bytes: Uint8Array): string {
  if (bytes.length === 0) return 'empty file';
  const head = Buffer.from(bytes.subarray(0, 2048));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return 'a PDF';
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'a zip archive';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'an old binary Office document (.doc/.xls)';
  const text = head.toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart().toLowerCase();
  if (/^<!doctype html|^<html|<head[\s>]|<body[\s>]/.test(text)) return 'HTML';
  if (/^<\?xml/.test(text)) return 'XML';
  if (head[0] === 0x89 && head.subarray(1, 4).toString('latin1') === 'PNG') return 'a PNG image';
  if (head[0] === 0xff && head[1] === 0xd8) return 'a JPEG image';
  if (head.includes(0)) return 'binary data';
  return 'text';
}

/**
 * Decide how to read a file from its name and its bytes. The name says what the user
 * expects; the bytes must agree, otherwise the file is refused with a one-line reason
 * ("not a PDF (looks like HTML)").
 */
export function sniffFormat(path: string, bytes: Uint8Array): SourceFormat {
  const claimed = formatFromName(path);
  if (!claimed) throw new InputError('unsupported_type', `unsupported file type "${extname(path) || '(none)'}" (expected .pdf, .docx, .xlsx or .md)`);
  if (bytes.length === 0) throw new InputError('empty_file', 'empty file (0 bytes)');
  const what = describeContent(bytes);
  if (claimed === 'pdf') {
    // The PDF spec allows the header anywhere in the first 1024 bytes.
    const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
    if (!head.includes('%PDF-')) throw new InputError('not_pdf', `not a PDF (looks like ${what})`);
    return 'pdf';
  }
  if (claimed === 'docx') {
    if (what !== 'a zip archive') throw new InputError('not_docx', `not a DOCX (not a zip archive; looks like ${what})`);
    return 'docx';
  }
  if (claimed === 'xlsx') {
    if (what !== 'a zip archive') throw new InputError('not_xlsx', `not an XLSX workbook (not a zip archive; looks like ${what})`);
    return 'xlsx';
  }
  if (what !== 'text' && what !== 'HTML' && what !== 'XML') {
    throw new InputError('not_text', `not a Markdown text file (looks like ${what})`);
  }
  return 'markdown';
}
