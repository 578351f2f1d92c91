import type { LayoutDocument } from '../layout/types.js';
import { DocumentSchema, SCHEMA_VERSION, type OfstedDocument, type Paragraph, type Source, type Warning } from '../model/document.js';
import { toUnits } from './units.js';
import { extractParagraphs } from './paragraphs.js';
import { extractJudgements, forFramework } from './judgements.js';
import { extractRecommendations } from './recommendations.js';
import { extractActionPlan } from './action-plan.js';
import { classify } from './classify.js';
import { themesOf } from './themes.js';
import { resolveAuthority } from '../register/resolve.js';

/**
 * Layout -> document JSON. Each step is a small extractor over the same units, so a
 * recommendation is found the same way whatever the source format was.
 */
export function extractDocument(layout: LayoutDocument, source: Source): OfstedDocument {
  const units = toUnits(layout);
  const numbered = extractParagraphs(units);
  const read = extractJudgements(units);
  const classified = classify(layout, units, read.judgements, numbered.length);
  // The authority the document names, resolved to the register (src/register/).
  const { warnings: laWarnings, ...la } = resolveAuthority(classified.info, units);
  const info = { ...classified.info, ...la };
  const { judgements, notJudged } = forFramework(info.framework, read);
  const warnings: Warning[] = [...layout.warnings, ...classified.warnings, ...laWarnings];
  if (info.kind === 'inspection_report') {
    for (const n of notJudged) warnings.push({ code: 'not_judged', message: `${n.area}: "${n.label}" is marked not judged in the report`, loc: n.loc });
  }

  const doc: OfstedDocument = {
    schemaVersion: SCHEMA_VERSION,
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
    doc.recommendations = extractRecommendations(units, numbered, { lscbReport: info.framework === 'lscb_review' });
  }
  if (info.kind === 'action_plan') {
    const plan = extractActionPlan(layout, units);
    doc.actions = plan.actions;
    doc.recommendations = plan.recommendations;
    warnings.push(...plan.warnings);
  }
  // Every recommendation-like item, whatever the document (report, letter, SEND report, plan), gets its themes.
  doc.recommendations = doc.recommendations.map((r) => ({ ...r, themes: themesOf(r.text) }));
  // The contract is checked on the way out: an extractor bug must not reach the database.
  return DocumentSchema.parse(doc);
}
