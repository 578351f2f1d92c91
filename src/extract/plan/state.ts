/**
 * An action's state, decided once when it is loaded (the column actions.state, read by every query,
 * sheet, page and view through src/query/rules.ts): from its rating where it has one, else from the
 * status word of its RAG/Status cell, the words of data/plan-vocabulary.json (statusMeaning).
 *
 * Which field a status word is read from: only the rating cell as written (`ragRaw`). The plan
 * extractor puts there the text of a RAG/Status column, or, in a plan with no such column, the
 * status word that OPENS the progress text ("Completed. The protocol was signed off ..." gives
 * "Completed"; src/extract/plan/output.ts). The progress text itself is never searched for a word:
 * "not yet completed", "completion due in March" or "... will be completed by ..." say nothing of
 * the state.
 */
import type { Rag } from '../../model/document.js';
import { statusWord } from './rag.js';
import { STATUS_DONE, STATUS_NOT_STARTED } from './vocabulary.js';
import type { ActionState, StateSource } from '../../model/action-state.js';

export { ACTION_STATES, type ActionState, type StateSource } from '../../model/action-state.js';

/** Ratings that mean done. */
const DONE_RATINGS: ReadonlySet<Rag> = new Set<Rag>(['complete', 'blue']);

export function actionState(a: { rag: Rag | string | null; ragRaw: string | null }): { state: ActionState; from: StateSource } {
  if (a.rag) return { state: DONE_RATINGS.has(a.rag as Rag) ? 'done' : 'open', from: 'rag' };
  const word = statusWord((a.ragRaw ?? '').replace(/\s+/g, ' '));
  if (!word) return { state: 'unknown', from: null };
  const w = word.replace(/[\s-]+/g, ' ').trim();
  if (STATUS_DONE.test(w)) return { state: 'done', from: 'status' };
  if (STATUS_NOT_STARTED.test(w)) return { state: 'not_started', from: 'status' };
  return { state: 'open', from: 'status' };
}
