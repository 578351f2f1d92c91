import type { LayoutDocument } from '../layout/types.js';
import { DocumentSchema, DOCUMENT_VERSION, type DocumentInfo, type OfstedDocument, type Paragraph, type Source, type Warning } from '../model/document.js';
import { toUnits, type Unit } from './units.js';
import { extractParagraphs, type NumberedParagraph } from './paragraphs.js';
import { partUnits, splitParts, type DocumentPart } from './parts.js';
import { extractJudgements, forFramework, type JudgementExtraction } from './judgements.js';
import { extractRecommendations } from './recommendations.js';
import { extractActionPlan } from './action-plan.js';
import { classify } from './classify.js';
import { themesOf } from './themes.js';
import { resolveAuthority } from '../register/resolve.js';
import { extractSend, sendTitle, type SendExtraction } from './send.js';
import { isLetterFramework, readLetter, type LetterRead } from './letters.js';
import { frameworkEntry } from '../model/framework-registry.js';
import { estimatedPublication } from './publication.js';
import { dropInvalidActionDates, dropInvalidDocumentDates } from './valid-dates.js';

/** One document bound into the file, read as its own numbered sequence. */
interface ReadPart extends DocumentPart {
  units: Unit[];
  numbered: NumberedParagraph[];
}

/**
 * What the passes share: the layout and source going in, what the reading passes have found so far,
 * and the document coming out (`doc`, whose `document` is the info the passes fill in).
 */
interface Draft {
  readonly layout: LayoutDocument;
  readonly source: Source;
  /** The layout as text units in reading order (./units.ts). */
  units: Unit[];
  /** Each document bound into the file (a report's LSCB review can be the second), with its own paragraphs. */
  parts: ReadPart[];
  /** The numbered paragraphs of every part, those of a part after the first marked with it. */
  numbered: NumberedParagraph[];
  /** The judgements as read, before the framework decides which areas they are. */
  read: JudgementExtraction;
  /** What the classifier warned of (the letter reader's warnings follow them). */
  classifyWarnings: Warning[];
  /** An area SEND report's own reading (./send.ts), or null. */
  send: SendExtraction | null;
  /** A letter's own reading (./letters.ts), or null. */
  letter: LetterRead | null;
  authorityWarnings: Warning[];
  dateWarnings: Warning[];
  doc: OfstedDocument;
}

type Pass = (d: Draft) => void;

/**
 * Layout -> document JSON, as an ordered list of named passes over one draft. Each reading step is a
 * small extractor over the same units, so a recommendation is found the same way whatever the source
 * format was; each policy (which judgement a bound-in review gives, what a workbook that is not a plan
 * keeps) is a pass of its own. Order matters: a pass reads what the passes before it wrote.
 */
const PASSES: ReadonlyArray<readonly [name: string, pass: Pass]> = [
  ['units', readUnits],
  ['parts', numberEachPart],
  ['judgements', readJudgements],
  ['lscb review judgement', lscbJudgementOfBoundReview],
  ['classify', classifyDocument],
  ['area send report', readSendReport],
  ['letter', readLetterFacts],
  ['authority', resolveTheAuthority],
  ['invalid dates', dropInvalidDates],
  ['publication date', settlePublicationDate],
  ['reading warnings', gatherReadingWarnings],
  ['framework judgements', keepFrameworkJudgements],
  ['paragraphs', keepParagraphs],
  ['report items', readReportItems],
  ['action plan', readActionPlan],
  ['workbook not a plan', blankWorkbookWithoutPlan],
  ['themes', tagThemes],
];

export function extractDocument(layout: LayoutDocument, source: Source): OfstedDocument {
  const d = newDraft(layout, source);
  for (const [, pass] of PASSES) pass(d);
  // The contract is checked on the way out: an extractor bug must not reach the database.
  return DocumentSchema.parse(d.doc);
}

/** Nothing known yet: every field empty, the kind left for the classifier to say. */
function blankInfo(): DocumentInfo {
  return {
    kind: 'other', title: null, localAuthority: null, localAuthorityCode: null, localAuthorityAsWritten: null, framework: null,
    inspectionType: null, inspectionStart: null, inspectionEnd: null, publicationDate: null, publicationDateSource: null,
    leadInspector: null, inspectors: [], focus: null, focusAsWritten: null, partnership: null, previousInspection: null,
    nextInspection: null, agencies: [], nextSteps: null,
  };
}

