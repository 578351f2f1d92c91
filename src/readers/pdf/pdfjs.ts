/**
 * pdfjs-dist for Node, loaded once: the library and its worker module in this thread
 * (pdfjs' "fake worker" then needs no dynamic import), and the native built-ins put back
 * after the legacy build's core-js polyfills replaced them (see natives.ts). pdfjs does
 * not depend on those polyfills: they fix corner cases of the spec (pushing onto an array
 * whose length is non-writable, JSON.parse source access) that V8 already handles or pdfjs
 * never meets.
 */
import { NATIVES } from './natives.js';
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

export const { getDocument } = pdfjs;
export type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
