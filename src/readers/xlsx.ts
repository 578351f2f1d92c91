/**
 * XLSX reader: zip safety checks -> exceljs (workbook model) -> layout blocks, sheet by sheet.
 *
 * - Safety: the archive goes through the same guard as a DOCX (src/readers/docx/zip-guard.ts:
 *   declared and actual expanded size, compression ratio, duplicate names, xl/workbook.xml
 *   present) before exceljs sees it. Caps (src/readers/limits.ts): at most `maxSheets`
 *   sheets, `maxRows` rows per sheet and `maxCellChars` characters per cell are read; what
 *   is past a cap is skipped with a warning. Formulas are never evaluated: a formula cell
 *   gives the value the workbook cached when it was last saved (nothing when it has none).
 *   External links (xl/externalLinks/) are never opened or followed: a formula pointing at
 *   another workbook gives its cached value too, and a warning says the workbook has them.
 *   Hidden sheets (lookup lists, macros' scratch space) are skipped.
 * - Regions: a sheet is cut at its blank rows into regions. In a region, the rows above its
 *   first row with two or more texts (a title, notes, "Key:") become heading / paragraph
 *   blocks (bold or large text: a heading, one per cell whatever its line breaks; a text
 *   opening with a bullet or "1." / "1)": a list item, as the Markdown reader gives one); the
 *   rest of the region is one table block. A
 *   region with no row of two texts is text only.
 * - Merged cells become row and column spans the way the DOCX reader gives them: the cell
 *   where a merge starts carries rowSpan/colSpan; the cells it covers are dropped (a cell
 *   merged down over its rows is on its first row only, a banner merged across is one cell).
 * - Fill: a cell's solid fill colour (RGB, theme colour with tint, or the legacy indexed
 *   palette) is the cell's `shading`, as the DOCX and PDF readers give a cell colour.
 * - Values: rich text joined; a hyperlink's text (the link is not kept); a date as
 *   "dd/mm/yyyy" ("Month yyyy" when the cell's format shows no day); line breaks inside a
 *   cell (Alt+Enter) make the cell's paragraphs.
 * - loc: { page: the sheet's 1-based position in the workbook, line: the 1-based row
 *   number, block: null }; a block's loc is its first row's.
 */
import ExcelJS from 'exceljs';
import type { Block, LayoutDocument, LayoutWarning, Loc, TableCell, TableRow } from '../layout/types.js';
import { noLoc } from '../layout/types.js';
import { DEFAULT_LIMITS, type Limits } from './limits.js';
import { InputError } from '../util/errors.js';
import { checkOfficeZip, type OfficeKind } from './docx/zip-guard.js';
import { normalizeSpace } from '../util/text.js';

const XLSX_KIND: OfficeKind = {
  label: 'XLSX',
  code: 'xlsx',
  mainPart: 'xl/workbook.xml',
  missing: { code: 'not_xlsx', message: 'not an Excel workbook (no xl/workbook.xml)' },
  keep: (name) => /^xl\/theme\/theme\d*\.xml$/i.test(name),
};

interface RawCell {
  text: string;
  fill?: string;
  bold: boolean;
  size: number | null;
}

interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

const sheetLoc = (sheet: number, row: number): Loc => ({ page: sheet, line: row, block: null });