function newDraft(layout: LayoutDocument, source: Source): Draft {
  return {
    layout,
    source,
    units: [],
    parts: [],
    numbered: [],
    read: { judgements: [], notJudged: [] },
    classifyWarnings: [],
    send: null,
    letter: null,
    authorityWarnings: [],
    dateWarnings: [],
    doc: { schemaVersion: DOCUMENT_VERSION, source, document: blankInfo(), judgements: [], recommendations: [], paragraphs: [], actions: [], warnings: [] },
  };
}

function readUnits(d: Draft): void {
  d.units = toUnits(d.layout);
}

/** A report can bind in a second document numbered on its own (the LSCB review): each part is read as
 * its own numbered sequence, its paragraphs and items marked with their part. */
function numberEachPart(d: Draft): void {
  d.parts = splitParts(d.units).map((p) => {
    const own = partUnits(d.units, p);
    return { ...p, units: own, numbered: extractParagraphs(own) };
  });
  d.numbered = d.parts.flatMap((p) => (p.part > 1 ? p.numbered.map((x) => ({ ...x, part: p.part })) : p.numbered));
}

function readJudgements(d: Draft): void {
  d.read = extractJudgements(d.units);
}

/** A bound-in LSCB review grades the board on its own title page, where it may call the grade the
 * review's "overall effectiveness": read as the board's judgement when the report gives none elsewhere. */
function lscbJudgementOfBoundReview(d: Draft): void {
  for (const p of d.parts) {
    if (!p.lscb || d.read.judgements.some((j) => j.area === 'lscb')) continue;
    const own = extractJudgements(p.units).judgements;
    const j = own.find((x) => x.area === 'lscb') ?? own.find((x) => x.area === 'overall_effectiveness');
    if (j) d.read.judgements.push({ ...j, area: 'lscb' });
  }
}

/** What the document is: kind, framework, authority as named, dates, inspector, title (./classify.ts). */
function classifyDocument(d: Draft): void {
  const classified = classify(d.layout, d.units, d.read.judgements, d.numbered.length);
  d.doc.document = { ...d.doc.document, ...classified.info };
  d.classifyWarnings = classified.warnings;
}

/** An area SEND report: its own fields, outcome and items (./send.ts); the fields it states win. */
function readSendReport(d: Draft): void {
  const info = d.doc.document;
  const title = info.kind === 'inspection_report' ? sendTitle(d.units) : null;
  d.send = title ? extractSend(d.units, title) : null;
  if (!d.send) return;
  for (const [k, v] of Object.entries(d.send.info)) if (v !== undefined && v !== null) (info as Record<string, unknown>)[k] = v;
}

/** A focused-visit, monitoring-visit or JTAI letter: its facts are read from the letter's shape (./letters.ts). */
function readLetterFacts(d: Draft): void {
  const info = d.doc.document;
  d.letter = info.kind === 'inspection_report' && isLetterFramework(info.framework) ? readLetter(d.units, info.framework!) : null;
  if (!d.letter) return;
  const { localAuthority, ...facts } = d.letter.info;
  d.doc.document = { ...info, ...facts, localAuthority: localAuthority ?? info.localAuthority };
}

/** The authority the document names, resolved to the register (src/register/). */
function resolveTheAuthority(d: Draft): void {
  const { warnings, ...la } = resolveAuthority(d.doc.document, d.units);
  d.doc.document = { ...d.doc.document, ...la };
  d.authorityWarnings = warnings;
}

/** A date no reader could make valid is left empty, with a warning; never the reason a file fails (./valid-dates.ts). */
function dropInvalidDates(d: Draft): void {
  d.dateWarnings = dropInvalidDocumentDates(d.doc.document);
}

/** A date read by any of the readers above (title page, letter, SEND report) was printed in the document;
 * none printed: estimated from the PDF's creation date, else the inspection's last day (./publication.ts). */
