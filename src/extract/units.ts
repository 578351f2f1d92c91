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
