/**
 * Stage 2: column roles by meaning, in any order and any subset, from the header words
 * and from the data under them. Plans word their columns in many ways ("Timescale (By
 * When)", "Owner", "Measure of success", "Progress to date and evidence of improvement")
 * and conversions garble them ("A | ction Description", "Action Description | (empty)").
 */
import { findDates } from './due-dates.js';
import { ragFromText, ragFromShading } from './rag.js';
import { letterMarks } from './split.js';
import { startsLower } from '../text-rules.js';
import { HEADER_RULES, RAG_LETTER_CLASS, RAG_WORDS, STANDING_DUE, type Role } from './vocabulary.js';

export type { Role } from './vocabulary.js';

export interface ColumnMap {
  /** The recommendation's number, in a column of its own. */
  ref: number | null;
  /** The action's number. */
  id: number | null;
  description: number | null;
  recommendation: number | null;
  /** Every lead column, in order (strategic lead, operational lead, ...). */
  leads: number[];
  due: number | null;
  outcome: number | null;
  progress: number | null;
  rag: number | null;
  /** Role of each column (null: not recognised). */
  roles: (Role | null)[];
}

/** A header cell is a title: at most this many characters and words (longer is a sentence, a value). */
const TITLE_MAX_CHARS = 90;
const TITLE_MAX_WORDS = 12;
/** Cells naming plan columns (other than a number) that make a row a header. */
const HEADER_MIN_ROLES = 3;
/** Longest cell read as a rating ("Amber/Green", "Completed"): longer is prose. */
const RAG_VALUE_MAX = 25;
/** Longest cell read as a short value (a date, a name): longer is prose. */
const SHORT_VALUE_MAX = 40;
/** A rating as a code ("R", "A/G", "G+"): at most this many characters. */
const RAG_CODE_MAX = 3;
/** Mean length of a lead column's values at most (names and titles; longer is sentences). */
const LEAD_MEAN_MAX = 80;
/** Header words a conversion may have broken or run together are mended only in a title this short. */
const MENDABLE_MAX_WORDS = 4;
/** Share of a column's values that decides its role when most must agree (numbers, dates under "Target"). */
const MOST = 0.8;
/** Share of a column's values that decides an unnamed column's role (ratings, dates). */
const MAJORITY = 0.6;

/** A cell short enough to be a column title. */
const titleSized = (c: string): boolean => c.length <= TITLE_MAX_CHARS && c.split(/\s+/).length <= TITLE_MAX_WORDS;

