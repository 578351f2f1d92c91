/**
 * Lines and tables of each page -> layout blocks: headings (by font size and bold),
 * paragraphs (by vertical spacing, numbered-paragraph starts, font changes), bullet
 * list items and tables. Blocks never span pages.
 */
import type { Block, TableRow, TextLine } from '../../layout/types.js';
import { pageLoc } from '../../layout/types.js';
import type { PageLine, PageUnits, TableUnit } from './types.js';
import { displayMarker, joinAll, splitBullet } from './run-text.js';

export interface DocStats {
  /** Most common font size, weighted by characters. */
  bodySize: number;
  /** Most common baseline distance between consecutive body lines. */
  bodyPitch: number;
  /** Heading font sizes, largest first (index + 1 = level). */
  headingSizes: number[];
}

const round = (v: number) => Math.round(v * 2) / 2;

/** Is this font size a heading size relative to the body text? */
const isHeadingSize = (fs: number, body: number) => fs >= body * 1.12;

export function computeStats(pages: PageLine[][]): DocStats {
  const sizeChars = new Map<number, number>();
  for (const lines of pages) for (const l of lines) sizeChars.set(round(l.fontSize), (sizeChars.get(round(l.fontSize)) ?? 0) + l.text.length);
  let bodySize = 12;
  let best = -1;
  for (const [s, n] of sizeChars) if (n > best) [best, bodySize] = [n, s];
  const pitches = new Map<number, number>();
  for (const lines of pages) {
    for (let i = 1; i < lines.length; i++) {
      const a = lines[i - 1];
      const b = lines[i];
      if (round(a.fontSize) !== bodySize || round(b.fontSize) !== bodySize) continue;
      const d = Math.round((b.y - a.y) * 2) / 2;
      if (d > bodySize * 0.9 && d < bodySize * 2) pitches.set(d, (pitches.get(d) ?? 0) + 1);
    }
  }
  let bodyPitch = bodySize * 1.2;
  best = -1;
  for (const [d, n] of pitches) if (n > best) [best, bodyPitch] = [n, d];
  const headingSizes = [...sizeChars.keys()].filter((s) => isHeadingSize(s, bodySize)).sort((a, b) => b - a);
  return { bodySize, bodyPitch, headingSizes };
}

function toTextLine(l: PageLine): TextLine {
  return {
    text: l.text,
    loc: pageLoc(l.page),
    x: r1(l.x),
    y: r1(l.y),
    width: r1(l.x2 - l.x),
    fontSize: l.fontSize,
    bold: l.bold,
  };
}

const r1 = (v: number) => Math.round(v * 10) / 10;

type Kind = 'heading' | 'paragraph' | 'list_item';

interface Open {
  kind: Kind;
  lines: PageLine[];
  texts: string[];
  marker?: string;
  /** x where the text of the block (after any marker) starts. */
  textX: number;
  fontSize: number;
  bold: boolean;
}

const NUMBERED_RE = /^(\d{1,3})\.\s+\S/;

/** What block building keeps across pages: the document's sizes, the numbering so far, list indents. */
interface Builder {
  stats: DocStats;
  /** Body pitch over body size: the line pitch of any size. */
  ratio: number;
  blocks: Block[];
  /** The number of the last numbered paragraph started. */
  lastNumber: number;
  /** x of list markers seen so far, sorted (index = list depth). */
  markerXs: number[];
}

export function buildBlocks(pageUnits: PageUnits[], stats: DocStats): Block[] {
  const b: Builder = { stats, ratio: stats.bodyPitch / stats.bodySize, blocks: [], lastNumber: 0, markerXs: [] };
  for (const { page, units } of pageUnits) {
    let open: Open | null = null;
    let prev: PageLine | null = null;
    for (const u of units) {
      if (u.kind === 'table') {
        if (open) flushBlock(b, open, page);
        open = prev = null;
        b.blocks.push(tableBlock(u, page));
        continue;
      }
      const l = u.line;
      if (!open || startsBlock(b, open, l, prev)) {
        if (open) flushBlock(b, open, page);
        open = openBlock(b, l);
      } else {
        open.lines.push(l);
        open.texts.push(l.text);
        if (!l.bold) open.bold = false;
      }
      prev = l;
    }
    if (open) flushBlock(b, open, page);
  }
  return b.blocks;
}

function headingLevel(l: PageLine, headingSizes: number[]): number {
  const i = headingSizes.indexOf(round(l.fontSize));
  return i >= 0 ? i + 1 : headingSizes.length + 1;
}

function isHeadingLine(l: PageLine, bodySize: number): boolean {
  if (l.segs.length > 1 && !l.segs.every((s) => s.bold)) return false;
  if (l.text.length > 200) return false;
  if (!/\p{L}/u.test(l.text)) return false;
  if (isHeadingSize(l.fontSize, bodySize)) return true;
  // Bold body-size lines: headings unless they are a numbered paragraph or a bullet.
  return l.bold && round(l.fontSize) >= bodySize - 0.5 && !NUMBERED_RE.test(l.text) && !splitBullet(l.text) && l.text.length <= 120;
}

/** A table unit as a layout table block. */
function tableBlock(u: TableUnit, page: number): Block {
  const rows: TableRow[] = u.rows.map((r) => {
    const loc = pageLoc(r.page ?? page);
    const row: TableRow = {
      loc,
      cells: r.cells.map((c) => ({
        text: c.text,
        paragraphs: c.paragraphs,
        rowSpan: c.rowSpan ?? 1,
        colSpan: c.colSpan ?? 1,
        loc: pageLoc(r.page ?? page),
        ...(c.shading ? { shading: c.shading } : {}),
      })),
    };
    if (r.header) row.header = true;
    return row;
  });
  return { type: 'table', rows, loc: pageLoc(page) };
}

