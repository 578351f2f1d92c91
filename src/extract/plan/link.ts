/**
 * What a plan's actions answer: the recommendation or area for improvement, named in the
 * text around the table ("Area for Improvement (3): ...", "3. Ofsted Recommendation",
 * "Additional Areas for Development 11") or in the table's own Recommendation column
 * ("(S2) ...", "(LAC5) ...").
 */
import type { Recommendation } from '../../model/document.js';

export type Timescale = Recommendation['timescale'];

export const TIMESCALE_PREFIX = /^(?:Timescale\s*:?\s*)?(Immediate(?:ly)?|Within (?:\w+) months?)\b(?:\s*\((?![A-Z]{1,4}\d)[^)]*\))?\.?\s*:?\s*/i;

/** "Immediate", "Within 3 months", "Within three months (end February 2012)" -> enum. */
export function timescaleOf(raw: string | null | undefined): Timescale {
  if (!raw) return null;
  const t = raw.toLowerCase();
  if (/\bimmediate/.test(t)) return 'immediate';
  if (/within (?:3|three) months?/.test(t)) return 'within_3_months';
  if (/within (?:6|six) months?/.test(t)) return 'within_6_months';
  return null;
}

export interface RecHeading {
  ref: string;
  text: string;
  timescaleRaw: string | null;
}

/** "Area for Improvement (3): Ensure that ..." -> { ref "3", text }. */
export function areaHeading(text: string): RecHeading | null {
  const m = /^(?:Area|Areas) for (?:Improvement|Development)\s*\(?(\d{1,3})\)?\s*[:.-]?\s*(.*)$/is.exec(text.trim());
  if (m) return { ref: m[1]!, text: m[2]!.trim(), timescaleRaw: null };
  const r = /^(?:Recommendation)\s*\(?(\d{1,3})\)?\s*[:.-]\s*(.*)$/is.exec(text.trim());
  if (r) return { ref: r[1]!, text: r[2]!.trim(), timescaleRaw: null };
  return null;
}

/** "(S2) The local council ..." -> "S2"; "(LAC10) ..." -> "LAC10". */
export function bracketRef(text: string): string | null {
  return /^\(([A-Z]{1,4}\d{1,3}[a-z]?)\)/.exec(text.trim())?.[1] ?? null;
}
