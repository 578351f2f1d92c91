/** Date parsing for reports ("14 September 2015") and plans ("31.12.12", "Nov 2014", "end February 2012"). */

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10, nov: 11, november: 11,
  dec: 12, december: 12,
};
export const MONTH_RE = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';

export function monthNumber(name: string): number | null {
  return MONTHS[name.toLowerCase().replace(/\.$/, '')] ?? null;
}

/** A calendar date as YYYY-MM-DD; null when there is none (a year outside 1000-9999, month 13, 30 February). */
export function iso(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || y < 1000 || y > 9999) return null;
  if (m < 1 || m > 12 || d < 1) return null;
  if (d > daysInMonth(y, m)) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** "14 September 2015", "1st October 2018" -> ISO; null when not a full date. */
export function parseLongDate(s: string): string | null {
  const m = new RegExp(`^(\\d{1,2})(?:st|nd|rd|th)?\\s+(${MONTH_RE})\\.?,?\\s+(\\d{4})$`, 'i').exec(s.trim());
  if (!m) return null;
  return iso(Number(m[3]), monthNumber(m[2]!)!, Number(m[1]));
}

export interface DateRange {
  start: string | null;
  end: string | null;
}

/**
 * An inspection's dates as Ofsted prints them: "8 October to 12 October 2018", "9 to 13 June
 * 2025", "9–24 November 2017", "29 April – 21 May 2014", "14 September 2015 – 8 October 2015",
 * "30 December 2024 to 3 January 2025". Where a main visit and a later follow-up are given, the end
 * is the last day named. Parts without month or year take them from the next part that has them;
 * a part whose month comes after the next part's is in the year before ("29 December to 2 January
 * 2025": 2024-12-29). A range that prints no year at all ("29 December to 2 January") takes it from
 * `before`, the date it cannot end after (a letter's own date: its last day is the latest such day on
 * or before it); without `before` it gives no dates.
 */
export function parseDateRange(s: string, opts: { before?: string | null } = {}): DateRange {
  const re = new RegExp(`(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+(${MONTH_RE})\\.?)?(?:,?\\s+(\\d{4}))?`, 'gi');
  const parts: Array<{ d: number; m: number | null; y: number | null }> = [];
  for (const m of s.matchAll(re)) {
    const d = Number(m[1]);
    if (d < 1 || d > 31) continue;
    // A bare number that is really a year fragment is skipped by requiring <= 31.
    parts.push({ d, m: m[2] ? monthNumber(m[2]) : null, y: m[3] ? Number(m[3]) : null });
  }
  if (parts.length === 0) return { start: null, end: null };
  const last = parts[parts.length - 1]!;
  if (last.y === null && last.m !== null && opts.before && /^\d{4}-\d{2}-\d{2}$/.test(opts.before)) {
    const year = Number(opts.before.slice(0, 4));
    const same = iso(year, last.m, last.d);
    last.y = same !== null && same <= opts.before ? year : year - 1;
  }
  // Fill month and year backwards from the later parts.
  for (let i = parts.length - 2; i >= 0; i--) {
    const p = parts[i]!;
    const next = parts[i + 1]!;
    if (p.m === null) p.m = next.m;
    if (p.y === null) p.y = next.y === null ? null : next.m !== null && p.m !== null && p.m > next.m ? next.y - 1 : next.y;
  }
  const toIso = (p: (typeof parts)[number]) => (p.m && p.y ? iso(p.y, p.m, p.d) : null);
  const valid = parts.map(toIso).filter((x): x is string => x !== null);
  if (valid.length === 0) return { start: null, end: null };
  return { start: valid[0]!, end: valid[valid.length - 1]! };
}

/** Calendar days between two ISO dates: the one definition, in src/util/working-days.ts. */
export { daysBetween } from '../util/working-days.js';
