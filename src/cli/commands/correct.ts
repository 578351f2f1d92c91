import type { Command } from 'commander';
import { DEFAULT_DB, documentArg, notStored, storedDocument, withDatabase } from '../options.js';

/** Who makes a change from the command line: --by, else the login name. */
export async function whoAmI(by: string | undefined): Promise<string> {
  if (by?.trim()) return by.trim();
  const { userInfo } = await import('node:os');
  try {
    return userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? 'unknown';
  }
}

/** `ofsted correct`: a correction of a stored document, kept apart from what was extracted and re-applied on every import (src/store/corrections.ts). */
export function addCorrectCommand(program: Command): void {
  program
    .command('correct <document>')
    .description('correct what was read from a stored document (its id, sha256 or file): --set field=value on the document (--document), an item (--item <number>) or an action (--action <id>); kept when the file is imported again')
    .option('--item <number>', 'a recommendation / area for improvement / priority action by its number (item#<row> for a row of the document page); fields: kind, number, text, scope; link (a plan\'s item: the report item it answers, by its number in the report the plan answers, item#<row>, {"report": <document>, "item": <number>}, or none); removed=true (the extractor invented it); --item new --set added=\'{"number": "3", "text": "..."}\' (it missed one)')
    .option('--action <id>', 'an action by its id (action#<row> for a row); fields: description, leads, due, rag, status; removed=true; --action new --set added=\'{"description": "...", "id"?, "recommendation"?, "due"?, "rag"?}\'')
    .option('--document', 'the document itself; fields: kind, framework, authority, inspection_start, inspection_end, publication_date')
    .requiredOption('--set <field=value>', 'the field and its corrected value')
    .option('--by <name>', 'who makes the correction (default: the login name)')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .action(async (document: string, o) => {
      const { InputError } = await import('../../util/errors.js');
      const { correct } = await import('../../store/corrections.js');
      const { linkText } = await import('../../query/corrections.js');
      const chosen = [o.item !== undefined, o.action !== undefined, o.document === true].filter(Boolean).length;
      if (chosen !== 1) throw new InputError('usage', 'say what to correct: exactly one of --document, --item <number>, --action <id>');
      const eq = String(o.set).indexOf('=');
      if (eq <= 0) throw new InputError('usage', `--set ${o.set}: give field=value`);
      const field = String(o.set).slice(0, eq).trim();
      const value = String(o.set).slice(eq + 1);
      const target = o.document ? 'document' : o.item !== undefined ? (String(o.item).startsWith('item#') ? o.item : `item:${o.item}`) : String(o.action).startsWith('action#') ? o.action : `action:${o.action}`;
      const arg = await documentArg(document);
      await withDatabase(o.db, async (db) => {
        // The one rule for what the argument names (src/cli/options.ts documentArg): an id, a SHA-256, a file by its bytes, a stored path.
        const id = await storedDocument(db, arg);
        if (id === undefined) throw new InputError('refused', `${document}: ${notStored(arg)} (give its id, SHA-256 or file); nothing was written`);
        const r = correct(db, { document: id, target, field, value, by: await whoAmI(o.by), via: 'cli' });
        if (!r.ok) throw new InputError('refused', `${document}: ${r.reason}; nothing was written`);
        const c = r.correction;
        // A link in words: the report item it names ("item 30 of <report>"), or none.
        const word = (v: unknown) => (c.field === 'link' ? linkText(v) : JSON.stringify(v));
        const shown = word(JSON.parse(c.value));
        process.stdout.write(
          r.changed
            ? `corrected ${c.target_type === 'document' ? 'the document' : `${c.target_type} ${target.replace(/^(item|action):/, '')}`} of document ${r.documentId}: ${c.field} ${word(r.old)} -> ${shown} (correction ${c.id}, ${c.state})\n`
            : `${c.field} is already ${shown} (correction ${c.id}): nothing changed\n`,
        );
      });
    });
}
