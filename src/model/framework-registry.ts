/**
 * The framework registry: what each inspection framework is, written once. Every list of
 * frameworks in src/ is generated from it: the titles classification looks for
 * (extract/classify.ts), the areas the validator expects (validate/semantic.ts), the areas a
 * framework grades under its own names (extract/judgements.ts), the letters (extract/letters.ts),
 * the classes the read model counts by, SQL included (query/rules.ts), the default item kind of an
 * upgraded document (store/document-versions.ts), display names (query/labels.ts) and the
 * deadline rules (data/deadlines.json names a class; a framework's own rules name it).
 *
 * Adding a framework: its id in ./frameworks.ts, its entry here, and its extractor (a title
 * pattern here is enough for one read as a report or a letter). tests/framework-registry.test.ts
 * checks that nothing else in src/ lists framework ids.
 */
import type { Area, Framework, ItemKind } from './document.js';
import { FRAMEWORKS } from './frameworks.js';

/**
 * What a framework's documents are, for everything that counts them:
 * - `full_inspection`: a graded inspection of an authority's children's services (a "latest grades"
 *   candidate, a plan due 70 working days after publication);
 * - `visit`: a letter between full inspections (focused and monitoring visits, JTAIs): never latest grades;
 * - `send`: an area SEND inspection (Ofsted and CQC): an outcome, not grades;
 * - `review`: a review of one body (the standalone LSCB review): graded, but not the authority's services.
 */
export const FRAMEWORK_CLASSES = ['full_inspection', 'visit', 'send', 'review'] as const;
export type FrameworkClass = (typeof FRAMEWORK_CLASSES)[number];

/** Which extractor reads a framework's items: the report reader (judgements, numbered paragraphs, recommendations), the letter reader, or the area SEND reader. */
export type FrameworkReader = 'report' | 'letter' | 'send';

export interface FrameworkEntry {
  class: FrameworkClass;
  /** Its usual name, as pages and sheets show it. */
  name: string;
  reader: FrameworkReader;
  /**
   * Title patterns (tested on the comparable text of title-like units, in the order of the
   * registry: the first framework whose title is found wins). A named group `la` captures the
   * authority when the title carries it. Area SEND titles are read by extract/send.ts.
   */
  titles: RegExp[];
  /** An inspection starting on or after `from` under this framework's title is of `framework` (the 2026 ILACS reform). */
  replacedBy?: { framework: Framework; from: string };
  /** Graded areas the validator expects, by the date the inspection started: the last entry whose `from` is on or before it (no date: the first). */
  areas: Array<{ from?: string; areas: Area[] }>;
  /** Areas it never grades: a judgement read for one is a warning. */
  ungraded?: Area[];
  /** Its own names for areas the judgement reader finds under generic labels: generic area -> its area. */
  ownAreas?: Partial<Record<Area, Area>>;
  /** The kinds of item it lists; the first is the kind of an item whose heading does not say (and of a stored item of an older document version). */
  itemKinds: ItemKind[];
  /** Every item it lists is the LSCB's. */
  lscbItems?: boolean;
  /** It states its inspection type (short or standard), or the length of the visit implies it. */
  inspectionTypes?: boolean;
  /** The ids of the rules of data/deadlines.json that may apply to its documents (the first that applies wins); none: no plan is due. */
  deadlineRules: string[];
}

const ILACS_TITLE =
  /^inspection of (?:(?<la>.+?) )?(local authority children['’]s services|children['’]s social care services|children['’]s services|children and families trust|children['’]s (?:services )?trust)\.?$/i;
const ILACS_AREAS: Area[] = ['overall_effectiveness', 'leadership', 'help_and_protection', 'children_in_care'];

