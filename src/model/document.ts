import { z } from 'zod';
import { FRAMEWORKS } from './frameworks.js';

/**
 * The document JSON contract. Field names are the contract: do not rename.
 *
 * Three different versions carry the word "schema" in this project; they are not the same number:
 * - DOCUMENT_VERSION (here, the JSON field `schemaVersion`): the version of the document JSON's
 *   shape, which grows when the extractors give a document new fields; a stored document of an
 *   older version is re-derived on opening (src/store/rederive.ts).
 * - The database's migration version (SQLite's `PRAGMA user_version`, LATEST_SCHEMA in
 *   src/db/database.ts): the last migration of src/db/migrations.ts applied to the file.
 * - The JSON Schema file, schemas/document.schema.json: generated from this zod model by
 *   `ofsted schema` (it describes the current DOCUMENT_VERSION; it has no number of its own).
 *
 * Document versions: version 2 added document.localAuthorityCode and document.localAuthorityAsWritten
 * (the register of local authorities); document.localAuthority became the register's name.
 * Version 3: the whole family of inspection documents (focused-visit, monitoring-visit and JTAI
 * letters, area SEND reports: document.inspectors, focus, partnership, previousInspection,
 * nextInspection; judgement.wording), recommendation.kind (recommendation, area for
 * improvement, priority action), .nationalFrameworkRef, .responsible and .themes; XLSX sources.
 * Optional paragraph.part and recommendation.part (a second document bound into a report, numbered on its own).
 * Version 4: document.publicationDateSource (where the publication date came from), document.nextSteps
 * (what the document asks of the authority next, with the date it is due where printed),
 * document.agencies (the inspectorates that inspected), recommendation.heading (the subheading an item sits under).
 */
export const DOCUMENT_VERSION = '4' as const;
/** The former name of DOCUMENT_VERSION (the document JSON's version, not the database's migration version). */
export const SCHEMA_VERSION = DOCUMENT_VERSION;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO date YYYY-MM-DD');

/**
 * Where an item is in its source. PDF: `page` (1-based); Markdown: `line`; DOCX: `block` (the
 * index of the block in the document). XLSX: `page` is the sheet number (1-based, hidden sheets
 * counted) and `line` the row number of that sheet (1-based, as Excel shows it). Unknown parts are null.
 */
export const LocSchema = z
  .object({
    page: z.number().int().positive().nullable(),
    line: z.number().int().positive().nullable(),
    block: z.number().int().nonnegative().nullable(),
  })
  .strict();

export const FORMATS = ['pdf', 'docx', 'markdown', 'xlsx'] as const;
export const KINDS = ['inspection_report', 'action_plan', 'progress_report', 'other'] as const;
export { FRAMEWORKS };
export const AREAS = [
  'overall_effectiveness',
  'leadership',
  'help_and_protection',
  'children_in_care',
  'care_leavers',
  'adoption',
  'lscb',
  'quality_of_practice',
  // The 2012-13 looked after children inspection (lac2012) grades its own areas.
  'capacity_to_improve',
  'lac_outcomes',
  'lac_quality_of_provision',
  'lac_leadership',
  // The outcome of an area SEND inspection (one of three fixed sentences since 2023; before, whether a
  // written statement of action is required).
  'send_outcome',
] as const;
export const GRADES = [
  'outstanding', 'good', 'requires_improvement', 'adequate', 'inadequate',
  // area_send (2023 framework) outcomes
  'positive_experiences', 'inconsistent_experiences', 'significant_concerns',
  // local_area_send (2016-2022): the outcome is whether a written statement of action is required
  'written_statement_required', 'written_statement_not_required',
] as const;
/** What a recommendation-like item is: a report's recommendation, an area for improvement ("What needs to improve"), or an area for priority action. */
export const ITEM_KINDS = ['recommendation', 'area_for_improvement', 'priority_action'] as const;
/** The area of practice a focused visit (or a monitoring visit) looked at, or the theme of a JTAI. */
export const FOCUS_AREAS = [
  'front_door',
  'children_in_need_and_protection',
  'children_in_care',
  'permanence',
  'care_leavers',
  'extra_familial_harm',
  'disabled_children',
  'pandemic',
  // A JTAI theme and a focused-visit topic: the multi-agency response to children and families who need early help.
  'early_help',
  // JTAI themes (the multi-agency response to ...); 'front_door' is also the JTAI theme "identification of initial need and risk".
  'abuse_and_neglect',
  'child_sexual_exploitation',
  'child_exploitation',
  'criminal_exploitation',
  'domestic_abuse',
  'neglect',
  'mental_health',
  'sexual_abuse_in_family',
  'serious_youth_violence',
  'other',
] as const;
export const SCOPES = ['local_authority', 'lscb', 'partners'] as const;
export const TIMESCALES = ['immediate', 'within_3_months', 'within_6_months'] as const;
export const RAGS = ['red', 'amber', 'green', 'blue', 'complete'] as const;
/**
 * Where a document's publication date came from, most trusted first: Ofsted's listing of its
 * publications (`ofsted fetch`: the day Ofsted published it); given by the person importing it
 * (`--published`); printed in the document (a report's own date, or a letter's: the day the letter was
 * written, often days before Ofsted publishes it, so a date given from outside replaces it);
 * estimated from the PDF's own creation date; the last day of the inspection (last resort). The last
 * two are estimates, and every deadline counted from them says so.
 */
