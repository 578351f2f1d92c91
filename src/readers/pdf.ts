/**
 * PDF reader: pdfjs-dist text runs -> lines -> (furniture removed, columns ordered,
 * tables found) -> blocks. See src/readers/pdf/ for the stages.
 */
import { isRealDate } from '../model/dates.js';
import type { Block, LayoutDocument, LayoutWarning } from '../layout/types.js';
import { pageLoc, noLoc } from '../layout/types.js';
import type { Limits } from './limits.js';
import { InputError } from '../util/errors.js';
import { mapPdfError, openPdf, pageItems, pageOperators, type PDFDocumentProxy, type PDFPageProxy } from './pdf/load.js';
import { buildLines } from './pdf/lines.js';
import { removeFurniture } from './pdf/furniture.js';
import { orderColumns } from './pdf/page-columns.js';
import { detectTables } from './pdf/tables.js';
import { joinContinuedTables } from './pdf/continued.js';
import { buildBlocks, computeStats } from './pdf/blocks.js';
import { checkXref } from './pdf/xref.js';
import { PageFonts } from './pdf/resources.js';
import type { PageInfo, PageLine, RawItem, Rule } from './pdf/types.js';

export interface PdfReadOptions {
  /**
   * Read operator lists: real font names (to tell bold text, used for headings) and ruling
   * lines (table cell borders). Only pages that may hold a table or that bring a font not
   * seen before are asked (an operator list costs as much as the page's text). Default true.
   */
  bold?: boolean;
  /**
   * Spare the operator list of a page whose new fonts the file's own resource dictionaries
   * show are not bold (src/readers/pdf/resources.ts). Default true; false for comparisons.
   */
  fontsByResources?: boolean;
}

/**
 * A line split into columns, outside the running header and footer zones and not a
 * "title ... page number" line (footers, contents): the sign of a table that may be ruled.
 */
function mayBeTableRow(l: PageLine, pageHeight: number): boolean {
  if (l.segs.length < 2) return false;
  if (l.y < 0.08 * pageHeight || l.y > 0.92 * pageHeight) return false;
  return !(l.segs.length === 2 && /^\d{1,3}$/.test(l.segs[1]!.text.trim()));
}

/** A PDF date ("D:20230505103000+01'00'", the prefix optional) as YYYY-MM-DD of its own clock; null when not one. */
export function pdfDate(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  const m = /^(?:D:)?(\d{4})(\d{2})(\d{2})/.exec(v.trim());
  if (!m) return null;
  const day = `${m[1]}-${m[2]}-${m[3]}`;
  return isRealDate(day) ? day : null;
}

/** The document's Info /CreationDate (pdfjs getMetadata); null when absent, unreadable or the metadata cannot be read. */
async function creationDate(doc: Awaited<ReturnType<typeof openPdf>>): Promise<string | null> {
  try {
    const { info } = await doc.getMetadata();
    return pdfDate((info as Record<string, unknown> | undefined)?.['CreationDate']);
  } catch {
    return null;
  }
}

/**
 * Pages whose operator list was fetched (with the reasons: a font not yet named, a possible
 * table), and pages spared one by their resources (since start-up; for measuring and tests).
 */
export const opStats = { fetched: 0, forFonts: 0, forTables: 0, byResources: 0 };

export async function readPdf(bytes: Uint8Array, limits: Limits, options: PdfReadOptions = {}): Promise<LayoutDocument> {
  const warnings: LayoutWarning[] = [];
  const xref = checkXref(bytes);
  if (xref) warnings.push({ code: 'xref_damaged', message: xref, loc: noLoc() });

  const doc = await openPdf(bytes);
  try {
    const pageCount = doc.numPages;
    const last = Math.min(pageCount, Math.max(0, limits.maxPages));
    if (last < pageCount) {
      warnings.push({ code: 'page_cap', message: `read ${last} of ${pageCount} pages (limit ${limits.maxPages})`, loc: noLoc() });
    }
    const fonts: Fonts = { bytes, pageCount, options, bold: options.bold === false ? null : new Map<string, boolean>(), pageFonts: undefined, names: new Set<string>() };
    const pages = await readPages(doc, last, fonts, warnings);
    return { format: 'pdf', pageCount, blocks: layoutBlocks(pages), warnings, meta: { created: await creationDate(doc) } };
  } finally {
    // Freeing pdf.js's resources changes nothing in what was read; a failure to free is no reason to lose the document.
    await doc.destroy().catch(() => undefined);
  }
}

/** What the reader knows of a document's fonts, page after page. */
interface Fonts {
  bytes: Uint8Array;
  pageCount: number;
  options: PdfReadOptions;
  /** pdfjs font id -> bold; null when operator lists are not read (`bold: false`). */
  bold: Map<string, boolean> | null;
  /** The file's own objects (fonts by page), read on the first page that needs them; null when unreadable. */
  pageFonts: PageFonts | null | undefined;
  /** Real font names pdfjs has given so far (from operator lists). */
  names: Set<string>;
}

