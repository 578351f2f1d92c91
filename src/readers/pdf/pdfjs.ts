/**
 * pdfjs-dist for Node, loaded once: the library and its worker module in this thread
 * (pdfjs' "fake worker" then needs no dynamic import), and the native built-ins put back
 * after the legacy build's core-js polyfills replaced them (see natives.ts). pdfjs does
 * not depend on those polyfills: they fix corner cases of the spec (pushing onto an array
 * whose length is non-writable, JSON.parse source access) that V8 already handles or pdfjs
 * never meets.
 */
import { NATIVES } from './natives.js';
import { log } from '../../util/log.js';
import * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
// @ts-expect-error -- the worker module ships no type declarations; only its presence matters.
import * as pdfjsWorker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';

(globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= pdfjsWorker;
const restore = (target: object, key: string, value: unknown) => {
  if ((target as Record<string, unknown>)[key] !== value) {
    Object.defineProperty(target, key, { value, writable: true, configurable: true, enumerable: false });
  }
};
restore(Array.prototype, 'push', NATIVES.push);
restore(JSON, 'parse', NATIVES.parse);
restore(JSON, 'stringify', NATIVES.stringify);

/**
 * pdfjs leaves some promises of its own rejected with no handler: on a PDF whose
 * cross-reference entries are bad (found by the fuzzer: `XRefEntryException: Bad
 * (uncompressed) XRef entry`, once per page) one is left behind while the API calls we
 * await still settle normally (the document loads, or fails with its own error). Node's
 * default would kill the thread for it: the batch reported "worker crashed" for a file
 * that extracts. Such leftovers, recognised as pdfjs' own exception classes thrown from
 * pdfjs-dist, are logged and dropped; any other unhandled rejection still ends the thread
 * as it would without this listener.
 */
const PDFJS_EXCEPTIONS = new Set([
  'AbortException', 'DNLMarkerError', 'EOIMarkerError', 'FormatError', 'InvalidPDFException', 'Jbig2Error', 'JpegError', 'JpxError',
  'MissingDataException', 'ParserEOFException', 'PasswordException', 'RenderingCancelledException', 'ResponseException',
  'UnknownErrorException', 'XRefEntryException', 'XRefParseException',
]);
export const isPdfjsLeftover = (reason: unknown): boolean =>
  reason instanceof Error && PDFJS_EXCEPTIONS.has(reason.name) && /pdfjs-dist/.test(reason.stack ?? '');
process.on('unhandledRejection', (reason) => {
  if (!isPdfjsLeftover(reason)) throw reason;
  log.debug({ err: `${(reason as Error).name}: ${(reason as Error).message}` }, 'pdfjs left a rejected promise unhandled');
});

export const { getDocument } = pdfjs;
export type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
