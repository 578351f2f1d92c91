/**
 * The content of a draft plan answering one document: what the DOCX and XLSX writers lay out.
 * One section per recommendation, priority action and area for improvement, in the document's
 * own numbering, with the text of the paragraphs it cites (the evidence), and empty action rows.
 *
 * The section label is written so that the plan reader (src/extract/plan/) gives back the
 * document's own number: "Recommendation 3: ...", "Area for improvement 2: ...", "Priority
 * action 1: ...", "LSCB recommendation 2: ..." (an item the report addresses to the LSCB:
 * read back as "LSCB2", of the LSCB's scope); the importer then links each plan item to the
 * report's by number (and scope, where the report numbers its LSCB items afresh).
 */
import type { OfstedDocument, PublicationSource, Recommendation } from '../model/document.js';
import { documentDate } from '../model/dates.js';
import { InputError } from '../util/errors.js';
import { longDate, planDueDate, type PlanDue } from './due.js';

export interface DraftItem {
  /** The document's own number ("3", "S2"). */
  ref: string;
  kind: Recommendation['kind'];
  /** Whom the document addresses it to (an LSCB item of a SIF report is labelled "LSCB recommendation N"). */
  scope: Recommendation['scope'];
  /** "Recommendation 3", "Area for improvement 2", "Priority action 1", "LSCB recommendation 2". */
  label: string;
  text: string;
  evidence: { number: number; text: string }[];
  /** Pre-numbered empty action rows ("3.1", "3.2", ...). */
  rows: string[];
}

export interface DraftPlan {
  title: string;
  authority: string;
  document: { title: string; path: string; date: string | null; dateLabel: string };
  due: PlanDue;
  items: DraftItem[];
}

export const DRAFT_COLUMNS = ['Action no.', 'Action', 'Lead', 'Due', 'RAG', 'Progress', 'Evidence of impact'] as const;
/** Empty rows under each item. */
export const DRAFT_ROWS = 5;

const KIND_LABEL: Record<Recommendation['kind'], string> = {
  recommendation: 'Recommendation',
  area_for_improvement: 'Area for improvement',
  priority_action: 'Priority action',
};

/** What a draft's document date is, by the source of the publication date. */
const PUBLISHED_LABEL: Record<PublicationSource, string> = {
  printed: 'published',
  ofsted_listing: "published, per Ofsted's listing",
  user: 'published, as given at import',
  pdf_created: "publication estimated from the PDF's creation date",
  inspection_end: 'inspection ended; publication date not known',
};

export class NothingToDraft extends InputError {}

export function buildDraft(doc: OfstedDocument, rows = DRAFT_ROWS): DraftPlan {
  const info = doc.document;
  const name = doc.source.path.split(/[\\/]/).pop() ?? doc.source.path;
  if (doc.recommendations.length === 0) {
    const what = info.kind === 'inspection_report' ? 'no recommendations, priority actions or areas for improvement were found in it' : `it is not an inspection report or letter (read as ${info.kind.replace(/_/g, ' ')})`;
    throw new NothingToDraft('nothing_to_draft', `no plan drafted for ${name}: ${what}`);
  }
  const paragraphs = new Map(doc.paragraphs.map((p) => [p.number, p.text]));
  const authority = info.localAuthority ?? 'the local authority';
  const date = documentDate(info);
  const dateLabel = info.publicationDate ? PUBLISHED_LABEL[info.publicationDateSource ?? 'printed'] : info.inspectionEnd ? 'inspection ended' : 'inspection started';
  return {
    title: `Action plan: ${authority} - response to ${info.title ?? 'the inspection'}`,
    authority,
    document: { title: info.title ?? name, path: name, date, dateLabel },
    due: planDueDate(doc),
    items: doc.recommendations.map((r) => {
      // An item addressed to the LSCB says so in its label, and its number carries the scope:
      // SIF reports number the LSCB's items in a list of their own (1, 2, ... again) or on from the authority's.
      const lscb = r.scope === 'lscb';
      const number = lscb ? `LSCB${r.id}` : r.id;
      return {
        ref: r.id,
        kind: r.kind,
        scope: r.scope,
        label: lscb ? `LSCB ${KIND_LABEL[r.kind].toLowerCase()} ${r.id}` : `${KIND_LABEL[r.kind]} ${r.id}`,
        text: r.text,
        evidence: r.paragraphRefs.filter((n) => paragraphs.has(n)).map((n) => ({ number: n, text: paragraphs.get(n)! })),
        rows: Array.from({ length: rows }, (_, k) => `${number}.${k + 1}`),
      };
    }),
  };
}

/**
 * The authority as a plan names itself ("Brent Council", "City of Bristol"), the form the
 * classifier reads an authority from in a plan's opening lines.
 */
export function councilName(authority: string): string {
  const inverted = /^(.+?),\s*((?:City|County|Borough) of)$/i.exec(authority);
  if (inverted) return `${inverted[2]} ${inverted[1]}`;
  return /\b(?:council|borough|trust)\b/i.test(authority) ? authority : `${authority} Council`;
}

/** The header lines of a draft, as label/value pairs. */
export function headerLines(d: DraftPlan): [string, string][] {
  return [
    ['Local authority', councilName(d.authority)],
    ['Responding to', `${d.document.title} (${d.document.path})`],
    ['Date of the document', d.document.date ? `${longDate(d.document.date)} (${d.document.dateLabel})` : 'not given'],
    ['Plan due by', d.due.date ? `${longDate(d.due.date)} - ${d.due.basis}` : `not known: ${d.due.basis}`],
  ];
}
