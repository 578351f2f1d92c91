/**
 * Cheap structural check of the cross-reference pointer. pdfjs silently rebuilds a broken
 * xref by scanning the whole file; we detect that case up front so the reader can warn.
 * Returns a one-line problem description, or null when the pointer looks sound.
 */
export function checkXref(bytes: Uint8Array): string | null {
  const tailStart = Math.max(0, bytes.length - 2048);
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset + tailStart, bytes.length - tailStart).toString('latin1');
  const at = tail.lastIndexOf('startxref');
  if (at < 0) return 'no startxref at end of file (truncated?); cross-reference table rebuilt';
  const m = /^startxref\s+(\d+)/.exec(tail.slice(at));
  if (!m) return 'unreadable startxref; cross-reference table rebuilt';
  // The header may be preceded by junk; offsets are relative to "%PDF-".
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(1024, bytes.length)).toString('latin1');
  const shift = Math.max(0, head.indexOf('%PDF-'));
  const offset = Number(m[1]) + shift;
  if (offset >= bytes.length) return `startxref ${m[1]} beyond end of file; cross-reference table rebuilt`;
  const there = Buffer.from(bytes.buffer, bytes.byteOffset + offset, Math.min(64, bytes.length - offset)).toString('latin1');
  if (/^\s*xref/.test(there) || /^\s*\d+\s+\d+\s+obj/.test(there)) return null;
  return `startxref ${m[1]} does not point at a cross-reference table; rebuilt`;
}
