/**
 * When the plan answering a document is due. A minimal stand-in for src/deadlines/ (issue 17
 * item 3, written by another helper): the lead swaps `planDueDate` for that module's function
 * when both are merged; nothing else in src/draft/ computes dates.
 *
 * Rule used here: the plan is due 70 working days after the document was published (after the
 * inspection's last day when no publication date was read), working days being Monday to
 * Friday except England's public (bank) holidays, from the maintained `date-holidays` library.
 * Ofsted's guidance gives 70 working days for the plan after a graded inspection and after a
 * focused visit with priority actions.
 */
import Holidays from 'date-holidays';
import type { DocumentInfo } from '../model/document.js';

export interface PlanDue {
  /** ISO date the plan is due, or null when the document gives no date to count from. */
  date: string | null;
  /** How it was counted, in words ("70 working days after 24 February 2023 (inspection end)"). */
  basis: string;
}

const WORKING_DAYS = 70;
let holidays: Holidays | null = null;

function isBankHoliday(iso: string): boolean {
  holidays ??= new Holidays('GB', 'ENG');
  const hits = holidays.isHoliday(new Date(`${iso}T12:00:00Z`));
  return Array.isArray(hits) && hits.some((h) => h.type === 'public' || h.type === 'bank');
}

/** `days` working days after an ISO date (the date itself not counted). */
export function addWorkingDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  let left = days;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    const day = d.getUTCDay();
    if (day === 0 || day === 6) continue;
    if (isBankHoliday(d.toISOString().slice(0, 10))) continue;
    left--;
  }
  return d.toISOString().slice(0, 10);
}

export function planDueDate(info: Pick<DocumentInfo, 'publicationDate' | 'inspectionEnd' | 'inspectionStart'>): PlanDue {
  const from = info.publicationDate ?? info.inspectionEnd ?? info.inspectionStart;
  if (!from) return { date: null, basis: 'the document gives no date to count from' };
  const what = info.publicationDate ? 'publication' : info.inspectionEnd ? 'last day of the inspection' : 'first day of the inspection';
  return { date: addWorkingDays(from, WORKING_DAYS), basis: `${WORKING_DAYS} working days after ${longDate(from)} (${what}), England's bank holidays excluded` };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}
