import type { DB } from '../db/types.js';
import type { OfstedDocument } from '../model/document.js';

/** The stored document JSON of one document by its id, or null when there is none. */
export function documentJson(db: DB, id: number): OfstedDocument | null {
  const row = db.prepare('SELECT json FROM documents WHERE id = ?').get(id) as { json: string } | undefined;
  return row ? (JSON.parse(row.json) as OfstedDocument) : null;
}
