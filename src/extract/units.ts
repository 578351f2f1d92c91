import type { Block, LayoutDocument, Loc } from '../layout/types.js';
import { blockText } from '../layout/types.js';
import { normalizeSpace, expandLigatures } from '../util/text.js';

/**
 * A unit is what report extractors walk over: one text block, or one table row.
 * Rows keep their cells so that "label | grade" tables are read as such in every format.
 */
export interface Unit {
  index: number;
  kind: 'heading' | 'paragraph' | 'list_item' | 'row';
  text: string;
  cells: string[] | null;
  loc: Loc;
  /** Heading level for heading blocks, list depth for list items. */
  level: number;
  /** Bullet list item (not an ordered item). */
  bullet: boolean;
  block: Block;
}

export function toUnits(layout: LayoutDocument): Unit[] {
  const units: Unit[] = [];
  for (const b of layout.blocks) {
    if (b.type === 'table') {
      for (const row of b.rows) {
        const cells = row.cells.map((c) => clean(c.text));
        const text = cells.filter(Boolean).join(' ');
        if (!text) continue;
        units.push({ index: units.length, kind: 'row', text, cells, loc: row.loc, level: 0, bullet: false, block: b });
      }
      continue;
    }
    let text = clean(blockText(b));
    let bullet = b.type === 'list_item' && b.ordinal === null;
    // A bullet glyph left in the text by a reader that did not recognise the list.
    const glyph = /^[•●▪◦■□➢►\-–*·]\s+/.exec(text);
    if (glyph && b.type !== 'list_item') {
      text = text.slice(glyph[0].length);
      bullet = true;
    }
    if (!text) continue;
    units.push({
      index: units.length,
      kind: b.type,
      text,
      cells: null,
      loc: b.loc,
      level: b.type === 'heading' ? b.level : b.type === 'list_item' ? b.depth : 0,
      bullet,
      block: b,
    });
  }
  return units;
}

function clean(s: string): string {
  return normalizeSpace(expandLigatures(s));
}

/** A number at the start of a unit: "12. Integrated early help..." -> 12. */
export function leadingNumber(text: string): { n: number; rest: string } | null {
  const m = /^(\d{1,3})\.(?!\d)\s*(.*)$/s.exec(text);
  if (!m) return null;
  const rest = m[2]!;
  if (!rest) return null;
  return { n: Number(m[1]), rest };
}

/** A dotted number at the start: "4.10 The Care Quality..." -> {major 4, minor 10}. */
export function leadingDotted(text: string): { label: string; major: number; minor: number; rest: string } | null {
  const m = /^(\d{1,2})\.(\d{1,3})\.?\s+(\S.*)$/s.exec(text);
  if (!m) return null;
  return { label: `${m[1]}.${m[2]}`, major: Number(m[1]), minor: Number(m[2]), rest: m[3]! };
}

const TERMINAL = /[.!?:;)\]"'”’]$/;

/** Does `next` read as the continuation of a paragraph whose text so far is `prev`? */
export function continues(prev: string, next: Unit): boolean {
  if (next.kind === 'heading' || next.kind === 'row') return false;
  if (/^[a-z(]/.test(next.text)) return true;
  return !TERMINAL.test(prev.trimEnd());
}

/** Where a text block's first line starts, and where its other lines start (PDF geometry; null elsewhere). */
export function lineStarts(u: Unit): { first: number | null; rest: number | null } {
  const b = u.block;
  if (b.type === 'table') return { first: null, rest: null };
  const xs = b.lines.map((l) => l.x);
  const first = typeof xs[0] === 'number' ? xs[0] : null;
  const rest = xs.slice(1).filter((x): x is number => typeof x === 'number');
  return { first, rest: rest.length ? Math.min(...rest) : null };
}

/** The leftmost start of a block's lines. */
export function leftOf(u: Unit): number | null {
  const { first, rest } = lineStarts(u);
  return first === null ? rest : rest === null ? first : Math.min(first, rest);
}

/** A list item's text indent: where its lines after the marker start, right of the marker; null when it cannot be told. */
export function textIndentOf(item: Unit): number | null {
  if (!(item.kind === 'list_item' || item.bullet)) return null;
  const { first, rest } = lineStarts(item);
  return first !== null && rest !== null && rest > first + 4 ? rest : null;
}

/**
 * Does the paragraph `next` carry on a list item whose text starts at `indent`? Over a page break the
 * rest of an item is read as a paragraph of its own; it is set at the item's text indent (right of the
 * bullet), where a paragraph after the list starts at the margin. True whatever its first word.
 */
export function hangsAt(next: Unit, indent: number | null): boolean {
  if (indent === null || next.kind !== 'paragraph' || next.bullet) return false;
  const x = leftOf(next);
  return x !== null && Math.abs(x - indent) <= 2.5;
}