/** Keyed by framework, in the order titles are tried (a SIF report binds an LSCB review: SIF first; ILACS's short title last). */
export const FRAMEWORK_REGISTRY: Record<Framework, FrameworkEntry> = {
  sif: {
    class: 'full_inspection',
    name: 'SIF',
    reader: 'report',
    titles: [/(?:re-?\s?)?inspection of services for children in need of help and\s+protection,? children looked after and care\s+leavers/i],
    // The LSCB judgement, when the review is bound in, is not required.
    areas: [{ areas: ['overall_effectiveness', 'help_and_protection', 'children_in_care', 'adoption', 'care_leavers', 'leadership'] }],
    itemKinds: ['recommendation', 'area_for_improvement'],
    deadlineRules: ['full-inspection-plan'],
  },
  cp2012: {
    class: 'full_inspection',
    name: 'Child protection 2012',
    reader: 'report',
    titles: [/inspection of local authority arrangements for the protection of children/i],
    areas: [{ areas: ['overall_effectiveness'] }],
    itemKinds: ['recommendation'],
    deadlineRules: ['full-inspection-plan'],
  },
  lac2012: {
    class: 'full_inspection',
    name: 'Looked after children 2012',
    reader: 'report',
    titles: [/inspection of looked after children(?:['’]s)? services/i],
    areas: [{ areas: ['overall_effectiveness', 'capacity_to_improve', 'lac_outcomes', 'lac_quality_of_provision', 'lac_leadership'] }],
    // "Outcomes for looked after children" is not a SIF or ILACS children-in-care judgement.
    ownAreas: { children_in_care: 'lac_outcomes', quality_of_practice: 'lac_quality_of_provision', leadership: 'lac_leadership' },
    itemKinds: ['recommendation', 'area_for_improvement'],
    deadlineRules: ['full-inspection-plan'],
  },
  slac: {
    class: 'full_inspection',
    name: 'SLAC',
    reader: 'report',
    titles: [/inspection of safeguarding and looked after children services/i],
    areas: [{ areas: ['overall_effectiveness'] }],
    itemKinds: ['recommendation'],
    deadlineRules: ['full-inspection-plan'],
  },
  lscb_review: {
    class: 'review',
    name: 'LSCB review',
    reader: 'report',
    // Published on its own (bound into a SIF report, its title follows the SIF title, which wins).
    titles: [/^review of the effectiveness of (?:the )?(?:local safeguarding children\b|lscb\b|.{1,60}?safeguarding children\b)/i],
    areas: [{ areas: ['lscb'] }],
    // Its "Overall effectiveness" row is the board's judgement.
    ownAreas: { overall_effectiveness: 'lscb' },
    itemKinds: ['recommendation'],
    lscbItems: true,
    deadlineRules: [],
  },
  focused_visit: {
    class: 'visit',
    name: 'Focused visit',
    reader: 'letter',
    titles: [/^focused visit\b/i],
    areas: [{ areas: [] }],
    itemKinds: ['area_for_improvement', 'priority_action'],
    deadlineRules: ['focused-visit-priority-actions'],
  },
  monitoring_visit: {
    class: 'visit',
    name: 'Monitoring visit',
    reader: 'letter',
    titles: [/^monitoring visit\b/i],
    areas: [{ areas: [] }],
    itemKinds: ['recommendation', 'area_for_improvement'],
    deadlineRules: [],
  },
  jtai: {
    class: 'visit',
    name: 'JTAI',
    reader: 'letter',
    titles: [/^joint targeted area inspection\b/i],
    areas: [{ areas: [] }],
    itemKinds: ['recommendation', 'area_for_improvement', 'priority_action'],
    deadlineRules: ['jtai-written-statement'],
  },
  ilacs: {
    class: 'full_inspection',
    name: 'ILACS',
    reader: 'report',
    titles: [ILACS_TITLE],
    replacedBy: { framework: 'ilacs2026', from: '2026-04-01' },
    // Care leavers graded separately from 2023.
    areas: [{ areas: ILACS_AREAS }, { from: '2023-01-01', areas: [...ILACS_AREAS, 'care_leavers'] }],
    itemKinds: ['area_for_improvement'],
    inspectionTypes: true,
    deadlineRules: ['full-inspection-plan'],
  },
  ilacs2026: {
    class: 'full_inspection',
    name: 'ILACS 2026',
    reader: 'report',
    // An ILACS title on an inspection from the reform on (ilacs.replacedBy).
    titles: [],
    areas: [{ areas: ['leadership', 'help_and_protection', 'children_in_care', 'care_leavers'] }],
    ungraded: ['overall_effectiveness'],
    itemKinds: ['area_for_improvement'],
    inspectionTypes: true,
    deadlineRules: ['full-inspection-plan'],
  },
  area_send: {
    class: 'send',
    name: 'Area SEND',
    reader: 'send',
    // Recognised by extract/send.ts (sendTitle).
    titles: [],
    // One outcome, which a report can lack (an unrecognised outcome sentence is a warning, not an error).
    areas: [{ areas: [] }],
    itemKinds: ['area_for_improvement', 'priority_action'],
    deadlineRules: ['area-send-stated'],
  },
  local_area_send: {
    class: 'send',
    name: 'Local area SEND',
    reader: 'send',
    titles: [],
    areas: [{ areas: [] }],
    itemKinds: ['area_for_improvement', 'priority_action'],
    deadlineRules: ['area-send-stated', 'local-area-send-written-statement'],
  },
};

/** A framework's entry (null for a document of no framework). */
export const frameworkEntry = (f: Framework | string | null | undefined): FrameworkEntry | null =>
  f && Object.hasOwn(FRAMEWORK_REGISTRY, f) ? FRAMEWORK_REGISTRY[f as Framework] : null;

/** The frameworks of a class, in FRAMEWORKS order. */
export const frameworksOfClass = (c: FrameworkClass): Framework[] => FRAMEWORKS.filter((f) => FRAMEWORK_REGISTRY[f].class === c);

/** The frameworks a reader reads, in FRAMEWORKS order. */
export const frameworksReadBy = (r: FrameworkReader): Framework[] => FRAMEWORKS.filter((f) => FRAMEWORK_REGISTRY[f].reader === r);

/** The title patterns, in the order they are tried, each with its framework. */
export const FRAMEWORK_TITLES: ReadonlyArray<[RegExp, Framework]> = (Object.keys(FRAMEWORK_REGISTRY) as Framework[]).flatMap((f) =>
  FRAMEWORK_REGISTRY[f].titles.map((re): [RegExp, Framework] => [re, f]),
);

/** The framework an inspection under `f`'s title is of, given its start date (the 2026 reform). */
export function frameworkOnDate(f: Framework, inspectionStart: string | null): Framework {
  const next = FRAMEWORK_REGISTRY[f].replacedBy;
  return next && inspectionStart && inspectionStart >= next.from ? frameworkOnDate(next.framework, inspectionStart) : f;
}

/** The judgement areas a framework grades, for an inspection that started on a date. */
export function gradedAreas(f: Framework | null, inspectionStart: string | null): Area[] {
  const entry = frameworkEntry(f);
  if (!entry) return [];
  let out = entry.areas[0]!.areas;
  for (const a of entry.areas) if (a.from === undefined || (inspectionStart !== null && inspectionStart >= a.from)) out = a.areas;
  return [...out];
}