export const PUBLICATION_SOURCES = ['ofsted_listing', 'user', 'printed', 'pdf_created', 'inspection_end'] as const;

export const SourceSchema = z
  .object({
    path: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    format: z.enum(FORMATS),
    bytes: z.number().int().nonnegative(),
    pages: z.number().int().nonnegative().nullable(),
  })
  .strict();

export const DocumentInfoSchema = z
  .object({
    kind: z.enum(KINDS),
    title: z.string().nullable(),
    /** The register's name of the authority (data/local-authorities.csv), or the name as read when none matches. */
    localAuthority: z.string().nullable(),
    /** DfE three-digit local authority code of the register row; null when no row matches. */
    localAuthorityCode: z.string().regex(/^\d{3}$/, 'DfE three-digit code').nullable(),
    /** The words the document uses for the authority ("London Borough of Barking & Dagenham"). */
    localAuthorityAsWritten: z.string().nullable(),
    framework: z.enum(FRAMEWORKS).nullable(),
    inspectionType: z.enum(['standard', 'short']).nullable(),
    inspectionStart: isoDate.nullable(),
    inspectionEnd: isoDate.nullable(),
    publicationDate: isoDate.nullable(),
    /** Where publicationDate came from (PUBLICATION_SOURCES); null exactly when publicationDate is null. */
    publicationDateSource: z.enum(PUBLICATION_SOURCES).nullable(),
    leadInspector: z.string().nullable(),
    /** Every inspector the document names, the lead first (letters name them in their closing lines). */
    inspectors: z.array(z.string().min(1)),
    /** The area of practice a visit looked at, from a fixed list; focusAsWritten keeps the sentence. */
    focus: z.enum(FOCUS_AREAS).nullable(),
    focusAsWritten: z.string().nullable(),
    /** Area SEND: the local area partnership as the report names it. */
    partnership: z.string().nullable(),
    /** Area SEND: the previous inspection (date and outcome as written). */
    previousInspection: z.object({ date: isoDate.nullable(), text: z.string().min(1) }).strict().nullable(),
    /** Area SEND: when the next full inspection will be, as written, and a date where it gives one. */
    nextInspection: z.object({ raw: z.string().min(1), date: isoDate.nullable() }).strict().nullable(),
    /** The inspectorates that inspected, as the document names them (a JTAI letter: Ofsted, the CQC, HMICFRS, HMI Probation); empty where it names none. */
    agencies: z.array(z.string().min(1)),
    /**
     * What the document asks of the authority next, as written (a JTAI letter's "Next steps": a written
     * statement of proposed action), with the date it is due where the document prints one. A printed
     * date wins over a computed deadline.
     */
    nextSteps: z.object({ text: z.string().min(1), due: isoDate.nullable(), loc: LocSchema }).strict().nullable(),
  })
  .strict();

/**
 * The document bound into a report that an item or paragraph belongs to, counted from 1, where a report binds in a
 * second document with its own paragraph numbering (a SIF report with the LSCB review as a document of
 * its own, numbered from 1 again): 2 for that one. Absent in the report's own (first) document.
 */
const PartSchema = z.number().int().min(2).optional();

