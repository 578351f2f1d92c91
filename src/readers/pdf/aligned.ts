/**
 * Tables drawn without rules (borderless): columns from the alignment of text across
 * lines, rows from the cells' tops. Word and LibreOffice set every cell's text from the
 * top of its row, left-aligned, so:
 *
 * - a column is an x where segments of many lines start (three or more columns, each
 *   started on at least three lines);
 * - the table is the run of lines whose every segment starts at one of those x's and
 *   stays inside its column;
 * - a row starts at a line where some column takes up text again after a line without
 *   any (a new cell begins), where the column numbering the rows gives a number, or
 *   below a horizontal rule; the first line of the run is the first row.
 *
 * The table carries its column boundaries as `grid`, so one continued on the next page
 * is joined to it like a ruled one (continued.ts).
 */
import type { PageLine, RowOut, Rule, Segment, SegmentRun, TableUnit } from './types.js';
import { joinLines, normalizeSpace } from './run-text.js';
import { columnEdges, continuesWord, joinPieces } from './wordbreak.js';

const MIN_COLUMNS = 3;
/** A label opening a cell: "(S2)", "(LAC5)", "S2 ", "3. ", "1.2 ", "a) ", "iv. ". */
const LABEL = /^(\(?[A-Z]{0,4}-?[A-Z]{0,3}\d{1,3}[a-z]?\)|[A-Z]{1,4}-?[A-Z]{0,3}\d{1,3}[a-z]?[:.]?\s|\d{1,3}(\.\d{1,3})*[.):]?\s|[a-z][.)]\s|[ivx]{1,5}[.)]\s)/;

/**
 * The x-extents of the horizontal rules between two consecutive lines (row borders, where
 * drawn); empty when there are none.
 */
export type Ruled = (above: PageLine, below: PageLine) => Array<[number, number]>;
const MIN_SUPPORT = 3;

/**
 * Column start x's: segment starts shared by several lines of three or more segments.
 * A line that keeps to those columns for at least half of its segments adds its other
 * starts, where they fall outside every column's text: a column that holds nothing on this
 * page but its header rows (a cell merged down from the page before, an empty Status
 * column).
 */
function columnStarts(lines: PageLine[]): number[] {
  const rich = lines.filter((l) => l.segs.length >= MIN_COLUMNS);
  const xs = rich.flatMap((l) => l.segs.map((s) => s.x)).sort((a, b) => a - b);
  const clusters: { x: number; n: number }[] = [];
  for (const x of xs) {
    const last = clusters[clusters.length - 1];
    if (last && x - last.x <= 3) last.n++;
    else clusters.push({ x, n: 1 });
  }
  const strong = clusters.filter((c) => c.n >= MIN_SUPPORT).map((c) => c.x);
  const on = (x: number): boolean => strong.some((c) => Math.abs(x - c) <= 3);
  // Each column's text: from its start to where its segments mostly end (a header cell
  // spanning the next column too is no measure).
  const spans = strong.map((c) => {
    const ends = rich.flatMap((l) => l.segs.filter((s) => Math.abs(s.x - c) <= 3).map((s) => s.x2)).sort((a, b) => a - b);
    return [c, ends[Math.floor(ends.length / 2)]!] as const;
  });
  const inside = (x: number): boolean => spans.some(([a, b]) => x > a + 3 && x < b);
  const crosses = (s: Segment): boolean => strong.some((c) => s.x < c - 3 && s.x2 > c + 2);
  const extra: number[] = [];
  for (const l of rich) {
    const kept = l.segs.filter((s) => on(s.x)).length;
    if (kept < 2 || kept * 2 < l.segs.length || l.segs.some(crosses)) continue;
    for (const s of l.segs) if (!on(s.x) && !inside(s.x) && !extra.some((x) => Math.abs(x - s.x) <= 3)) extra.push(s.x);
  }
  return [...strong, ...extra].sort((a, b) => a - b);
}

