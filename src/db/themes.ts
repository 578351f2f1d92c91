import type { DB } from './types.js';
import { themeList } from '../model/themes.js';

/** The `themes` table made equal to the shipped taxonomy (data/themes.csv); items refer to its ids. */
export function syncThemes(db: DB): void {
  if (!themesOutOfSync(db)) return;
  const upsert = db.prepare(`INSERT INTO themes (id, name, definition) VALUES (@id, @name, @definition)
    ON CONFLICT(id) DO UPDATE SET name = excluded.name, definition = excluded.definition`);
  for (const t of themeList()) upsert.run(t);
}

/** True when the table differs from data/themes.csv (read only). */
export function themesOutOfSync(db: DB): boolean {
  const have = new Map((db.prepare('SELECT id, name, definition FROM themes').all() as Array<{ id: string; name: string; definition: string }>).map((r) => [r.id, r]));
  return themeList().some((t) => {
    const r = have.get(t.id);
    return !r || r.name !== t.name || r.definition !== t.definition;
  });
}
