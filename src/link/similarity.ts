import type { DB } from '../db/database.js';

/**
 * Text similarity by SQLite FTS5 ranking (bm25, Porter stemming): the texts being compared
 * are put in a temporary full-text index of their own, so a score depends on those texts
 * only, never on what else the database holds (the same pair scores the same whatever the
 * import order). A query's score against a text, divided by its score against itself,
 * gives 0..1: 1 when the text says all the query says as distinctively.
 */
export class Similarity {
  private readonly db: DB;

  constructor(db: DB) {
    this.db = db;
    db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.link_fts USING fts5(text, tokenize = 'porter unicode61')");
  }

  /**
   * For each query, its score against each target (0..1), as a matrix [query][target].
   * Queries and targets make the index together, so each query can be scored against itself.
   */
  matrix(queries: string[], targets: string[]): number[][] {
    const db = this.db;
    db.exec('DELETE FROM temp.link_fts');
    const insert = db.prepare('INSERT INTO temp.link_fts(rowid, text) VALUES (?, ?)');
    targets.forEach((t, i) => insert.run(i + 1, t));
    queries.forEach((q, i) => insert.run(targets.length + i + 1, q));
    const rank = db.prepare('SELECT rowid, bm25(link_fts) AS s FROM temp.link_fts WHERE link_fts MATCH ?');
    const out = queries.map((q, qi) => {
      const row = new Array<number>(targets.length).fill(0);
      const match = ftsAnyOf(q);
      if (!match) return row;
      const scores = new Map<number, number>();
      for (const r of rank.all(match) as Array<{ rowid: number; s: number }>) scores.set(r.rowid, r.s);
      const self = scores.get(targets.length + qi + 1);
      if (!self) return row;
      for (let t = 0; t < targets.length; t++) {
        const s = scores.get(t + 1);
        // bm25() is negative, better matches more so.
        if (s !== undefined) row[t] = Math.min(1, s / self);
      }
      return row;
    });
    db.exec('DELETE FROM temp.link_fts');
    return out;
  }
}

/** An FTS5 query matching any word of the text (each word quoted: no FTS syntax gets through). */
export function ftsAnyOf(text: string, most = 400): string | null {
  const words = [...new Set((text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? []))].slice(0, most);
  return words.length ? words.map((w) => `"${w}"`).join(' OR ') : null;
}
