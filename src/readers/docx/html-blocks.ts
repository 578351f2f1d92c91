/**
 * mammoth's HTML (parsed with hast-util-from-html) -> layout blocks.
 *
 * mammoth emits a flat sequence of top-level elements, one per body element it kept
 * (empty paragraphs are dropped, consecutive list paragraphs are grouped into one
 * <ol>/<ul>). The 0-based index of a top-level element is the block's loc.block: an
 * approximation of the body element index. Every block, row and cell that comes from
 * one top-level element (the items of a list, the rows of a table) shares its index.
 */
import type { Element, ElementContent, Root, RootContent } from 'hast';
import type { Block, ListItemBlock, LayoutWarning, Loc, TableBlock, TableCell, TableRow, TextLine } from '../../layout/types.js';
import { blockLoc } from '../../layout/types.js';
import { normalizeSpace } from '../../util/text.js';


const isElement = (n: RootContent | ElementContent): n is Element => n.type === 'element';
const HEADING = /^h([1-6])$/;
const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ol', 'ul', 'li', 'table', 'div', 'blockquote', 'pre']);

/**
 * The text segments of an inline run, split at <br>. Nested lists/tables are skipped
 * (the caller handles them).
 */
function inlineSegments(node: Element | Root, skip: (e: Element) => boolean = () => false): string[] {
  const segments: string[] = [''];
  const visit = (n: RootContent | ElementContent): void => {
    if (n.type === 'text') {
      segments[segments.length - 1] += n.value;
    } else if (isElement(n)) {
      if (skip(n)) return;
      if (n.tagName === 'br') {
        segments.push('');
        return;
      }
      if (n.tagName === 'img') return;
      n.children.forEach(visit);
    }
  };
  node.children.forEach(visit);
  return segments.map(normalizeSpace).filter((s) => s.length > 0);
}

function textLines(el: Element, loc: Loc, skip?: (e: Element) => boolean): TextLine[] {
  return inlineSegments(el, skip).map((text) => ({ text, loc }));
}

const joinLines = (lines: TextLine[]): string => lines.map((l) => l.text).join(' ');

interface ListEntry {
  text: string;
  marker: string;
  ordinal: number | null;
  depth: number;
}

/** The items of an <ol>/<ul>, nested lists flattened in document order with their depth. */
function listEntries(list: Element, depth: number): ListEntry[] {
  const out: ListEntry[] = [];
  const ordered = list.tagName === 'ol';
  const startProp = list.properties?.start;
  let ordinal = typeof startProp === 'number' ? startProp : Number.parseInt(String(startProp ?? '1'), 10) || 1;
  for (const child of list.children) {
    if (!isElement(child)) continue;
    if (child.tagName === 'ol' || child.tagName === 'ul') {
      out.push(...listEntries(child, depth + 1));
      continue;
    }
    if (child.tagName !== 'li') continue;
    const isList = (e: Element): boolean => e.tagName === 'ol' || e.tagName === 'ul';
    const text = inlineSegments(child, isList).join(' ');
    if (text) {
      out.push({ text, marker: ordered ? `${ordinal}.` : '•', ordinal: ordered ? ordinal : null, depth });
    }
    if (ordered) ordinal++;
    for (const sub of child.children) {
      if (isElement(sub) && isList(sub)) out.push(...listEntries(sub, depth + 1));
    }
  }
  return out;
}

export interface WalkContext {
  warnings: LayoutWarning[];
}

/** The paragraphs of a table cell (or of any container), nested tables flattened. */
function containerParagraphs(container: Element, loc: Loc, ctx: WalkContext): string[] {
  const paragraphs: string[] = [];
  let inline: (ElementContent)[] = [];
  const flushInline = (): void => {
    if (inline.length === 0) return;
    const text = inlineSegments({ type: 'root', children: inline } as Root).join(' ');
    if (text) paragraphs.push(text);
    inline = [];
  };
  for (const child of container.children) {
    if (!isElement(child) || !BLOCK_TAGS.has(child.tagName)) {
      if (child.type === 'text' || isElement(child)) inline.push(child);
      continue;
    }
    flushInline();
    const tag = child.tagName;
    if (tag === 'ol' || tag === 'ul') {
      for (const item of listEntries(child, 0)) paragraphs.push(`${item.marker} ${item.text}`);
    } else if (tag === 'table') {
      ctx.warnings.push({
        code: 'nested_table',
        message: 'table nested inside a table cell; its rows were flattened into the cell text',
        loc,
      });
      for (const row of tableRowElements(child)) {
        const cells = row.children.filter(isElement).filter((c) => c.tagName === 'td' || c.tagName === 'th');
        const text = cells
          .map((c) => containerParagraphs(c, loc, ctx).join(' '))
          .filter((t) => t.length > 0)
          .join(' | ');
        if (text) paragraphs.push(text);
      }
    } else if (tag === 'div' || tag === 'blockquote' || tag === 'li') {
      paragraphs.push(...containerParagraphs(child, loc, ctx));
    } else {
      const text = inlineSegments(child).join(' ');
      if (text) paragraphs.push(text);
    }
  }
  flushInline();
  return paragraphs;
}

