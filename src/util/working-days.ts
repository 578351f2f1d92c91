/**
 * Working days in England: Monday to Friday, less England's public holidays as the maintained
 * `date-holidays` package gives them (new Holidays('GB', 'ENG'), type 'public': the extra bank
 * holidays of 2022 and 2023 included). The one calendar every deadline and estimate counts with.
 */
import Holidays from 'date-holidays';

let holidays: Holidays | undefined;
const holidayCache = new Map<number, Set<string>>();
/** England's public holidays of a year, as YYYY-MM-DD. */
export function bankHolidays(year: number): Set<string> {
  let set = holidayCache.get(year);
  if (!set) {
    holidays ??= new Holidays('GB', 'ENG');
    set = new Set(holidays.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    holidayCache.set(year, set);
  }
  return set;
}

const utc = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

export function isWorkingDay(day: string): boolean {
  const d = utc(day);
  const wd = d.getUTCDay();
  return wd !== 0 && wd !== 6 && !bankHolidays(d.getUTCFullYear()).has(day);
}

/** Results of addWorkingDays (a page of deadlines asks for the same few dates again and again); emptied past 10,000. */
const added = new Map<string, string>();

/** The n-th working day after `from` (from itself not counted). */
export function addWorkingDays(from: string, n: number): string {
  const key = `${from}+${n}`;
  const known = added.get(key);
  if (known !== undefined) return known;
  if (added.size >= 10_000) added.clear();
  const out = countWorkingDays(from, n);
  added.set(key, out);
  return out;
}

function countWorkingDays(from: string, n: number): string {
  const d = utc(from);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(iso(d))) left--;
  }
  return iso(d);
}

/** Calendar days from `a` to `b` (negative when b is earlier). */
export const daysBetween = (a: string, b: string): number => Math.round((utc(b).getTime() - utc(a).getTime()) / 86_400_000);
