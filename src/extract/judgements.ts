import type { Area, Framework, Judgement } from '../model/document.js';
import type { Unit } from './units.js';
import { areaOf, exactGrade, gradeIn, GRADE_PHRASE } from './grades.js';
import { frameworkEntry } from '../model/framework-registry.js';

/**
 * Graded judgements, in every form the reports print them:
 *  - a table row "label | grade" (the judgement table on page 1);
 *  - a line "label grade" where a reader did not see the table;
 *  - a heading naming an area followed by a grade on its own line (SIF sections);
 *  - the sentences Ofsted uses for the overall and LSCB judgements, and for the SIF
 *    sub-judgements ("The graded judgement for adoption performance is that it is good").
 * Previous inspections' grades are quoted in prose ("was judged to be adequate") and
 * match none of these forms. The first judgement found for an area wins.
 */
export interface JudgementExtraction {
  judgements: Judgement[];
  /** Areas the report lists as "Not judged" (e.g. no children in care at the time). */
  notJudged: Array<{ area: Area; label: string; loc: Unit['loc'] }>;
}

export function extractJudgements(units: Unit[]): JudgementExtraction {
  const found = new Map<Area, Judgement>();
  const notJudged: JudgementExtraction['notJudged'] = [];
  const add = (area: Area | null, label: string, grade: ReturnType<typeof gradeIn>, u: Unit) => {
    if (!area || !grade || found.has(area)) return;
    found.set(area, { area, label: tidyLabel(label), grade, wording: null, loc: u.loc });
  };

  for (let i = 0; i < units.length; i++) {
    const u = units[i]!;
    if (u.cells) {
      const cells = u.cells.filter(Boolean);
      const nj = cells.findIndex((c) => /^not judged\.?$/i.test(c));
      if (nj > 0) {
        const label = tidyLabel(cells.slice(0, nj).join(' '));
        const area = areaOf(label);
        if (area && !found.has(area) && !notJudged.some((n) => n.area === area)) notJudged.push({ area, label, loc: u.loc });
        continue;
      }
      const gi = cells.findIndex((c) => exactGrade(c) !== null);
      const label = gi > 0 ? cells.slice(0, gi).join(' ') : '';
      if (gi > 0 && areaOf(label)) {
        add(areaOf(label), label, exactGrade(cells[gi]!), u);
        continue;
      }
      // A grade split over two cells of the row ("Requires improvement" | "to be good").
      const joined = cells.join(' ');
      const m = new RegExp(`^(.*?)\\s+(${GRADE_PHRASE})\\.?$`, 'i').exec(joined);
      if (m && isLabel(m[1]!) && areaOf(m[1]!)) {
        add(areaOf(m[1]!), m[1]!, gradeIn(m[2]!), u);
        continue;
      }
      // The overall sentence in a shaded box a reader took for a table ("Children's services in X" | "are good").
      const said = sentenceAt(units, i, joined);
      if (said) add(said.area, said.label, said.grade, u);
      continue;
    }
    const sentence = sentenceAt(units, i, u.text);
    if (sentence) {
      add(sentence.area, sentence.label, sentence.grade, u);
      continue;
    }
    if (u.kind === 'list_item' && u.bullet) continue;
    const line = new RegExp(`^(.*?)[\\s:–-]+(${GRADE_PHRASE})\\.?$`, 'i').exec(u.text);
    if (line && isLabel(line[1]!)) {
      add(areaOf(line[1]!), line[1]!, gradeIn(line[2]!), u);
      continue;
    }
    // A heading naming an area, its grade alone on the next line (possibly split in two).
    const next = units[i + 1];
    if (next && isLabel(u.text) && areaOf(u.text) && !u.cells) {
      const g = exactGrade(next.text) ?? (units[i + 2] && /^to be good$/i.test(units[i + 2]!.text) ? exactGrade(next.text) : null);
      if (g) add(areaOf(u.text), u.text, g, u);
    }
  }
  return { judgements: [...found.values()], notJudged: notJudged.filter((n) => !found.has(n.area)) };
}

/** Short, label-like text: no verb of a sentence, no full stop inside. */
function isLabel(s: string): boolean {
  const t = s.trim();
  if (!t || t.length > 160) return false;
  if (/\b(?:was|were|is|are|been|judged|remains?|found)\b/i.test(t)) return false;
  return !/\.\s/.test(t);
}

function tidyLabel(s: string): string {
  return s.replace(/^\d+(?:\.\d+)?\.?\s+/, '').replace(/[\s:–-]+$/, '').trim();
}

interface SentenceHit {
  area: Area;
  label: string;
  grade: ReturnType<typeof gradeIn>;
}

