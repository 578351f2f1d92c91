import type { DB } from './types.js';
import { VIEW_DEFINITIONS } from './view-definitions.js';

/** True when a view is missing or its definition differs from this program's (read only). */
export function viewsOutOfSync(db: DB): boolean {
  return Object.entries(VIEW_DEFINITIONS).some(([name, sql]) => {
    const have = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?").get(name) as { sql: string } | undefined;
    return have?.sql !== sql;
  });
}

/**
 * Views hold no data: (re)made whenever their definition differs from the file's. The definitions are
 * the query layer's (src/query/views.ts), as SQL text in src/db/view-definitions.ts (`npm run views`).
 */
export function ensureViews(db: DB): void {
  for (const [name, sql] of Object.entries(VIEW_DEFINITIONS)) {
    const have = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'view' AND name = ?").get(name) as { sql: string } | undefined;
    if (have?.sql === sql) continue;
    db.exec(`DROP VIEW IF EXISTS ${name}`);
    db.exec(sql);
  }
}
