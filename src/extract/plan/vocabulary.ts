/**
 * The words of action-plan templates (data/plan-vocabulary.json, each section with where its
 * words come from), loaded once and compiled to the patterns the plan stages use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Rag } from '../../model/document.js';
import { DATA_DIR } from '../../model/register-data.js';

/** A plan column's role: what the header words (or the data) say the column holds. */
export type Role = 'ref' | 'id' | 'description' | 'recommendation' | 'lead' | 'due' | 'outcome' | 'progress' | 'rag';

interface HeaderRule {
  role: Role;
  /** Patterns of which any names the role. */
  any?: string[];
  /** The rule matches a piece of "action" no longer than this (a word a conversion split). */
  actionFragment?: number;
}

interface VocabularyFile {
  phaseLabels: { labels: string[] };
  rag: { letters: Record<string, Rag>; colours: string[]; words: Record<string, Rag> };
  statusWords: { patterns: string[] };
  statusMeaning: { done: string[]; notStarted: string[] };
  standingDue: { patterns: string[]; alsoNoDate: string[] };
  leadRoles: { nouns: string[] };
  headerRoles: { rules: HeaderRule[] };
  recommendationLabel: { pattern: string };
  recommendationScope: { lscb: string };
}

const file = JSON.parse(readFileSync(join(DATA_DIR, 'plan-vocabulary.json'), 'utf8')) as VocabularyFile;

const alt = (xs: string[]): string => xs.join('|');

/** Phase labels that group the actions of a cell ("MUST DO", "EMBEDDING"), as a regexp alternation. */
export const PHASE_LABELS = alt(file.phaseLabels.labels);

/** RAG letters ("R", "A", "G", "B", "C") and colour words, with the rating each means. */
export const RAG_LETTERS: Readonly<Record<string, Rag>> = file.rag.letters;
export const RAG_WORDS: Readonly<Record<string, Rag>> = file.rag.words;
/** The rating colours, as a regexp alternation ("red|amber|green|blue"). */
export const RAG_COLOURS = alt(file.rag.colours);
/** The rating letters, as a regexp character class body ("ragbc"). */
export const RAG_LETTER_CLASS = Object.keys(file.rag.letters).join('');
/** Status words a plan writes instead of a colour ("On track", "Completed"), as a regexp alternation. */
export const STATUS_WORDS = alt(file.statusWords.patterns);
/** Status words that say an action is done ("Fully completed", "Achieved"), and not started ("Not started", "Planned"): whole words. */
export const STATUS_DONE = new RegExp(`^(?:${alt(file.statusMeaning.done)})$`, 'i');
export const STATUS_NOT_STARTED = new RegExp(`^(?:${alt(file.statusMeaning.notStarted)})$`, 'i');

/** A due cell that names a standing commitment, not a date ("Ongoing", "Quarterly"). */
export const STANDING_DUE = new RegExp(`^(${alt(file.standingDue.patterns)})\\b`, 'i');
/** A due text that is not a missing date: a standing commitment, or a thing already in place. */
export const NO_DATE_DUE = new RegExp(`^(${alt([...file.standingDue.patterns, ...file.standingDue.alsoNoDate])})`, 'i');

/** A word that makes a lead a job title, not a person's name ("Manager", "Nurse"): whole word, case as written. */
export const ROLE_NOUN = new RegExp(`^(?:${alt(file.leadRoles.nouns)})$`);

/** A recommendation-type label word ("Recommendation", "Area for improvement", "AFI"), as a regexp source. */
export const REC_LABEL_WORD = file.recommendationLabel.pattern;

/** Words before a label word saying a recommendation is the LSCB's ("LSCB recommendation 2"), as a regexp source. */
export const REC_SCOPE_LSCB = file.recommendationScope.lscb;

/** The header rules, compiled, in order. */
export const HEADER_RULES: readonly { role: Role; test: (key: string) => boolean }[] = file.headerRoles.rules.map((r) => {
  if (r.actionFragment !== undefined) {
    const max = r.actionFragment;
    return { role: r.role, test: (k: string) => k.length <= max && 'action'.startsWith(k) };
  }
  const res = (r.any ?? []).map((p) => new RegExp(p));
  return { role: r.role, test: (k: string) => res.some((re) => re.test(k)) };
});
