import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DATA_DIR } from './register-data.js';

/**
 * The theme taxonomy (data/themes.csv): the data loader, in the bottom layer so that the storage
 * layer (src/db/themes.ts keeps the `themes` table equal to it) and the query layer read it without
 * importing the extractor. The rules that give an item its themes are src/extract/themes.ts.
 */
export interface Theme {
  id: string;
  name: string;
  definition: string;
}

let themesCache: Theme[] | undefined;

/** The taxonomy (data/themes.csv), in its own order. */
export function themeList(): Theme[] {
  themesCache ??= (parse(readFileSync(join(DATA_DIR, 'themes.csv'), 'utf8'), { columns: true, skip_empty_lines: true, trim: true }) as Array<Record<string, string>>).map(
    (r) => ({ id: r.id!, name: r.name!, definition: r.definition! }),
  );
  return themesCache;
}
