/**
 * Due dates as plans write them: "31.12.12", "30/09/12", "27.9.12.", "Nov 2014", "Nov2014",
 * "end February 2012", "March 12", "Oct 2014 Quarterly", "May 2014 to March 2016",
 * "Ongoing to May 2013", "Q3 2024/25" (a financial-year quarter: its last day). `raw` is always kept; `date` is an ISO date when the text names
 * one (a month alone -> its last day; a range -> its end), null for "Ongoing", "Quarterly",
 * "Immediate", "Annual".
 */
import { MONTH_RE, daysInMonth, iso, monthNumber } from '../dates.js';
import { mendBrokenWords } from '../../util/text.js';

export interface Due {
  raw: string | null;
  date: string | null;
}

/** The century a two-digit year belongs to, from the plan's own dates (default 2000). */
export interface Era {
  century: number;
}

export const DEFAULT_ERA: Era = { century: 2000 };

/** The plan's era: the century of the four-digit years it names (title, dates, text). */
export function inferEra(texts: string[]): Era {
  const counts = new Map<number, number>();
  for (const t of texts) {
    for (const m of t.matchAll(/\b(19|20)\d{2}\b/g)) {
      const c = Number(m[1]) * 100;
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
  }
  let best = DEFAULT_ERA.century;
  let n = 0;
  for (const [c, k] of counts) if (k > n) [best, n] = [c, k];
  return { century: best };
}

const year = (y: string, era: Era): number => (y.length === 2 ? era.century + Number(y) : Number(y));

const NUMERIC = /\b(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})\b/g;
const MONTH_YEAR = new RegExp(`\\b(?:(\\d{1,2})(?:st|nd|rd|th)?\\s*)?(${MONTH_RE})\\.?,?\\s*(\\d{4}|\\d{2})\\b(?!\\s*(?:st|nd|rd|th)\\b)`, 'gi');

interface Found {
  index: number;
  date: string;
}

/** Every date the text names, in order. */
export function findDates(text: string, era: Era = DEFAULT_ERA): Found[] {
  const found: Found[] = [];
  for (const m of text.matchAll(NUMERIC)) {
    const d = iso(year(m[3]!, era), Number(m[2]), Number(m[1]));
    if (d) found.push({ index: m.index!, date: d });
    else {
      // "31.9.12": a day the month does not have -> the month's last day, as the plan surely meant.
      const y = year(m[3]!, era);
      const mo = Number(m[2]);
      if (mo >= 1 && mo <= 12 && Number(m[1]) >= 1 && Number(m[1]) <= 31) found.push({ index: m.index!, date: iso(y, mo, daysInMonth(y, mo))! });
    }
  }
  for (const m of text.matchAll(MONTH_YEAR)) {
    if (found.some((f) => Math.abs(f.index - m.index!) < 3)) continue;
    const mo = monthNumber(m[2]!);
    if (!mo) continue;
    const y = year(m[3]!, era);
    const d = m[1] ? iso(y, mo, Number(m[1])) : iso(y, mo, daysInMonth(y, mo));
    if (d) found.push({ index: m.index!, date: d });
  }
  // "Q3 2024/25", "Q1 2025-26", "Q4 24/25": a quarter of a financial year (April to March) -> the quarter's last day.
  for (const m of text.matchAll(FY_QUARTER)) {
    const start = year(m[2]!, era);
    const next = year(m[3]!.slice(-2), { century: Math.floor(start / 100) * 100 });
    if (next !== start + 1) continue;
    const q = Number(m[1]);
    const [y, mo] = q === 4 ? [start + 1, 3] : [start, 3 + 3 * q];
    found.push({ index: m.index!, date: iso(y, mo, daysInMonth(y, mo))! });
  }
  return found.sort((a, b) => a.index - b.index);
}

const FY_QUARTER = /\bQ([1-4])\s*(?:of\s+)?(\d{4}|\d{2})\s*[/-]\s*(\d{4}|\d{2})\b/gi;

/**
 * A due cell -> { raw, date }. With several dates the last is the deadline ("May 2014 to
 * March 2016", "Sept 2014 Report Dec 2014"); "Immediate"/"Ongoing"/"Quarterly" alone give null.
 */
export function parseDue(raw: string | null | undefined, era: Era = DEFAULT_ERA): Due {
  const r = mendBrokenWords(raw?.replace(/\s+/g, ' ').trim() ?? '', isDueWord);
  if (!r) return { raw: null, date: null };
  const dates = findDates(r, era);
  return { raw: r, date: dates.length ? dates[dates.length - 1]!.date : null };
}

/** A word of a due cell: a month's name or a timing word ("Immediate", "Ongoing"). */
const DUE_WORD = new RegExp(`^(?:${MONTH_RE}|immediate(?:ly)?|ongoing|quarterly|monthly|annual(?:ly)?|weekly)$`, 'i');
const isDueWord = (w: string): boolean => DUE_WORD.test(w);

const TOKEN = new RegExp(
  `\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}\\.?|(?:end\\s+)?(?:${MONTH_RE})\\.?\\s*\\d{2,4}|ongoing to [A-Za-z]+ \\d{4}|ongoing|immediate(?:ly)?|quarterly|annual(?:ly)?|monthly`,
  'gi',
);

/**
 * Split a due cell that holds one date per action ("27.9.12 31.10.12 31.12.12") into its
 * dates; null when it holds anything else (then it is not split).
 */
export function dueTokens(s: string): string[] | null {
  const tokens = s.match(TOKEN) ?? [];
  return s.replace(TOKEN, '').replace(/[\s,;&/-]+/g, '') ? null : tokens.map((t) => t.trim());
}
