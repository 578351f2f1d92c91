/**
 * Versions of one plan (src/link/versions.ts decides them, the linker stores them in plan_versions):
 * what every query, sheet, page, API route and view shows is the current version only, by the one
 * fragment below; the earlier versions are kept and shown as history (planHistory).
 */
import { matchActions } from '../link/versions.js';
import { wordOverlap } from '../link/similarity.js';

/**
 * A plan document (an SQL expression giving its id) that is shown: the current version of its plan,
 * or a plan with no versions (not linked to a report, or not a plan at all: any other document passes).
 */
export const isCurrentPlan = (documentId: string): string =>
  `NOT EXISTS (SELECT 1 FROM plan_versions pv WHERE pv.plan_document_id = ${documentId} AND pv.is_current = 0)`;

/** A recommendation link whose plan side is of a shown plan (alias of recommendation_links). */
export const isCurrentPlanLink = (l: string): string =>
  `NOT EXISTS (SELECT 1 FROM recommendations pr JOIN plan_versions pv ON pv.plan_document_id = pr.document_id WHERE pr.id = ${l}.plan_recommendation_id AND pv.is_current = 0)`;


/** A version of a plan as the history shows it. */
export interface PlanVersionRow {
  documentId: number;
  path: string;
  version: number;
  versions: number;
  current: boolean;
  planDate: string | null;
  importedAt: string;
  basis: string;
  reportDocumentId: number;
}

/** An action of a version (a row of actions). */
export interface HistoryAction {
  recommendation_ref: string | null;
  action_id: string | null;
  description: string;
  due_date: string | null;
  rag: string | null;
  rag_raw: string | null;
  state: string | null;
  progress: string | null;
}

type Snapshot = { rag: string | null; ragRaw: string | null; state: string | null; progress: string | null; due: string | null };
const snap = (a: HistoryAction): Snapshot => ({ rag: a.rag, ragRaw: a.rag_raw, state: a.state, progress: a.progress, due: a.due_date });

export interface ActionChange {
  recommendationRef: string | null;
  actionId: string | null;
  description: string;
  /** How it was found in the earlier version: by recommendation ref + action id, or by its words. */
  matchedBy: 'id' | 'text';
  score: number;
  before: Snapshot;
  after: Snapshot;
  /** What differs: rag (rating as read or written), state, progress, due. */
  changed: Array<'rag' | 'state' | 'progress' | 'due'>;
}

export interface VersionStep {
  from: { documentId: number; version: number; path: string };
  to: { documentId: number; version: number; path: string };
  /** Actions of both versions whose rating, state, progress or due date changed. */
  changed: ActionChange[];
  /** How many actions of both versions did not change. */
  unchanged: number;
  /** Actions only in the later version, only in the earlier. */
  added: Array<{ recommendationRef: string | null; actionId: string | null; description: string; state: string | null }>;
  removed: Array<{ recommendationRef: string | null; actionId: string | null; description: string; state: string | null }>;
}

export interface PlanHistory {
  versions: PlanVersionRow[];
  steps: VersionStep[];
}

/**
 * What changed between each version of a plan and the next (oldest first): per action matched across
 * the two (matchActions: recommendation ref + action id, else the words of its description), its
 * rating, state, progress and due date before and after.
 */
export function planHistory(versions: PlanVersionRow[], actionsOf: (documentId: number) => HistoryAction[]): PlanHistory {
  const steps: VersionStep[] = [];
  for (let k = 1; k < versions.length; k++) {
    const a = versions[k - 1]!;
    const b = versions[k]!;
    const older = actionsOf(a.documentId);
    const newer = actionsOf(b.documentId);
    const view = (x: HistoryAction) => ({ recommendationRef: x.recommendation_ref, actionId: x.action_id, description: x.description });
    const pairs = matchActions(older.map(view), newer.map(view), wordOverlap);
    const step: VersionStep = {
      from: { documentId: a.documentId, version: a.version, path: a.path },
      to: { documentId: b.documentId, version: b.version, path: b.path },
      changed: [],
      unchanged: 0,
      added: newer.filter((_, j) => !pairs.some((p) => p.newer === j)).map((x) => ({ ...view(x), state: x.state })),
      removed: older.filter((_, i) => !pairs.some((p) => p.older === i)).map((x) => ({ ...view(x), state: x.state })),
    };
    for (const p of pairs) {
      const before = snap(older[p.older]!);
      const after = snap(newer[p.newer]!);
      const changed: ActionChange['changed'] = [];
      if (before.rag !== after.rag || before.ragRaw !== after.ragRaw) changed.push('rag');
      if (before.state !== after.state) changed.push('state');
      if ((before.progress ?? '') !== (after.progress ?? '')) changed.push('progress');
      if (before.due !== after.due) changed.push('due');
      if (changed.length === 0) {
        step.unchanged++;
        continue;
      }
      step.changed.push({ ...view(newer[p.newer]!), matchedBy: p.by, score: Math.round(p.score * 1000) / 1000, before, after, changed });
    }
    steps.push(step);
  }
  return { versions, steps };
}