/** The column a segment starts in, or -1 when it starts off the columns or runs into the next one. */
function columnOf(starts: number[], s: Segment): number {
  const k = starts.findIndex((x) => Math.abs(s.x - x) <= 3);
  if (k < 0) return -1;
  const next = starts[k + 1];
  return next !== undefined && s.x2 > next + 2 ? -1 : k;
}

const fits = (starts: number[], l: PageLine): boolean => l.segs.every((s) => columnOf(starts, s) >= 0);

/**
 * A banner row: one bold run from the first column's start across two gutters or more (a
 * recommendation set above its actions in a row merged across the table).
 */
function spans(starts: number[], l: PageLine): boolean {
  const s = l.segs[0];
  if (!l.bold || l.segs.length !== 1 || !s || Math.abs(s.x - starts[0]!) > 3) return false;
  return starts.filter((c) => s.x < c - 3 && s.x2 > c + 2).length >= 2;
}

/** Banner lines: spanning ones, and the bold lines at the first column's start that carry one on (its last, short line). */
function banners(lines: PageLine[], starts: number[]): boolean[] {
  const out: boolean[] = [];
  lines.forEach((l, k) => {
    const s = l.segs[0];
    const carries = k > 0 && out[k - 1]! && l.bold && l.segs.length === 1 && !!s && Math.abs(s.x - starts[0]!) <= 3 && l.y - lines[k - 1]!.y <= 1.6 * l.fontSize;
    out.push(spans(starts, l) || carries);
  });
  return out;
}

/** Runs of lines (indices) that fit the columns at normal line spacing. */
function runs(lines: PageLine[], starts: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  const near = (a: PageLine, b: PageLine): boolean => b.y > a.y && b.y - a.y <= 2.4 * Math.max(a.fontSize, b.fontSize);
  const banner = banners(lines, starts);
  let i = 0;
  while (i < lines.length) {
    if (!fits(starts, lines[i]!) || lines[i]!.segs.length < 2) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < lines.length && near(lines[j]!, lines[j + 1]!)) {
      if (fits(starts, lines[j + 1]!)) {
        j++;
        continue;
      }
      // Banner lines, when the table carries on below them.
      let k = j + 1;
      while (k < lines.length && banner[k] && near(lines[k - 1]!, lines[k]!)) k++;
      if (k === j + 1 || k >= lines.length || !fits(starts, lines[k]!) || !near(lines[k - 1]!, lines[k]!)) break;
      j = k;
    }
    const rich = lines.slice(i, j + 1).filter((l) => l.segs.length >= MIN_COLUMNS).length;
    if (rich >= MIN_SUPPORT) {
      // A table at the top of a page may open with the rest of a cell cut by the page break:
      // single lines in its columns, from the first line of the page on.
      const top = lines.slice(0, i).every((l, k) => (fits(starts, l) || banner[k]) && near(l, lines[k + 1]!));
      out.push([top ? 0 : i, j]);
    }
    i = j + 1;
  }
  return out;
}

function buildAligned(lines: PageLine[], starts: number[], ruled: Ruled, fills: Rule[]): TableUnit {
  const used = usedColumns(lines, starts);
  const segs = lines.flatMap((l) => l.segs);
  // Each column's right text edge: a line filled to there may end inside a word that carries
  // on below (wordbreak.ts).
  const edges = columnEdges(used, used.map((_, k) => Math.max(-Infinity, ...segs.filter((s) => columnOf(used, s) === k).map((s) => s.x2))));
  const rows = alignedRows(lines, { used, key: keyColumns(lines, used), labelled: labelledColumns(lines, used), edges, ruled });
  const right = Math.max(...lines.map((l) => l.x2));
  const out = rowsOut(rows, used, fills, lines[0]!.fontSize);
  return { kind: 'table', y: lines[0]!.y, rows: out, lines, grid: { xs: [...used, right].map((x) => Math.round(x)), top: lines[0]!.y, bottom: lines[lines.length - 1]!.y, textEdge: true } };
}

