import { InvalidArgumentError, type Command } from 'commander';
import { withDb } from '../../query/sql.js';
import { asOfDate } from '../../query/rules.js';
import { render } from '../format.js';
import { queryOptions } from '../options.js';

const asOfOption = (v: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new InvalidArgumentError('--as-of must be a date YYYY-MM-DD');
  return v;
};

/** `ofsted query tracker`: a thin layer over src/query/tracker.ts. */
export function addTrackerCommand(query: Command): void {
  queryOptions(query.command('tracker').description('each report recommendation, the plan recommendations that answer it, their actions and RAG'))
    .option('--as-of <date>', 'date for counting overdue actions (YYYY-MM-DD, default today)', asOfOption)
    .action(async (o) => {
      const { trackerRows, trackerTable, trackerJson } = await import('../../query/tracker.js');
      const asOf = asOfDate(o.asOf);
      const text = withDb(o.db, (db) => {
        const rows = trackerRows(db, { ...o, asOf });
        return o.format === 'json' ? JSON.stringify(trackerJson(db, rows, asOf), null, 2) : render(trackerTable(rows), o.format);
      });
      process.stdout.write(text + '\n');
    });
}
