/** Internal geometry shared by the PDF reader's stages. Coordinates are PDF points, y grows downwards. */

/** One positioned text run from pdfjs getTextContent. */
export interface RawItem {
  text: string;
  /** Left edge. */
  x: number;
  /** Baseline, measured from the top of the page. */
  y: number;
  width: number;
  fontSize: number;
  /** pdfjs font id (loadedName), e.g. "g_d0_f2". */
  font: string;
  bold: boolean;
}

/** A horizontal run of a line; a line splits into segments at large gaps (table cells, columns). */
export interface Segment {
  x: number;
  x2: number;
  text: string;
  fontSize: number;
  bold: boolean;
  /**
   * The runs the segment was joined from, where there are several (a word processor writes a
   * cell's line as one run): a table whose gutters are narrower than the segment gap can
   * be cut at its columns (aligned.ts). `space`: a space goes before the run's text.
   */
  runs?: SegmentRun[];
}

export interface SegmentRun {
  x: number;
  x2: number;
  text: string;
  bold: boolean;
  space: boolean;
}

export interface PageLine {
  page: number;
  /** Baseline from the top of the page (of the line's largest text). */
  y: number;
  x: number;
  x2: number;
  fontSize: number;
  /** True when all (non-blank) text of the line is bold. */
  bold: boolean;
  segs: Segment[];
  /** Where the text after a hanging-indent marker ("12." / "•") starts, when the marker is a separate run. */
  bodyX?: number;
  /** Segments joined with a single space. */
  text: string;
}

export interface PageInfo {
  page: number;
  width: number;
  height: number;
  lines: PageLine[];
  /** Ruling lines drawn on the page (empty when operators were not read). */
  rules: Rule[];
}

/**
 * A horizontal or vertical ruling (cell border) from the page's drawing operators; or,
 * when `fill` is set, a filled rectangle (cell shading) spanning x1..x2 x y1..y2.
 */
export interface Rule {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  /** Fill colour of a shaded rectangle, hex without '#', upper case ("FFC000"). */
  fill?: string;
}

/** One cell of a table found on a page. */
export interface CellOut {
  text: string;
  paragraphs: string[];
  /** Spans and shading of ruled-grid cells (default 1, 1, none). */
  rowSpan?: number;
  colSpan?: number;
  shading?: string;
}

export interface RowOut {
  y: number;
  cells: CellOut[];
  /** Bottom boundary of a ruled row. */
  bottom?: number;
  /** The page the row is on, when a table continues over a page break (default: the unit's page). */
  page?: number;
  header?: boolean;
}

export interface TableUnit {
  kind: 'table';
  y: number;
  rows: RowOut[];
  lines: PageLine[];
  /**
   * Geometry of a ruled-grid table: column boundaries and the frame's top and bottom.
   * `textEdge`: the last boundary is where the text ends, not a drawn border (a table
   * without vertical rules), so it differs from page to page.
   */
  grid?: { xs: number[]; top: number; bottom: number; textEdge?: boolean };
}

export interface LineUnit {
  kind: 'line';
  line: PageLine;
}

/** What a page reads as, in order: a table, or a line outside any table. */
export type PageUnit = TableUnit | LineUnit;

/** The units of one page. */
export interface PageUnits {
  page: number;
  units: PageUnit[];
}