/**
 * The columns this run uses, and those of the page it spans without text (a column empty
 * in every row of this table, as in the table of the same columns beside it).
 */
function usedColumns(lines: PageLine[], starts: number[]): number[] {
  const segs = lines.flatMap((l) => l.segs);
  const left = Math.min(...segs.map((s) => s.x));
  const end = Math.max(...segs.map((s) => s.x2));
  return starts.filter((x, k) => segs.some((s) => columnOf(starts, s) === k) || (x > left && x < end && !segs.some((s) => s.x < x - 3 && s.x2 > x + 2)));
}

/**
 * Number columns ("1", "2.3", "(4)", "S2"): each number starts a row, even where the row
 * above was one line tall (no column then takes up text after a blank line).
 */
const ROW_NUMBER = /^\(?[A-Z]{0,4}\d{1,3}(?:\.\d{1,3})*[.)]?$/;

/**
 * The column numbering the rows: of several number columns, the one with the most distinct
 * values (a recommendation's number repeats, or wraps in a narrow column). True at its index.
 */
function keyColumns(lines: PageLine[], used: number[]): boolean[] {
  const distinct = used.map((_, k) => {
    const texts = lines.slice(1).flatMap((l) => l.segs.filter((s) => columnOf(used, s) === k).map((s) => s.text.trim()));
    return texts.length >= 2 && texts.filter((t) => ROW_NUMBER.test(t)).length >= texts.length * 0.8 ? new Set(texts).size : 0;
  });
  const best = Math.max(...distinct);
  return distinct.map((d) => d > 0 && d === best);
}

/**
 * Columns whose cells all open with a label ("(S2) ...", "3. ...", "a. ..."): there, text
 * with no label straight under the text above carries that cell on, where no row borders
 * are drawn (a cell merged down beside rows the other columns start).
 */
function labelledColumns(lines: PageLine[], used: number[]): boolean[] {
  return used.map((_, k) => {
    const opening = lines.flatMap((l, i) => {
      const t = l.segs.filter((s) => columnOf(used, s) === k).map((s) => s.text).join(' ');
      const before = lines[i - 1]?.segs.some((s) => columnOf(used, s) === k) ?? false;
      return t && (!before || LABEL.test(t)) && !l.bold ? [t] : [];
    });
    return opening.length >= 2 && opening.filter((t) => LABEL.test(t)).length >= 0.8 * opening.length;
  });
}

/** What row building reads of the table's columns. */
interface Columns {
  used: number[];
  /** The column numbering the rows. */
  key: boolean[];
  /** Columns whose cells open with a label. */
  labelled: boolean[];
  /** Each column's right text edge. */
  edges: number[];
  ruled: Ruled;
}

type Piece = { text: string; glue: boolean };
type AlignedCell = { parts: Piece[]; rowSpan: number };
type AlignedRow = { y: number; cells: AlignedCell[]; banner?: boolean };

/**
 * The table's rows, line by line: a row's cells; a cell whose text start no row border
 * crosses (a cell merged down) is the cell above.
 */
