import { Option, type Command } from 'commander';
import { DEFAULT_DB, documentArg, notStored, storedDocument, withDatabase } from '../options.js';

/** `ofsted plan draft`: a plan template answering a report or letter (src/draft/). */
export function addPlanCommand(program: Command): void {
  const plan = program.command('plan').description('action plans');
  plan
    .command('current <source>')
    .description('say that a plan in the database (its id, sha256, or a file matched by its bytes) is the current version of its plan; the earlier versions are kept as history')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .action(async (source: string, o) => {
      const { makeCurrent } = await import('../../store/plan-current.js');
      const { InputError } = await import('../../util/errors.js');
      // The one rule for what the argument names (src/cli/options.ts documentArg).
      const arg = await documentArg(source);
      await withDatabase(o.db, async (db) => {
        const id = await storedDocument(db, arg);
        if (id === undefined) throw new InputError('no_document', `${source}: ${notStored(arg)} (import it first, or use ofsted import --current)`);
        const r = makeCurrent(db, String(id), null);
        process.stdout.write(`${r.path} (document ${r.id}) is the current version${r.versions ? ` (version ${r.version} of ${r.versions})` : ' (not linked to a report: it has no other versions)'}\n`);
      });
    });
  plan
    .command('draft <source>')
    .description('a plan template answering one report or letter (a file, extracted on the spot, or a stored document: its id or sha256); nothing is written when it has nothing to answer')
    .addOption(new Option('--format <format>', 'docx or xlsx').choices(['docx', 'xlsx']).default('docx'))
    .option('--out <file>', 'the file to write (default <document name>-plan-draft.<format>)')
    .option('--db <path>', 'database for a document id', DEFAULT_DB)
    .action(async (source: string, o) => {
      const { draftPlan } = await import('../../draft/index.js');
      // The one rule for what the argument names (src/cli/options.ts documentArg): a file is extracted on the spot, anything else read from the database.
      const arg = await documentArg(source);
      let from: string | { id: number } = source;
      if (arg.kind === 'id') from = { id: arg.id };
      else if (arg.kind !== 'file') {
        const { InputError } = await import('../../util/errors.js');
        const { existsSync } = await import('node:fs');
        if (!existsSync(o.db)) throw new InputError('no_database', `no database at ${o.db} to read ${source} from`);
        const { openForQuery } = await import('../../store/open.js');
        const db = openForQuery(o.db);
        try {
          const id = await storedDocument(db, arg);
          if (id === undefined) throw new InputError('no_document', `${source}: ${notStored(arg)}`);
          from = { id };
        } finally {
          db.close();
        }
      }
      const r = await draftPlan(from, { format: o.format, out: o.out, db: o.db });
      process.stdout.write(`Wrote ${r.path}: ${r.draft.items.length} item(s) for ${r.draft.authority}, plan due ${r.draft.due.date ?? 'date unknown'}${r.draft.due.estimated ? ' (estimate: no publication date printed or given)' : ''}\n`);
    });
}
