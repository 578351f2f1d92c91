/**
 * pdfjs-dist loading for Node: no network, no eval, no font faces; errors mapped to
 * InputError with one-line reasons.
 */
import { getDocument, type PDFDocumentProxy, type PDFPageProxy } from './pdfjs.js';
import { InputError } from '../../util/errors.js';
import type { RawItem, Rule } from './types.js';
import { extractRules } from './ruling-lines.js';
import { cleanRun } from './run-text.js';

export type { PDFDocumentProxy, PDFPageProxy };

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // pdfjs transfers/detaches the buffer it is given: always hand it a private copy.
  const data = new Uint8Array(bytes.byteLength);
  data.set(bytes);
  const task = getDocument({
    data,
    isEvalSupported: false,
    // Font faces "on": pdfjs then builds no glyph outlines for the text of an operator list
    // (with them off it compiles and posts a path for every glyph shown, to draw text without
    // a font face: most of an operator list's cost here). The font face itself is never
    // made: see noFontFaces() below.
    disableFontFace: false,
    useSystemFonts: false,
    disableAutoFetch: true,
    disableStream: true,
    disableRange: true,
    stopAtErrors: false,
    // No image is decoded: neither the text nor the ruling lines of an operator list use one
    // (pdfjs drops every image larger than this many pixels, with a warning it does not print).
    maxImageSize: 0,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    noFontFaces(doc);
    return doc;
  } catch (err) {
    // The load failed already: that error, mapped below, is the one to report, not the clean-up's.
    await task.destroy().catch(() => undefined);
    throw mapPdfError(err);
  }
}

/**
 * pdfjs' main half "binds" each font of an operator list (a CSS font face, for drawing); with
 * no DOM that fails, and pdfjs would then ask its worker half for the glyph outlines after
 * all. Nothing here draws: binding is made a no-op (the font, its name included, still
 * reaches `commonObjs`). Should a later pdfjs not have this hook, binding fails as above and
 * pdfjs falls back to outlines by itself: slower, same result.
 */
function noFontFaces(doc: PDFDocumentProxy): void {
  const loader = (doc as unknown as { _transport?: { fontLoader?: { bind?: unknown } } })._transport?.fontLoader;
  if (loader && typeof loader.bind === 'function') loader.bind = async () => undefined;
}

export function mapPdfError(err: unknown): InputError {
  if (err instanceof InputError) return err;
  const name = (err as { name?: string })?.name ?? '';
  const message = String((err as { message?: string })?.message ?? err)
    .split('\n')[0]
    .trim();
  if (name === 'PasswordException' || /password/i.test(message)) {
    return new InputError('encrypted', 'encrypted PDF (password required)');
  }
  const short = message.length > 120 ? message.slice(0, 117) + '...' : message || name || 'unreadable';
  return new InputError('corrupt', `corrupt PDF (${short})`);
}

/**
 * The page's text runs in top-down page coordinates (rotation applied via the viewport).
 * `boldFonts` maps pdfjs font ids to boldness when the caller resolved real font names.
 */
export async function pageItems(
  page: PDFPageProxy,
  boldFonts: Map<string, boolean> | null,
): Promise<{ items: RawItem[]; width: number; height: number; rotated: number }> {
  const vp = page.getViewport({ scale: 1 });
  const [va, vb, vc, vd, ve, vf] = vp.transform as number[];
  const tc = await page.getTextContent();
  const items: RawItem[] = [];
  let rotated = 0;
  for (const it of tc.items) {
    if (!('str' in it) || !it.str) continue;
    const [a, b, c, d, e, f] = it.transform as number[];
    // Device matrix = viewport x item.
    const A = va * a + vc * b;
    const B = vb * a + vd * b;
    const C = va * c + vc * d;
    const D = vb * c + vd * d;
    const E = va * e + vc * f + ve;
    const F = vb * e + vd * f + vf;
    // Rotated runs are skipped; sheared ones (synthetic italics: C = tan(slant) x size) are upright text.
    if (Math.abs(B) > 0.01 * Math.abs(A) || Math.abs(C) > 0.5 * Math.abs(D) || A <= 0) {
      if (it.str.trim()) rotated++;
      continue;
    }
    const fontSize = Math.abs(D);
    if (fontSize < 1) continue;
    const text = cleanRun(it.str);
    if (!text.trim()) continue;
    items.push({
      text,
      x: E,
      y: F,
      width: it.width,
      fontSize: Math.round(fontSize * 10) / 10,
      font: it.fontName,
      bold: boldFonts?.get(it.fontName) ?? false,
    });
  }
  return { items, width: vp.width, height: vp.height, rotated };
}

const BOLD_NAME_RE = /bold|black|heavy|semibold|demi|,B$|-B$/i;

/**
 * The page's operator list: resolves which fonts are bold from their real names
 * ("ABCDEE+Tahoma,Bold"; fonts reach the main thread only through the operator list)
 * and yields the ruling lines (cell borders). Costs one getOperatorList call per page;
 * call it before pageItems().
 */
export async function pageOperators(page: PDFPageProxy, boldCache: Map<string, boolean>, names?: Set<string>): Promise<Rule[]> {
  const ops = await page.getOperatorList();
  const objs = page.commonObjs as unknown as Iterable<[string, unknown]>;
  for (const [id, font] of objs) {
    if (boldCache.has(id)) continue;
    const name = (font as { name?: unknown } | null)?.name;
    if (typeof name === 'string') {
      boldCache.set(id, BOLD_NAME_RE.test(name.replace(/^[A-Z]{6}\+/, '')));
      names?.add(name);
    }
  }
  const vp = page.getViewport({ scale: 1 });
  return extractRules(ops as unknown as { fnArray: number[]; argsArray: unknown[][] }, vp.transform as number[]);
}
