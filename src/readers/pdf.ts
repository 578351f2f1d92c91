/**
 * PDF reader: pdfjs-dist text runs -> lines -> (furniture removed, columns ordered,
 * tables found) -> blocks. See src/readers/pdf/ for the stages.
 */
import { isRealDate } from '../model/dates.js';
import type { LayoutDocument, LayoutWarning } from '../layout/types.js';
import { pageLoc, noLoc } from '../layout/types.js';
import type { Limits } from './limits.js';
import { InputError } from '../util/errors.js';
import { mapPdfError, openPdf, pageItems, pageOperators } from './pdf/load.js';
import { buildLines } from './pdf/lines.js';
import { removeFurniture } from './pdf/furniture.js';
import { orderColumns } from './pdf/page-columns.js';
import { detectTables } from './pdf/tables.js';
import { joinContinuedTables } from './pdf/continued.js';
import { buildBlocks, computeStats } from './pdf/blocks.js';
import { checkXref } from './pdf/xref.js';
import { PageFonts } from './pdf/resources.js';
import type { PageInfo, PageLine, Rule } from './pdf/types.js';

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
    const boldFonts = options.bold === false ? null : new Map<string, boolean>();
    // The file's own objects (fonts by page), read on the first page that needs them; null when unreadable.
    let pageFonts: PageFonts | null | undefined;
    // Real font names pdfjs has given so far (from operator lists).
    const fontNames = new Set<string>();
    const pages: PageInfo[] = [];
    let chars = 0;
    let failed = 0;
    let firstError: unknown = null;
    let rotated = 0;
    for (let n = 1; n <= last; n++) {
      let page;
      try {
        page = await doc.getPage(n);
        // Fonts resolved on earlier pages mark their runs bold straight away.
        const { items, width, height, rotated: r } = await pageItems(page, boldFonts);
        rotated += r;
        for (const it of items) chars += it.text.length;
        let lines = buildLines(items, n);
        let rules: Rule[] = [];
        // The operator list (ruling lines, real font names) costs as much as the text itself:
        // fetch it only for pages that may hold a table, or that use a font not yet resolved.
        let unresolved = boldFonts !== null && items.some((it) => !boldFonts.has(it.font));
        const mayHoldTable = boldFonts !== null && lines.some((l) => mayBeTableRow(l, height));
        if (unresolved && !mayHoldTable && options.fontsByResources !== false) {
          // The page's own resources name its fonts: when the fonts its new font ids can come
          // from are all bold by name, or all not (see newFontsBold), no operator list is
          // needed for them. (pdfjs' id for a font it could not load never gets a name, and
          // reads as not bold: such a page keeps its operator list unless all are not bold.)
          if (pageFonts === undefined) pageFonts = PageFonts.open(bytes, pageCount);
          const fresh = items.filter((it) => !boldFonts!.has(it.font));
          const bold = pageFonts?.newFontsBold(n, fontNames) ?? null;
          if (bold === false || (bold === true && !fresh.some((it) => it.font === 'g_font_error'))) {
            for (const it of fresh) {
              boldFonts!.set(it.font, bold);
              it.bold = bold;
            }
            if (bold) lines = buildLines(items, n);
            unresolved = false;
            opStats.byResources++;
          }
        }
        if (boldFonts && (unresolved || mayHoldTable)) {
          opStats.fetched++;
          if (unresolved) opStats.forFonts++;
          if (mayHoldTable) opStats.forTables++;
          // A page whose operator list cannot be read has no ruling lines: its tables are found from text positions alone.
          rules = await pageOperators(page, boldFonts, fontNames).catch(() => []);
          // Lines again only when a font resolved just now turned out bold.
          if (unresolved && items.some((it) => !it.bold && boldFonts.get(it.font))) {
            for (const it of items) it.bold = boldFonts.get(it.font) ?? false;
            lines = buildLines(items, n);
          }
        }
        pages.push({ page: n, width, height, lines, rules });
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
    if (chars === 0) throw new InputError('no_text', 'no text layer; OCR needed');
    if (rotated > 0) {
      warnings.push({ code: 'rotated_text', message: `${rotated} rotated text runs skipped`, loc: noLoc() });
    }

    removeFurniture(pages);
    for (const p of pages) p.lines = orderColumns(p.lines, p.width);
    const stats = computeStats(pages.map((p) => p.lines));
    const pageUnits = pages.map((p) => ({ page: p.page, units: detectTables(p.lines, { rules: p.rules }) }));
    joinContinuedTables(pageUnits);
    const blocks = buildBlocks(pageUnits, stats);
    return { format: 'pdf', pageCount, blocks, warnings, meta: { created: await creationDate(doc) } };
  } finally {
    // Freeing pdf.js's resources changes nothing in what was read; a failure to free is no reason to lose the document.
    await doc.destroy().catch(() => undefined);
  }
}