const key = (s: string): string =>
  s
    .toLowerCase()
    .replace(/<[^>]+>/g, ' ')
    .replace(/[^a-z0-9/#&]+/g, ' ')
    .trim();

/** What one header cell names; null when it names nothing we know. */
export function headerRole(cell: string): Role | null {
  const k = key(cell);
  if (!k) return null;
  const role = roleOfKey(k);
  if (role !== null || k.split(' ').length > MENDABLE_MAX_WORDS) return role;
  // A word broken by the conversion ("Actio n no", "Descr iption"): try it joined.
  for (let i = k.indexOf(' '); i >= 0; i = k.indexOf(' ', i + 1)) {
    const joined = roleOfKey(k.slice(0, i) + k.slice(i + 1));
    if (joined !== null) return joined;
  }
  // Two words run together where a narrow header cell wrapped them ("Targetdate"): try it split.
  if (!k.includes(' ')) {
    for (let i = 3; i <= k.length - 2; i++) {
      const split = roleOfKey(`${k.slice(0, i)} ${k.slice(i)}`);
      if (split !== null) return split;
    }
  }
  return null;
}

/** The role the header words name: the first rule of data/plan-vocabulary.json (headerRoles) that matches. */
function roleOfKey(k: string): Role | null {
  for (const rule of HEADER_RULES) if (rule.test(k)) return rule.role;
  return null;
}

function emptyMap(roles: (Role | null)[]): ColumnMap {
  return { ref: null, id: null, description: null, recommendation: null, leads: [], due: null, outcome: null, progress: null, rag: null, roles };
}

/** Fill the role fields of a map from its roles array. */
export function fromRoles(roles: (Role | null)[]): ColumnMap {
  const map = emptyMap(roles);
  roles.forEach((r, i) => {
    if (r === null) return;
    if (r === 'lead') map.leads.push(i);
    else if (map[r] === null) map[r] = i;
  });
  return map;
}

/** How many cells of a row name a plan column (the test of a plan header). */
export function namedCells(cells: string[]): number {
  return cells.filter((c) => titleSized(c) && headerRole(c) !== null).length;
}

/** A header row: several cells naming plan columns, one of them the action/description. */
export function mapHeader(cells: string[]): ColumnMap | null {
  // A header names columns: no cell is a value (a number, a date) or a sentence.
  if (cells.some((c) => NUMBERING.test(c.trim()) || DATE_ONLY.test(c.trim()))) return null;
  const roles = cells.map((c) => (titleSized(c) ? headerRole(c) : null));
  const named = roles.filter((r) => r !== null && r !== 'id').length;
  if (named < HEADER_MIN_ROLES) return null;
  // "Action | Description" (however broken): the bare "Action" before another action column is the number.
  const descs = roles.flatMap((r, i) => (r === 'description' ? [i] : []));
  if (descs.length >= 2 && /^actions?$/.test(key(cells[descs[0]!]!).replace(/ /g, ''))) roles[descs[0]!] = 'id';
  // Two number columns: the first numbers the recommendation, the second the action.
  const ids = roles.flatMap((r, i) => (r === 'id' ? [i] : []));
  if (ids.length >= 2 && !roles.includes('ref')) roles[ids[0]!] = 'ref';
  const map = fromRoles(roles);
  if (map.description === null) return null;
  // "Action | Description": the bare "Action" column before a description column is the number.
  if (map.id === null) {
    const d = map.description;
    const next = cells[d + 1];
    if (/^actions?$/i.test(cells[d]!.trim()) && roles[d + 1] === 'description') {
      roles[d] = 'id';
    } else if (next !== undefined && !next.trim() && roles[d + 1] === null) {
      // "Action Description | (empty)": the number and the description, header cells run together.
      roles[d] = 'id';
      roles[d + 1] = 'description';
    }
    return fromRoles(roles);
  }
  return map;
}

/** Does a header row repeat the given map (same roles in the same places)? */
export function sameHeader(a: ColumnMap, b: ColumnMap): boolean {
  return a.roles.length === b.roles.length && a.roles.every((r, i) => r === b.roles[i] || (r === 'id' && b.roles[i] === 'description') || (r === 'description' && b.roles[i] === 'id'));
}

export interface CellValue {
  text: string;
  shading?: string;
}

const DATE_ONLY = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\.?$/;
const NUMBERING = /^\(?[A-Z]{0,4}-?\d{1,3}(?:\.\d{1,3}){0,2}[a-z]?\)?\.?$|^\(?(?:[ivx]{1,5}|[a-z])[.)]$/;
/** A rating letter (Greek Alpha too, a conversion's look-alike) or colour word (data/plan-vocabulary.json). */
const RAG_WORD = new RegExp(`^[${RAG_LETTER_CLASS.toUpperCase()}Α]$|^(${Object.keys(RAG_WORDS).join('|')})\\b`, 'i');

/** What the values of one column look like. */
function profile(values: CellValue[]): { n: number; rag: number; date: number; num: number; short: number; shadedEmpty: number } {
  const p = { n: 0, rag: 0, date: 0, num: 0, short: 0, shadedEmpty: 0 };
  for (const v of values) {
    const t = v.text.trim();
    if (!t) {
      if (ragFromShading(v.shading)) p.shadedEmpty++;
      continue;
    }
    p.n++;
    if (t.length <= RAG_VALUE_MAX && (RAG_WORD.test(t) || ragFromText(t).rag)) p.rag++;
    if (t.length <= SHORT_VALUE_MAX && (findDates(t).length > 0 || STANDING_DUE.test(t))) p.date++;
    if (NUMBERING.test(t)) p.num++;
    if (t.length <= SHORT_VALUE_MAX) p.short++;
  }
  return p;
}

/**
 * Corrections from the data: an unnamed column (or one whose header says nothing we know)
 * takes the role its values show: RAG letters or words, or colour alone -> RAG; dates ->
 * due; numbers -> action number. A number column whose value repeats or is merged down over
 * a group of rows, beside an action-number column, is the recommendation's number.
 */
export function refineWithData(map: ColumnMap, rows: CellValue[][], merged: boolean[] = [], prior: ColumnMap | null = null): ColumnMap {
  const width = Math.max(map.roles.length, ...rows.map((r) => r.length));
  const roles = [...map.roles];
  while (roles.length < width) roles.push(null);
  const has = (r: Role): boolean => roles.includes(r);
  // Two action columns, one of them numbers ("Step | What we will do"): that one is the number.
  const descs = roles.flatMap((r, i) => (r === 'description' ? [i] : []));
  if (descs.length >= 2 && !has('id')) {
    for (const c of descs) {
      const p = profile(rows.map((r) => r[c] ?? { text: '' }));
      if (p.n >= 2 && p.num >= p.n * MOST) {
        roles[c] = 'id';
        break;
      }
    }
  }
  const grouped = (c: number): boolean => {
    const vals = rows.map((r) => (r[c]?.text ?? '').trim());
    const filled = vals.filter(Boolean);
    return merged[c] === true || vals.some((v) => !v) || new Set(filled).size < filled.length;
  };
  // "No. | ... | Ref" named by the header (the first number column taken for the
  // recommendation's): the data tell which is which. The recommendation's number stays the
  // same (repeated, merged down, or given on a group's first row only) on the rows where the
  // action's number changes. Where a few rows cannot tell, the plan table before it (the same
  // header over a page break) decides.
  const refAt = roles.indexOf('ref');
  const idHere = roles.indexOf('id');
  if (refAt >= 0 && idHere >= 0 && rows.length >= 2) {
    const vals = (c: number): string[] => rows.map((r) => (r[c]?.text ?? '').trim());
    const nests = (outer: number, inner: number): number => {
      const o = vals(outer);
      const n = vals(inner);
      return o.filter((v, i) => i > 0 && (v === '' || v === o[i - 1]) && n[i] !== '' && n[i] !== n[i - 1]).length;
    };
    const swapped = nests(idHere, refAt) - nests(refAt, idHere);
    if (swapped > 0 || (swapped === 0 && prior?.roles[refAt] === 'id' && prior.roles[idHere] === 'ref')) {
      roles[refAt] = 'id';
      roles[idHere] = 'ref';
    }
  }
  // "Target" names an outcome or a date: with no due column named, an outcome column of dates is the due date.
  if (!has('due')) {
    const dated = (i: number): boolean => {
      const texts = rows.map((row) => (row[i]?.text ?? '').trim()).filter(Boolean);
      return texts.length >= 2 && texts.filter((t) => findDates(t).length > 0 || STANDING_DUE.test(t)).length >= texts.length * MOST;
    };
    const c = roles.findIndex((r, i) => r === 'outcome' && dated(i));
    if (c >= 0) roles[c] = 'due';
  }
  for (let c = 0; c < width; c++) {
    if (roles[c] !== null) continue;
    const p = profile(rows.map((r) => r[c] ?? { text: '' }));
    const filled = p.n + p.shadedEmpty;
    if (filled === 0) continue;
    const idAt = roles.indexOf('id');
    if (!has('rag') && p.rag + p.shadedEmpty >= Math.max(1, filled * MAJORITY)) roles[c] = 'rag';
    else if (!has('due') && p.n >= 2 && p.date >= p.n * MAJORITY) roles[c] = 'due';
    else if (p.n >= 1 && p.num === p.n && !has('ref') && idAt > c && grouped(c)) roles[c] = 'ref';
    else if (p.n >= 2 && p.num === p.n && !has('ref') && idAt >= 0 && idAt < c && grouped(idAt) && !grouped(c)) {
      // "Ref | No." with the data showing which is which: the grouped one numbers the recommendation.
      roles[idAt] = 'ref';
      roles[c] = 'id';
    }
    else if (!has('id') && p.n >= 2 && p.num >= p.n * MOST && (map.description === null || c < map.description)) roles[c] = 'id';
  }
  return fromRoles(roles);
}

/** The texts of a table's last row, by role (the first column of each role). */
export type LastRow = Partial<Record<Role, string>>;

const UNFINISHED = (t: string | undefined): boolean => !!t && !/[.!?;:]$/.test(t.trim());

/** A text that could name leads: no date, not long, most words capitalised (people and posts). */
function leadLike(t: string): boolean {
  const words = t.split(/\s+/).filter((w) => /[A-Za-z]/.test(w));
  return t.length <= LEAD_MEAN_MAX && findDates(t).length === 0 && words.filter((w) => /^[(&]?[A-Z]/.test(w)).length * 2 >= words.length;
}

/**
 * One row cut off the foot of a table: its texts (in order) carry on cells of the last row
 * (in order). A conversion cuts the long cells, so the shortest are left out first; a text
 * opening in lower case carries on a cell that ends mid-sentence, and only a text that could
 * name leads carries on a lead.
 */
function tailMap(prev: ColumnMap, row: CellValue[], last: LastRow): ColumnMap | null {
  const filled = row.flatMap((c, i) => (c.text.trim() ? [i] : []));
  if (!filled.length) return null;
  const seen = new Set<Role>();
  const cells = prev.roles.flatMap((r, c) => {
    if (r === null || seen.has(r) || ['rag', 'id', 'ref'].includes(r)) return [];
    seen.add(r);
    const t = (last[r] ?? '').trim();
    return t ? [{ c, r, len: t.length, open: UNFINISHED(t) }] : [];
  });
  const fits = (keep: typeof cells): boolean =>
    keep.every((o, k) => {
      const t = row[filled[k]!]!.text.trim();
      return (o.open || !startsLower(t)) && (o.r !== 'lead' || leadLike(t));
    });
  for (const keep of keepLongest(cells, filled.length)) {
    if (!fits(keep)) continue;
    const roles: (Role | null)[] = row.map(() => null);
    filled.forEach((i, k) => (roles[i] = keep[k]!.r));
    return fromRoles(roles);
  }
  return null;
}

/** The subsets of `k` items (in order) of a list, those leaving out the shortest first. */
function keepLongest<T extends { len: number }>(items: T[], k: number): T[][] {
  if (k > items.length) return [];
  const out: { keep: T[]; dropped: number }[] = [];
  const walk = (i: number, keep: T[], dropped: number): void => {
    if (keep.length === k) return void out.push({ keep, dropped: dropped + items.slice(i).reduce((a, o) => a + o.len, 0) });
    if (items.length - i < k - keep.length) return;
    walk(i + 1, [...keep, items[i]!], dropped);
    walk(i + 1, keep, dropped + items[i]!.len);
  };
  walk(0, [], 0);
  return out.sort((a, b) => a.dropped - b.dropped).map((o) => o.keep);
}

/** Bare letters in alphabetical order, one after another ("c", "d", "e"): items lettered in a column of their own. */
const letterRun = (vals: string[]): boolean =>
  vals.every((v, k) => /^[a-z]$/.test(v) && (k === 0 || v.charCodeAt(0) === vals[k - 1]!.charCodeAt(0) + 1));

/** The letter after the last list marker of a sequence from "a" in a text ("... a. x b. y" -> "c"); null if none. */
export function nextListLetter(text: string): string | null {
  const k = letterMarks(text).length;
  return k ? String.fromCharCode(97 + k) : null;
}

/**
 * A table with no header, narrower than the plan table it follows: the piece of that table a
 * conversion cut out, keeping only the columns that had text on those rows. Its columns keep
 * their order and are matched to the plan table's columns:
 * - a column of ratings (short values: letters, words, numbers) to the RAG column;
 * - a column of numbers to the recommendation number (repeated) or action number column, and
 *   so a column of bare letters in sequence ("c", "d", "e");
 * - a column of dates to the due column;
 * - a column whose first list marker carries on the lettered list open in the action or the
 *   progress cell of the last row read ("c." after "... b. ...") to that column;
 * - every other column to the plan's columns between those anchors, right-aligned (a
 *   conversion drops the empty columns, and the text-bearing ones sit nearer the right),
 *   skipping columns whose kind of value it does not have (numbers, ratings, short leads).
 * A piece of one row (the tail of a row cut by the page) is matched by sentence instead: its
 * texts, in order, carry on the cells of the last row read that end mid-sentence.
 * `last`: the texts of the last row read, by role. Null when nothing fits.
 */
export function fragmentMap(prev: ColumnMap, rows: CellValue[][], last: LastRow | null): ColumnMap | null {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const n = prev.roles.length;
  if (width < 1 || width >= n) return null;
  if (rows.length < 2) return last ? tailMap(prev, rows[0] ?? [], last) : null;
  const f: Fragment = { rows, width, target: new Array(width).fill(null), col: (c) => rows.map((r) => (r[c]?.text ?? '').trim()).filter(Boolean) };
  for (const place of FRAGMENT_STEPS) place(f, prev, last);
  const mapped = f.target.filter((t) => t !== null);
  if (!mapped.length || new Set(mapped).size !== mapped.length) return null;
  return fromRoles(f.target.map((t) => (t === null ? null : prev.roles[t]!)));
}

/** A headerless piece of a plan table being matched to the plan table's columns. */
interface Fragment {
  rows: CellValue[][];
  width: number;
  /** For each of the piece's columns, the plan table column it is matched to (null: none yet). */
  target: (number | null)[];
  /** A column's texts, empty cells left out. */
  col: (c: number) => string[];
}

/** The steps that match a fragment's columns, in order: each anchors the columns it knows and leaves the rest to the next. */
const FRAGMENT_STEPS: ReadonlyArray<(f: Fragment, prev: ColumnMap, last: LastRow | null) => void> = [
  placeRatings,
  placeListsCarriedOn,
  placeNumbers,
  placeDates,
  placeTheRest,
];

/** Ratings: the last column, when every value in it is short. */
function placeRatings(f: Fragment, prev: ColumnMap): void {
  const ragAt = f.width - 1;
  const lastVals = f.col(ragAt);
  if (prev.rag !== null && f.width >= 2 && lastVals.length && lastVals.every((v) => v.length <= RAG_CODE_MAX || (v.length <= RAG_VALUE_MAX && RAG_WORD.test(v)))) f.target[ragAt] = prev.rag;
}

/** Lists carried on from the row above: a column whose first list marker is the letter after the last
 * one of the action or progress cell of the last row read goes to that column. */
function placeListsCarriedOn(f: Fragment, prev: ColumnMap, last: LastRow | null): void {
  const firstLetter = (c: number): string | null => {
    for (const v of f.col(c)) {
      const m = /^\(?([a-zA-Z])[.)]\s/.exec(v);
      if (m) return m[1]!.toLowerCase();
    }
    return null;
  };
  const want: { role: number; letter: string }[] = [];
  for (const [role, text] of [[prev.description, last?.description], [prev.progress, last?.progress]] as const) {
    if (!last || role === null) continue;
    const l = nextListLetter(text ?? '');
    if (l) want.push({ role, letter: l });
  }
  want.sort((a, b) => a.role - b.role);
  let from = 0;
  for (const w of want) {
    for (let c = from; c < f.width; c++) {
      if (f.target[c] !== null || firstLetter(c) !== w.letter) continue;
      f.target[c] = w.role;
      from = c + 1;
      break;
    }
  }
}

/** Columns of numbers (or bare letters in sequence): a number repeated down the column is the recommendation's, else the action's. */
function placeNumbers(f: Fragment, prev: ColumnMap): void {
  for (let c = 0; c < f.width; c++) {
    const vals = f.col(c);
    if (f.target[c] !== null || vals.length < 2 || !(vals.every((v) => NUMBERING.test(v)) || letterRun(vals))) continue;
    const role = new Set(vals).size < vals.length && prev.ref !== null ? prev.ref : prev.id;
    if (role !== null && !f.target.includes(role)) f.target[c] = role;
  }
}

/** A column of dates, to the due column. */
function placeDates(f: Fragment, prev: ColumnMap): void {
  if (prev.due === null || f.target.includes(prev.due)) return;
  for (let c = 0; c < f.width; c++) {
    const p = profile(f.rows.map((r) => r[c] ?? { text: '' }));
    if (f.target[c] === null && p.n >= 1 && p.date >= p.n * MAJORITY) {
      f.target[c] = prev.due;
      return;
    }
  }
}

/** Whether a column's values can stand under a plan column of this role: numbers only under a number
 * column, short values only under RAG, no long sentences under a lead, and a lead column names someone at least once. */
function fitsRole(vals: string[], role: Role | null): boolean {
  if (role === 'id' || role === 'ref') return vals.every((v) => NUMBERING.test(v));
  if (role === 'rag') return false; // a column of ratings was anchored above
  if (role === 'lead') return vals.reduce((a, v) => a + v.length, 0) / vals.length <= LEAD_MEAN_MAX && vals.some(leadLike);
  return true;
}

/** The rest, right-aligned between the anchors, each onto a column whose kind of value it has.
 * A column with no text takes no place. */
function placeTheRest(f: Fragment, prev: ColumnMap): void {
  let right = prev.roles.length;
  for (let c = f.width - 1; c >= 0; c--) {
    if (f.target[c] !== null) {
      right = f.target[c]!;
      continue;
    }
    const vals = f.col(c);
    if (!vals.length) continue;
    const anchorLeft = f.target.slice(0, c).filter((t): t is number => t !== null);
    const leftBound = anchorLeft.length ? anchorLeft[anchorLeft.length - 1]! : -1;
    let slot = right - 1;
    while (slot > leftBound && !fitsRole(vals, prev.roles[slot] ?? null)) slot--;
    if (slot > leftBound && slot >= 0) {
      f.target[c] = slot;
      right = slot;
    }
  }
}
