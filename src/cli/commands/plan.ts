import { Option, type Command } from 'commander';
import { DEFAULT_DB, fileSha256, withDatabase } from '../options.js';

/** `ofsted plan draft`: a plan template answering a report or letter (src/draft/). */
export function addPlanCommand(program: Command): void {
  const plan = program.command('plan').description('action plans');
  plan
    .command('current <source>')
    .description('say that a plan in the database (a file, matched by its bytes, or a document id) is the current version of its plan; the earlier versions are kept as history')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .action(async (source: string, o) => {
      const { existsSync } = await import('node:fs');
      const { makeCurrent } = await import('../../store/plan-current.js');
      const { InputError } = await import('../../util/errors.js');
      const isId = /^\d+$/.test(source) && !existsSync(source);
      if (!isId && !existsSync(source)) throw new InputError('usage', `${source}: no such file (give a plan file or a document id)`);
      const sha = isId ? null : await fileSha256(source);
      await withDatabase(o.db, (db) => {
        const r = makeCurrent(db, source, sha);
        process.stdout.write(`${r.path} (document ${r.id}) is the current version${r.versions ? ` (version ${r.version} of ${r.versions})` : ' (not linked to a report: it has no other versions)'}\n`);
      });
    });
  plan
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