function alignedRows(lines: PageLine[], cols: Columns): AlignedRow[] {
  const { used } = cols;
  const rows: AlignedRow[] = [];
  let prev: boolean[] = used.map(() => false);
  let above: Array<Segment | undefined> = used.map(() => undefined);
  const banner = banners(lines, used);
  lines.forEach((l, i) => {
    if (banner[i]) {
      // A banner row (its lines joined), apart from the rows above and below.
      const last = rows[rows.length - 1];
      const part = { text: l.segs[0]!.text, glue: false };
      if (last?.banner && i > 0 && banner[i - 1]) last.cells[0]!.parts.push(part);
      else rows.push({ y: l.y, cells: used.map((_, k) => ({ parts: k === 0 ? [part] : [], rowSpan: 1 })), banner: true });
      prev = used.map(() => false);
      above = used.map(() => undefined);
      return;
    }
    const { here, last } = lineCells(l, cols, above);
    above = last;
    const has = here.map((p) => p.length > 0);
    const text = (k: number): string => here[k]!.map((p) => p.text).join(' ');
    const carried = (k: number): boolean => here[k]![0]?.glue ?? false;
    const rules = i > 0 ? cols.ruled(lines[i - 1]!, l) : [];
    // A row starts under a row border, where a cell begins, at a row number, and under a
    // line set all in bold (a header row) where the text is no longer bold.
    const afterBold = i > 0 && lines[i - 1]!.bold && !l.bold;
    const opens = rows.length === 0 || rules.length > 0 || afterBold || has.some((h, k) => h && (!prev[k] || (cols.key[k] && !carried(k) && ROW_NUMBER.test(text(k).trim()))));
    if (opens) {
      const up = rows[rows.length - 1];
      const cells = used.map((_, k) => {
        const merged =
          up &&
          !up.banner &&
          (rules.length > 0
            ? !rules.some(([x1, x2]) => x1 <= used[k]! + 1 && x2 >= used[k]! + 1)
            : cols.labelled[k] && prev[k] && has[k] && (carried(k) || !LABEL.test(text(k))) && !l.bold && !lines[i - 1]!.bold);
        if (!merged) return { parts: [], rowSpan: 1 };
        up.cells[k]!.rowSpan++;
        return up.cells[k]!;
      });
      rows.push({ y: l.y, cells });
    }
    const row = rows[rows.length - 1]!;
    here.forEach((p, k) => row.cells[k]!.parts.push(...p));
    prev = has;
  });
  return rows;
}

/**
 * One line's text by column, each piece marked where it carries on a word cut at the end of
 * the line above in that column; and the line's last segment in each column.
 */
function lineCells(l: PageLine, cols: Columns, above: Array<Segment | undefined>): { here: Piece[][]; last: Array<Segment | undefined> } {
  const { used, edges } = cols;
  const here = used.map(() => [] as Piece[]);
  const last: Array<Segment | undefined> = used.map(() => undefined);
  for (const s of l.segs) {
    const k = columnOf(used, s);
    const top = above[k];
    // The first text of this line in the column may carry on a word cut at the line above's end.
    const glue = !here[k]!.length && !!top && continuesWord(top, s, { left: used[k]!, right: edges[k]! });
    here[k]!.push({ text: s.text, glue });
    last[k] = s;
  }
  return { here, last };
}

/** Rows as the table gives them: texts joined, a merged cell once (on the first row it covers), shading. */
function rowsOut(rows: AlignedRow[], used: number[], fills: Rule[], fs: number): RowOut[] {
  return rows.map((r, ri) => {
    if (r.banner) {
      const text = normalizeSpace(r.cells[0]!.parts.map((p) => p.text).join(' '));
      return { y: r.y, cells: [{ text, paragraphs: [text], colSpan: used.length }] };
    }
    return {
      y: r.y,
      // A merged cell is given once, on the first row it covers.
      cells: r.cells.flatMap((c, k) => (ri === 0 || rows[ri - 1]!.cells[k] !== c ? [{ c, k }] : [])).map(({ c, k }) => {
        const text = normalizeSpace(joinPieces(c.parts, joinLines));
        const shading = shadingAt(fills, used[k]!, used[k + 1], r.y - 0.3 * fs);
        return { text, paragraphs: text ? [text] : [], ...(c.rowSpan > 1 ? { rowSpan: c.rowSpan } : {}), ...(shading ? { shading } : {}) };
      }),
    };
  });
}

/**
 * The colour of a shaded box behind a cell of a table without vertical rules: the box holds
 * the column's text start (and ends before the next column's) and the row's first line.
 * Word and LibreOffice shade the whole cell, so an empty cell (a RAG given by colour alone)
 * is found by its row and column.
 */
function shadingAt(fills: Rule[], x: number, nextX: number | undefined, y: number): string | undefined {
  for (const f of fills) {
    if (f.x1 > x + 1 || f.x2 < x + 2 || (nextX !== undefined && f.x2 > nextX + 1)) continue;
    if (y >= f.y1 && y <= f.y2) return f.fill;
  }
  return undefined;
}

