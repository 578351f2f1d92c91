/**
 * A report's publication date where the document prints none (full ILACS and SIF reports never
 * do): an estimate, flagged by its source.
 *
 * 1. `pdf_created`: the working day after the PDF's own creation date (Info /CreationDate), when
 *    that date is plausible: on or after the last day of the inspection and at most
 *    MAX_DAYS_AFTER_INSPECTION days after it. Why: Ofsted makes the PDF just before it publishes.
 *    Measured on the 132 corpus reports that carry a creation date (their file names are their
 *    publication dates): publication fell on the next working day after creation for 91, within
 *    0-5 working days for 126, and 7 and 24 working days after for two; four PDFs were made again
 *    after publication (3, 6, 22 and 154 working days later). None was created before the
 *    inspection ended. The longest real gap from the inspection's end to publication in the
 *    corpus is 139 days; a creation date more than six months after the inspection is taken
 *    for a file re-made later (the Isles of Scilly 2016 report's PDF is dated February 2017)
 *    and not used.
 * 2. `inspection_end`: the last day of the inspection, the last resort.
 * Otherwise none (a document with no inspection dates).
 */
import type { DocumentInfo, PublicationSource } from '../model/document.js';
import { addWorkingDays, daysBetween } from '../util/working-days.js';

/** A creation date later than this many days after the inspection ended is not taken for the publication's. */
export const MAX_DAYS_AFTER_INSPECTION = 183;

/** The estimated publication date of an inspection report that prints none, and its source; null when it has no date to estimate from. */
export function estimatedPublication(
  info: Pick<DocumentInfo, 'kind' | 'publicationDate' | 'inspectionEnd'>,
  created: string | null | undefined,
): { date: string; source: Extract<PublicationSource, 'pdf_created' | 'inspection_end'> } | null {
  if (info.kind !== 'inspection_report' || info.publicationDate || !info.inspectionEnd) return null;
  const end = info.inspectionEnd;
  if (created && created >= end && daysBetween(end, created) <= MAX_DAYS_AFTER_INSPECTION) {
    return { date: addWorkingDays(created, 1), source: 'pdf_created' };
  }
  return { date: end, source: 'inspection_end' };
}
