/**
 * Stage 3: row roles. Each row of a plan table is a header (repeated or not), a banner
 * (one text across the row: a recommendation or a section title), debris (nothing in the
 * plan's columns: page-break text, legends) or a data row, read into a RowView of its
 * columns' values. Decided from the grid's structure (spans, which columns hold text),
 * not from word lists.
 */
import { normalizeSpace } from '../../util/text.js';
import type { ColumnMap } from './columns.js';
import { mapHeader, sameHeader } from './columns.js';
import { valueOf, type GridRow, type Slot } from './grid.js';
import { recLabel, type RecLabel } from './context.js';
import { ragOfCell, type Legend, type RagValue } from './rag.js';
import { REC_LABEL_WORD } from './vocabulary.js';
import { endsSentenceLine, startsLower } from '../text-rules.js';

/** A group title over column titles ("Delivery", "How we will know"): at most this many words. */
const GROUP_TITLE_MAX_WORDS = 8;

export type RowRole = 'header' | 'banner' | 'data' | 'debris';

export interface RowView {
  row: GridRow;
  /** Recommendation number column, merged cells resolved. */
  ref: string;
  /** The Recommendation cell's own paragraphs (empty under a merged cell). */
  recParas: string[];
  /** The Recommendation cell is covered by a cell merged down from an earlier row. */
  recMerged: boolean;
  /** Rows the Recommendation cell of this row spans (a merged cell starting here). */
  recRows: number;
  id: string;
  desc: string[];
  /** Lead columns' values (merged cells resolved), kept apart per column. */
  leads: string[];
  due: string;
  /** The lead / due cells of this row are a cell merged down from an earlier row (no text of their own). */
  leadsMerged: boolean;
  dueMerged: boolean;
  outcome: string[];
  progress: string[];
  rag: RagValue | null;
}

/** A number column's value written with its label word ("AFI 1", "Rec 3"). */
const LABELLED_REF = new RegExp(`^(?:${REC_LABEL_WORD}|Rec\\.?)\\s*(?:no\\.?\\s*)?(\\(?[A-Za-z]{0,4}\\d{1,3}\\)?)\\s*[.:]?$`, 'i');

const EMPTY: Slot = { text: '', paragraphs: [], mergedFromAbove: false, fullWidth: false, rows: 1 };
const norm = normalizeSpace;

/** The texts of a row that are its own (not covered by a merge from above or a span from the left). */
export function ownTexts(row: GridRow): { col: number; slot: Slot }[] {
  return row.slots.flatMap((slot, col) => (slot.text && !slot.mergedFromAbove ? [{ col, slot }] : []));
}

/**
 * The role of a row. `header`: the current header map (a row mapping to the same roles is
 * a repeated header). A banner is a row with one text of its own that spans most of the
 * table, or whose only text is a recommendation label.
 */
export function rowRole(row: GridRow, map: ColumnMap | null): { role: RowRole; banner?: RecLabel | null } {
  const cells = row.slots.map((s) => s.text);
  const own = ownTexts(row);
  if (own.length === 0) return { role: 'debris' };
  const h = mapHeader(cells);
  if (h && (!map || sameHeader(map, h) || row.header)) return { role: 'header' };
  // A row the source marks as a header (repeated on every page, tblHeader) that names no
  // columns itself: a group row over the column titles ("Delivery" over Lead and Date). Its
  // cells are titles, not values: short, none a recommendation label.
  if (row.header && (own.length <= 1 || own.every(({ slot }) => slot.text.split(' ').length <= GROUP_TITLE_MAX_WORDS && !recLabel(slot.text, true)))) return { role: 'header' };
  if (own.length === 1) {
    const { col, slot } = own[0]!;
    const width = row.slots.length;
    const wide = (slot.cols ?? 1) >= Math.max(2, width - 1) || width <= 2;
    const inDataColumn = map !== null && (col === map.description || col === map.id) && !wide;
    const r0 = map?.roles[0] ?? null;
    const inLabelColumn = map === null || (col === 0 && (r0 === null || r0 === 'recommendation' || r0 === 'ref')) || col === map.recommendation || col === map.ref;
    const label = recLabel(slot.text, !(wide || inLabelColumn));
    if (!inDataColumn && (wide || (label && label.worded) || inLabelColumn)) return { role: 'banner', banner: label };
    // A numbered text alone on its row in a cell spanning two columns or more ("1. Ensure ..." over
    // the Ref and Action columns): a banner that does not reach across the table.
    if (inDataColumn && (slot.cols ?? 1) >= 2) {
      const spanned = recLabel(slot.text);
      if (spanned?.ref && spanned.text) return { role: 'banner', banner: spanned };
    }
    // A worded, numbered label ("Recommendation 3: ...") alone on its row, in the action column of a
    // spreadsheet that merges nothing: the recommendation the rows below answer.
    if (inDataColumn && col === map.description && label?.worded && label.ref && label.text) return { role: 'banner', banner: label };
    if (!map) return { role: 'debris' };
  }
  if (!map) {
    const first = own[0]!;
    const label = recLabel(first.slot.text, true);
    if (label?.worded) return { role: 'banner', banner: label };
    return { role: 'debris' };
  }
  return { role: 'data' };
}

