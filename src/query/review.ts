/**
 * The review queue: the documents the program was unsure of, worst first, each with what it was
 * unsure of in plain words and where in the document (page, line, block; for a workbook, sheet and
 * row). A person who knows the document looks there first.
 *
 * What counts: every warning stored with a document (the extractor's, the validator's and the
 * linker's, but not the linker's about a plan item whose link a person set: SETTLED), and a
 * publication date that is an estimate (src/model/document.ts PUBLICATION_SOURCES: `pdf_created`,
 * `inspection_end`), which every plan deadline of the document counts from. How bad
 * each is: the validator's errors first, then the topics below by weight (3: the document may be
 * filed under the wrong authority or read with items missing; 2: a field a deadline or a count
 * depends on is guessed; 1: a detail), unknown codes at 1 with the program's own message.
 */
import { authoritySql, type AuthoritySelection } from './authority.js';
import { authorityKey, authorityName, docDate, laJoin } from './rules.js';
import type { Reader } from './reader.js';
import { KINDS } from '../model/document.js';
import { notLinkedMessage } from '../link/match.js';

export interface Topic {
  /** What it means for the person reading, in plain words. */
  plain: string;
  weight: 1 | 2 | 3;
}

/** Warning codes in plain words, by how much they matter. */
export const TOPICS: Record<string, Topic> = {
  local_authority_unmatched: { weight: 3, plain: 'The authority the document names was not found in the register: it is not filed under any authority.' },
  local_authority_from_text: { weight: 2, plain: 'The authority was worked out from the text, not from a title or heading: check it is the right one.' },
  local_authority_successor: { weight: 1, plain: 'The authority named has since been reorganised: the document is filed under its successor.' },
  letter_list_empty: { weight: 3, plain: 'A list of areas for improvement or priority actions was found but no item could be read from it.' },
  letter_no_improvement_list: { weight: 3, plain: 'No list of areas for improvement was found in the letter.' },
  letter_list_unbulleted: { weight: 2, plain: 'A list had no bullets or numbers: each paragraph was taken as one item. Check the items.' },
  plan_table_unread: { weight: 3, plain: 'A table of the plan could not be read as actions.' },
  plan_text_dropped: { weight: 3, plain: 'Some text of the plan could not be placed in any action and was left out.' },
  plan_recommendation_unlinked: { weight: 2, plain: 'Actions of the plan are not under any numbered recommendation, so they link to nothing in the report.' },
  plan_recommendation_missing: { weight: 2, plain: 'An action refers to a recommendation the plan does not state.' },
  plan_recommendation_text_lost: { weight: 2, plain: 'A recommendation of the plan has a number but its text was not found.' },
  plan_recommendation_repeated: { weight: 1, plain: 'A recommendation is stated twice in the plan; the first is kept.' },
  plan_recommendation_from_list: { weight: 1, plain: "The plan's recommendations were read from a list, not from its tables." },
  plan_recommendation_unnumbered: { weight: 2, plain: 'A recommendation of the plan has no number: it was numbered in order.' },
  plan_due_unparsed: { weight: 2, plain: 'A due date could not be read as a date: the action cannot be counted as overdue.' },
  plan_lead_unreadable: { weight: 1, plain: 'A lead could not be read as a name or a role.' },
  plan_lead_unused: { weight: 1, plain: 'A lead cell was read but not given to any action.' },
  plan_action_no_lead: { weight: 1, plain: 'An action names no lead.' },
  plan_action_no_text: { weight: 2, plain: 'A row of the plan has no action text.' },
  plan_action_unnumbered: { weight: 1, plain: 'An action has no number of its own.' },
  plan_action_id_mismatch: { weight: 1, plain: "An action's number does not belong to the recommendation it sits under." },
  plan_action_id_repeated: { weight: 1, plain: 'Two actions have the same number.' },
  plan_action_id_truncated: { weight: 1, plain: "An action's number looks cut short." },
  plan_action_list: { weight: 1, plain: 'Actions were read from a list inside one cell.' },
  plan_row_continued: { weight: 1, plain: 'A table row continued over a page break was joined back together.' },
  plan_version_same_date: { weight: 2, plain: 'Two versions of this plan carry the same date: the later import is taken as current.' },
  plan_version_claims: { weight: 2, plain: 'Two versions of this plan were both said to be current: the later claim is taken.' },
  duplicate_action_id: { weight: 1, plain: 'Two actions under one recommendation have the same number.' },
  unexpected_judgement: { weight: 1, plain: 'The report grades an area its framework does not grade.' },
  paragraph_repeated: { weight: 1, plain: 'A paragraph number appears twice.' },
  unlinked_action: { weight: 2, plain: 'An action refers to a recommendation the plan does not state.' },
  link_below_threshold: { weight: 2, plain: 'A plan item was close to a report item by its words, but not close enough to be linked.' },
  link_by_text: { weight: 1, plain: 'A plan item was linked to the report by its words, not by its number.' },
  link_no_report: { weight: 2, plain: 'The plan is linked to no inspection report: none of its authority is in the database, or none of its items matches one.' },
  link_no_authority: { weight: 3, plain: 'The plan has no authority, so it cannot be linked to any report.' },
  visit_dates_not_found: { weight: 2, plain: 'The dates of the visit were not found.' },
  visit_dates_implausible: { weight: 2, plain: "The visit dates do not fall before the letter's date." },
  letter_date_not_found: { weight: 2, plain: "The letter's date was not found: its deadlines count from an estimate." },
  date_invalid: { weight: 2, plain: 'A date in the document could not be made a valid date and was left out.' },
  publication_date_given_ignored: { weight: 1, plain: 'A publication date given at import was not used: a more trusted one is stored.' },
  next_steps_not_found: { weight: 1, plain: 'The "Next steps" (the written statement asked for) were not found.' },
  focus_not_found: { weight: 1, plain: 'The area of practice the visit looked at was not found.' },
  focus_unrecognised: { weight: 1, plain: 'The theme of the inspection is not one of the known themes: its sentence is kept.' },
  inspectors_not_found: { weight: 1, plain: 'The inspectors were not found.' },
  agencies_not_found: { weight: 1, plain: 'The inspectorates that inspected were not found.' },
  inspection_type_inferred: { weight: 1, plain: 'Whether this was a short or standard inspection was worked out, not read.' },
  not_judged: { weight: 1, plain: 'An area is marked "not judged" in the report.' },
  send_outcome_missing: { weight: 3, plain: 'The outcome of the area SEND inspection was not found.' },
  send_outcome_unrecognised: { weight: 2, plain: 'The outcome of the area SEND inspection is not one of the fixed sentences.' },
  paragraph_number_repeated_in_source: { weight: 1, plain: 'The document itself numbers two paragraphs the same; both are kept.' },
  xlsx_not_a_plan: { weight: 3, plain: 'The workbook holds no action plan table.' },
  xlsx_formula_no_value: { weight: 2, plain: 'A cell holds a formula with no saved value: its value is missing.' },
  xlsx_external_links: { weight: 1, plain: 'The workbook links to other files; their values were not read.' },
  page_unreadable: { weight: 3, plain: 'A page of the PDF could not be read.' },
  page_cap: { weight: 3, plain: 'Only part of the PDF was read (the page limit).' },
  rotated_text: { weight: 1, plain: 'Some text is rotated and was skipped.' },
  xref_damaged: { weight: 1, plain: "The PDF's internal index is damaged; it was rebuilt to read it." },
  publication_date_estimated: { weight: 2, plain: 'The publication date is an estimate: every plan deadline of this document counts from it.' },
};

