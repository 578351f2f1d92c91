import type { DB } from './types.js';
import { viewDefinitions } from '../query/views.js';

/** True when a view is missing or its definition differs from this program's (read only). */
export function viewsOutOfSync(db: DB): boolean {
  return Object.entries(viewDefinitions()).some(([name, sql]) => {
    const have = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?").get(name) as { sql: string } | undefined;
    return have?.sql !== sql;
  });
}

/** Views hold no data: (re)made whenever their definition (src/query/views.ts) differs from the file's. */
export function ensureViews(db: DB): void {
  for (const [name, sql] of Object.entries(viewDefinitions())) {
    const have = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?").get(name) as { sql: string } | undefined;
    if (have?.sql === sql) continue;
    db.exec(`DROP VIEW IF EXISTS ${name}`);
    db.exec(sql);
  }
}