export async function readXlsx(bytes: Uint8Array, limits: Limits): Promise<LayoutDocument> {
  const zip = await checkOfficeZip(bytes, limits.maxExpandedBytes, XLSX_KIND);
  const theme = themeColours([...zip.parts.values()][0] ?? '');
  const warnings: LayoutWarning[] = [];
  if (/<(?:\w+:)?externalReference\b/.test(zip.documentXml)) {
    warnings.push({ code: 'xlsx_external_links', message: 'the workbook links to other workbooks: those links are not followed; formulas give the values cached in this file', loc: noLoc() });
  }

  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new InputError('corrupt_xlsx', `corrupt XLSX (${msg.split('\n')[0]!.trim()})`);
  }

  const maxSheets = limits.maxSheets ?? DEFAULT_LIMITS.maxSheets!;
  const maxRows = limits.maxRows ?? DEFAULT_LIMITS.maxRows!;
  const maxCellChars = limits.maxCellChars ?? DEFAULT_LIMITS.maxCellChars!;
  const blocks: Block[] = [];
  const sheets = wb.worksheets;
  if (sheets.length > maxSheets) {
    warnings.push({ code: 'sheet_cap', message: `read ${maxSheets} of ${sheets.length} sheets (limit ${maxSheets})`, loc: noLoc() });
  }
  let formulasWithoutValue = 0;
  sheets.slice(0, maxSheets).forEach((ws, s) => {
    const sheetNo = s + 1;
    if (ws.state === 'hidden' || ws.state === 'veryHidden') return;
    const cells = new Map<number, Map<number, RawCell>>();
    const hidden = new Map<number, boolean>();
    const hiddenCol = (c: number): boolean => {
      if (!hidden.has(c)) hidden.set(c, ws.getColumn(c).hidden === true);
      return hidden.get(c)!;
    };
    let rowsRead = 0;
    let capped = false;
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (capped) return;
      if (++rowsRead > maxRows) {
        capped = true;
        warnings.push({ code: 'row_cap', message: `sheet "${ws.name}": read ${maxRows} rows (limit ${maxRows}); the rest skipped`, loc: sheetLoc(sheetNo, r) });
        return;
      }
      const out = new Map<number, RawCell>();
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        if (cell.isMerged && cell.master.address !== cell.address) return;
        // A hidden column (a superseded date, working notes) is not part of the sheet as shown: read as empty.
        if (!cell.isMerged && hiddenCol(c)) return;
        const v = valueText(cell.value, cell.numFmt);
        if (v.formulaWithoutValue) formulasWithoutValue++;
        let text = v.text;
        if (text.length > maxCellChars) {
          warnings.push({ code: 'cell_text_cap', message: `sheet "${ws.name}" cell ${cell.address}: text cut to ${maxCellChars} characters (it has ${text.length})`, loc: sheetLoc(sheetNo, r) });
          text = text.slice(0, maxCellChars);
        }
        const fill = fillColour(cell.fill, theme);
        if (!text.trim() && !fill) return;
        out.set(c, { text, fill, bold: cell.font?.bold === true, size: typeof cell.font?.size === 'number' ? cell.font.size : null });
      });
      if (out.size) cells.set(r, out);
    });
    const merges = ((ws.model as { merges?: string[] }).merges ?? []).map(parseRange).filter((m): m is Merge => m !== null);
    blocks.push(...sheetBlocks(sheetNo, cells, merges));
  });
  if (formulasWithoutValue > 0) {
    warnings.push({ code: 'xlsx_formula_no_value', message: `${formulasWithoutValue} formula cell(s) have no value saved in the file and were read as empty (formulas are never evaluated)`, loc: noLoc() });
  }
  return { format: 'xlsx', pageCount: null, blocks, warnings };
}

// ---------------------------------------------------------------------------------------
// Sheet -> blocks

type SheetCells = Map<number, Map<number, RawCell>>;

function sheetBlocks(sheet: number, cells: SheetCells, merges: Merge[]): Block[] {
  const masterAt = new Map<string, Merge>();
  for (const m of merges) masterAt.set(`${m.top}:${m.left}`, m);
  const blocks: Block[] = [];
  let firstText = true;
  for (const region of regionsOf(cells, merges)) {
    const textCount = (r: number): number => [...(cells.get(r)?.values() ?? [])].filter((c) => c.text.trim()).length;
    let start = region.findIndex((r) => textCount(r) >= 2);
    if (start < 0) start = region.length;
    const above = textBlocks(sheet, cells, region.slice(0, start), firstText);
    blocks.push(...above);
    if (above.length) firstText = false;
    const table = regionTable(sheet, cells, masterAt, region.slice(start));
    if (!table) continue;
    blocks.push(table);
    firstText = false;
  }
  return blocks;
}

/** The sheet cut at blank rows: runs of rows with any text or fill, or covered by a merge from the row above. */
function regionsOf(cells: SheetCells, merges: Merge[]): number[][] {
  const occupied = new Set<number>(cells.keys());
  for (const m of merges) {
    if (!cells.has(m.top)) continue;
    for (let r = m.top + 1; r <= m.bottom; r++) occupied.add(r);
  }
  const rows = [...occupied].sort((a, b) => a - b);
  const regions: number[][] = [];
  for (const r of rows) {
    const last = regions[regions.length - 1];
    if (last && last[last.length - 1] === r - 1) last.push(r);
    else regions.push([r]);
  }
  return regions;
}

/**
 * Rows above a region's table (title, notes, "Key:"): each cell's text as headings (bold or
 * large: level 1 for the sheet's first text), list items or paragraphs.
 */
