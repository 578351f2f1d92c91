import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import type { Root, RootContent, List, ListItem, Table, PhrasingContent } from 'mdast';
import type { Block, LayoutDocument, TableRow, TextLine } from '../layout/types.js';
import { lineLoc } from '../layout/types.js';
import type { Limits } from './limits.js';
import { InputError } from '../util/errors.js';
import { normalizeSpace } from '../util/text.js';
import { htmlInlineText, htmlParagraphs, looksLikeHtml } from './html-text.js';

/** Deepest list nesting we walk; deeper items are flattened into their ancestor at this depth. */
const MAX_DEPTH = 32;

/**
 * Most levels of nested lists and block quotes a Markdown file may have. remark's parser
 * recurses once per level and slows down sharply with depth (400 levels of indented
 * bullets take seconds, 800 take 18 s, 5,000 on one line overflow the stack), while real
 * council documents nest a few levels at most. Checked by a cheap line scan before parsing.
 */
export const MAX_NESTING = 100;

/**
 * Caps on GFM pipe tables. remark's table parser costs about 5 KB of heap and 0.1 ms per
 * cell (a 10,000-column table of 5 rows takes 4 s and 550 MB; 10 columns by 50,000 rows,
 * a 2 MB file, 47 s and 2.7 GB), while real action plans have tables of a few hundred
 * rows of under 20 columns. Checked by a cheap line scan before parsing.
 */
export const MAX_TABLE_COLUMNS = 1000;
export const MAX_TABLE_CELLS = 50_000;

/**
 * Markdown reader: unified + remark-parse (+ GFM tables) over the source, plus the
 * forms that converted council documents actually use and remark does not know:
 * tab-separated table rows (Word tables pasted as text) and inline HTML fragments
 * (<ol><li>, <p>, <sup>) inside them. Every block carries its 1-based source line.
 */
export async function readMarkdown(bytes: Uint8Array, limits: Limits): Promise<LayoutDocument> {
  const text = decodeUtf8(bytes);
  if (text.length > limits.maxChars) {
    throw new InputError('too_large', `Markdown too large (${text.length} characters; limit ${limits.maxChars})`);
  }
  const lines = text.split(/\r\n|\n|\r/);
  const depth = nestingDepth(lines, MAX_NESTING);
  if (depth > MAX_NESTING) {
    throw new InputError('too_deep', `Markdown nested too deeply (more than ${MAX_NESTING} levels of lists or block quotes)`);
  }
  const tables = pipeTableSize(lines);
  if (tables.columns > MAX_TABLE_COLUMNS) {
    throw new InputError('table_too_large', `Markdown table too wide (${tables.columns} columns; limit ${MAX_TABLE_COLUMNS})`);
  }
  if (tables.cells > MAX_TABLE_CELLS) {
    throw new InputError('table_too_large', `Markdown tables too large (${tables.cells} cells; limit ${MAX_TABLE_CELLS})`);
  }

  // 1. Tab-separated rows become table blocks; their lines are blanked for remark so
  //    that the positions remark reports still match the source.
  const tabBlocks = tabTables(lines);
  const masked = lines.map((l, i) => (tabBlocks.lineSet.has(i) ? '' : l));

  // 2. Everything else goes through remark.
  const tree = unified().use(remarkParse).use(remarkGfm).parse(masked.join('\n')) as Root;
  const blocks: Block[] = [...tabBlocks.blocks];
  const lineText = (start: number, end: number): TextLine[] => {
    const out: TextLine[] = [];
    for (let n = start; n <= end; n++) {
      const t = lines[n - 1];
      if (t !== undefined && t.trim()) out.push({ text: t, loc: lineLoc(n) });
    }
    return out;
  };
  for (const node of tree.children) mdastToBlocks(node, 0, blocks, lineText);

  blocks.sort((a, b) => (a.loc.line ?? 0) - (b.loc.line ?? 0));
  return { format: 'markdown', pageCount: null, blocks, warnings: [] };
}

function decodeUtf8(bytes: Uint8Array): string {
  if (bytes.includes(0)) throw new InputError('not_text', 'not a Markdown text file (contains NUL bytes: binary data)');
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new InputError('bad_encoding', 'invalid UTF-8 in Markdown file');
  }
}