/** The validator's errors (a document that breaks the model's rules) come before any warning. */
const ERROR_WEIGHT = 4;
/** An issue's weight (alias `i`: severity and code), the one rule that ranks the documents and orders each one's issues. */
const WEIGHT_SQL = `CASE WHEN i.severity = 'error' THEN ${ERROR_WEIGHT} ${Object.entries(TOPICS)
  .map(([code, t]) => `WHEN i.code = '${code}' THEN ${t.weight}`)
  .join(' ')} ELSE 1 END`;

export interface ReviewIssue {
  warningId: number | null;
  severity: 'error' | 'warning';
  origin: string;
  code: string;
  /** The topic in plain words ('' for a code without one: `message` says it). */
  plain: string;
  /** The program's own message, with the words of the document it names. */
  message: string;
  weight: number;
  page: number | null;
  line: number | null;
  block: number | null;
}

export interface ReviewDocument {
  id: number;
  path: string;
  format: string;
  kind: string;
  framework: string | null;
  authority: string | null;
  authorityKey: string | null;
  date: string | null;
  /** The heaviest issue's weight (an error: 4). */
  worst: number;
  issues: ReviewIssue[];
}

export interface ReviewFilters {
  la?: AuthoritySelection;
  kind?: (typeof KINDS)[number];
  /** 1-based page of PAGE_SIZE documents. */
  page?: number;
}

export const REVIEW_PAGE_SIZE = 50;
const ISSUES_PER_DOCUMENT = 200;

/** A plan item's link a person set (a correction of field `link`, in force): the person has settled where it links. */
const PERSON_LINK = `SELECT 1 FROM corrections c WHERE c.target_type = 'item' AND c.field = 'link' AND c.state = 'applied'`;

/**
 * The linker's warnings a person has settled by setting the link themselves (src/store/link-corrections.ts):
 * they stay recorded (the document page lists them) but leave the queue. `link_below_threshold` is about
 * one plan item (its message names the item's number, at the item's place): settled when that item's
 * link was set. `link_no_report` is about every item of the plan: settled when each item's link was set.
 */
