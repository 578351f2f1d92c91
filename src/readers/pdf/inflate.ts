/**
 * A synchronous stand-in for the web DecompressionStream, for pdfjs in the batch workers.
 *
 * pdfjs inflates every FlateDecode stream it reads (page contents, fonts) with
 * `new DecompressionStream('deflate')`: one write of the whole compressed stream, a close,
 * then `for await` over the output. On Node each of those is a web-stream pair over a zlib
 * stream whose chunks are inflated on the libuv thread pool and handed back through
 * promises: thousands per document, and in a profile of the import ~5 % of a worker's CPU
 * was that machinery (processChunk, processCallback, the stream promises), beside the
 * inflating itself. Here the same zlib inflates the bytes in one synchronous call when the
 * writer is closed. Same bytes out, and an error (truncated or corrupt data, junk after the
 * end) in the same cases, so pdfjs falls back to its own decoder exactly as before
 * (tests/pdf-inflate.test.ts compares the two on real streams and damaged copies).
 *
 * Only the part of the interface pdfjs uses is here: `writable.getWriter()` (ready, write,
 * close) and an async-iterable `readable`; not for piping. Installed only in the batch
 * worker threads (src/pipeline/worker.ts), where nothing else runs; in-process use keeps
 * the platform's DecompressionStream.
 */
import { gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

const INFLATE: Record<string, (b: Uint8Array) => Buffer> = { deflate: inflateSync, 'deflate-raw': inflateRawSync, gzip: gunzipSync };

export class SyncDecompressionStream {
  readonly writable: { getWriter(): { ready: Promise<void>; write(chunk: Uint8Array): Promise<void>; close(): Promise<void> } };
  readonly readable: AsyncIterable<Uint8Array>;

  constructor(format: string) {
    const inflate = INFLATE[format];
    // As Node's own: an unknown format ('brotli' on Node 20) is refused here, and pdfjs then uses its own decoder.
    if (!inflate) throw new TypeError(`The argument 'format' is invalid. Received '${format}'`);
    const chunks: Uint8Array[] = [];
    let closed!: () => void;
    const isClosed = new Promise<void>((resolve) => (closed = resolve));
    const writer = {
      ready: Promise.resolve(),
      write: async (chunk: Uint8Array) => void chunks.push(chunk),
      close: async () => closed(),
    };
    this.writable = { getWriter: () => writer };
    this.readable = {
      async *[Symbol.asyncIterator]() {
        await isClosed;
        const out = inflate(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
        yield new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
      },
    };
  }
}

/** Make pdfjs in this thread inflate synchronously (see above). */
export function installSyncInflate(): void {
  (globalThis as { DecompressionStream?: unknown }).DecompressionStream = SyncDecompressionStream;
}
