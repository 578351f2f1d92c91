/**
 * The intermediate layout: what every format reader (pdf, docx, markdown) produces and
 * the only thing domain extractors read. Modelled on Docling's backend -> document split:
 * readers know about bytes and formats; extractors know about Ofsted documents.
 *
 * A document is a flat, reading-ordered list of blocks. Every block, line, row and cell
 * carries a Loc so any extracted item can be traced back to its source:
 *   PDF: page (1-based); Markdown: line (1-based); DOCX: block (0-based index of the
 *   top-level body element, as mammoth emits it); XLSX: page = the sheet's 1-based position
 *   in the workbook, line = the 1-based row number on that sheet.
 */
export interface Loc {
  page: number | null;
  line: number | null;
  block: number | null;
}

export type SourceFormat = 'pdf' | 'docx' | 'markdown' | 'xlsx';

/** One visual/source line of text. Geometry is present only for PDF. */
export interface TextLine {
  text: string;
  loc: Loc;
  x?: number;
  y?: number;
  width?: number;
  fontSize?: number;
  bold?: boolean;
}

export interface TableCell {
  /** Whitespace-normalised text of the whole cell (paragraphs joined by "\n"). */
  text: string;
  /** The cell's paragraphs / list items, in order, each already trimmed. */
  paragraphs: string[];
  rowSpan: number;
  colSpan: number;
  loc: Loc;
  /** Background colour (hex, no '#') where the source gives one: RAG cells are often coloured. */
  shading?: string;
}

export interface TableRow {
  cells: TableCell[];
  loc: Loc;
  /** True when the source marks the row as a header (DOCX tblHeader, <th>, GFM header row). */
  header?: boolean;
}

interface BlockBase {
  loc: Loc;
}

export interface HeadingBlock extends BlockBase {
  type: 'heading';
  text: string;
  /** 1 = most important. For PDF it is derived from font size. */
  level: number;
  lines: TextLine[];
}

export interface ParagraphBlock extends BlockBase {
  type: 'paragraph';
  text: string;
  lines: TextLine[];
}

export interface ListItemBlock extends BlockBase {
  type: 'list_item';
  /** Text without the marker. */
  text: string;
  /** The marker as written: "1.", "2)", "-", "•". */
  marker: string;
  /** Number of an ordered item (1 for "1."), null for bullets. */
  ordinal: number | null;
  /** 0 for a top-level item, 1 for a sub-item, ... */
  depth: number;
  lines: TextLine[];
}

export interface TableBlock extends BlockBase {
  type: 'table';
  rows: TableRow[];
}

export type Block = HeadingBlock | ParagraphBlock | ListItemBlock | TableBlock;
export type TextBlock = HeadingBlock | ParagraphBlock | ListItemBlock;

export interface LayoutWarning {
  code: string;
  message: string;
  loc: Loc;
}

export interface LayoutDocument {
  format: SourceFormat;
  /** Number of pages for PDF; null for formats without pages. */
  pageCount: number | null;
  blocks: Block[];
  /** Problems the reader met (a table it could not read, a recovered xref, ...). */
  warnings: LayoutWarning[];
  /** What the file says about itself, apart from its content (PDF: the Info dictionary). */
  meta?: LayoutMeta;
}

export interface LayoutMeta {
  /** The file's own creation date, YYYY-MM-DD as its maker's clock showed it (PDF: Info /CreationDate); null when absent or unreadable. */
  created: string | null;
}

export const noLoc = (): Loc => ({ page: null, line: null, block: null });
export const pageLoc = (page: number): Loc => ({ page, line: null, block: null });
export const lineLoc = (line: number): Loc => ({ page: null, line, block: null });
export const blockLoc = (block: number): Loc => ({ page: null, line: null, block });

export function isTextBlock(b: Block): b is TextBlock {
  return b.type !== 'table';
}

/**
 * The text of a block as a reader would see it on the page, with an ordered list
 * marker put back ("12. Integrated early help ..."). Extractors use this so that a
 * numbered paragraph is found the same way whether the reader saw a list item
 * (Markdown, DOCX numbering) or plain text (PDF).
 */
export function blockText(b: Block): string {
  if (b.type === 'table') return b.rows.map((r) => r.cells.map((c) => c.text).join('\t')).join('\n');
  if (b.type === 'list_item' && b.ordinal !== null) return `${b.marker} ${b.text}`;
  return b.text;
}
