/**
 * When a plan is due after an inspection document, in working days (src/util/working-days.ts:
 * Monday to Friday, less England's public holidays). The rules, with their sources, are data
 * (data/deadlines.json):
 * - a graded full inspection report: the plan 70 working days after publication;
 * - a focused visit with priority actions: a draft in 20 working days, the plan in 70;
 * - an area SEND report: what the report itself asks, where one of its sentences (paragraphs,
 *   items, the outcome's wording, the next-inspection text) names a plan or statement of action
 *   and a number of working days; else, under the 2016-2022 framework, a written statement of
 *   action in 70 working days where the outcome requires one; else no deadline;
 * - a JTAI letter: a written statement of proposed action, 70 working days after the letter;
 * - a monitoring visit: none.
 * A due date the document prints (document.nextSteps.due: "send the written statement of action
 * ... by 25 October 2022") wins over the computed one. Counted from the day after the document's
 * publication date, whatever its source (printed, Ofsted's listing, given at import, estimated
 * from the PDF's creation date, or the inspection's last day: `basis`, and `estimated` for the
 * last two). The facts a rule reads are assembled once (`deadlineFacts`), for a document read
 * from a file (the draft) and for the stored ones (`documentDeadlines`) alike. A plan on file is
 * a plan linked to the document (document_links 'answers').
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addWorkingDays } from '../util/working-days.js';
import type { DB } from '../db/types.js';
import { DATA_DIR } from '../model/register-data.js';
import type { PublicationSource } from '../model/document.js';
import { authorityKey, docDate, oneInspection, SENDS, VISITS } from './rules.js';
import { frameworkEntry } from '../model/framework-registry.js';

export interface DeadlineRule {
  id: string;
  applies: {
    kind?: string;
    graded?: boolean;
    frameworks?: string[];
    /** A class of the framework registry (full_inspection, visit, send, review). */
    frameworkClass?: string;
    withPriorityActions?: boolean;
    statedInReport?: boolean;
    outcome?: string;
  };
  deadlines: Array<{ what: 'draft' | 'plan'; workingDays: number | 'as stated' }>;
  /** What the document asks for, in words (default "action plan"). */
  name?: string;
  source: string;
}

let rules: DeadlineRule[] | undefined;
/** The rules of data/deadlines.json, in order: the first that applies wins. */
export function deadlineRules(): DeadlineRule[] {
  rules ??= (JSON.parse(readFileSync(join(DATA_DIR, 'deadlines.json'), 'utf8')) as { rules: DeadlineRule[] }).rules;
  return rules;
}

export { addWorkingDays, bankHolidays, isWorkingDay } from '../util/working-days.js';

