import type { Action, Recommendation, Warning } from '../model/document.js';
import type { LayoutDocument } from '../layout/types.js';
import type { Unit } from './units.js';

export interface PlanExtraction {
  actions: Action[];
  /** The recommendations / areas for improvement the plan answers, as the plan words them. */
  recommendations: Recommendation[];
  warnings: Warning[];
}

/** Action-plan tables -> action rows (issue 4). */
export function extractActionPlan(_layout: LayoutDocument, _units: Unit[]): PlanExtraction {
  return { actions: [], recommendations: [], warnings: [] };
}