/** A data row's values by column role. */
export function viewRow(row: GridRow, map: ColumnMap, legend?: Legend): RowView {
  const slot = (i: number | null): Slot => (i === null ? EMPTY : (row.slots[i] ?? EMPTY));
  const rec = slot(map.recommendation);
  const ragSlot = map.rag !== null ? slot(map.rag) : null;
  // A number column whose cells are merged down over several actions numbers the
  // recommendation they answer, not each action (a "Ref" column beside a merged Recommendation).
  const idSlot = slot(map.id);
  const idIsRef = map.ref === null && map.id !== null && (idSlot.mergedFromAbove || idSlot.rows > 1);
  const refSlot = idIsRef ? idSlot : slot(map.ref);
  return {
    row,
    // "AFI 1", "Recommendation 3": the number the label word names.
    ref: norm(valueOf(refSlot)).replace(LABELLED_REF, '$1').replace(/^\((.*)\)$/, '$1').replace(/[.:]$/, ''),
    recParas: rec.mergedFromAbove ? [] : rec.paragraphs.length ? rec.paragraphs : rec.text ? [rec.text] : [],
    recMerged: rec.mergedFromAbove,
    recRows: rec.rows,
    ...ownNumber(idIsRef ? '' : idSlot.text, slot(map.description).paragraphs.length ? slot(map.description).paragraphs : slot(map.description).text ? [slot(map.description).text] : [], map.id === null),
    leads: map.leads.map((i) => leadValue(slot(i))),
    due: norm(valueOf(slot(map.due))),
    leadsMerged: map.leads.length > 0 && map.leads.every((i) => slot(i).mergedFromAbove),
    dueMerged: slot(map.due).mergedFromAbove,
    outcome: slot(map.outcome).paragraphs,
    progress: slot(map.progress).paragraphs,
    rag: ragSlot && (ragSlot.text || ragSlot.shading) ? ragOfCell(ragSlot.text, ragSlot.shading, legend) : null,
  };
}

/** A multi-level action number opening an action cell: "1.2 Review ...", "S2.3. Audit ...", "LAC1.1a) ...". */
const OWN_NUMBER = /^((?:[A-Za-z]{1,4})?\d{1,3}(?:\.\d{1,3})+[a-z]?)[.):]?\s+(?=\S)/;
/** "31.10.12", "1.4.2025": a date, not an action number. */
const DATE_LIKE = /^\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})$/;

/**
 * The action's number and text. In a table with no number column, a multi-level number opening
 * the action cell ("1.2 Review ...") is the action's number, when no other paragraph of the cell
 * opens with one (a cell listing numbered items is split later, item by item).
 */
function ownNumber(id: string, desc: string[], noIdColumn: boolean): { id: string; desc: string[] } {
  if (!noIdColumn || !desc.length) return { id, desc };
  const m = OWN_NUMBER.exec(desc[0]!);
  if (!m || DATE_LIKE.test(m[1]!) || desc.slice(1).some((p) => OWN_NUMBER.test(p))) return { id, desc };
  return { id: m[1]!, desc: [desc[0]!.slice(m[0].length), ...desc.slice(1)] };
}

/** A lead cell's value: one lead (or group) per paragraph, kept apart by ";". */
function leadValue(s: Slot): string {
  const cell = s.mergedFromAbove && s.origin ? s.origin : s;
  return cell.paragraphs.length > 1 ? cell.paragraphs.map(norm).join('; ') : norm(valueOf(s));
}

/**
 * "8. Ofsted" (or "8.") ending a row's first cell, with "Recommendation ..." starting the
 * next row's: a recommendation label a conversion broke over two rows. Returns the rows'
 * cells joined, and the text before the label in the first cell (debris of the row above).
 */
export function joinSplitLabel(cells: string[], next: string[] | undefined): { cells: string[]; debris: string } | null {
  if (!next) return null;
  const first = norm(cells[0] ?? '');
  const head = norm(next[0] ?? '');
  let m = /^(.*?)\s*\b(\d{1,2}\s*\.\s*(?:Ofsted(?:\s*\/\s*CQC)?)?)$/i.exec(first);
  if (!m || !/^(?:Recommendation|Area for)\b/i.test(head)) {
    // Any label cut short: "13.Area for" / "Development", whose two halves read as a label only together.
    m = /^(.*?)\s*\b(\d{1,2}\s*\.\s*[A-Za-z][A-Za-z /]*)$/.exec(first);
    const whole = m && head && head.split(' ').length <= 2 ? recLabel(`${m[2]} ${head}`, true) : null;
    if (!m || !whole?.worded || recLabel(m[2]!, true)?.worded) return null;
  }
  const joined = [`${m[2]} ${head}`, ...cells.slice(1).map((c, i) => norm(`${c} ${next[i + 1] ?? ''}`))];
  return { cells: joined, debris: m[1]! };
}

/** Action cells a table needs before it can be told to be printed line by line. */
const WRAPPED_MIN_ROWS = 6;
/** A printed line of an action cell: at most this many characters. */
const WRAPPED_LINE_MAX = 40;
/** Share of action cells that are short unfinished lines in a line-by-line table. */
const WRAPPED_SHORT_SHARE = 0.6;
/** Share of action cells starting in lower case (the next line of a sentence) in such a table. */
const WRAPPED_LOWER_SHARE = 0.4;

/**
 * A table whose cells a conversion broke line by line, one table row per printed line: most
 * action cells are short pieces of a sentence, many of them starting in lower case. In such
 * a table a row whose action cell has no number of its own carries on the action above.
 */
export function lineWrapped(grid: GridRow[], map: ColumnMap): boolean {
  if (map.description === null) return false;
  const texts = grid.filter((r) => !r.header).map((r) => norm(r.slots[map.description!]?.text ?? '')).filter(Boolean);
  if (texts.length < WRAPPED_MIN_ROWS) return false;
  const short = texts.filter((t) => t.length <= WRAPPED_LINE_MAX && !endsSentenceLine(t)).length;
  const lower = texts.filter(startsLower).length;
  return short >= texts.length * WRAPPED_SHORT_SHARE && lower >= texts.length * WRAPPED_LOWER_SHARE;
}
