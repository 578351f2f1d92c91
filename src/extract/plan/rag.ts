/**
 * RAG ratings: a letter ("R", "A", "G", "B"), a colour word ("Red", "Amber/Green"), a
 * status word ("Completed", "On track", "Held"), or the colour of the cell (DOCX shading).
 */
import type { Rag } from '../../model/document.js';
import { RAG_COLOURS, RAG_LETTERS, RAG_LETTER_CLASS, RAG_WORDS, STATUS_WORDS } from './vocabulary.js';

export interface RagValue {
  rag: Rag | null;
  ragRaw: string | null;
}

/** Look-alike letters from OCR/conversion: Greek Alpha in X's "Α". */
const CONFUSABLE: Record<string, string> = { 'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ο': 'O', 'Р': 'R', 'А': 'A', 'В': 'B', 'С': 'C' };

const unconfuse = (s: string): string => s.replace(/[ΑΒΕΟРАВС]/g, (c) => CONFUSABLE[c] ?? c);

// The rating letters, colours and status words: data/plan-vocabulary.json (vocabulary.ts).
const LETTER = RAG_LETTERS;
const WORD = RAG_WORDS;
const COLOUR_FIRST = new RegExp(`^(${RAG_COLOURS})\\b`, 'i');
const LETTER_ONLY = new RegExp(`^[${RAG_LETTER_CLASS}]$`, 'i');
const STATUS_FIRST = new RegExp(`^(${STATUS_WORDS})\\b`, 'i');

/**
 * Status words a plan uses instead of colours ("On track", "Completed", "Held") are kept
 * as written (`ragRaw`) but are not ratings: `rag` stays null.
 */
/**
 * A status word broken inside a narrow cell ("Complete d", "Awaitin g sign-off") joined
 * again: a space is dropped only where the text then opens with a longer status word (or
 * colour) reaching past that space.
 */
function mendWord(t: string): string {
  const opening = (s: string): number => (statusWord(s) ?? COLOUR_FIRST.exec(s)?.[0] ?? '').length;
  const before = opening(t);
  for (let i = t.indexOf(' '); i > 0; i = t.indexOf(' ', i + 1)) {
    const joined = t.slice(0, i) + t.slice(i + 1);
    const after = opening(joined);
    if (after > i && after > before) return joined;
  }
  return t;
}

/** The status word that opens a text ("(1) On track: ..." -> "On track"), or null. */
export function statusWord(text: string): string | null {
  const t = text.replace(/^\s*(?:\(\d+[a-z]?(?:-\d+)?\)|\d+[a-z]?[.)])\s*/, '').trim();
  const m = STATUS_FIRST.exec(t);
  return m ? m[1]! : null;
}

/** A rating written as text; null rag when the text is not a colour. */
export function ragFromText(raw: string | null | undefined): RagValue {
  const text = mendWord((raw ?? '').replace(/\s+/g, ' ').trim());
  if (!text) return { rag: null, ragRaw: null };
  const t = unconfuse(text).replace(/[.:;]+$/, '').trim();
  const lower = t.toLowerCase();
  if (LETTER_ONLY.test(t)) return { rag: LETTER[lower]!, ragRaw: text };
  // "Amber/Green", "Red - Amber": the first colour named.
  const colour = COLOUR_FIRST.exec(t);
  if (colour) return { rag: WORD[colour[1]!.toLowerCase()]!, ragRaw: text };
  return { rag: null, ragRaw: text };
}

/** Channels closer than this make a grey (or white): no hue to rate. */
const GREY_SPREAD = 40;

/** A cell colour as the readers give it: six hex digits, no '#'. */
const isHex = (s: string): boolean => /^[0-9a-f]{6}$/i.test(s);

/** The RAG colour a cell's background shows (hex without '#'), or null. */
export function ragFromShading(hex: string | undefined): Rag | null {
  if (!hex || !isHex(hex)) return null;
  const r = parseInt(hex.slice(0, 2), 16);
  const g = parseInt(hex.slice(2, 4), 16);
  const b = parseInt(hex.slice(4, 6), 16);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max - min < GREY_SPREAD) return null; // greys and white: table furniture, not a rating
  if (r > 180 && g < 110 && b < 110) return 'red';
  if (r > 200 && g >= 110 && g <= 225 && b < 110) return 'amber';
  if (r > 200 && g > 200 && b < 100) return 'amber'; // yellow: spreadsheets' usual amber (Excel's standard FFFF00)
  if (g > 120 && r < 150 && b < 150) return 'green';
  if (b > 150 && r < 120 && g < 200) return 'blue';
  return null;
}

