import type { LayoutDocument } from '../layout/types.js';
import { DocumentSchema, DOCUMENT_VERSION, type OfstedDocument, type Paragraph, type Source, type Warning } from '../model/document.js';
import { toUnits } from './units.js';
import { extractParagraphs } from './paragraphs.js';
import { partUnits, splitParts } from './parts.js';
import { extractJudgements, forFramework } from './judgements.js';
import { extractRecommendations } from './recommendations.js';
import { extractActionPlan } from './action-plan.js';
import { classify } from './classify.js';
import { themesOf } from './themes.js';
import { resolveAuthority } from '../register/resolve.js';
import { extractSend, sendTitle, type SendExtraction } from './send.js';
import { isLetterFramework, readLetter } from './letters.js';
import { frameworkEntry } from '../model/framework-registry.js';
import { estimatedPublication } from './publication.js';
import { dropInvalidActionDates, dropInvalidDocumentDates } from './valid-dates.js';

/**
 * Layout -> document JSON. Each step is a small extractor over the same units, so a
 * recommendation is found the same way whatever the source format was.
 */
export function extractDocument(layout: LayoutDocument, source: Source): OfstedDocument {
  const units = toUnits(layout);
  // A report can bind in a second document numbered on its own (the LSCB review): each part is read as
  // its own numbered sequence, its paragraphs and items marked with their part.
  const parts = splitParts(units).map((p) => {
    const own = partUnits(units, p);
    return { ...p, units: own, numbered: extractParagraphs(own) };
  });
  const numbered = parts.flatMap((p) => (p.part > 1 ? p.numbered.map((x) => ({ ...x, part: p.part })) : p.numbered));
  const read = extractJudgements(units);
  // A bound-in LSCB review grades the board on its own title page, where it may call the grade the
  // review's "overall effectiveness": read as the board's judgement when the report gives none elsewhere.
  for (const p of parts) {
    if (!p.lscb || read.judgements.some((j) => j.area === 'lscb')) continue;
    const own = extractJudgements(p.units).judgements;
    const j = own.find((x) => x.area === 'lscb') ?? own.find((x) => x.area === 'overall_effectiveness');
    if (j) read.judgements.push({ ...j, area: 'lscb' });
  }
  const classified = classify(layout, units, read.judgements, numbered.length);
  // An area SEND report: its own fields, outcome and items (src/extract/send.ts).
  const title = classified.info.kind === 'inspection_report' ? sendTitle(units) : null;
  const send: SendExtraction | null = title ? extractSend(units, title) : null;
  if (send) {
    for (const [k, v] of Object.entries(send.info)) if (v !== undefined && v !== null) (classified.info as Record<string, unknown>)[k] = v;
  }
  // A focused-visit, monitoring-visit or JTAI letter: its facts are read from the letter's shape (./letters.ts).
  const letter = classified.info.kind === 'inspection_report' && isLetterFramework(classified.info.framework) ? readLetter(units, classified.info.framework!) : null;
  if (letter) {
    const { localAuthority, ...facts } = letter.info;
    classified.info = { ...classified.info, ...facts, localAuthority: localAuthority ?? classified.info.localAuthority };
    classified.warnings.push(...letter.warnings);
  }
  // The authority the document names, resolved to the register (src/register/).
  const { warnings: laWarnings, ...la } = resolveAuthority(classified.info, units);
  const info = { ...classified.info, ...la };
  // A date no reader could make valid is left empty, with a warning; never the reason a file fails (./valid-dates.ts).
  const dateWarnings = dropInvalidDocumentDates(info);
  // A date read by any of the readers above (title page, letter, SEND report) was printed in the document.
  info.publicationDateSource = info.publicationDate ? (info.publicationDateSource ?? 'printed') : null;
  // None printed: estimated from the PDF's creation date, else the inspection's last day (./publication.ts).
  const estimate = estimatedPublication(info, layout.meta?.created);
  if (estimate) Object.assign(info, { publicationDate: estimate.date, publicationDateSource: estimate.source });
  const { judgements, notJudged } = send ? { judgements: send.judgements, notJudged: [] } : forFramework(info.framework, read);
  const warnings: Warning[] = [...layout.warnings, ...classified.warnings, ...laWarnings, ...(send?.warnings ?? []), ...dateWarnings];
  if (info.kind === 'inspection_report') {
    for (const n of notJudged) warnings.push({ code: 'not_judged', message: `${n.area}: "${n.label}" is marked not judged in the report`, loc: n.loc });
  }

  const doc: OfstedDocument = {
    schemaVersion: DOCUMENT_VERSION,
    source,
    document: info,
    judgements: [],
    recommendations: [],
    paragraphs: [],
    actions: [],
    warnings,
  };

  if (info.kind === 'inspection_report' || info.kind === 'progress_report' || info.kind === 'other') {
    doc.paragraphs = numbered.map(({ units: _u, repeated: _r, ...p }): Paragraph => p);
    for (const p of numbered.filter((x) => x.repeated)) {
      warnings.push({ code: 'paragraph_number_repeated_in_source', message: `the source numbers two consecutive paragraphs ${p.number}; both are kept`, loc: p.loc });
    }
  }
  if (info.kind === 'inspection_report') {
    doc.judgements = judgements;
    doc.recommendations = send
      ? send.items
      : letter
        ? letter.items
        : parts.flatMap((p) => {
            const items = extractRecommendations(p.units, p.numbered, { lscbReport: frameworkEntry(info.framework)?.lscbItems === true || p.lscb });
            return p.part > 1 ? items.map((r) => ({ ...r, part: p.part })) : items;
          });
  }
  if (info.kind === 'action_plan') {
    const plan = extractActionPlan(layout, units);
    const dated = dropInvalidActionDates(plan.actions);
    doc.actions = dated.actions;
    warnings.push(...dated.warnings);
    doc.recommendations = plan.recommendations;
    warnings.push(...plan.warnings);
  }
  // A workbook is read as a plan or not at all: one warning says it held none (a plan
  // template not yet filled in keeps its recommendations).
  if (source.format === 'xlsx' && doc.actions.length === 0 && (info.kind !== 'action_plan' || doc.recommendations.length === 0)) {
    doc.warnings = [{ code: 'xlsx_not_a_plan', message: 'the workbook holds no action plan table (a header row naming an action column): no actions read', loc: { page: null, line: null, block: null } }];
    doc.recommendations = [];
    doc.paragraphs = [];
    doc.judgements = [];
  }
  // Every recommendation-like item, whatever the document (report, letter, SEND report, plan), gets its themes.
  doc.recommendations = doc.recommendations.map((r) => ({ ...r, themes: themesOf(r.text) }));
  // The contract is checked on the way out: an extractor bug must not reach the database.
  return DocumentSchema.parse(doc);
}
