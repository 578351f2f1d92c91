/**
 * A publication date given from outside the document: by the person importing it (`ofsted import
 * --published YYYY-MM-DD`, source `user`) or by Ofsted's listing (`ofsted fetch`, source
 * `ofsted_listing`). The one place that decides whether such a date is accepted and whether it
 * replaces the date the document already has.
 *
 * - Refused (the file fails, with a one-line reason): not a real YYYY-MM-DD date; after today; before
 *   the last day of the inspection; for a document that is not an inspection report or letter.
 * - Ranked by PUBLICATION_SOURCES (printed, ofsted_listing, user, pdf_created, inspection_end: most
 *   trusted first): a given date replaces the document's when its source ranks the same or higher.
 *   A printed date is never replaced; a lower-ranked given date that differs is kept out with a
 *   warning (so a date typed by hand never overrides Ofsted's listing, and a re-import with a new
 *   `--published` corrects an earlier one).
 */
import { PUBLICATION_SOURCES, type OfstedDocument, type PublicationSource, type Warning } from '../model/document.js';

/** A date given for a file, and who gave it. */
export interface GivenPublication {
  date: string;
  source: Extract<PublicationSource, 'user' | 'ofsted_listing'>;
}

/** Given dates by file: keys are absolute paths (path.resolve of the input). */
export type PublishedDates = Map<string, GivenPublication>;

const rank = (s: PublicationSource | null): number => (s === null ? PUBLICATION_SOURCES.length : PUBLICATION_SOURCES.indexOf(s));

/** Is `v` a real calendar date written YYYY-MM-DD? */
export function isIsoDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

type Info = Pick<OfstedDocument['document'], 'kind' | 'framework' | 'inspectionEnd' | 'publicationDate' | 'publicationDateSource'>;

export type GivenOutcome =
  /** The document's date and source as they should now be stored (`changed` false: nothing to write). */
  | { ok: true; changed: boolean; date: string | null; source: PublicationSource | null; warning: Warning | null }
  | { ok: false; reason: string };

/** What a given date makes of a document's publication date (`today`: YYYY-MM-DD, UTC). */
export function givenPublication(info: Info, given: GivenPublication, today: string): GivenOutcome {
  const what = given.source === 'user' ? '--published' : 'the listing\'s publication date';
  if (!isIsoDate(given.date)) return { ok: false, reason: `${what} ${given.date} is not a date YYYY-MM-DD` };
  if (given.date > today) return { ok: false, reason: `${what} ${given.date} is in the future` };
  if (info.kind !== 'inspection_report') return { ok: false, reason: `${what} is for an inspection report or letter; this file is read as ${info.kind.replace(/_/g, ' ')}` };
  if (info.inspectionEnd && given.date < info.inspectionEnd) {
    return { ok: false, reason: `${what} ${given.date} is before the inspection ended (${info.inspectionEnd})` };
  }
  const keep = { ok: true as const, changed: false, date: info.publicationDate, source: info.publicationDateSource };
  if (info.publicationDate === given.date && info.publicationDateSource === given.source) return { ...keep, warning: null };
  if (rank(given.source) <= rank(info.publicationDateSource)) return { ok: true, changed: true, date: given.date, source: given.source, warning: null };
  if (info.publicationDate === given.date) return { ...keep, warning: null };
  return {
    ...keep,
    warning: {
      code: 'publication_date_given_ignored',
      message: `${what} ${given.date} not used: the document's publication date ${info.publicationDate} (${info.publicationDateSource}) ranks higher`,
      loc: { page: null, line: null, block: null },
    },
  };
}
