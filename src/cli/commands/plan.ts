import { Option, type Command } from 'commander';
import { DEFAULT_DB } from '../options.js';

/** `ofsted plan draft`: a plan template answering a report or letter (src/draft/). */
export function addPlanCommand(program: Command): void {
  program
    .command('plan')
    .description('action plans')
    .command('draft <source>')
    .description('a plan template answering one report or letter (a file, or a document id in the database); nothing is written when it has nothing to answer')
    .addOption(new Option('--format <format>', 'docx or xlsx').choices(['docx', 'xlsx']).default('docx'))
    .option('--out <file>', 'the file to write (default <document name>-plan-draft.<format>)')
    .option('--db <path>', 'database for a document id', DEFAULT_DB)
    .action(async (source: string, o) => {
      const { draftPlan } = await import('../../draft/index.js');
      const r = await draftPlan(source, { format: o.format, out: o.out, db: o.db });
      process.stdout.write(`Wrote ${r.path}: ${r.draft.items.length} item(s) for ${r.draft.authority}, plan due ${r.draft.due.date ?? 'date unknown'}${r.draft.due.estimated ? ' (estimate: no publication date printed or given)' : ''}\n`);
    });
}