/** notLinkedMessage (src/link/match.ts) as SQL over an item row `r`. */
const NOT_LINKED_SQL = ((parts) => parts.map((x) => `'${x.replace(/'/g, "''")}'`).join(' || r.rec_id || '))(notLinkedMessage('\u0000').split('\u0000'));
const SETTLED = `(w.code = 'link_below_threshold' AND EXISTS (SELECT 1 FROM recommendations r
      WHERE r.document_id = w.document_id AND r.page IS w.page AND r.line IS w.line AND r.block IS w.block
        AND substr(w.message, 1, length(${NOT_LINKED_SQL})) = ${NOT_LINKED_SQL}
        AND EXISTS (${PERSON_LINK} AND c.document_id = r.document_id AND c.row_id = r.id)))
  OR (w.code = 'link_no_report' AND EXISTS (SELECT 1 FROM recommendations r WHERE r.document_id = w.document_id)
    AND NOT EXISTS (SELECT 1 FROM recommendations r WHERE r.document_id = w.document_id
      AND NOT EXISTS (${PERSON_LINK} AND c.document_id = r.document_id AND c.row_id = r.id)))`;

/** The estimated publication dates, as issues of their documents. */
const ESTIMATED = `SELECT d.id AS document_id, NULL AS id, 'warning' AS severity, 'lifecycle' AS origin, 'publication_date_estimated' AS code,
  'publication date ' || d.publication_date || ' estimated from ' || CASE d.publication_date_source WHEN 'pdf_created' THEN 'the PDF''s own creation date' ELSE 'the last day of the inspection' END AS message,
  NULL AS page, NULL AS line, NULL AS block
  FROM documents d WHERE d.publication_date_source IN ('pdf_created', 'inspection_end')`;

/** Every document with something to review, worst first (then most issues, newest), a page at a time; and how many there are. */
export function reviewQueue(r: Reader, f: ReviewFilters = {}): { documents: ReviewDocument[]; total: number; page: number; pageSize: number } {
  const params: Record<string, unknown> = {};
  const where = [r.guard];
  if (f.la) where.push(authoritySql(f.la, 'd', params));
  if (f.kind) {
    where.push('d.kind = @kind');
    params.kind = f.kind;
  }
  const issues = `(SELECT document_id, id, severity, origin, code, message, page, line, block FROM warnings w WHERE NOT (${SETTLED}) UNION ALL ${ESTIMATED})`;
  const ranked = `SELECT d.id, max(${WEIGHT_SQL}) AS worst, count(*) AS n, ${docDate('d')} AS date
    FROM ${issues} i JOIN documents d ON d.id = i.document_id
    WHERE ${where.join(' AND ')} GROUP BY d.id`;
  const total = (r.all<{ n: number }>(`SELECT count(*) AS n FROM (${ranked})`, params, 1)[0]?.n ?? 0);
  const page = Math.max(1, f.page ?? 1);
  const docs = r.all<{ id: number; worst: number; path: string; format: string; kind: string; framework: string | null; authority: string | null; authority_key: string | null; date: string | null }>(
    `SELECT q.id, q.worst, q.date, d.path, d.format, d.kind, d.framework, ${authorityName('d')} AS authority, ${authorityKey('d')} AS authority_key
     FROM (${ranked}) q JOIN documents d ON d.id = q.id ${laJoin('d')}
     ORDER BY q.worst DESC, q.n DESC, q.date DESC, q.id DESC LIMIT @limit OFFSET @offset`,
    { ...params, limit: REVIEW_PAGE_SIZE, offset: (page - 1) * REVIEW_PAGE_SIZE },
    REVIEW_PAGE_SIZE,
  );
  const documents = docs.map((d): ReviewDocument => {
    const rows = r.all<Omit<ReviewIssue, 'plain' | 'warningId'> & { id: number | null }>(
      `SELECT i.id, i.severity, i.origin, i.code, i.message, ${WEIGHT_SQL} AS weight, i.page, i.line, i.block FROM ${issues} i WHERE i.document_id = @id AND ${r.guard}`,
      { id: d.id },
      ISSUES_PER_DOCUMENT,
    );
    const list = rows
      .map(({ id, ...x }): ReviewIssue => ({ ...x, warningId: id, plain: TOPICS[x.code]?.plain ?? '' }))
      .sort((a, b) => b.weight - a.weight || (a.page ?? 0) - (b.page ?? 0) || (a.line ?? 0) - (b.line ?? 0));
    return { id: d.id, path: d.path, format: d.format, kind: d.kind, framework: d.framework, authority: d.authority, authorityKey: d.authority_key, date: d.date, worst: d.worst, issues: list };
  });
  return { documents, total, page, pageSize: REVIEW_PAGE_SIZE };
}
