/**
 * Versions of one plan: councils publish the same plan again each quarter with new progress and
 * RAG. The plans of an authority that answer the same report are versions of one plan; which one
 * is current is decided here (src/store/linker.ts runs it after linking, src/db/links.ts stores it
 * in plan_versions). A claim stands until a version that comes after the claimed one in that order
 * is imported after the claim was made (the next quarter's plan, imported later, is current again).
 * Two plans that both claim to be current for the same date (their own date, else the day of the
 * claim) are both kept, the later claim current, with a warning; so are two plans of the same own
 * date, the later import current.
 *
 * Order, oldest first: by the plan's own date where it prints one, else by the day it was imported;
 * on the same day, by import time (then id). The current version: the one the person importing said
 * is current (`ofsted import --current`, `ofsted plan current`; the latest such claim), else the
 * last in that order.
 */

export interface PlanVersionCandidate {
  id: number;
  path: string;
  /** The plan's own date (documents.publication_date), when it prints one. */
  planDate: string | null;
  /** When it was imported (ISO timestamp). */
  importedAt: string;
  /** When the person importing said it is the current version, if they did. */
  claimedAt: string | null;
}

export interface PlanVersion {
  id: number;
  version: number;
  versions: number;
  current: boolean;
  planDate: string | null;
  /** Why the current one is current (the others: how they were ordered): only, claimed, plan_date, imported. */
  basis: 'only' | 'claimed' | 'plan_date' | 'imported';
}

export interface VersionWarning {
  planId: number;
  code: 'plan_version_same_date' | 'plan_version_claims';
  message: string;
}

const dayOf = (p: PlanVersionCandidate): string => p.planDate ?? p.importedAt.slice(0, 10);

/** The versions of the plans answering one report, and what to warn about. */
export function planVersions(plans: PlanVersionCandidate[]): { versions: PlanVersion[]; warnings: VersionWarning[] } {
  const ordered = [...plans].sort((a, b) => dayOf(a).localeCompare(dayOf(b)) || a.importedAt.localeCompare(b.importedAt) || a.id - b.id);
  const warnings: VersionWarning[] = [];
  const claims = ordered.filter((p) => p.claimedAt !== null).sort((a, b) => a.claimedAt!.localeCompare(b.claimedAt!) || a.id - b.id);
  let current: PlanVersionCandidate;
  let basis: PlanVersion['basis'];
  const claimed = claims[claims.length - 1];
  // A claim stands until a version that comes after the claimed one is imported after the claim was made.
  const superseded = claimed !== undefined && ordered.slice(ordered.indexOf(claimed) + 1).some((p) => p.importedAt > claimed.claimedAt!);
  if (ordered.length === 1) {
    current = ordered[0]!;
    basis = 'only';
  } else if (claimed !== undefined && !superseded) {
    current = claimed;
    basis = 'claimed';
    const sameDay = claims.filter((c) => c !== current && dayOf(c) === dayOf(current));
    if (sameDay.length > 0) {
      warnings.push({
        planId: current.id,
        code: 'plan_version_claims',
        message: `${sameDay.length + 1} plans answering the same report are each said to be the current version for ${dayOf(current)} (${[...sameDay, current].map((c) => c.path).join(', ')}): all are kept, the last said current (${current.path}) is current`,
      });
    }
  } else {
    current = ordered[ordered.length - 1]!;
    basis = current.planDate !== null ? 'plan_date' : 'imported';
    const sameDay = ordered.filter((c) => c !== current && c.planDate !== null && c.planDate === current.planDate);
    if (sameDay.length > 0) {
      warnings.push({
        planId: current.id,
        code: 'plan_version_same_date',
        message: `${sameDay.length + 1} plans answering the same report are dated ${current.planDate} (${[...sameDay, current].map((c) => c.path).join(', ')}): all are kept, the later import (${current.path}) is current`,
      });
    }
  }
  return {
    versions: ordered.map((p, i) => ({ id: p.id, version: i + 1, versions: ordered.length, current: p === current, planDate: p.planDate, basis })),
    warnings,
  };
}

/** An action of a plan version, as compared across versions. */
export interface VersionAction {
  recommendationRef: string | null;
  actionId: string | null;
  description: string;
}

/** The smallest word overlap for two actions of two versions to be the same action matched by text. */
export const ACTION_MATCH_THRESHOLD = 0.5;

/**
 * The same actions in two versions of a plan, as pairs of indexes (older, newer): by recommendation
 * ref + action id where that pair names one action in each version; the rest by the words of their
 * descriptions (wordOverlap, at least ACTION_MATCH_THRESHOLD), best pairs first, an action of the
 * same recommendation preferred. Each action is matched at most once.
 */
export function matchActions(
  older: VersionAction[],
  newer: VersionAction[],
  overlap: (a: string, b: string) => number,
): Array<{ older: number; newer: number; by: 'id' | 'text'; score: number }> {
  const key = (a: VersionAction) => (a.actionId ? `${a.recommendationRef ?? ''}#${a.actionId.replace(/\.$/, '')}` : null);
  const counts = (xs: VersionAction[]) => {
    const m = new Map<string, number>();
    for (const x of xs) {
      const k = key(x);
      if (k) m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const co = counts(older);
  const cn = counts(newer);
  const out: Array<{ older: number; newer: number; by: 'id' | 'text'; score: number }> = [];
  const usedOld = new Set<number>();
  const usedNew = new Set<number>();
  const byKey = new Map<string, number>();
  older.forEach((a, i) => {
    const k = key(a);
    if (k && co.get(k) === 1 && cn.get(k) === 1) byKey.set(k, i);
  });
  newer.forEach((a, j) => {
    const k = key(a);
    const i = k ? byKey.get(k) : undefined;
    if (i === undefined) return;
    out.push({ older: i, newer: j, by: 'id', score: overlap(older[i]!.description, a.description) });
    usedOld.add(i);
    usedNew.add(j);
  });
  const candidates: Array<{ older: number; newer: number; score: number; sameRec: boolean }> = [];
  older.forEach((a, i) => {
    if (usedOld.has(i)) return;
    newer.forEach((b, j) => {
      if (usedNew.has(j)) return;
      const score = overlap(a.description, b.description);
      if (score >= ACTION_MATCH_THRESHOLD) candidates.push({ older: i, newer: j, score, sameRec: a.recommendationRef === b.recommendationRef });
    });
  });
  candidates.sort((p, q) => Number(q.sameRec) - Number(p.sameRec) || q.score - p.score || p.older - q.older || p.newer - q.newer);
  for (const c of candidates) {
    if (usedOld.has(c.older) || usedNew.has(c.newer)) continue;
    usedOld.add(c.older);
    usedNew.add(c.newer);
    out.push({ older: c.older, newer: c.newer, by: 'text', score: c.score });
  }
  return out.sort((p, q) => p.newer - q.newer);
}