/** Pages 1..last; an unreadable page is skipped with a warning, unless every page is (then the file fails). */
async function readPages(doc: PDFDocumentProxy, last: number, fonts: Fonts, warnings: LayoutWarning[]): Promise<PageInfo[]> {
  const pages: PageInfo[] = [];
  const counts = { chars: 0, rotated: 0 };
  let failed = 0;
  let firstError: unknown = null;
  for (let n = 1; n <= last; n++) {
    let page;
    try {
      page = await doc.getPage(n);
      pages.push(await readPage(page, n, fonts, counts));
    } catch (err) {
      failed++;
      firstError ??= err;
      if (err instanceof Error && err.name === 'PasswordException') throw mapPdfError(err);
      warnings.push({ code: 'page_unreadable', message: `page ${n}: ${mapPdfError(err).reason}`, loc: pageLoc(n) });
    } finally {
      page?.cleanup();
    }
  }
  if (last > 0 && failed === last) throw mapPdfError(firstError);
  if (counts.chars === 0) throw new InputError('no_text', 'no text layer; OCR needed');
  if (counts.rotated > 0) {
    warnings.push({ code: 'rotated_text', message: `${counts.rotated} rotated text runs skipped`, loc: noLoc() });
  }
  return pages;
}

/** One page's lines and ruling lines (counting its characters and rotated runs into `counts`). */
async function readPage(page: PDFPageProxy, n: number, fonts: Fonts, counts: { chars: number; rotated: number }): Promise<PageInfo> {
  const boldFonts = fonts.bold;
  // Fonts resolved on earlier pages mark their runs bold straight away.
  const { items, width, height, rotated } = await pageItems(page, boldFonts);
  counts.rotated += rotated;
  for (const it of items) counts.chars += it.text.length;
  let lines = buildLines(items, n);
  let rules: Rule[] = [];
  // The operator list (ruling lines, real font names) costs as much as the text itself:
  // fetch it only for pages that may hold a table, or that use a font not yet resolved.
  let unresolved = boldFonts !== null && items.some((it) => !boldFonts.has(it.font));
  const mayHoldTable = boldFonts !== null && lines.some((l) => mayBeTableRow(l, height));
  if (unresolved && !mayHoldTable && fonts.options.fontsByResources !== false) {
    const bold = boldByResources(fonts, n, items);
    if (bold !== null) {
      if (bold) lines = buildLines(items, n);
      unresolved = false;
    }
  }
  if (boldFonts && (unresolved || mayHoldTable)) {
    opStats.fetched++;
    if (unresolved) opStats.forFonts++;
    if (mayHoldTable) opStats.forTables++;
    // A page whose operator list cannot be read has no ruling lines: its tables are found from text positions alone.
    rules = await pageOperators(page, boldFonts, fonts.names).catch(() => []);
    // Lines again only when a font resolved just now turned out bold.
    if (unresolved && items.some((it) => !it.bold && boldFonts.get(it.font))) {
      for (const it of items) it.bold = boldFonts.get(it.font) ?? false;
      lines = buildLines(items, n);
    }
  }
  return { page: n, width, height, lines, rules };
}

/**
 * The page's own resources name its fonts: when the fonts its new font ids can come from are
 * all bold by name, or all not (see newFontsBold), no operator list is needed for them, and
 * the page's new ids and runs are marked so. (pdfjs' id for a font it could not load never
 * gets a name, and reads as not bold: such a page keeps its operator list unless all are
 * not bold.) Null when the resources cannot tell.
 */
function boldByResources(fonts: Fonts, n: number, items: RawItem[]): boolean | null {
  if (fonts.pageFonts === undefined) fonts.pageFonts = PageFonts.open(fonts.bytes, fonts.pageCount);
  const fresh = items.filter((it) => !fonts.bold!.has(it.font));
  const bold = fonts.pageFonts?.newFontsBold(n, fonts.names) ?? null;
  if (bold === false || (bold === true && !fresh.some((it) => it.font === 'g_font_error'))) {
    for (const it of fresh) {
      fonts.bold!.set(it.font, bold);
      it.bold = bold;
    }
    opStats.byResources++;
    return bold;
  }
  return null;
}

/** The pages' lines and tables -> blocks: furniture removed, columns ordered, tables found and joined across pages. */
function layoutBlocks(pages: PageInfo[]): Block[] {
  removeFurniture(pages);
  for (const p of pages) p.lines = orderColumns(p.lines, p.width);
  const stats = computeStats(pages.map((p) => p.lines));
  const pageUnits = pages.map((p) => ({ page: p.page, units: detectTables(p.lines, { rules: p.rules }) }));
  joinContinuedTables(pageUnits);
  return buildBlocks(pageUnits, stats);
}