/** <tr> elements of a table (directly or through thead/tbody/tfoot), each with whether it sits in <thead>. */
function tableRowElements(table: Element): (Element & { inHead?: boolean })[] {
  const rows: (Element & { inHead?: boolean })[] = [];
  for (const child of table.children) {
    if (!isElement(child)) continue;
    if (child.tagName === 'tr') rows.push(child);
    else if (child.tagName === 'thead' || child.tagName === 'tbody' || child.tagName === 'tfoot') {
      for (const tr of child.children) {
        if (isElement(tr) && tr.tagName === 'tr') rows.push(Object.assign(tr, { inHead: child.tagName === 'thead' }));
      }
    }
  }
  return rows;
}

function spanOf(value: unknown): number {
  const n = typeof value === 'number' ? value : Number.parseInt(String(value ?? '1'), 10);
  return Number.isFinite(n) && n >= 1 ? Math.floor(n) : 1;
}

function readTable(table: Element, index: number, ctx: WalkContext): TableBlock {
  const loc = blockLoc(index);
  const rows: TableRow[] = [];
  for (const tr of tableRowElements(table)) {
    const cellEls = tr.children.filter(isElement).filter((c) => c.tagName === 'td' || c.tagName === 'th');
    const cells: TableCell[] = cellEls.map((td) => {
      const paragraphs = containerParagraphs(td, loc, ctx);
      return {
        text: paragraphs.join('\n'),
        paragraphs,
        rowSpan: spanOf(td.properties?.rowSpan),
        colSpan: spanOf(td.properties?.colSpan),
        loc: blockLoc(index),
      };
    });
    const header = tr.inHead === true || (cellEls.length > 0 && cellEls.every((c) => c.tagName === 'th'));
    const row: TableRow = { cells, loc: blockLoc(index) };
    if (header) row.header = true;
    rows.push(row);
  }
  return { type: 'table', rows, loc };
}

/** Walk mammoth's top-level elements into blocks. Returns blocks and the number of top-level elements seen. */
export function htmlToBlocks(root: Root, ctx: WalkContext): { blocks: Block[]; tables: TableBlock[] } {
  const blocks: Block[] = [];
  const tables: TableBlock[] = [];
  let index = -1;
  for (const node of root.children) {
    if (!isElement(node)) {
      // mammoth never emits bare text at the top level; keep it anyway if it has content.
      if (node.type === 'text' && normalizeSpace(node.value)) {
        index++;
        const text = normalizeSpace(node.value);
        blocks.push({ type: 'paragraph', text, lines: [{ text, loc: blockLoc(index) }], loc: blockLoc(index) });
      }
      continue;
    }
    index++;
    const loc = blockLoc(index);
    const tag = node.tagName;
    const heading = HEADING.exec(tag);
    if (heading) {
      const lines = textLines(node, loc);
      if (lines.length) blocks.push({ type: 'heading', level: Number(heading[1]), text: joinLines(lines), lines, loc });
    } else if (tag === 'ol' || tag === 'ul') {
      for (const item of listEntries(node, 0)) {
        const li: ListItemBlock = {
          type: 'list_item',
          text: item.text,
          marker: item.marker,
          ordinal: item.ordinal,
          depth: item.depth,
          lines: [{ text: item.text, loc: blockLoc(index) }],
          loc: blockLoc(index),
        };
        blocks.push(li);
      }
    } else if (tag === 'table') {
      const table = readTable(node, index, ctx);
      blocks.push(table);
      tables.push(table);
    } else if (tag === 'p' || tag === 'pre' || tag === 'blockquote' || tag === 'div') {
      const hasBlockChild = node.children.some((c) => isElement(c) && BLOCK_TAGS.has(c.tagName));
      if (hasBlockChild) {
        for (const text of containerParagraphs(node, loc, ctx)) {
          blocks.push({ type: 'paragraph', text, lines: [{ text, loc: blockLoc(index) }], loc: blockLoc(index) });
        }
      } else {
        const lines = textLines(node, loc);
        if (lines.length) blocks.push({ type: 'paragraph', text: joinLines(lines), lines, loc });
      }
    } else {
      const lines = textLines(node, loc);
      if (lines.length) blocks.push({ type: 'paragraph', text: joinLines(lines), lines, loc });
    }
  }
  return { blocks, tables };
}
