import type { DB } from './types.js';

/**
 * A scratch full-text index (FTS5, Porter stemming) in the connection's temp schema, holding only the
 * texts put in it: the index the linker's text similarity ranks with (src/link/similarity.ts).
 */
export class ScratchTextIndex {
  private readonly stmts;

  constructor(db: DB) {
    db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.link_fts USING fts5(text, tokenize = 'porter unicode61')");
    this.stmts = {
      clear: db.prepare('DELETE FROM temp.link_fts'),
      insert: db.prepare('INSERT INTO temp.link_fts(rowid, text) VALUES (?, ?)'),
      rank: db.prepare('SELECT rowid, bm25(link_fts) AS s FROM temp.link_fts WHERE link_fts MATCH ?'),
    };
  }

  /** Index these texts, replacing what it held: the i-th has the rowid i + 1. */
  fill(texts: string[]): void {
    this.stmts.clear.run();
    texts.forEach((t, i) => this.stmts.insert.run(i + 1, t));
  }

  /** The bm25 score of each indexed text matching an FTS5 query, by rowid. */
  rank(match: string): Map<number, number> {
    const scores = new Map<number, number>();
    for (const r of this.stmts.rank.all(match) as Array<{ rowid: number; s: number }>) scores.set(r.rowid, r.s);
    return scores;
  }

  clear(): void {
    this.stmts.clear.run();
  }
}