export const JudgementSchema = z
  .object({
    area: z.enum(AREAS),
    label: z.string().min(1),
    grade: z.enum(GRADES),
    /** The sentence the grade was read from where it is more than a grade word (an area SEND outcome). */
    wording: z.string().nullable(),
    loc: LocSchema,
  })
  .strict();

/** A theme of data/themes.csv given to an item, with the words of the item that gave it. */
export const ThemeTagSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'theme id'),
    words: z.array(z.string().min(1)),
  })
  .strict();

export const RecommendationSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(ITEM_KINDS),
    scope: z.enum(SCOPES),
    text: z.string().min(1),
    timescale: z.enum(TIMESCALES).nullable(),
    paragraphRefs: z.array(z.number().int().positive()),
    /** The bound-in document this item stands in (its paragraph references resolve there): PartSchema. */
    part: PartSchema,
    /** A cross-reference to the national framework ("Outcome 3, national framework"), as written. */
    nationalFrameworkRef: z.string().nullable(),
    /** The bodies the document names as responsible for the item (area SEND: "the local authority and the ICB"). */
    responsible: z.array(z.string().min(1)),
    /** Themes of data/themes.csv, strongest first. */
    themes: z.array(ThemeTagSchema),
    /** The subheading the document groups the item under, as written (a JTAI letter's "The front door"); null where there is none. */
    heading: z.string().nullable(),
    loc: LocSchema,
  })
  .strict();

export const ParagraphSchema = z
  .object({
    number: z.number().int().positive(),
    /** The number as printed where it is not a plain integer ("4.10" in a committee report); number is then its position. */
    label: z.string().optional(),
    /** The bound-in document this paragraph belongs to: PartSchema. */
    part: PartSchema,
    section: z.string().nullable(),
    text: z.string().min(1),
    loc: LocSchema,
  })
  .strict();

export const ActionSchema = z
  .object({
    recommendationRef: z.string().nullable(),
    id: z.string().nullable(),
    description: z.string().min(1),
    leads: z.array(z.string().min(1)),
    due: z.object({ raw: z.string().nullable(), date: isoDate.nullable() }).strict(),
    outcome: z.string().nullable(),
    progress: z.string().nullable(),
    rag: z.enum(RAGS).nullable(),
    ragRaw: z.string().nullable(),
    loc: LocSchema,
  })
  .strict();

export const WarningSchema = z
  .object({
    code: z.string().min(1),
    message: z.string().min(1),
    loc: LocSchema,
  })
  .strict();

export const DocumentSchema = z
  .object({
    schemaVersion: z.literal(DOCUMENT_VERSION),
    source: SourceSchema,
    document: DocumentInfoSchema,
    judgements: z.array(JudgementSchema),
    recommendations: z.array(RecommendationSchema),
    paragraphs: z.array(ParagraphSchema),
    actions: z.array(ActionSchema),
    warnings: z.array(WarningSchema),
  })
  .strict();

export type Loc = z.infer<typeof LocSchema>;
export type Source = z.infer<typeof SourceSchema>;
export type DocumentInfo = z.infer<typeof DocumentInfoSchema>;
export type Judgement = z.infer<typeof JudgementSchema>;
export type Recommendation = z.infer<typeof RecommendationSchema>;
export type Paragraph = z.infer<typeof ParagraphSchema>;
export type Action = z.infer<typeof ActionSchema>;
export type Warning = z.infer<typeof WarningSchema>;
export type OfstedDocument = z.infer<typeof DocumentSchema>;
export type Framework = (typeof FRAMEWORKS)[number];
export type Area = (typeof AREAS)[number];
export type Grade = (typeof GRADES)[number];
export type Rag = (typeof RAGS)[number];
export type ItemKind = (typeof ITEM_KINDS)[number];
export type FocusArea = (typeof FOCUS_AREAS)[number];
export type ThemeTag = z.infer<typeof ThemeTagSchema>;
export type PublicationSource = (typeof PUBLICATION_SOURCES)[number];

/** JSON Schema of the document, generated from the zod model (committed as schemas/document.schema.json). */
export function documentJsonSchema(): unknown {
  return {
    $id: 'https://ofsted-ingest.local/schemas/document.schema.json',
    title: 'Ofsted ingest document',
    ...z.toJSONSchema(DocumentSchema, { target: 'draft-2020-12' }),
  };
}
