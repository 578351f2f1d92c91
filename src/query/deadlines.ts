/**
 * When a plan is due after an inspection document, in working days: Monday to Friday, less
 * England's public holidays as the maintained `date-holidays` package gives them (new
 * Holidays('GB', 'ENG'), type 'public': the extra bank holidays of 2022 and 2023 included).
 * The rules, with their sources, are data (data/deadlines.json):
 * - a graded full inspection report: the plan 70 working days after publication;
 * - a focused visit with priority actions: a draft in 20 working days, the plan in 70;
 * - an area SEND report: what the report itself asks, where one of its sentences (paragraphs,
 *   items, the outcome's wording, the next-inspection text) names a plan or statement of action
 *   and a number of working days; else, under the 2016-2022 framework, a written statement of
 *   action in 70 working days where the outcome requires one; else no deadline.
 * Counted from the day after the publication date (else the last day of the inspection, and
 * `basis` says so). A plan on file is a plan linked to the document (document_links 'answers').
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Holidays from 'date-holidays';
import type { DB } from '../db/types.js';
import { DATA_DIR } from '../register/data.js';
import { authorityKey, docDate, isGradedFullInspection, SENDS, VISITS } from './rules.js';
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
  source: string;
}

let rules: DeadlineRule[] | undefined;
/** The rules of data/deadlines.json, in order: the first that applies wins. */
export function deadlineRules(): DeadlineRule[] {
  rules ??= (JSON.parse(readFileSync(join(DATA_DIR, 'deadlines.json'), 'utf8')) as { rules: DeadlineRule[] }).rules;
  return rules;
}

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

/** The n-th working day after `from` (from itself not counted). */
export function addWorkingDays(from: string, n: number): string {
  const d = utc(from);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(iso(d))) left--;
  }
  return iso(d);
}

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
  inspectionEnd: string | null;
  graded: boolean;
  priorityActions: number;
  outcome: string | null;
  /** The report's own sentences (for "what the report asks"). */
  texts: string[];
}

export interface Deadline {
  rule: string;
  source: string;
  /** The date counted from, and what it is. */
  from: string;
  basis: 'publication' | 'inspection_end';
  draftDue: string | null;
  planDue: string;
  workingDays: number;
  /** The report's sentence the working days were read from (the area SEND rule). */
  stated: string | null;
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
  return {
    rule: rule.id,
    source: rule.source,
    from,
    basis: f.publicationDate ? 'publication' : 'inspection_end',
    draftDue: draft ? addWorkingDays(from, days(draft.workingDays)) : null,
    planDue: addWorkingDays(from, days(plan.workingDays)),
    workingDays: days(plan.workingDays),
    stated: plan.workingDays === 'as stated' ? said!.sentence : null,
  };
}

/** A document's deadline, its plan on file and whether it is late as of a date. */
export interface DocumentDeadline extends Deadline {
  documentId: number;
  authority: string | null;
  authorityKey: string | null;
  framework: string | null;
  path: string;
  plan: { documentId: number; path: string; date: string | null } | null;
  /** Late as of the as-of date: no plan on file after the due date, or the plan on file dated after it. */
  late: boolean;
  asOf: string;
}

/** Late: the plan on file is dated after the due date, or there is none and the as-of date is past it. */
export function isLate(planDue: string, plan: { date: string | null } | null, asOf: string): boolean {
  if (plan) return plan.date !== null && plan.date > planDue;
  return asOf > planDue;
}

/**
 * The deadlines of the inspection documents (full reports, visits, area SEND reports) of some
 * documents: `where` is an SQL condition on `d` (with its parameters), '1' for all.
 */
export function documentDeadlines(db: DB, asOf: string, where = '1', params: Record<string, unknown> = {}): DocumentDeadline[] {
  const rows = db
    .prepare(
      `SELECT d.id, d.kind, d.framework, d.path, d.publication_date, d.inspection_end, d.local_authority AS authority, ${authorityKey('d')} AS key,
              ${isGradedFullInspection('d')} AS graded,
              (SELECT count(*) FROM recommendations r WHERE r.document_id = d.id AND r.kind = 'priority_action') AS priority_actions,
              (SELECT j.grade FROM judgements j WHERE j.document_id = d.id AND j.area = 'send_outcome' ORDER BY j.id LIMIT 1) AS outcome,
              CASE WHEN d.framework IN (${SENDS}) THEN (SELECT json_group_array(t) FROM (
                SELECT text AS t FROM paragraphs WHERE document_id = d.id UNION ALL SELECT text FROM recommendations WHERE document_id = d.id
                UNION ALL SELECT wording FROM judgements WHERE document_id = d.id AND wording IS NOT NULL
                UNION ALL SELECT d.next_inspection_raw WHERE d.next_inspection_raw IS NOT NULL)) END AS texts,
              (SELECT json_object('documentId', p.id, 'path', p.path, 'date', ${docDate('p')}) FROM document_links l JOIN documents p ON p.id = l.from_document_id
                WHERE l.to_document_id = d.id AND l.kind = 'answers' ORDER BY ${docDate('p')}, p.id LIMIT 1) AS plan
       FROM documents d
       WHERE (d.kind = 'inspection_report' OR d.framework IN (${VISITS}, ${SENDS})) AND ${where}
       ORDER BY ${docDate('d')}, d.id`,
    )
    .all(params) as Array<{
    id: number;
    kind: string;
    framework: string | null;
    path: string;
    publication_date: string | null;
    inspection_end: string | null;
    authority: string | null;
    key: string | null;
    graded: number;
    priority_actions: number;
    outcome: string | null;
    texts: string | null;
    plan: string | null;
  }>;
  const out: DocumentDeadline[] = [];
  for (const r of rows) {
    const d = deadlineOf({
      kind: r.kind,
      framework: r.framework,
      publicationDate: r.publication_date,
      inspectionEnd: r.inspection_end,
      graded: r.graded === 1,
      priorityActions: r.priority_actions,
      outcome: r.outcome,
      texts: r.texts ? (JSON.parse(r.texts) as string[]) : [],
    });
    if (!d) continue;
    const plan = r.plan ? (JSON.parse(r.plan) as DocumentDeadline['plan']) : null;
    out.push({ ...d, documentId: r.id, authority: r.authority, authorityKey: r.key, framework: r.framework, path: r.path, plan, late: isLate(d.planDue, plan, asOf), asOf });
  }
  return out;
}