/**
 * An upper estimate of the deepest nesting of lists and block quotes, stopping once past
 * `cap`. Open list items are tracked as a stack of content columns: a line indented less
 * than an item's content closes it; each list marker ("-", "*", "+", "1.", "1)") or ">"
 * at the start of a line (after the containers already opened on it) opens one more level.
 * Lazy continuation lines and code blocks are not modelled: the estimate can only be high.
 */
export function nestingDepth(lines: string[], cap: number): number {
  const items: number[] = []; // content column of each open list item
  let max = 0;
  for (const line of lines) {
    let i = 0;
    let col = 0;
    const skipSpace = () => {
      while (i < line.length && (line[i] === ' ' || line[i] === '\t')) {
        col = line[i] === '\t' ? col + 4 - (col % 4) : col + 1;
        i++;
      }
    };
    skipSpace();
    if (i >= line.length) continue; // blank lines close nothing
    while (items.length && col < items[items.length - 1]!) items.pop();
    let quotes = 0;
    for (;;) {
      if (line[i] === '>') {
        quotes++;
        i++;
        col++;
        skipSpace();
        continue;
      }
      const m = /^(?:[-+*]|\d{1,9}[.)])(?=[ \t]|$)/.exec(line.slice(i, i + 11));
      if (!m) break;
      i += m[0].length;
      col += m[0].length;
      const markerEnd = col;
      skipSpace();
      items.push(col - markerEnd >= 1 && col - markerEnd <= 4 ? col : markerEnd + 1);
      if (items.length + quotes > cap) return items.length + quotes;
    }
    max = Math.max(max, items.length + quotes);
    if (max > cap) return max;
  }
  return max;
}

/** A GFM delimiter row ("| --- | :-: |"): only pipes, dashes, colons and spaces, with a pipe and a dash. */
function isDelimiterRow(line: string): boolean {
  let pipe = false;
  let dash = false;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 0x7c) pipe = true;
    else if (c === 0x2d) dash = true;
    else if (c !== 0x3a && c !== 0x20 && c !== 0x09) return false;
  }
  return pipe && dash;
}

const cellCount = (line: string): number => {
  const t = line.trim();
  let n = 1;
  for (let i = 0; i < t.length; i++) if (t.charCodeAt(i) === 0x7c && t.charCodeAt(i - 1) !== 0x5c) n++;
  if (t.startsWith('|')) n--;
  if (t.length > 1 && t.endsWith('|') && !t.endsWith('\\|')) n--;
  return Math.max(n, 1);
};

/**
 * The widest GFM pipe table (by its delimiter row) and the cells of all of them (every row
 * from the header to the next blank line), as remark would have to parse them.
 */
export function pipeTableSize(lines: string[]): { columns: number; cells: number } {
  let columns = 0;
  let cells = 0;
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]!.includes('|') || !isDelimiterRow(lines[i]!) || !lines[i - 1]!.trim()) continue;
    const width = cellCount(lines[i]!);
    columns = Math.max(columns, width);
    cells += Math.max(width, cellCount(lines[i - 1]!)) * 2;
    let j = i + 1;
    for (; j < lines.length && lines[j]!.trim(); j++) cells += Math.max(width, cellCount(lines[j]!));
    i = j - 1;
  }
  return { columns, cells };
}

/** Runs of consecutive lines containing a tab, each line a table row. */
function tabTables(lines: string[]): { blocks: Block[]; lineSet: Set<number> } {
  const blocks: Block[] = [];
  const lineSet = new Set<number>();
  let i = 0;
  while (i < lines.length) {
    if (!isTabRow(lines[i]!)) {
      i++;
      continue;
    }
    const rows: TableRow[] = [];
    const start = i;
    while (i < lines.length && isTabRow(lines[i]!)) {
      lineSet.add(i);
      rows.push({
        cells: lines[i]!.split('\t').map((raw) => {
          const paragraphs = looksLikeHtml(raw) ? htmlParagraphs(raw) : [normalizeSpace(raw)].filter(Boolean);
          return { text: paragraphs.join('\n'), paragraphs, rowSpan: 1, colSpan: 1, loc: lineLoc(i + 1) };
        }),
        loc: lineLoc(i + 1),
      });
      i++;
    }
    blocks.push({ type: 'table', rows, loc: lineLoc(start + 1) });
  }
  return { blocks, lineSet };
}

