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

export function iso(y: number, m: number, d: number): string | null {
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
 * 2025", "9–24 November 2017", "29 April – 21 May 2014", "14 September 2015 – 8 October 2015".
 * Where a main visit and a later follow-up are given, the end is the last day named.
 * Parts without month or year take them from the next part that has them.
 */
export function parseDateRange(s: string): DateRange {
  const re = new RegExp(`(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+(${MONTH_RE})\\.?)?(?:,?\\s+(\\d{4}))?`, 'gi');
  const parts: Array<{ d: number; m: number | null; y: number | null }> = [];
  for (const m of s.matchAll(re)) {
    const d = Number(m[1]);
    if (d < 1 || d > 31) continue;
    // A bare number that is really a year fragment is skipped by requiring <= 31.
    parts.push({ d, m: m[2] ? monthNumber(m[2]) : null, y: m[3] ? Number(m[3]) : null });
  }
  if (parts.length === 0) return { start: null, end: null };
  // Fill month and year backwards from the later parts.
  for (let i = parts.length - 2; i >= 0; i--) {
    const p = parts[i]!;
    const next = parts[i + 1]!;
    if (p.m === null) p.m = next.m;
    if (p.y === null) p.y = next.m !== null && p.m !== null && p.m > next.m ? (next.y ?? 0) - 1 : next.y;
  }
  const toIso = (p: (typeof parts)[number]) => (p.m && p.y ? iso(p.y, p.m, p.d) : null);
  const valid = parts.map(toIso).filter((x): x is string => x !== null);
  if (valid.length === 0) return { start: null, end: null };
  return { start: valid[0]!, end: valid[valid.length - 1]! };
}

export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(b) - Date.parse(a)) / 86_400_000);
}