/** Does line `l` (after `prev`) start a new block rather than continue the open one? */
function startsBlock(b: Builder, cur: Open, l: PageLine, prev: PageLine | null): boolean {
  const { bodySize } = b.stats;
  const gap = prev ? l.y - prev.y : Infinity;
  const pitch = Math.max(l.fontSize, prev?.fontSize ?? 0) * b.ratio;
  if (gap > pitch * 1.3 || gap < -l.fontSize) return true;
  const heading = isHeadingLine(l, bodySize);
  if (heading && cur.kind === 'paragraph' && cur.bold && l.bold && !isHeadingSize(l.fontSize, bodySize) && Math.abs(cur.fontSize - l.fontSize) <= 0.5) {
    // The last line of a bold paragraph too long to be a heading ("Area for Improvement (1): ... This" / "concerns ...").
    return false;
  }
  // Heading lines continue a heading of the same style.
  if (heading) return cur.kind !== 'heading' || Math.abs(cur.fontSize - l.fontSize) > 0.5 || cur.bold !== l.bold;
  if (cur.kind === 'heading') return true;
  if (splitBullet(l.text)) return true;
  const num = NUMBERED_RE.exec(l.text);
  if (num) {
    const n = Number(num[1]);
    // A numbered line starts a paragraph when it is the next number, or sits left of the
    // current text (hanging indent); "... in\n2019. Since then" does neither.
    return n === b.lastNumber + 1 || l.x < cur.textX - 0.5 * l.fontSize || (n <= 3 && b.lastNumber === 0);
  }
  if (Math.abs(l.fontSize - cur.fontSize) > 0.15 * cur.fontSize) return true;
  return cur.kind === 'list_item' && l.x < cur.textX - 0.5 * l.fontSize; // dedent ends a list item
}

/** The block line `l` starts: a heading, a list item or a paragraph (numbered ones advance the numbering). */
function openBlock(b: Builder, l: PageLine): Open {
  if (isHeadingLine(l, b.stats.bodySize)) return { kind: 'heading', lines: [l], texts: [l.text], textX: l.x, fontSize: l.fontSize, bold: l.bold };
  const bullet = splitBullet(l.text);
  if (bullet) {
    return { kind: 'list_item', lines: [l], texts: [bullet.rest], marker: bullet.marker, textX: estimateTextX(l, bullet.marker), fontSize: l.fontSize, bold: l.bold };
  }
  const num = NUMBERED_RE.exec(l.text);
  if (num) b.lastNumber = Number(num[1]);
  return { kind: 'paragraph', lines: [l], texts: [l.text], textX: num ? estimateTextX(l, num[1] + '.') : l.x, fontSize: l.fontSize, bold: l.bold };
}

/** The open block, finished, onto the block list. */
function flushBlock(b: Builder, o: Open, page: number): void {
  const text = joinAll(o.texts);
  const lines = o.lines.map(toTextLine);
  const loc = pageLoc(page);
  if (o.kind === 'heading') {
    const split = splitHeadingGrade(o.lines);
    const level = headingLevel(o.lines[0], b.stats.headingSizes);
    if (split) {
      // SIF section headings carry the grade in a right-hand column: heading + grade paragraph.
      b.blocks.push({ type: 'heading', text: split.left, level, lines, loc });
      b.blocks.push({ type: 'paragraph', text: split.right, lines: [], loc });
    } else {
      b.blocks.push({ type: 'heading', text, level, lines, loc });
    }
  } else if (o.kind === 'list_item') {
    const x = o.lines[0].x;
    let depth = b.markerXs.findIndex((m) => Math.abs(m - x) < 6);
    if (depth < 0) {
      b.markerXs.push(x);
      b.markerXs.sort((p, q) => p - q);
      depth = b.markerXs.findIndex((m) => Math.abs(m - x) < 6);
    }
    b.blocks.push({ type: 'list_item', text, marker: displayMarker(o.marker ?? '•'), ordinal: null, depth, lines, loc });
  } else {
    b.blocks.push({ type: 'paragraph', text, lines, loc });
  }
}

/**
 * Where the text after a marker begins. Lines keep only their overall x, so estimate from
 * the marker's share of the first segment (hanging indents are wider than the marker).
 */
function estimateTextX(l: PageLine, marker: string): number {
  if (l.bodyX !== undefined) return l.bodyX;
  const s = l.segs[0];
  const avg = (s.x2 - s.x) / Math.max(1, s.text.length);
  return l.x + (marker.length + 1) * avg;
}

/**
 * A heading laid out in two columns ("The experiences and progress of" | "Requires
 * improvement" / "children who need help and protection"): the left column's text and
 * the right column's text, or null when the heading's text does not form two columns.
 */
function splitHeadingGrade(lines: PageLine[]): { left: string; right: string } | null {
  const segs = lines.flatMap((l) => l.segs);
  if (segs.length < 2) return null;
  const sorted = [...segs].sort((a, b) => a.x - b.x);
  const fs = Math.max(...lines.map((l) => l.fontSize));
  // One gutter: the first place where no segment to the left reaches the next one's start.
  let reach = sorted[0].x2;
  let gutter: number | null = null;
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].x > reach + 0.5 * fs) {
      if (gutter !== null) return null; // more than two columns
      gutter = sorted[i].x;
    }
    reach = Math.max(reach, sorted[i].x2);
  }
  if (gutter === null) return null;
  const left: string[] = [];
  const right: string[] = [];
  for (const s of segs) (s.x >= gutter - 0.5 ? right : left).push(s.text);
  return { left: joinAll(left), right: joinAll(right) };
}
