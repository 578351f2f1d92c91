import type { DB } from '../db/types.js';

/** What the database holds: documents by kind, and the rows of each table (the import summary). */
export function databaseCounts(db: DB): {
  documents: Record<string, number>;
  totals: { judgements: number; recommendations: number; paragraphs: number; actions: number; warnings: number; recommendationLinks: number };
} {
  const documents: Record<string, number> = {};
  for (const row of db.prepare('SELECT kind, count(*) n FROM documents GROUP BY kind ORDER BY kind').all() as Array<{ kind: string; n: number }>) documents[row.kind] = row.n;
  const count = (t: string) => (db.prepare(`SELECT count(*) n FROM ${t}`).get() as { n: number }).n;
  return {
    documents,
    totals: {
      judgements: count('judgements'),
      recommendations: count('recommendations'),
      paragraphs: count('paragraphs'),
      actions: count('actions'),
      warnings: count('warnings'),
      recommendationLinks: count('recommendation_links'),
    },
  };
}