/** Lines on which runs start at one x after a gap inside their segment, before that x cuts segments. */
const GUTTER_SUPPORT = 3;
/** A gap before a run, in font sizes, wider than a space: the edge of a gutter. */
const GUTTER_GAP = 0.3;
/** Of the lines between the first and last start at a gutter, at most this share may run across it. */
const GUTTER_CROSSING = 0.2;

/**
 * Segments cut at narrow gutters. A word processor writes each line of a cell as its own
 * run; where the gutter between two columns is narrower than the gap that splits a line into
 * segments (lines.ts), the cells of a line come joined in one segment. A column shows in the
 * text's own alignment down the table: an x where segments or runs after a gap start on
 * three lines or more (a page of long wrapped cells holds few rows), and which the text of the
 * plain lines in between does not run across (the gutter stays empty; bold lines, banners and
 * headers, may span it). Such an x cuts every segment with a run starting there after a gap.
 */
export function cutAtGutters(lines: PageLine[]): PageLine[] {
  if (!lines.some((l) => l.segs.some((s) => s.runs))) return lines;
  const cuts = gutterCuts(lines, startGroups(lines));
  if (!cuts.length) return lines;
  return lines.map((l) => splitRuns(l, cuts)).map((l) => cutSegments(l, cuts));
}

const runsOf = (s: Segment): SegmentRun[] => s.runs ?? [{ x: s.x, x2: s.x2, text: s.text, bold: s.bold, space: false }];

/** Where a segment, or a run after a gap inside one, starts: grouped by x (within 2 pt), with the lines they are on. */
function startGroups(lines: PageLine[]): { x: number; lines: number[] }[] {
  const starts: { x: number; line: number }[] = [];
  lines.forEach((l, i) => {
    for (const s of l.segs) {
      starts.push({ x: s.x, line: i });
      s.runs?.forEach((r, k) => {
        if (k > 0 && r.x - s.runs![k - 1]!.x2 > GUTTER_GAP * s.fontSize) starts.push({ x: r.x, line: i });
      });
    }
  });
  starts.sort((a, b) => a.x - b.x);
  const groups: { x: number; lines: number[] }[] = [];
  for (const st of starts) {
    const g = groups[groups.length - 1];
    if (g && st.x - g.x <= 2) g.lines.push(st.line);
    else groups.push({ x: st.x, lines: [st.line] });
  }
  return groups;
}

/** The gutters: starts on enough lines that the plain lines between them do not run across. */
function gutterCuts(lines: PageLine[], groups: { x: number; lines: number[] }[]): number[] {
  const cuts: number[] = [];
  for (const g of groups) {
    if (new Set(g.lines).size < GUTTER_SUPPORT) continue;
    const from = Math.min(...g.lines);
    const to = Math.max(...g.lines);
    let support = 0;
    let crossed = 0;
    for (let i = from; i <= to; i++) {
      const l = lines[i]!;
      if (l.segs.some((s) => runsOf(s).some((r) => Math.abs(r.x - g.x) <= 2))) support++;
      else if (!l.bold && l.segs.some((s) => runsOf(s).some((r) => r.x < g.x - 2 && r.x2 > g.x + 2))) crossed++;
    }
    if (crossed <= GUTTER_CROSSING * support) cuts.push(g.x);
  }
  return cuts;
}

/**
 * A row of one-line cells (a header row) may come as one run, the cells joined by a space
 * (pdfjs joins text drawn one after another on a line). In a line of three segments or more,
 * a run across one gutter, its text ending before the next, is cut at the space nearest
 * to where the gutter falls in it. (A banner runs across several gutters on a line of its own.)
 */
