import { z } from 'zod';

/**
 * The document JSON contract. Field names are the contract: do not rename.
 * Version 2 added document.localAuthorityCode and document.localAuthorityAsWritten
 * (the register of local authorities); document.localAuthority became the register's name.
 */
export const SCHEMA_VERSION = '2' as const;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'ISO date YYYY-MM-DD');

export const LocSchema = z
  .object({
    page: z.number().int().positive().nullable(),
    line: z.number().int().positive().nullable(),
    block: z.number().int().nonnegative().nullable(),
  })
  .strict();

export const FORMATS = ['pdf', 'docx', 'markdown'] as const;
export const KINDS = ['inspection_report', 'action_plan', 'progress_report', 'other'] as const;
export const FRAMEWORKS = ['slac', 'cp2012', 'lac2012', 'sif', 'lscb_review', 'ilacs', 'ilacs2026', 'focused_visit', 'monitoring_visit', 'jtai'] as const;
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
] as const;
export const GRADES = ['outstanding', 'good', 'requires_improvement', 'adequate', 'inadequate'] as const;
export const SCOPES = ['local_authority', 'lscb', 'partners'] as const;
export const TIMESCALES = ['immediate', 'within_3_months', 'within_6_months'] as const;
export const RAGS = ['red', 'amber', 'green', 'blue', 'complete'] as const;

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
    leadInspector: z.string().nullable(),
  })
  .strict();

export const JudgementSchema = z
  .object({
    area: z.enum(AREAS),
    label: z.string().min(1),
    grade: z.enum(GRADES),
    loc: LocSchema,
  })
  .strict();

export const RecommendationSchema = z
  .object({
    id: z.string().min(1),
    scope: z.enum(SCOPES),
    text: z.string().min(1),
    timescale: z.enum(TIMESCALES).nullable(),
    paragraphRefs: z.array(z.number().int().positive()),
    loc: LocSchema,
  })
  .strict();

export const ParagraphSchema = z
  .object({
    number: z.number().int().positive(),
    /** The number as printed where it is not a plain integer ("4.10" in a committee report); number is then its position. */
    label: z.string().optional(),
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
    schemaVersion: z.literal(SCHEMA_VERSION),
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

/** JSON Schema of the document, generated from the zod model (committed as schemas/document.schema.json). */
export function documentJsonSchema(): unknown {
  return {
    $id: 'https://ofsted-ingest.local/schemas/document.schema.json',
    title: 'Ofsted ingest document',
    ...z.toJSONSchema(DocumentSchema, { target: 'draft-2020-12' }),
  };
}
