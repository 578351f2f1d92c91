import { Option, type Command } from 'commander';
import { DEFAULT_DB, withDatabase } from '../options.js';
import { whoAmI } from './correct.js';

/** `ofsted corrections`: list, audit, export and import the corrections (src/store/corrections.ts). */
export function addCorrectionsCommand(program: Command): void {
  program
    .command('corrections')
    .description('the corrections made to stored documents: every one (state applied, orphaned: its target is gone, or pending: its document is not loaded), --orphaned, the audit log (--log), or shared as a file (--export, --import)')
    .option('--orphaned', 'only the corrections applied nowhere (their item or their document is gone)')
    .option('--log', 'the audit log: every change, who, when, via, old and new value')
    .option('--export <file>', 'write every correction to a JSON file')
    .option('--import <file>', 'read corrections from a JSON file (made by --export); applied to the stored documents, logged')
    .option('--by <name>', 'who imports (default: the login name)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json']).default('table'))
    .option('--db <path>', 'database file', DEFAULT_DB)
    .action(async (o) => {
      const { readFileSync, writeFileSync } = await import('node:fs');
      const { InputError } = await import('../../util/errors.js');
      const store = await import('../../store/corrections.js');
      const { linkText } = await import('../../query/corrections.js');
      await withDatabase(o.db, async (db) => {
        if (o.import) {
          let file: unknown;
          try {
            file = JSON.parse(readFileSync(o.import, 'utf8'));
          } catch (e) {
            throw new InputError('usage', `${o.import}: ${(e as Error).message}`);
          }
          const r = store.importCorrections(db, file, await whoAmI(o.by));
          if (!r.ok) throw new InputError('refused', `${o.import}: ${r.reason}; nothing was written`);
          process.stdout.write(`${o.import}: ${r.added} added, ${r.changed} changed, ${r.unchanged} unchanged\n`);
          return;
        }
        if (o.export) {
          const f = store.exportCorrections(db);
          writeFileSync(o.export, JSON.stringify(f, null, 2) + '\n');
          process.stdout.write(`Wrote ${o.export}: ${f.corrections.length} correction(s)\n`);
          return;
        }
        // A link in words (the report item and the report); every other value as JSON. --format json: as stored.
        const word = (field: string, v: unknown) => (field === 'link' ? linkText(v) : JSON.stringify(v));
        if (o.log) {
          const log = store.correctionLog(db);
          if (o.format === 'json') return void process.stdout.write(JSON.stringify(log, null, 2) + '\n');
          for (const e of log) process.stdout.write(`${e.at}\t${e.who}\t${e.via}\t${e.document.slice(0, 12)}\t${e.target.type} ${JSON.stringify(e.target.key)}\t${e.field}\t${word(e.field, e.old)} -> ${word(e.field, e.new)}\n`);
          if (log.length === 0) process.stdout.write('no changes logged\n');
          return;
        }
        const list = store.listCorrections(db, { orphaned: o.orphaned === true });
        if (o.format === 'json') return void process.stdout.write(JSON.stringify(list, null, 2) + '\n');
        for (const c of list) {
          process.stdout.write(`${c.id}\t${c.state}\t${c.document.id ?? '-'}\t${c.document.path ?? c.document.sha256.slice(0, 12)}\t${c.target.type} ${JSON.stringify(c.target.key)}\t${c.field}\t${word(c.field, c.original)} -> ${word(c.field, c.value)}\t${c.updatedBy} ${c.updatedAt}\n`);
        }
        if (list.length === 0) process.stdout.write(o.orphaned ? 'no orphaned corrections\n' : 'no corrections\n');
      });
    });
}