function splitRuns(l: PageLine, cuts: number[]): PageLine {
  if (l.segs.length < MIN_COLUMNS) return l;
  let changed = false;
  const segs = l.segs.map((s) => {
    const runs = runsOf(s).flatMap((r) => {
      const across = cuts.filter((x) => r.x < x - 2 && r.x2 > x + 2);
      if (across.length !== 1) return [r];
      const x = across[0]!;
      const next = cuts.find((c) => c > x + 2);
      if (next !== undefined && r.x2 > next) return [r];
      const at = (r.text.length * (x - r.x)) / (r.x2 - r.x);
      let best = -1;
      for (let i = r.text.indexOf(' '); i >= 0; i = r.text.indexOf(' ', i + 1)) if (best < 0 || Math.abs(i - at) < Math.abs(best - at)) best = i;
      if (best <= 0 || !r.text.slice(best + 1).trim()) return [r];
      changed = true;
      return [
        { ...r, x2: x - GUTTER_GAP * s.fontSize - 1, text: r.text.slice(0, best) },
        { ...r, x, text: r.text.slice(best + 1), space: false },
      ];
    });
    return runs.length === runsOf(s).length ? s : { ...s, runs };
  });
  return changed ? { ...l, segs } : l;
}

/** The line's segments cut where a run starts at a gutter after a gap. */
function cutSegments(l: PageLine, cuts: number[]): PageLine {
  if (!l.segs.some((s) => s.runs)) return l;
  const segs = l.segs.flatMap((s) => {
    if (!s.runs) return [s];
    const out: SegmentRun[][] = [[]];
    s.runs.forEach((r, k) => {
      if (k > 0 && r.x - s.runs![k - 1]!.x2 > GUTTER_GAP * s.fontSize && cuts.some((x) => Math.abs(r.x - x) <= 2)) out.push([]);
      out[out.length - 1]!.push(r);
    });
    return out.length === 1 ? [s] : out.map((rs) => segmentOf(s, rs)).filter((p) => p.text);
  });
  return segs.length === l.segs.length ? l : { ...l, segs };
}

/** A piece of segment `s` made of some of its runs. */
function segmentOf(s: Segment, runs: SegmentRun[]): Segment {
  const text = runs.map((r, k) => (k > 0 && r.space ? ' ' : '') + r.text).join('').replace(/\s+/g, ' ').trim();
  const chars = runs.reduce((n, r) => n + r.text.trim().length, 0);
  const bold = runs.reduce((n, r) => n + (r.bold ? r.text.trim().length : 0), 0);
  return { x: runs[0]!.x, x2: Math.max(...runs.map((r) => r.x2)), text, fontSize: s.fontSize, bold: chars > 0 && bold >= 0.9 * chars, ...(runs.length > 1 ? { runs } : {}) };
}

/**
 * Borderless tables among a page's lines: each as [first line, last line, table]. Empty
 * when the page has no text aligned in three or more columns.
 */
export function alignedTables(lines: PageLine[], ruled: Ruled = () => [], fills: Rule[] = []): Array<{ from: number; to: number; table: TableUnit }> {
  const cells = cutAtGutters(lines).map(splitMarker);
  const starts = columnStarts(cells);
  if (starts.length < MIN_COLUMNS) return [];
  return runs(cells, starts).map(([from, to]) => ({ from, to, table: { ...buildAligned(cells.slice(from, to + 1), starts, ruled, fills), lines: lines.slice(from, to + 1) } }));
}

/**
 * A line whose first segment is a marker joined to the text after it ("ii. Develop an
 * access ...", read as a hanging indent) with the text set apart: in a table the marker
 * is a cell of a narrow number column.
 */
function splitMarker(l: PageLine): PageLine {
  const first = l.segs[0];
  if (l.bodyX === undefined || !first || l.bodyX <= first.x) return l;
  const at = first.text.indexOf(' ');
  if (at < 0) return l;
  const marker: Segment = { ...first, x2: Math.min(l.bodyX - 1, first.x + at * 0.6 * first.fontSize), text: first.text.slice(0, at) };
  const body: Segment = { ...first, x: l.bodyX, text: first.text.slice(at + 1) };
  return { ...l, segs: [marker, body, ...l.segs.slice(1)] };
}
