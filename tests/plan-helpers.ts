import type { Action } from '../src/model/document.js';

/** Text with its whitespace normalised. */
export const norm = (s: string | null): string | null => (s === null ? null : s.replace(/\s+/g, ' ').trim());
/** An action row as two formats of one plan must both give it (whitespace normalised, no loc). */
export const comparable = (a: Action) => ({
  recommendationRef: a.recommendationRef,
  id: a.id,
  description: norm(a.description),
  leads: a.leads.map((l) => norm(l)),
  due: a.due,
  outcome: norm(a.outcome),
  progress: norm(a.progress),
  rag: a.rag,
  ragRaw: a.ragRaw,
});
