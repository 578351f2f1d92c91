import type { Area, Framework, Loc, OfstedDocument } from '../model/document.js';
import { DocumentSchema } from '../model/document.js';
import { frameworkEntry, gradedAreas } from '../model/framework-registry.js';
import type { Issue } from '../model/issue.js';

export type { Issue } from '../model/issue.js';

const NO_LOC: Loc = { page: null, line: null, block: null };

/** Judgement areas each framework grades, by the date the inspection started (the framework registry's). */
export function expectedAreas(framework: Framework | null, inspectionStart: string | null): Area[] {
  return gradedAreas(framework, inspectionStart);
}

/** Where a check reports what it found. */
interface Report {
  err: (code: string, message: string, loc?: Loc) => void;
  warn: (code: string, message: string, loc?: Loc) => void;
}

type Check = (doc: OfstedDocument, report: Report) => void;

/** The checks, in the order their issues are listed. */
const CHECKS: readonly Check[] = [
  paragraphsOncePerPart,
  paragraphsInSequence,
  paragraphRefsResolve,
  recommendationIdsUnique,
  actionIdsUnique,
  actionsLinked,
  datesOrdered,
  judgementsComplete,
];

/**
 * Semantic checks beyond the zod contract. Errors make `import --strict` refuse the
 * document; warnings are stored with it.
 */
export function validateDocument(doc: OfstedDocument): Issue[] {
  const issues: Issue[] = [];
  const report: Report = {
    err: (code, message, loc = NO_LOC) => issues.push({ severity: 'error', code, message, loc }),
    warn: (code, message, loc = NO_LOC) => issues.push({ severity: 'warning', code, message, loc }),
  };
  for (const check of CHECKS) check(doc, report);
  return issues;
}

/** " in document part N" after a paragraph's number, for a part after the first. */
const where = (part: number) => (part > 1 ? ` in document part ${part}` : '');

/** The paragraph numbers of each document part the report binds. */
function numbersByPart(doc: OfstedDocument): Map<number, Set<number>> {
  const seen = new Map<number, Set<number>>();
  for (const p of doc.paragraphs) {
    const part = p.part ?? 1;
    const inPart = seen.get(part) ?? new Set<number>();
    seen.set(part, inPart);
    inPart.add(p.number);
  }
  return seen;
}

/** Numbered paragraphs: no number twice in each document the report binds (part 1, the report's own;
 * part 2, a bound-in LSCB review numbered from 1 again, ...). */
function paragraphsOncePerPart(doc: OfstedDocument, { err, warn }: Report): void {
  const repeatedInSource = new Set(doc.warnings.filter((w) => w.code === 'paragraph_number_repeated_in_source').map((w) => `${w.loc.page}:${w.loc.line}:${w.loc.block}`));
  const seen = new Map<number, Set<number>>();
  for (const p of doc.paragraphs) {
    const part = p.part ?? 1;
    const inPart = seen.get(part) ?? new Set<number>();
    seen.set(part, inPart);
    if (inPart.has(p.number)) {
      // The report itself prints the number twice: a warning about the source, not an extraction error.
      if (repeatedInSource.has(`${p.loc.page}:${p.loc.line}:${p.loc.block}`)) warn('paragraph_repeated', `paragraph ${p.number}${where(part)} is numbered twice in the source`, p.loc);
      else err('paragraph_repeated', `paragraph ${p.number}${where(part)} appears more than once`, p.loc);
    }
    inPart.add(p.number);
  }
}

/** Numbered paragraphs 1..N without gaps, in each part, the parts in order (a part after the first starts at 1). */
function paragraphsInSequence(doc: OfstedDocument, { err }: Report): void {
  let lastPart = 1;
  let prev: number | null = null;
  for (const p of doc.paragraphs) {
    const part = p.part ?? 1;
    if (part !== lastPart) {
      if (part < lastPart) err('paragraph_part_order', `a paragraph of document part ${part} follows part ${lastPart}`, p.loc);
      else if (part > lastPart + 1) err('paragraph_part_order', `document part ${lastPart} is followed by part ${part}`, p.loc);
      lastPart = part;
      prev = null;
    }
    const cur = p.number;
    if (prev === null) {
      if (part > 1 && cur !== 1) err('paragraph_gap', `document part ${part} starts at paragraph ${cur}, not 1`, p.loc);
    } else if (cur > prev + 1) err('paragraph_gap', `paragraphs${where(part)} jump from ${prev} to ${cur} (missing ${prev + 1}${cur > prev + 2 ? `-${cur - 1}` : ''})`, p.loc);
    else if (cur < prev) err('paragraph_order', `paragraph ${cur} follows ${prev}${where(part)}`, p.loc);
    prev = cur;
  }
}

