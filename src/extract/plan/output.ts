/**
 * Stage 5: the assembled recommendations -> the document's recommendations and actions
 * (leads split by the plan's lexicon, due dates read in the plan's era, a status word where
 * there is no RAG column), with warnings for what the source got wrong, kept as written.
 */
import type { Action, Loc, Recommendation } from '../../model/document.js';
import { normalizeSpace } from '../../util/text.js';
import { clip, isWholeNumber } from '../text-rules.js';
import { parseDue, type Era } from './due-dates.js';
import { statusWord, type RagValue } from './rag.js';
import { splitLeads, type LeadLexicon } from './split.js';
import { timescaleOf } from './context.js';
import type { Draft, RecState } from './draft.js';
import { NO_DATE_DUE } from './vocabulary.js';

const norm = normalizeSpace;

/** Recommendations and actions of the assembled groups, with warnings for what the source got wrong. */
export function toOutput(
  recs: RecState[],
  lexicon: LeadLexicon,
  era: Era,
  warn: (code: string, message: string, loc: Loc) => void,
): { actions: Action[]; recommendations: Recommendation[] } {
  const actions: Action[] = [];
  const recommendations: Recommendation[] = [];
  const seenRefs = new Set<string>();
  for (const r of recs) {
    if (r.actions.length === 0 && r.from === 'none') continue;
    if (r.ref && !seenRefs.has(r.ref)) {
      seenRefs.add(r.ref);
      const text = norm(r.text.join(' '));
      if (text) recommendations.push({ id: r.ref, kind: 'recommendation', scope: r.scope ?? 'local_authority', text, timescale: timescaleOf(r.timescaleRaw), paragraphRefs: [], nationalFrameworkRef: null, responsible: [], themes: [], heading: null, loc: r.loc });
      else warn('plan_recommendation_text_lost', `recommendation ${r.ref}: its text is missing from the source`, r.loc);
    } else if (r.ref && r.text.length) warn('plan_recommendation_repeated', `recommendation ${r.ref} is stated twice; the first statement is kept`, r.loc);
    if (!r.ref && r.actions.length) warn('plan_recommendation_unlinked', `${r.actions.length} action(s) are not linked to a recommendation`, r.loc);
    for (const d of r.actions) if (!unusedRow(d)) actions.push(toAction(d, r, lexicon, era));
  }
  quirks(actions, warn);
  return { actions, recommendations };
}

/** A template's unused row: an action number and nothing else (no text, lead, date, progress, outcome or rating). */
function unusedRow(d: Draft): boolean {
  const empty = (xs: string[]): boolean => xs.every((x) => !x.trim());
  return d.num !== null && !d.text.trim() && !d.lead.trim() && !d.due.trim() && empty(d.progress) && empty(d.outcome) && !d.rag?.rag && !d.rag?.ragRaw;
}

function toAction(d: Draft, r: RecState, lexicon: LeadLexicon, era: Era): Action {
  const outcome = d.outcome.length ? d.outcome : r.outcomes;
  const progress = d.progress.map(norm).filter(Boolean);
  let rag: RagValue | null = d.rag;
  if (!rag || (!rag.rag && !rag.ragRaw)) {
    // No RAG column: the status word that opens the progress text ("Completed.", "(2) On track: ...").
    // A word, not a colour: kept as written, with no rating.
    const word = statusWord(progress[0] ?? '');
    rag = word ? { rag: null, ragRaw: word } : null;
  }
  const leads = d.lead
    .split(' | ')
    .flatMap((l) => splitLeads(l, lexicon))
    .filter(Boolean);
  return {
    recommendationRef: r.ref,
    id: d.num,
    description: d.text || '(no description)',
    leads,
    due: parseDue(d.due, era),
    outcome: outcome.length ? norm(outcome.join('\n')) || null : null,
    progress: progress.length ? progress.join('\n') : null,
    rag: rag?.rag ?? null,
    ragRaw: rag?.ragRaw ?? null,
    loc: d.loc,
  };
}

/** Warnings for what the source got wrong, kept as written. */
function quirks(actions: Action[], warn: (code: string, message: string, loc: Loc) => void): void {
  const seen = new Set<string>();
  for (const a of actions) {
    const where = `action ${a.id ?? '(no id)'} under ${a.recommendationRef ?? '(none)'}`;
    if (a.description === '(no description)') warn('plan_action_no_text', `${where} has no description in the source`, a.loc);
    if (a.id === null) warn('plan_action_unnumbered', `an action under ${a.recommendationRef ?? '(no recommendation)'} has no number ("${clip(a.description)}")`, a.loc);
    if (a.id && /^\d+\.?$/.test(a.id) && a.recommendationRef && isWholeNumber(a.recommendationRef)) warn('plan_action_id_truncated', `action id "${a.id}" under ${a.recommendationRef} has lost its second part (kept as written)`, a.loc);
    if (a.id && a.recommendationRef && /^\d+\.\d+$/.test(a.id) && isWholeNumber(a.recommendationRef) && a.id.split('.')[0] !== a.recommendationRef) {
      warn('plan_action_id_mismatch', `action ${a.id} sits under ${a.recommendationRef} (kept as written)`, a.loc);
    }
    const key = `${a.recommendationRef ?? ''}#${a.id ?? ''}`;
    if (a.id && a.recommendationRef && seen.has(key)) warn('plan_action_id_repeated', `action id ${a.id} is used twice under ${a.recommendationRef} (kept as written)`, a.loc);
    seen.add(key);
    if (a.leads.length === 0) warn('plan_action_no_lead', `${where} names no lead`, a.loc);
    for (const l of a.leads) if (isWholeNumber(l)) warn('plan_lead_unreadable', `${where}: lead "${l}" is not a name (kept as written)`, a.loc);
    if (a.due.raw && !a.due.date && !NO_DATE_DUE.test(a.due.raw)) warn('plan_due_unparsed', `${where}: no date in "${clip(a.due.raw)}"`, a.loc);
  }
}
