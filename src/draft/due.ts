/**
 * When the plan answering a document is due: the one rule set of src/query/deadlines.ts
 * (data/deadlines.json: 70 working days after a graded full report; after a focused visit with
 * priority actions a draft in 20 and the plan in 70; a SEND report what it asks), in words for
 * the template's header.
 */
import type { OfstedDocument } from '../model/document.js';
import { addWorkingDays, deadlineOf } from '../query/deadlines.js';

export { addWorkingDays };

export interface PlanDue {
  /** ISO date the plan is due, or null when no rule applies or the document gives no date. */
  date: string | null;
  /** The draft plan's date where the rule asks for one first (focused visits with priority actions). */
  draftDate: string | null;
  /** How it was counted, in words ("70 working days after 24 February 2023 (publication)"). */
  basis: string;
}

export function planDueDate(doc: Pick<OfstedDocument, 'document' | 'judgements' | 'recommendations' | 'paragraphs'>): PlanDue {
  const info = doc.document;
  const d = deadlineOf({
    kind: info.kind,
    framework: info.framework,
    publicationDate: info.publicationDate,
    inspectionEnd: info.inspectionEnd,
    graded: doc.judgements.length > 0,
    priorityActions: doc.recommendations.filter((r) => r.kind === 'priority_action').length,
    outcome: doc.judgements.find((j) => j.area === 'send_outcome')?.grade ?? null,
    texts: [...doc.paragraphs.map((p) => p.text), ...doc.recommendations.map((r) => r.text)],
  });
  if (!d) {
    const why = info.publicationDate ?? info.inspectionEnd ? 'no deadline rule applies to this document (data/deadlines.json)' : 'the document gives no date to count from';
    return { date: null, draftDate: null, basis: why };
  }
  const what = d.basis === 'publication' ? 'publication' : 'last day of the inspection';
  const draft = d.draftDue ? `; a draft by ${longDate(d.draftDue)}` : '';
  return { date: d.planDue, draftDate: d.draftDue, basis: `${d.workingDays} working days after ${longDate(d.from)} (${what}), England's bank holidays excluded${draft} (rule ${d.rule})` };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export function longDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}
