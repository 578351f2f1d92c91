import { Option, type Command } from 'commander';
import { asOfDate } from '../../query/rules.js';
import { AuthorityError } from '../../query/authority.js';
import { InputError, reasonOf } from '../../util/errors.js';
import { DEFAULT_DB } from '../options.js';

/** `ofsted export`: the database as a workbook or CSV files (src/export/). */
export function addExportCommand(program: Command): void {
  program
    .command('export')
    .description('write the database as a workbook (xlsx) or CSV files (one per sheet, in a folder)')
    .addOption(new Option('--format <format>', 'xlsx or csv').choices(['xlsx', 'csv']).default('xlsx'))
    .option('--out <path>', 'the .xlsx file, or the folder for csv (default out/ofsted.xlsx, out/ofsted-csv)')
    .option('--la <names...>', 'only these authorities: name, alias, spelling, first words or DfE code (an ambiguous one is refused)')
    .option('--as-of <date>', 'date for "overdue" (YYYY-MM-DD, default today)')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .action(async (o) => {
      if (o.asOf) asOfDate(o.asOf);
      const { exportWorkbook } = await import('../../export/workbook.js');
      const out = o.out ?? (o.format === 'xlsx' ? 'out/ofsted.xlsx' : 'out/ofsted-csv');
      let r;
      try {
        r = await exportWorkbook({ db: o.db, format: o.format, out, la: o.la, asOf: o.asOf });
      } catch (e) {
        if (e instanceof AuthorityError) throw new InputError('usage', `--la: ${e.reason}`);
        throw new InputError('usage', `cannot export ${o.db}: ${reasonOf(e)}`);
      }
      process.stdout.write(`Wrote ${r.out}: ${r.sheets.map((s) => `${s.name} ${s.rows}`).join(', ')}\n`);
    });
}
