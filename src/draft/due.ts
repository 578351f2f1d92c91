/**
 * When the plan answering a document is due: the one rule set of src/query/deadlines.ts
 * (data/deadlines.json: 70 working days after a graded full report; after a focused visit with
 * priority actions a draft in 20 and the plan in 70; a SEND report what it asks), in words for
 * the template's header.
 */
import type { OfstedDocument } from '../model/document.js';
import { addWorkingDays, deadlineBasisText, deadlineFacts, deadlineOf } from '../query/deadlines.js';

export { addWorkingDays };

export interface PlanDue {
  /** ISO date the plan is due, or null when no rule applies or the document gives no date. */
  date: string | null;
  /** The draft plan's date where the rule asks for one first (focused visits with priority actions). */
  draftDate: string | null;
  /** The due date rests on an estimated publication date (the PDF's creation date, or the inspection's end). */
  estimated: boolean;
  /** How it was counted, in words ("70 working days from publication (printed in the document) 2023-02-24, ..."). */
  basis: string;
}

/** The plan's due date for a document: the facts and rules of src/query/deadlines.ts, as `query deadlines` gives them. */
export function planDueDate(doc: Pick<OfstedDocument, 'document' | 'judgements' | 'recommendations' | 'paragraphs'>): PlanDue {
  const info = doc.document;
  const d = deadlineOf(deadlineFacts(doc));
  if (!d) {
    const why = info.publicationDate ?? info.inspectionEnd ? 'no deadline rule applies to this document (data/deadlines.json)' : 'the document gives no date to count from';
    return { date: null, draftDate: null, estimated: false, basis: why };
  }
  const draft = d.draftDue ? `; a draft by ${longDate(d.draftDue)}` : '';
  return { date: d.planDue, draftDate: d.draftDue, estimated: d.estimated, basis: `${d.what}: ${deadlineBasisText(d)}, England's bank holidays excluded${draft} (rule ${d.rule})` };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}
