/**
 * A full-text index of a few texts of their own (SQLite FTS5 with Porter stemming: src/db/fts.ts),
 * so a score depends on those texts only, never on what else the database holds.
 */
export interface TextIndex {
  /** Index these texts, replacing what it held: the i-th has the rowid i + 1. */
  fill(texts: string[]): void;
  /** The bm25 score (negative, better matches more so) of each indexed text matching an FTS5 query, by rowid. */
  rank(match: string): Map<number, number>;
  /** Empty the index. */
  clear(): void;
}

/**
 * Text similarity by full-text ranking (bm25): the texts being compared are put in an index of
 * their own, so the same pair scores the same whatever the import order. A query's score against a
 * text, divided by its score against itself, gives 0..1: 1 when the text says all the query says as
 * distinctively.
 */
export class Similarity {
  constructor(private readonly index: TextIndex) {}

  /**
   * For each query, its score against each target (0..1), as a matrix [query][target].
   * Queries and targets make the index together, so each query can be scored against itself.
   */
  matrix(queries: string[], targets: string[]): number[][] {
    this.index.fill([...targets, ...queries]);
    const out = queries.map((q, qi) => {
      const row = new Array<number>(targets.length).fill(0);
      const match = ftsAnyOf(q);
      if (!match) return row;
      const scores = this.index.rank(match);
      const self = scores.get(targets.length + qi + 1);
      if (!self) return row;
      for (let t = 0; t < targets.length; t++) {
        const s = scores.get(t + 1);
        // bm25() is negative, better matches more so.
        if (s !== undefined) row[t] = Math.min(1, s / self);
      }
      return row;
    });
    this.index.clear();
    return out;
  }
}

/** An FTS5 query matching any word of the text (each word quoted: no FTS syntax gets through). */
export function ftsAnyOf(text: string, most = 400): string | null {
  const words = [...new Set((text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []))].slice(0, most);
  return words.length ? words.map((w) => `"${w}"`).join(' OR ') : null;
}

/** The words of a text as a set (lower case, letters and digits, three or more characters). */
const wordSet = (text: string): Set<string> => new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []);

/**
 * Word overlap of two short texts, 0..1 (Dice's coefficient over their sets of words): for texts
 * compared in memory with no index, such as the same action's description in two versions of a plan.
 */
export function wordOverlap(a: string, b: string): number {
  const x = wordSet(a);
  const y = wordSet(b);
  if (x.size === 0 || y.size === 0) return 0;
  let both = 0;
  for (const w of x) if (y.has(w)) both++;
  return (2 * both) / (x.size + y.size);
}
