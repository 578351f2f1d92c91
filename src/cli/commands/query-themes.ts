import type { Command } from 'commander';
import { THEME_GROUPS, themeCounts, type ThemeGroup } from '../../query/themes.js';
import { printRows, type OutputFormat } from '../format.js';
import { withDb } from '../../query/sql.js';
import { InputError } from '../../util/errors.js';
import { DEFAULT_DB, formatOption } from '../options.js';
import { FRAMEWORKS } from '../../model/frameworks.js';

/** `ofsted query themes`: a thin layer over src/query/themes.ts. */
export function addThemesCommand(query: Command): void {
  query
    .command('themes')
    .description('how many recommendations, areas for improvement and priority actions carry each theme (data/themes.csv)')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .option('--by <group>', `group by ${THEME_GROUPS.join(', ')}`)
    .option('--la <name>', 'one local authority: name, alias or DfE code')
    .option('--neighbours-of <name>', 'an authority and its DfE statistical neighbours')
    .option('--since <date>', 'documents dated on or after YYYY-MM-DD')
    .option('--framework <f>', `framework (${FRAMEWORKS.join(', ')})`)
    .addOption(formatOption())
    .action((o: { db: string; by?: string; la?: string; neighboursOf?: string; since?: string; framework?: string; format: OutputFormat }) => {
      if (o.by && !(THEME_GROUPS as readonly string[]).includes(o.by)) throw new InputError('usage', `--by must be one of ${THEME_GROUPS.join(', ')}`);
      const rows = withDb(o.db, (db) => themeCounts(db, { ...o, by: o.by as ThemeGroup | undefined }));
      printRows(rows as unknown as Record<string, unknown>[], o.format);
    });
}