function settlePublicationDate(d: Draft): void {
  const info = d.doc.document;
  info.publicationDateSource = info.publicationDate ? (info.publicationDateSource ?? 'printed') : null;
  const estimate = estimatedPublication(info, d.layout.meta?.created);
  if (estimate) Object.assign(info, { publicationDate: estimate.date, publicationDateSource: estimate.source });
}

/** The warnings of the reading so far, in a fixed order: layout, classifier, letter, authority, SEND, dates. */
function gatherReadingWarnings(d: Draft): void {
  d.doc.warnings = [...d.layout.warnings, ...d.classifyWarnings, ...(d.letter?.warnings ?? []), ...d.authorityWarnings, ...(d.send?.warnings ?? []), ...d.dateWarnings];
}

/** A report's judgements as its framework names its areas (an area SEND report's are its own); an area
 * the report marks "Not judged" is a warning. */
function keepFrameworkJudgements(d: Draft): void {
  const info = d.doc.document;
  if (info.kind !== 'inspection_report') return;
  const { judgements, notJudged } = d.send ? { judgements: d.send.judgements, notJudged: [] } : forFramework(info.framework, d.read);
  for (const n of notJudged) d.doc.warnings.push({ code: 'not_judged', message: `${n.area}: "${n.label}" is marked not judged in the report`, loc: n.loc });
  d.doc.judgements = judgements;
}

/** Reports and other prose documents keep their numbered paragraphs; a number the source prints twice is a warning. */
function keepParagraphs(d: Draft): void {
  const kind = d.doc.document.kind;
  if (kind !== 'inspection_report' && kind !== 'progress_report' && kind !== 'other') return;
  d.doc.paragraphs = d.numbered.map(({ units: _u, repeated: _r, ...p }): Paragraph => p);
  for (const p of d.numbered.filter((x) => x.repeated)) {
    d.doc.warnings.push({ code: 'paragraph_number_repeated_in_source', message: `the source numbers two consecutive paragraphs ${p.number}; both are kept`, loc: p.loc });
  }
}

/** A report's items: an area SEND report's or a letter's as they read them, else each part's
 * recommendations (a part that is the LSCB review, or a framework whose items are the board's, gives LSCB items). */
function readReportItems(d: Draft): void {
  const info = d.doc.document;
  if (info.kind !== 'inspection_report') return;
  d.doc.recommendations = d.send
    ? d.send.items
    : d.letter
      ? d.letter.items
      : d.parts.flatMap((p) => {
          const items = extractRecommendations(p.units, p.numbered, { lscbReport: frameworkEntry(info.framework)?.lscbItems === true || p.lscb });
          return p.part > 1 ? items.map((r) => ({ ...r, part: p.part })) : items;
        });
}

/** An action plan's actions (dates no reader could make valid left empty) and the recommendations it answers. */
function readActionPlan(d: Draft): void {
  if (d.doc.document.kind !== 'action_plan') return;
  const plan = extractActionPlan(d.layout, d.units);
  const dated = dropInvalidActionDates(plan.actions);
  d.doc.actions = dated.actions;
  d.doc.warnings.push(...dated.warnings);
  d.doc.recommendations = plan.recommendations;
  d.doc.warnings.push(...plan.warnings);
}

/** A workbook is read as a plan or not at all: one warning says it held none (a plan template not yet
 * filled in keeps its recommendations). */
function blankWorkbookWithoutPlan(d: Draft): void {
  const doc = d.doc;
  if (d.source.format !== 'xlsx' || doc.actions.length > 0 || (doc.document.kind === 'action_plan' && doc.recommendations.length > 0)) return;
  doc.warnings = [{ code: 'xlsx_not_a_plan', message: 'the workbook holds no action plan table (a header row naming an action column): no actions read', loc: { page: null, line: null, block: null } }];
  doc.recommendations = [];
  doc.paragraphs = [];
  doc.judgements = [];
}

/** Every recommendation-like item, whatever the document (report, letter, SEND report, plan), gets its themes. */
function tagThemes(d: Draft): void {
  d.doc.recommendations = d.doc.recommendations.map((r) => ({ ...r, themes: themesOf(r.text) }));
}
