import type { Area, Grade } from '../model/document.js';
import { keyOf } from '../util/text.js';

/**
 * A grade phrase standing alone (a table cell, the end of a judgement line). The
 * "requires improvement" family is tried first so that "...to be good" is not read as good.
 */
const GRADE_PATTERNS: Array<[RegExp, Grade]> = [
  [/\brequires? improvement(?: to be good)?\b/i, 'requires_improvement'],
  [/\boutstanding\b/i, 'outstanding'],
  [/\binadequate\b/i, 'inadequate'],
  [/\badequate\b/i, 'adequate'],
  [/\bgood\b/i, 'good'],
];

export const GRADE_PHRASE = '(?:requires? improvement(?:\\s+to\\s+be\\s+good)?|outstanding|inadequate|adequate|good)';

/** The grade of a text that is nothing but a grade ("Requires improvement to be good", "Good."). */
export function exactGrade(text: string): Grade | null {
  // 2012-13 reports print "Grade 4 (inadequate)".
  const t = text.trim().replace(/^grade \d\s*\((.+)\)$/i, '$1').replace(/[.*:]+$/, '').trim();
  if (!new RegExp(`^${GRADE_PHRASE}$`, 'i').test(t)) return null;
  return gradeIn(t);
}

/** The first grade named in a text (RI before good). */
export function gradeIn(text: string): Grade | null {
  for (const [re, g] of GRADE_PATTERNS) if (re.test(text)) return g;
  return null;
}

/**
 * Judgement labels by area, as the frameworks word them. Matched on keyOf(label)
 * (lower case, punctuation folded). Order matters: the more specific first.
 */
const AREA_RULES: Array<[RegExp, Area]> = [
  [/\boverall effectiveness\b/, 'overall_effectiveness'],
  [/^capacity (?:to improve|for improvement)\b/, 'capacity_to_improve'],
  [/\bimpact of leaders\b|\bleadership management and governance\b|\bleadership and governance\b|\bleadership and management\b/, 'leadership'],
  // "...of children care leavers" is a real typo in a 2026 report's judgement table.
  [/\bexperiences? and progress of care leavers\b|^care leavers?\b|\bprogress of care leavers\b|\bprogress of children care leavers\b/, 'care_leavers'],
  [/\badoption performance\b|^adoption\b/, 'adoption'],
  [/\blocal safeguarding children board\b|\blscb\b/, 'lscb'],
  [/\bchildren who need help and protection\b|\bhelp and protection\b/, 'help_and_protection'],
  [/\bchildren looked after and achieving permanence\b|\bchildren in care and care leavers\b|\bchildren in care\b|\blooked after children\b|\bchildren looked after\b/, 'children_in_care'],
  [/\bquality of (?:practice|provision)\b/, 'quality_of_practice'],
];

/** The judgement area a label names, or null. Labels are short: long sentences are not labels. */
export function areaOf(label: string): Area | null {
  const k = keyOf(label).replace(/^\d+(?: \d+)? /, '');
  if (!k || k.split(' ').length > 22) return null;
  for (const [re, area] of AREA_RULES) if (re.test(k)) return area;
  return null;
}
