/**
 * Cell shading (background colour) of the top-level tables in word/document.xml.
 * mammoth drops w:shd, but RAG-rated action plans often carry their status only as a
 * cell colour, so the reader recovers it from the XML and lays it over mammoth's cells.
 *
 * The result is indexed like mammoth's HTML: one entry per top-level w:tbl, one array per
 * w:tr, one entry per cell mammoth keeps (vertically merged continuation cells,
 * <w:vMerge/> without w:val="restart", are dropped as mammoth drops them). The caller
 * checks the shape against the HTML table and ignores the shading if they differ.
 */

export type TableShading = (string | undefined)[][];

const TAG = /<(\/?)(w:tbl|w:tr|w:tc|w:tcPr|w:shd|w:vMerge|mc:Choice)(?=[\s/>])([^>]*?)(\/?)>/g;

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(attrs);
  return m?.[1];
}

/** The background colour a w:shd gives, as upper-case hex without '#', or undefined. */
export function shdColour(attrs: string): string | undefined {
  const val = attr(attrs, 'w:val');
  const fill = attr(attrs, 'w:fill');
  const color = attr(attrs, 'w:color');
  const pick = val === 'solid' ? color : fill;
  if (!pick || pick.toLowerCase() === 'auto' || !/^[0-9a-f]{6}$/i.test(pick)) return undefined;
  return pick.toUpperCase();
}

interface CellState {
  shading?: string;
  continuation: boolean;
}

export function scanTableShading(documentXml: string): TableShading[] {
  const tables: TableShading[] = [];
  let depth = 0; // w:tbl nesting
  let choiceDepth = 0; // inside mc:Choice (mammoth reads mc:Fallback only)
  let current: TableShading | null = null;
  let row: (string | undefined)[] | null = null;
  let cell: CellState | null = null;
  let inTcPr = false;

  TAG.lastIndex = 0;
  for (let m = TAG.exec(documentXml); m; m = TAG.exec(documentXml)) {
    const [, close, name, attrs, selfClose] = m;
    if (name === 'mc:Choice') {
      if (close) choiceDepth = Math.max(0, choiceDepth - 1);
      else if (!selfClose) choiceDepth++;
      continue;
    }
    if (choiceDepth > 0) continue;
    if (name === 'w:tbl') {
      if (close) {
        depth--;
        if (depth === 0 && current) {
          tables.push(current);
          current = null;
        }
      } else if (!selfClose) {
        depth++;
        if (depth === 1) current = [];
      }
      continue;
    }
    if (depth !== 1) continue; // nested tables are flattened by the reader; no shading
    if (name === 'w:tr') {
      if (close) {
        if (row && current) current.push(row);
        row = null;
      } else if (!selfClose) row = [];
    } else if (name === 'w:tc') {
      if (close) {
        if (cell && row && !cell.continuation) row.push(cell.shading);
        cell = null;
      } else if (!selfClose) cell = { continuation: false };
    } else if (name === 'w:tcPr') {
      inTcPr = !close && !selfClose;
    } else if (name === 'w:shd' && cell && inTcPr && !close) {
      cell.shading = shdColour(attrs);
    } else if (name === 'w:vMerge' && cell && inTcPr && !close) {
      const val = attr(attrs, 'w:val');
      cell.continuation = val !== 'restart';
    }
  }
  return tables;
}