function textBlocks(sheet: number, cells: SheetCells, rows: number[], firstText: boolean): Block[] {
  const blocks: Block[] = [];
  const level = () => (firstText && !blocks.length ? 1 : 2);
  for (const r of rows) {
    const row = [...(cells.get(r)?.values() ?? [])].filter((c) => c.text.trim());
    for (const c of row) {
      const loc = sheetLoc(sheet, r);
      const heading = c.bold || (c.size ?? 0) >= 13;
      const paras = c.text.split(/\n+/).map(normalizeSpace).filter(Boolean);
      if (heading && paras.length > 1) {
        // A heading cell with line breaks (Alt+Enter) is one heading, as a Word heading with line breaks is.
        blocks.push({ type: 'heading', level: level(), text: paras.join(' '), lines: paras.map((text) => ({ text, loc, bold: true })), loc });
        continue;
      }
      for (const para of paras) {
        const item = /^(?:([•·▪*–-])|(\d{1,2})[.)])\s+(\S.*)$/.exec(para);
        if (item && !heading) {
          const marker = item[1] ?? `${item[2]}.`;
          blocks.push({ type: 'list_item', text: item[3]!, marker, ordinal: item[2] ? Number(item[2]) : null, depth: 0, lines: [{ text: item[3]!, loc }], loc });
        } else if (heading) blocks.push({ type: 'heading', level: level(), text: para, lines: [{ text: para, loc, bold: true }], loc });
        else blocks.push({ type: 'paragraph', text: para, lines: [{ text: para, loc }], loc });
      }
    }
  }
  return blocks;
}

/** A region's table rows as one table: merges as row and column spans, fills as shading. Null when no cell. */
function regionTable(sheet: number, cells: SheetCells, masterAt: Map<string, Merge>, tableRows: number[]): Block | null {
  if (!tableRows.length) return null;
  const top = tableRows[0]!;
  const bottom = tableRows[tableRows.length - 1]!;
  // The region's columns: every cell with text or fill, every merge starting in it.
  let left = Infinity;
  let right = -Infinity;
  for (const r of tableRows) {
    for (const c of cells.get(r)?.keys() ?? []) {
      const m = masterAt.get(`${r}:${c}`);
      left = Math.min(left, c);
      right = Math.max(right, m ? m.right : c);
    }
  }
  if (!Number.isFinite(left)) return null;
  const covered = new Set<string>();
  const out: TableRow[] = [];
  for (const r of tableRows) {
    const loc = sheetLoc(sheet, r);
    const rowCells: TableCell[] = [];
    for (let c = left; c <= right; c++) {
      if (covered.has(`${r}:${c}`)) continue;
      const m = masterAt.get(`${r}:${c}`);
      const raw = cells.get(r)?.get(c);
      let rowSpan = 1;
      let colSpan = 1;
      if (m) {
        rowSpan = Math.min(m.bottom, bottom) - r + 1;
        colSpan = Math.min(m.right, right) - c + 1;
        for (let rr = r; rr < r + rowSpan; rr++) for (let cc = c; cc < c + colSpan; cc++) if (rr !== r || cc !== c) covered.add(`${rr}:${cc}`);
      }
      const paragraphs = (raw?.text ?? '').split(/\n+/).map(normalizeSpace).filter(Boolean);
      const cell: TableCell = { text: paragraphs.join('\n'), paragraphs, rowSpan, colSpan, loc };
      if (raw?.fill) cell.shading = raw.fill;
      rowCells.push(cell);
    }
    out.push({ cells: rowCells, loc });
  }
  return { type: 'table', rows: out, loc: sheetLoc(sheet, top) };
}

// ---------------------------------------------------------------------------------------
// Values

function colNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** "B2:D5" -> its corners; null for anything else. */
function parseRange(range: string): Merge | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+):\$?([A-Z]{1,3})\$?(\d+)$/i.exec(range.trim());
  if (!m) return null;
  const [a, b] = [colNumber(m[1]!), colNumber(m[3]!)];
  const [r1, r2] = [Number(m[2]), Number(m[4])];
  return { top: Math.min(r1, r2), bottom: Math.max(r1, r2), left: Math.min(a, b), right: Math.max(a, b) };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function dateText(d: Date, numFmt: string | undefined): string {
  if (Number.isNaN(d.getTime())) return '';
  const fmt = (numFmt ?? '').replace(/"[^"]*"|\[[^\]]*\]/g, '').toLowerCase();
  if (fmt && !/d/.test(fmt) && /m/.test(fmt) && /y/.test(fmt)) return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}