function isTabRow(line: string): boolean {
  // A tab inside leading indentation is not a cell separator.
  return /\S\t|\t\S/.test(line.replace(/^\s+/, ''));
}

type LineText = (start: number, end: number) => TextLine[];

function mdastToBlocks(node: RootContent, depth: number, out: Block[], lineText: LineText): void {
  const start = node.position?.start.line ?? 1;
  const end = node.position?.end.line ?? start;
  const loc = lineLoc(start);
  switch (node.type) {
    case 'heading': {
      const text = normalizeSpace(phrasingText(node.children));
      if (text) out.push({ type: 'heading', level: node.depth, text, loc, lines: lineText(start, end) });
      return;
    }
    case 'paragraph': {
      const text = normalizeSpace(phrasingText(node.children));
      if (text) out.push({ type: 'paragraph', text, loc, lines: lineText(start, end) });
      return;
    }
    case 'list':
      listToBlocks(node, depth, out, lineText);
      return;
    case 'table':
      out.push(gfmTable(node));
      return;
    case 'html': {
      const paras = htmlParagraphs(node.value);
      for (const p of paras) out.push({ type: 'paragraph', text: p, loc, lines: lineText(start, end) });
      return;
    }
    case 'blockquote':
      for (const c of node.children) mdastToBlocks(c, depth, out, lineText);
      return;
    case 'code': {
      const text = normalizeSpace(node.value);
      if (text) out.push({ type: 'paragraph', text, loc, lines: lineText(start, end) });
      return;
    }
    default:
      return; // thematic breaks, definitions, footnote definitions: no text of ours
  }
}

function listToBlocks(list: List, depth: number, out: Block[], lineText: LineText): void {
  let n = list.start ?? 1;
  for (const item of list.children as ListItem[]) {
    const start = item.position?.start.line ?? 1;
    const own: string[] = [];
    const nested: RootContent[] = [];
    for (const child of item.children) {
      if (child.type === 'paragraph') own.push(phrasingText(child.children));
      else if (child.type === 'html') own.push(htmlInlineText(child.value));
      else nested.push(child);
    }
    const text = normalizeSpace(own.join(' '));
    const firstChildEnd = item.children[0]?.position?.end.line ?? start;
    if (text || list.ordered) {
      out.push({
        type: 'list_item',
        text,
        marker: list.ordered ? `${n}.` : '•',
        ordinal: list.ordered ? n : null,
        depth: Math.min(depth, MAX_DEPTH),
        loc: lineLoc(start),
        lines: lineText(start, firstChildEnd),
      });
    }
    for (const c of nested) mdastToBlocks(c, depth + 1, out, lineText);
    n++;
  }
}

function gfmTable(table: Table): Block {
  const rows: TableRow[] = table.children.map((row, i) => {
    const line = row.position?.start.line ?? 1;
    return {
      cells: row.children.map((cell) => {
        const raw = phrasingText(cell.children);
        const paragraphs = looksLikeHtml(raw) ? htmlParagraphs(raw) : [normalizeSpace(raw)].filter(Boolean);
        return { text: paragraphs.join('\n'), paragraphs, rowSpan: 1, colSpan: 1, loc: lineLoc(line) };
      }),
      loc: lineLoc(line),
      header: i === 0,
    };
  });
  return { type: 'table', rows, loc: lineLoc(table.position?.start.line ?? 1) };
}

/** Text of inline content; inline HTML is reduced to its text (<sup>2</sup> -> "2"). */
function phrasingText(nodes: PhrasingContent[]): string {
  let s = '';
  for (const n of nodes) {
    if (n.type === 'text' || n.type === 'inlineCode') s += n.value;
    else if (n.type === 'html') s += /^<br\s*\/?>$/i.test(n.value) ? ' ' : n.value.startsWith('<') ? '' : n.value;
    else if (n.type === 'break') s += ' ';
    else if ('children' in n) s += phrasingText(n.children as PhrasingContent[]);
  }
  return looksLikeHtml(s) ? htmlInlineText(s) : s;
}