/**
 * The rating of a RAG/Status cell: its text where the text is a rating (letter, colour,
 * status word), else the cell's colour. ragRaw is the cell text, or "#RRGGBB" for a
 * coloured cell with no text.
 */
export function ragOfCell(text: string, shading?: string, legend?: Legend): RagValue {
  const fromText = ragFromText(text);
  // A word wins over the colour: "On track" shaded amber is a word, not a rating.
  if (fromText.rag || fromText.ragRaw) return fromText;
  const named = legend ? legendColour(shading, legend) : null;
  if (named) return { rag: named, ragRaw: null };
  const shade = ragFromShading(shading);
  if (shade) return { rag: shade, ragRaw: null };
  return fromText;
}

/** What a plan says its colours mean ("Purple = complete"): colours beyond red/amber/green/blue. */
export type Legend = Map<string, Rag>;

/** Hues a legend may name besides the RAG four. */
function hueName(hex: string | undefined): string | null {
  if (!hex || !isHex(hex)) return null;
  const [r, g, b] = [0, 2, 4].map((k) => parseInt(hex.slice(k, k + 2), 16)) as [number, number, number];
  if (r > 90 && b > 120 && g < r && g < b) return 'purple';
  if (Math.max(r, g, b) - Math.min(r, g, b) < 20 && r < 200) return 'grey';
  return null;
}

function legendColour(hex: string | undefined, legend: Legend): Rag | null {
  const exact = hex ? legend.get(`#${hex.toUpperCase()}`) : undefined;
  if (exact) return exact;
  const hue = hueName(hex);
  return hue ? (legend.get(hue) ?? null) : null;
}

const LEGEND = new RegExp(`\\b(purple|grey|gray)\\s*(?:=|:|–|-|—|means)\\s*([A-Za-z][A-Za-z -]{1,30}?)(?=[,;.|)]|\\s+(?:${RAG_COLOURS})\\b|$)`, 'gi');

/** A key entry longer than this is prose, not a colour's meaning. */
const KEY_ENTRY_MAX = 60;
/** Texts longer than this are not searched for a colour key (a key is a short line or cell). */
const LEGEND_TEXT_MAX = 400;

/** A key entry's meaning: a rating the text names ("Red - off track", "G", "Complete"), else null. */
function keyMeaning(text: string): Rag | null {
  const t = text.trim();
  if (!t || t.length > KEY_ENTRY_MAX) return null;
  if (/^(?:fully )?complete/i.test(t)) return 'complete';
  return ragFromText(t).rag;
}

/**
 * The colour key a plan gives as coloured cells (a key row above a spreadsheet's header, a
 * legend table): a filled cell whose own text, or the text of the cell after it, names a
 * rating. Keys by exact colour ("#C6EFCE"), so a pale or unusual fill means what the plan
 * says it means. `cells`: the rows of tables (or rows above a header) that are not plan rows.
 */
export function readCellLegend(rows: { text: string; shading?: string }[][], into: Legend = new Map()): Legend {
  for (const row of rows) {
    row.forEach((cell, k) => {
      if (!cell.shading || !isHex(cell.shading)) return;
      const meaning = keyMeaning(cell.text) ?? (!cell.text.trim() ? keyMeaning(row[k + 1]?.text ?? '') : null);
      const key = `#${cell.shading.toUpperCase()}`;
      if (meaning && !into.has(key)) into.set(key, meaning);
    });
  }
  return into;
}

/** The colour key of a plan, from any text that pairs colours with meanings. */
export function readLegend(texts: string[]): Legend {
  const legend: Legend = new Map();
  for (const t of texts) {
    if (t.length > LEGEND_TEXT_MAX) continue;
    for (const m of t.matchAll(LEGEND)) {
      const colour = m[1]!.toLowerCase().replace('gray', 'grey');
      const meaning: Rag | null = /^(?:fully )?complete/i.test(m[2]!.trim()) ? 'complete' : ragFromText(m[2]!.trim()).rag;
      if (meaning && !legend.has(colour)) legend.set(colour, meaning);
    }
  }
  return legend;
}