/** The text a cell shows, as far as the file says without evaluating anything. */
export function valueText(value: unknown, numFmt?: string): { text: string; formulaWithoutValue: boolean } {
  if (value === null || value === undefined) return { text: '', formulaWithoutValue: false };
  if (typeof value === 'string') return { text: value, formulaWithoutValue: false };
  if (typeof value === 'number') return { text: Number.isFinite(value) ? String(Number(value.toPrecision(15))) : '', formulaWithoutValue: false };
  if (typeof value === 'boolean') return { text: value ? 'TRUE' : 'FALSE', formulaWithoutValue: false };
  if (value instanceof Date) return { text: dateText(value, numFmt), formulaWithoutValue: false };
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return { text: (v.richText as { text?: unknown }[]).map((t) => (typeof t.text === 'string' ? t.text : '')).join(''), formulaWithoutValue: false };
    if ('formula' in v || 'sharedFormula' in v) {
      // Never evaluated: the result the workbook saved, if any.
      if (v.result === undefined || v.result === null) return { text: '', formulaWithoutValue: true };
      return valueText(v.result, numFmt);
    }
    if ('hyperlink' in v || 'text' in v) return valueText(v.text, numFmt);
    if ('error' in v) return { text: '', formulaWithoutValue: false };
  }
  return { text: '', formulaWithoutValue: false };
}

// ---------------------------------------------------------------------------------------
// Colours

/** The legacy indexed palette (indices 0-63). */
const INDEXED = [
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '800000', '008000', '000080', '808000', '800080', '008080', 'C0C0C0', '808080',
  '9999FF', '993366', 'FFFFCC', 'CCFFFF', '660066', 'FF8080', '0066CC', 'CCCCFF',
  '000080', 'FF00FF', 'FFFF00', '00FFFF', '800080', '800000', '008080', '0000FF',
  '00CCFF', 'CCFFFF', 'CCFFCC', 'FFFF99', '99CCFF', 'FF99CC', 'CC99FF', 'FFCC99',
  '3366FF', '33CCCC', '99CC00', 'FFCC00', 'FF9900', 'FF6600', '666699', '969696',
  '003366', '339966', '003300', '333300', '993300', '993366', '333399', '333333',
];

/** The theme's colours in the order a `theme` index counts them (lt1, dk1, lt2, dk2, accent1-6, hlink, folHlink). */
function themeColours(xml: string): string[] {
  const scheme = /<a:clrScheme\b[\s\S]*?<\/a:clrScheme>/.exec(xml)?.[0] ?? '';
  const get = (name: string): string => {
    const el = new RegExp(`<a:${name}>([\\s\\S]*?)</a:${name}>`).exec(scheme)?.[1] ?? '';
    return /srgbClr val="([0-9A-Fa-f]{6})"/.exec(el)?.[1] ?? /lastClr="([0-9A-Fa-f]{6})"/.exec(el)?.[1] ?? '';
  };
  const names = ['lt1', 'dk1', 'lt2', 'dk2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'];
  return names.map((n) => get(n).toUpperCase());
}

/** Excel's tint: the colour's HSL lightness moved toward black (tint < 0) or white (tint > 0). */
function applyTint(hex: string, tint: number): string {
  if (!tint) return hex;
  const [r, g, b] = [0, 2, 4].map((k) => parseInt(hex.slice(k, k + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  let h = 0;
  let s = 0;
  let l = (max + min) / 2;
  if (max !== min) {
    const d = max - min;
    s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
    h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    h /= 6;
  }
  l = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint;
  const hue = (p: number, q: number, t: number): number => {
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1 / 6) return p + (q - p) * 6 * t;
    if (t < 1 / 2) return q;
    if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
    return p;
  };
  let rgb: number[];
  if (s === 0) rgb = [l, l, l];
  else {
    const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
    const p = 2 * l - q;
    rgb = [hue(p, q, h + 1 / 3), hue(p, q, h), hue(p, q, h - 1 / 3)];
  }
  return rgb.map((x) => Math.round(Math.min(1, Math.max(0, x)) * 255).toString(16).padStart(2, '0')).join('').toUpperCase();
}

interface ColourSpec {
  argb?: string;
  theme?: number;
  tint?: number;
  indexed?: number;
}

/** The solid fill colour of a cell as hex without '#', or undefined (no fill, a pattern, a gradient). */
export function fillColour(fill: unknown, theme: string[]): string | undefined {
  const f = fill as { type?: string; pattern?: string; fgColor?: ColourSpec } | undefined;
  if (!f || f.type !== 'pattern' || f.pattern !== 'solid' || !f.fgColor) return undefined;
  const c = f.fgColor;
  let hex: string | undefined;
  if (typeof c.argb === 'string' && /^[0-9A-F]{8}$/i.test(c.argb)) hex = c.argb.slice(2).toUpperCase();
  else if (typeof c.argb === 'string' && /^[0-9A-F]{6}$/i.test(c.argb)) hex = c.argb.toUpperCase();
  else if (typeof c.theme === 'number') hex = theme[c.theme] || undefined;
  else if (typeof c.indexed === 'number') hex = INDEXED[c.indexed];
  if (!hex) return undefined;
  return typeof c.tint === 'number' ? applyTint(hex, c.tint) : hex;
}