/** Paragraph references resolve, inside the document part the item stands in. */
function paragraphRefsResolve(doc: OfstedDocument, { err }: Report): void {
  const seen = numbersByPart(doc);
  for (const r of doc.recommendations) {
    const part = r.part ?? 1;
    const inPart = seen.get(part) ?? new Set<number>();
    const missing = r.paragraphRefs.filter((n) => !inPart.has(n));
    if (missing.length) err('unresolved_paragraph_ref', `recommendation ${r.id} cites paragraph${missing.length > 1 ? 's' : ''} ${missing.join(', ')}, not found in ${part > 1 ? `document part ${part}` : 'the document'}`, r.loc);
  }
}

/** A recommendation id once in its part and scope. */
function recommendationIdsUnique(doc: OfstedDocument, { err }: Report): void {
  const recIds = new Set<string>();
  for (const r of doc.recommendations) {
    const key = `${r.part ?? 1}:${r.scope}:${r.id}`;
    if (recIds.has(key)) err('duplicate_recommendation_id', `recommendation id ${r.id} (${r.scope}${r.part ? `, document part ${r.part}` : ''}) is used twice`, r.loc);
    recIds.add(key);
  }
}

/** An action id once under its recommendation (a warning: plans do number twice). */
function actionIdsUnique(doc: OfstedDocument, { warn }: Report): void {
  const actionIds = new Set<string>();
  for (const a of doc.actions) {
    if (!a.id) continue;
    const key = `${a.recommendationRef ?? ''}:${a.id}`;
    if (actionIds.has(key)) warn('duplicate_action_id', `action id ${a.id}${a.recommendationRef ? ` under ${a.recommendationRef}` : ''} is used twice`, a.loc);
    actionIds.add(key);
  }
}

/** An action's recommendation is one the plan states (when it states any). */
function actionsLinked(doc: OfstedDocument, { warn }: Report): void {
  for (const a of doc.actions) {
    if (a.recommendationRef && doc.recommendations.length && !doc.recommendations.some((r) => r.id === a.recommendationRef)) {
      warn('unlinked_action', `action ${a.id ?? '(no id)'} refers to recommendation ${a.recommendationRef}, which the plan does not state`, a.loc);
    }
  }
}

/** Inspection start, end and publication in that order; a publication date has a source, and only then. */
function datesOrdered(doc: OfstedDocument, { err }: Report): void {
  const { inspectionStart: s, inspectionEnd: e, publicationDate: p } = doc.document;
  if (s && e && s > e) err('dates_order', `inspection start ${s} is after its end ${e}`);
  if (e && p && e > p) err('dates_order', `inspection end ${e} is after publication ${p}`);
  else if (s && p && s > p) err('dates_order', `inspection start ${s} is after publication ${p}`);
  if ((p === null) !== (doc.document.publicationDateSource === null)) {
    err('publication_date_source', p ? `publication date ${p} has no source` : `a publication date source (${doc.document.publicationDateSource}) without a publication date`);
  }
}

/** Judgements: one per area, and (a report) every area the framework grades, none it does not. */
function judgementsComplete(doc: OfstedDocument, { err, warn }: Report): void {
  const areas = new Set<Area>();
  for (const j of doc.judgements) {
    if (areas.has(j.area)) err('duplicate_judgement', `two judgements for ${j.area}`, j.loc);
    areas.add(j.area);
  }
  if (doc.document.kind !== 'inspection_report') return;
  const notJudged = new Set(doc.warnings.filter((w) => w.code === 'not_judged').map((w) => w.message.split(':')[0]));
  const missing = expectedAreas(doc.document.framework, doc.document.inspectionStart).filter((a) => !areas.has(a) && !notJudged.has(a));
  if (missing.length) err('missing_judgement', `${doc.document.framework} report without judgement${missing.length > 1 ? 's' : ''} for ${missing.join(', ')}`);
  for (const a of frameworkEntry(doc.document.framework)?.ungraded ?? []) {
    if (areas.has(a)) warn('unexpected_judgement', `${doc.document.framework} has no ${a.replace(/_/g, ' ')} judgement`);
  }
}

export interface ValidationResult {
  ok: boolean;
  doc: OfstedDocument | null;
  issues: Issue[];
}

/** zod (structure) then semantic checks, for `ofsted validate` on JSON written earlier. */
export function validateJson(value: unknown): ValidationResult {
  const parsed = DocumentSchema.safeParse(value);
  if (!parsed.success) {
    return {
      ok: false,
      doc: null,
      issues: parsed.error.issues.map((i) => ({ severity: 'error' as const, code: 'schema', message: `${i.path.join('.') || '(root)'}: ${i.message}`, loc: NO_LOC })),
    };
  }
  const issues = validateDocument(parsed.data);
  return { ok: !issues.some((i) => i.severity === 'error'), doc: parsed.data, issues };
}