const NUMBER_WORDS: Record<string, number> = { ten: 10, fifteen: 15, twenty: 20, 'twenty-five': 25, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const DAYS = String.raw`(\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})\s+working\s+days`;
const PLAN = String.raw`\b(?:plan|statement of action)\b`;
const STATED = [new RegExp(String.raw`${PLAN}[^.]{0,200}?\bwithin\s+${DAYS}`, 'i'), new RegExp(String.raw`\bwithin\s+${DAYS}[^.]{0,200}?${PLAN}`, 'i')];

/** The number of working days a report's own sentence gives for its plan, with the sentence; null when none says. */
export function statedWorkingDays(texts: string[]): { days: number; sentence: string } | null {
  for (const t of texts) {
    for (const sentence of t.split(/(?<=[.!?])\s+/)) {
      for (const re of STATED) {
        const m = re.exec(sentence);
        if (!m) continue;
        const raw = m[1]!.toLowerCase();
        const days = /^\d+$/.test(raw) ? Number(raw) : NUMBER_WORDS[raw];
        if (days) return { days, sentence: sentence.trim() };
      }
    }
  }
  return null;
}

/** What a deadline rule needs to know about a document. */
export interface DeadlineFacts {
  kind: string;
  framework: string | null;
  publicationDate: string | null;
  /** Where publicationDate came from (null for a document stored before sources were kept: printed). */
  publicationDateSource: PublicationSource | null;
  inspectionEnd: string | null;
  graded: boolean;
  priorityActions: number;
  outcome: string | null;
  /** The report's own sentences (for "what the report asks"). */
  texts: string[];
  /** A due date the document prints for its plan or statement (document.nextSteps.due). */
  statedDue?: string | null;
}

/** A document as far as its deadline goes: the stored rows or the extracted JSON give the same. */
export interface DeadlineDocument {
  document: {
    kind: string;
    framework: string | null;
    publicationDate: string | null;
    publicationDateSource: PublicationSource | null;
    inspectionEnd: string | null;
    nextInspection?: { raw: string | null } | null;
    nextSteps?: { due: string | null } | null;
  };
  judgements: Array<{ area: string; grade: string | null; wording?: string | null }>;
  recommendations: Array<{ kind: string; text: string }>;
  paragraphs: Array<{ text: string }>;
}

/** A graded full inspection: an inspection report of a framework of the registry's class full_inspection with a graded judgement (the JavaScript side of rules.ts isGradedFullInspection). */
const isGradedFull = (d: DeadlineDocument): boolean =>
  d.document.kind === 'inspection_report' && frameworkEntry(d.document.framework)?.class === 'full_inspection' && d.judgements.some((j) => j.area !== 'send_outcome');

/** Does any rule that could apply to this framework read the report's own sentences? (Only those are loaded.) */
export const readsTexts = (framework: string | null): boolean =>
  deadlineRules().some((r) => r.applies.statedInReport && (!r.applies.frameworks || r.applies.frameworks.includes(framework ?? '')));

/** The one assembly of a document's deadline facts, used for a drafted plan and for the stored documents alike. */
export function deadlineFacts(d: DeadlineDocument): DeadlineFacts {
  const info = d.document;
  return {
    kind: info.kind,
    framework: info.framework,
    publicationDate: info.publicationDate,
    publicationDateSource: info.publicationDateSource,
    inspectionEnd: info.inspectionEnd,
    graded: isGradedFull(d),
    priorityActions: d.recommendations.filter((r) => r.kind === 'priority_action').length,
    outcome: d.judgements.find((j) => j.area === 'send_outcome')?.grade ?? null,
    texts: readsTexts(info.framework)
      ? [
          ...d.paragraphs.map((p) => p.text),
          ...d.recommendations.map((r) => r.text),
          ...d.judgements.flatMap((j) => (j.wording ? [j.wording] : [])),
          ...(info.nextInspection?.raw ? [info.nextInspection.raw] : []),
        ]
      : [],
    statedDue: info.nextSteps?.due ?? null,
  };
}

/** What a deadline is counted from: the publication date's source, or the inspection's last day. */
export type DeadlineBasis = PublicationSource;
/** Bases that are estimates: every deadline counted from one says so. */
export const ESTIMATED_BASES: readonly DeadlineBasis[] = ['pdf_created', 'inspection_end'];

export interface Deadline {
  rule: string;
  source: string;
  /** What is due, in words ("action plan", "written statement of proposed action"). */
  what: string;
  /** The date counted from, and what it is. */
  from: string;
  basis: DeadlineBasis;
  /** The due date rests on an estimated date (counted from the PDF's creation date or the inspection's end, and not printed in the document). */
  estimated: boolean;
  draftDue: string | null;
  planDue: string;
  /** Working days counted (null: the due date is the one the document prints). */
  workingDays: number | null;
  /** The report's sentence the working days were read from (the area SEND rule). */
  stated: string | null;
  /** The plan's due date is printed in the document (document.nextSteps.due), not computed. */
  statedDue: boolean;
}

function applies(r: DeadlineRule, f: DeadlineFacts, stated: boolean): boolean {
  const a = r.applies;
  if (a.kind && f.kind !== a.kind) return false;
  if (a.graded && !f.graded) return false;
  if (a.frameworks && !a.frameworks.includes(f.framework ?? '')) return false;
  if (a.frameworkClass && frameworkEntry(f.framework)?.class !== a.frameworkClass) return false;
  if (a.withPriorityActions && f.priorityActions === 0) return false;
  if (a.statedInReport && !stated) return false;
  if (a.outcome && f.outcome !== a.outcome) return false;
  return true;
}

/** The deadline of a document under the first rule that applies; null when none does or it has no date. */
export function deadlineOf(f: DeadlineFacts): Deadline | null {
  const from = f.publicationDate ?? f.inspectionEnd;
  if (!from) return null;
  const said = statedWorkingDays(f.texts);
  const rule = deadlineRules().find((r) => applies(r, f, said !== null));
  if (!rule) return null;
  const days = (w: number | 'as stated') => (w === 'as stated' ? said!.days : w);
  const plan = rule.deadlines.find((d) => d.what === 'plan');
  const draft = rule.deadlines.find((d) => d.what === 'draft');
  if (!plan) return null;
  const basis: DeadlineBasis = f.publicationDate ? (f.publicationDateSource ?? 'printed') : 'inspection_end';
  // A due date the document prints wins over the computed one (a date before the document's own is a misreading: ignored).
  const printed = f.statedDue && f.statedDue >= from ? f.statedDue : null;
  return {
    rule: rule.id,
    source: rule.source,
    what: rule.name ?? 'action plan',
    from,
    basis,
    estimated: !printed && ESTIMATED_BASES.includes(basis),
    draftDue: draft ? addWorkingDays(from, days(draft.workingDays)) : null,
    planDue: printed ?? addWorkingDays(from, days(plan.workingDays)),
    workingDays: printed ? null : days(plan.workingDays),
    stated: plan.workingDays === 'as stated' ? said!.sentence : null,
    statedDue: printed !== null,
  };
}

const BASIS_WORDS: Record<DeadlineBasis, string> = {
  printed: 'publication (printed in the document)',
  ofsted_listing: "publication (Ofsted's listing)",
  user: 'publication (given at import)',
  pdf_created: "publication, estimated from the PDF's creation date",
  inspection_end: 'the last day of the inspection (publication date not known)',
};

/** A deadline's basis in words, the same on every page, sheet and command: "due date printed in the document", or what it was counted from, "(estimate)" when it is one. */
export function deadlineBasisText(d: Pick<Deadline, 'basis' | 'estimated' | 'statedDue' | 'from' | 'workingDays'>): string {
  if (d.statedDue) return 'due date printed in the document';
  return `${d.workingDays} working days from ${BASIS_WORDS[d.basis]} ${d.from}${d.estimated ? ' (estimate)' : ''}`;
}

/** A document's deadline, its plan on file and whether it is late as of a date. */
export interface DocumentDeadline extends Deadline {
  documentId: number;
  authority: string | null;
  authorityKey: string | null;
  framework: string | null;
  path: string;
  plan: { documentId: number; path: string; date: string | null } | null;
  /** The basis in words (deadlineBasisText), as every page and sheet shows it. */
  basisText: string;
  /** Late as of the as-of date: no plan on file after the due date, or the plan on file dated after it. */
  late: boolean;
  asOf: string;
}

/** Late: the plan on file is dated after the due date, or there is none and the as-of date is past it. */
export function isLate(planDue: string, plan: { date: string | null } | null, asOf: string): boolean {
  if (plan) return plan.date !== null && plan.date > planDue;
  return asOf > planDue;
}

/** The frameworks whose deadline rules read the report's own sentences, as an SQL list ('' when none). */
const textFrameworksSql = (): string => {
  const fws = [...new Set(deadlineRules().flatMap((r) => (r.applies.statedInReport ? (r.applies.frameworks ?? []) : [])))];
  return fws.map((f) => `'${f.replace(/'/g, "''")}'`).join(', ') || "''";
};

/**
 * The deadlines of the inspection documents (full reports, visits, area SEND reports) of some
 * documents: `where` is an SQL condition on `d` (with its parameters), '1' for all. One per
 * inspection (rules.ts oneInspection): a report held as a PDF and as Markdown has one deadline, the
 * file that stands for the inspection's, as in the tracker (tested row by row when `where` picks some). Each stored
 * document's rows are read as a DeadlineDocument and go through the same `deadlineFacts` as a
 * drafted plan's.
 */
export function documentDeadlines(db: DB, asOf: string, where = '1', params: Record<string, unknown> = {}): DocumentDeadline[] {
  const texts = textFrameworksSql();
  const rows = db
    .prepare(
      `SELECT d.id, d.kind, d.framework, d.path, d.publication_date, d.publication_date_source, d.inspection_end, d.next_inspection_raw, d.next_steps_due,
              d.local_authority AS authority, ${authorityKey('d')} AS key, d.framework IN (${texts}) AS reads_texts,
              (SELECT json_group_array(json_object('area', j.area, 'grade', j.grade, 'wording', j.wording)) FROM judgements j WHERE j.document_id = d.id) AS judgements,
              (SELECT json_group_array(json_object('kind', r.kind, 'text', CASE WHEN d.framework IN (${texts}) THEN r.text ELSE '' END)) FROM recommendations r WHERE r.document_id = d.id) AS recommendations,
              CASE WHEN d.framework IN (${texts}) THEN (SELECT json_group_array(json_object('text', p.text)) FROM paragraphs p WHERE p.document_id = d.id) END AS paragraphs,
              (SELECT json_object('documentId', p.id, 'path', p.path, 'date', ${docDate('p')}) FROM document_links l JOIN documents p ON p.id = l.from_document_id
                WHERE l.to_document_id = d.id AND l.kind = 'answers' ORDER BY ${docDate('p')}, p.id LIMIT 1) AS plan
       FROM documents d
       WHERE (d.kind = 'inspection_report' OR d.framework IN (${VISITS}, ${SENDS})) AND ${oneInspection('d', where !== '1')} AND ${where}
       ORDER BY ${docDate('d')}, d.id`,
    )
    .all(params) as Array<{
    id: number;
    kind: string;
    framework: string | null;
    path: string;
    publication_date: string | null;
    publication_date_source: PublicationSource | null;
    inspection_end: string | null;
    next_inspection_raw: string | null;
    next_steps_due: string | null;
    authority: string | null;
    key: string | null;
    judgements: string;
    recommendations: string;
    paragraphs: string | null;
    plan: string | null;
  }>;
  const out: DocumentDeadline[] = [];
  for (const r of rows) {
    const d = deadlineOf(
      deadlineFacts({
        document: {
          kind: r.kind,
          framework: r.framework,
          publicationDate: r.publication_date,
          publicationDateSource: r.publication_date_source,
          inspectionEnd: r.inspection_end,
          nextInspection: { raw: r.next_inspection_raw },
          nextSteps: { due: r.next_steps_due },
        },
        judgements: JSON.parse(r.judgements) as DeadlineDocument['judgements'],
        recommendations: JSON.parse(r.recommendations) as DeadlineDocument['recommendations'],
        paragraphs: r.paragraphs ? (JSON.parse(r.paragraphs) as DeadlineDocument['paragraphs']) : [],
      }),
    );
    if (!d) continue;
    const plan = r.plan ? (JSON.parse(r.plan) as DocumentDeadline['plan']) : null;
    out.push({ ...d, basisText: deadlineBasisText(d), documentId: r.id, authority: r.authority, authorityKey: r.key, framework: r.framework, path: r.path, plan, late: isLate(d.planDue, plan, asOf), asOf });
  }
  return out;
}
