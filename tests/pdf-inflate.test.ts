import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SyncDecompressionStream } from '../src/readers/pdf/inflate';
import { fixture } from './helpers';

/** What pdfjs does with a DecompressionStream: one write, close, collect the output; an error is null. */
async function inflateAsPdfjs(Stream: new (format: string) => { readable: AsyncIterable<Uint8Array>; writable: WritableStream<Uint8Array> | { getWriter(): { ready: Promise<void>; write(b: Uint8Array): Promise<void>; close(): Promise<void> } } }, bytes: Uint8Array): Promise<string | null> {
  try {
    const { readable, writable } = new Stream('deflate');
    const writer = writable.getWriter();
    await writer.ready;
    writer
      .write(bytes)
      .then(async () => {
        await writer.ready;
        await writer.close();
      })
      // A write that fails also fails the readable side, read below: that is where the error is seen.
      .catch(() => {});
    const chunks: Uint8Array[] = [];
    for await (const chunk of readable) chunks.push(chunk);
    return Buffer.concat(chunks).toString('base64');
  } catch {
    return null;
  }
}

/** The FlateDecode streams of a PDF's raw bytes (those stored as "stream ... endstream"). */
function flateStreams(pdf: Buffer): Uint8Array[] {
  const out: Uint8Array[] = [];
  const text = pdf.toString('latin1');
  const re = /\/FlateDecode[^]*?stream\r?\n/g;
  for (let m = re.exec(text); m && out.length < 60; m = re.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endstream', start);
    if (end < 0) break;
    out.push(new Uint8Array(pdf.subarray(start, end)));
    re.lastIndex = end;
  }
  return out;
}

describe('PDF: synchronous inflate for pdfjs', () => {
  it("gives the platform DecompressionStream's bytes, and fails where it fails (truncated, junk after the end, flipped bits, bad header, empty)", async () => {
    const pdfs = readdirSync(fixture('reports')).filter((f) => f.endsWith('.pdf')).slice(0, 3);
    const streams = pdfs.flatMap((f) => flateStreams(readFileSync(fixture('reports', f))));
    expect(streams.length).toBeGreaterThan(20);
    let failures = 0;
    for (const [i, s] of streams.entries()) {
      const junk = new Uint8Array(s.length + 7);
      junk.set(s);
      junk.set([1, 2, 3, 0x78, 0x9c, 9, 9], s.length);
      const flipped = new Uint8Array(s);
      if (flipped.length > 4) flipped[2 + (i * 7919) % (flipped.length - 2)] ^= 1 << i % 8;
      const header = new Uint8Array(s);
      header[0] = 0x08;
      for (const bytes of [s, s.subarray(0, Math.floor(s.length / 2)), junk, flipped, header, new Uint8Array(0)]) {
        const want = await inflateAsPdfjs(DecompressionStream, bytes);
        if (want === null) failures++;
        expect(await inflateAsPdfjs(SyncDecompressionStream, bytes)).toBe(want);
      }
    }
    expect(failures).toBeGreaterThan(streams.length); // the damaged copies do fail
  });

  it('refuses a format Node does not inflate, as Node does (pdfjs then decodes it itself)', () => {
    expect(() => new DecompressionStream('brotli' as CompressionFormat)).toThrow(TypeError);
    expect(() => new SyncDecompressionStream('brotli')).toThrow(TypeError);
  });
});