/**
 * A judgement sentence at unit i, whose text is given (a row's cells joined). A sentence broken
 * over two units ("The effectiveness of the LSCB is" / "inadequate", "...children's service
 * requires" / "improvement to be good") is read joined with the short unit after it.
 */
function sentenceAt(units: Unit[], i: number, text: string): SentenceHit | null {
  const hit = sentenceJudgement(text);
  if (hit) return hit;
  const next = units[i + 1];
  if (!next || next.text.length > 40 || next.text.split(/\s+/).length > 6) return null;
  // A label over its grade ("The effectiveness of the LSCB" / "Good") is read as a label, below.
  if (isLabel(text) && areaOf(text) && exactGrade(next.text)) return null;
  return sentenceJudgement(`${text} ${next.text}`);
}

/** The LSCB judgement sentence, which opens the LSCB part of a SIF report. */
export function isLscbJudgement(text: string): boolean {
  return sentenceJudgement(text)?.area === 'lscb';
}

/** The whole text, or its first sentence when more sentences follow ("... are good. Children benefit ..."). */
const END = `\\.?$|\\.\\s+(?=[A-Z])`;
const RI = `${GRADE_PHRASE}|improvement(?: to be good)?`;

export function sentenceJudgement(text: string): SentenceHit | null {
  const label = (m: RegExpExecArray) => m[0].replace(/[.\s]+$/, '');
  // SIF overall: "Children's services in X require improvement to be good", "Children's services in
  // X are good" (the singular "service" too).
  let m = new RegExp(`^Children['’]?s services? in [^.,;]{1,80}? (?:(?:are|is) (?:judged (?:to be )?)?|requires? )(${RI})(?:${END})`, 'i').exec(text);
  if (m) return { area: 'overall_effectiveness', label: label(m), grade: verbGrade(m[1]!) };
  // "The overall judgement is good", "The overall judgement is that children's service requires improvement."
  m = new RegExp(`^The overall judgement is (?:that (?:(?:the )?children['’]?s services?|services for children.{0,40}?|it) (?:(?:are|is) (?:judged (?:to be )?)?|requires? ))?(${RI})(?:${END})`, 'i').exec(text);
  if (m) return { area: 'overall_effectiveness', label: label(m), grade: verbGrade(m[1]!) };
  m = new RegExp(`^The effectiveness of (?:the )?(?:Local Safeguarding Children Board|LSCB|[A-Z][\\w'’ -]{0,40}?Safeguarding Children Board)(?: \\([A-Z]+\\))? (?:is |requires? )(${GRADE_PHRASE}|improvement(?: to be good)?)\\.?$`, 'i').exec(text);
  if (m) return { area: 'lscb', label: text.replace(/\.$/, ''), grade: verbGrade(m[1]!) };
  m = new RegExp(`^(The Local Safeguarding Children Board|The LSCB)(?: \\(LSCB\\))?(?: in .+?)? (?:is |requires? )(${GRADE_PHRASE}|improvement)\\.?$`, 'i').exec(text);
  if (m) return { area: 'lscb', label: text.replace(/\.$/, ''), grade: verbGrade(m[2]!) };
  m = new RegExp(`^The graded judgement (?:for|about) (?:the )?(.+?) is that (?:it|they) (?:is|are|requires?) (${GRADE_PHRASE}|improvement)`, 'i').exec(text);
  if (m) {
    const area = areaOf(m[1]!);
    if (area) return { area, label: capitalise(m[1]!), grade: verbGrade(m[2]!) };
  }
  return null;
}

/** After "requires"/"require", a bare "improvement (to be good)" is the RI grade. */
function verbGrade(s: string): ReturnType<typeof gradeIn> {
  return /^improvement\b/i.test(s.trim()) ? 'requires_improvement' : gradeIn(s);
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * Frameworks that grade areas of their own (the framework registry's `ownAreas`): the generic area a
 * label was read as -> the framework's area. The 2012-13 looked after children inspection's
 * "Outcomes for looked after children" is not a SIF or ILACS children-in-care judgement; a
 * standalone LSCB review's overall judgement is the LSCB's.
 */
export function forFramework(framework: Framework | null, x: JudgementExtraction): JudgementExtraction {
  const map = frameworkEntry(framework)?.ownAreas;
  if (!map) return x;
  const judgements: Judgement[] = [];
  for (const j of x.judgements) {
    const area = map[j.area] ?? j.area;
    if (!judgements.some((k) => k.area === area)) judgements.push({ ...j, area });
  }
  const notJudged = x.notJudged.map((n) => ({ ...n, area: map[n.area] ?? n.area })).filter((n) => !judgements.some((j) => j.area === n.area));
  return { judgements, notJudged };
}
