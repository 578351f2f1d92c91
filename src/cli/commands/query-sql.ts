import type { Command } from 'commander';
import { querySqlLimited } from '../../query/sql.js';
import { printRows } from '../format.js';
import { DEFAULT_DB, formatOption, nonNegative, positiveInt } from '../options.js';

/** `ofsted query sql`: one read-only statement, with a time limit and a row cap. */
export function addSqlCommand(query: Command): void {
  query
    .command('sql')
    .description('run one read-only SELECT/WITH statement')
    .argument('<sql>', 'the statement')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .option('--timeout <seconds>', 'time limit: a statement still running is stopped (0: none)', nonNegative('--timeout'), 30)
    .option('--max-rows <n>', 'most rows returned (a note on stderr says when the cap cut the result)', positiveInt('--max-rows'), 10000)
    .addOption(formatOption())
    .action(async (sql: string, o) => {
      const r = await querySqlLimited(o.db, sql, { timeoutMs: o.timeout * 1000, maxRows: o.maxRows });
      printRows(r.rows, o.format);
      if (r.truncated) process.stderr.write(`note: row cap reached: only the first ${r.rows.length} rows are shown (--max-rows to change)\n`);
    });
}
