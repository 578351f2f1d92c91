/**
 * Text items -> visual lines. Items are clustered by vertical overlap (so superscripts
 * join their line but a vertically centred table cell beside a two-line cell does not),
 * ordered by x, and split into segments where the horizontal gap is large (table
 * columns, side-by-side blocks). O(n log n) per page.
 */
import type { PageLine, RawItem, Segment, SegmentRun } from './types.js';
import { isBulletGlyph } from './run-text.js';

/** Gap (in font sizes) above which a line splits into separate segments. */
export const SEGMENT_GAP = 1.0;
/** Gap (in font sizes) above which two runs get a space between them. */
const SPACE_GAP = 0.15;

interface Group {
  y: number;
  fs: number;
  items: RawItem[];
}

const spanTop = (y: number, fs: number) => y - 0.8 * fs;
const spanBottom = (y: number, fs: number) => y + 0.2 * fs;

function overlaps(g: Group, it: RawItem): boolean {
  const top = Math.max(spanTop(g.y, g.fs), spanTop(it.y, it.fontSize));
  const bottom = Math.min(spanBottom(g.y, g.fs), spanBottom(it.y, it.fontSize));
  return bottom - top >= 0.5 * Math.min(g.fs, it.fontSize);
}

// "12." "3)" "(a)" "iv." and bullets: a marker set apart from its text by a hanging indent.
const MARKER_RE = /^(\(?\d{1,3}(\.\d{1,3})*[.)]|\(?[a-z]{1,4}[.)]|\([a-z0-9]{1,4}\))$/i;

export function isMarker(text: string): boolean {
  return MARKER_RE.test(text) || isBulletGlyph(text);
}

export function buildLines(items: RawItem[], page: number): PageLine[] {
  const sorted = items.filter((i) => i.text.trim() !== '').sort((a, b) => a.y - b.y || a.x - b.x);
  const groups: Group[] = [];
  for (const it of sorted) {
    // Only the last few groups can overlap: items come in baseline order.
    let target: Group | null = null;
    for (let k = groups.length - 1; k >= 0 && k >= groups.length - 3; k--) {
      if (overlaps(groups[k], it)) {
        target = groups[k];
        break;
      }
    }
    if (!target) {
      groups.push({ y: it.y, fs: it.fontSize, items: [it] });
      continue;
    }
    target.items.push(it);
    if (it.fontSize > target.fs * 1.05 || (Math.abs(it.fontSize - target.fs) < 0.05 * target.fs && it.y > target.y)) {
      // The line's reference is its largest text (and lowest baseline among equals).
      if (it.fontSize > target.fs * 1.05) target.y = it.y;
      target.fs = Math.max(target.fs, it.fontSize);
    }
  }
  groups.sort((a, b) => a.y - b.y);
  const lines: PageLine[] = [];
  for (const g of groups) {
    const line = groupToLine(g, page);
    if (line) lines.push(line);
  }
  return lines;
}

/** A run as a segment keeps it: its right edge at its last character (a run may end in the space at a line's wrap). */
function runOf(it: RawItem, space: boolean): SegmentRun {
  const trimmed = it.text.trimEnd().length;
  const x2 = trimmed < it.text.length && it.text.length > 0 ? it.x + (it.width * trimmed) / it.text.length : it.x + it.width;
  return { x: it.x, x2, text: it.text, bold: it.bold, space };
}

function groupToLine(g: Group, page: number): PageLine | null {
  const items = g.items.sort((a, b) => a.x - b.x);
  const segs: Segment[] = [];
  type Building = Segment & { boldChars: number; chars: number; fsChars: number; parts: SegmentRun[] };
  let cur: Building | null = null;
  let prev: RawItem | null = null;
  let markerBodyX: number | undefined;
  for (const it of items) {
    // Superscript footnote references ("Board¹") are dropped; other superscripts join.
    const superscript = it.fontSize < 0.8 * g.fs && g.y - it.y > 0.15 * g.fs;
    if (superscript && /^\s*[\d*†‡§]+\s*$/.test(it.text)) continue;
    // Fake bold: the same run drawn twice with a tiny offset.
    if (prev && it.text === prev.text && Math.abs(it.x - prev.x) < 0.25 * it.fontSize) {
      if (cur) cur.boldChars = cur.chars;
      continue;
    }
    // The first run is a marker ("10.", "•") and this run its text: keep them apart by a space.
    const afterMarker = !!prev && markerBodyX === undefined && segs.length === 1 && segs[0].text.trim() === prev.text.trim() && isMarker(prev.text.trim());
    if (afterMarker) markerBodyX = it.x;
    const fs = Math.max(it.fontSize, prev?.fontSize ?? 0);
    const gap = cur ? it.x - cur.x2 : 0;
    if (!cur || gap > SEGMENT_GAP * fs) {
      cur = { x: it.x, x2: it.x + it.width, text: it.text, fontSize: it.fontSize, bold: false, boldChars: 0, chars: 0, fsChars: 0, parts: [] };
      cur.parts.push(runOf(it, false));
      segs.push(cur);
    } else {
      const needSpace = (afterMarker || gap > SPACE_GAP * fs) && !/\s$/.test(cur.text) && !/^\s/.test(it.text);
      cur.text += (needSpace ? ' ' : '') + it.text;
      cur.x2 = Math.max(cur.x2, it.x + it.width);
      cur.parts.push(runOf(it, needSpace));
    }
    const n = it.text.replace(/\s/g, '').length;
    cur.chars += n;
    cur.fsChars += n * it.fontSize;
    if (it.bold) cur.boldChars += n;
    prev = it;
  }
  const out: Segment[] = [];
  for (const s of segs as Building[]) {
    const text = s.text.replace(/\s+/g, ' ').trim();
    if (!text) continue;
    out.push({ x: s.x, x2: s.x2, text, fontSize: s.chars ? s.fsChars / s.chars : s.fontSize, bold: s.chars > 0 && s.boldChars >= 0.9 * s.chars, ...(s.parts.length > 1 ? { runs: s.parts } : {}) });
  }
  if (out.length === 0) return null;
  // A list/paragraph marker with a hanging indent is part of its text, not a cell.
  let bodyX: number | undefined = markerBodyX;
  if (out.length >= 2 && isMarker(out[0].text) && out[1].x - out[0].x2 < 4 * out[0].fontSize) {
    const [m, t] = out.splice(0, 2);
    bodyX = t.x;
    const runsOf = (g: Segment): SegmentRun[] => g.runs ?? [{ x: g.x, x2: g.x2, text: g.text, bold: g.bold, space: false }];
    const runs = [...runsOf(m), ...runsOf(t).map((r, i) => (i === 0 ? { ...r, space: true } : r))];
    out.unshift({ x: m.x, x2: t.x2, text: `${m.text} ${t.text}`, fontSize: t.fontSize, bold: t.bold, runs });
  }
  let chars = 0;
  let fsChars = 0;
  let bold = 0;
  for (const s of out) {
    chars += s.text.length;
    fsChars += s.text.length * s.fontSize;
    if (s.bold) bold += s.text.length;
  }
  return {
    page,
    y: g.y,
    x: out[0].x,
    x2: out[out.length - 1].x2,
    fontSize: Math.round((fsChars / chars) * 10) / 10,
    bold: bold >= 0.9 * chars,
    segs: out,
    ...(bodyX !== undefined ? { bodyX } : {}),
    text: out.map((s) => s.text).join(' '),
  };
}
