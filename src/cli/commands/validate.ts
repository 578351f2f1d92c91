import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { reasonOf } from '../../util/errors.js';
import { EXIT_USAGE } from '../options.js';

/** `ofsted validate`: each document JSON file checked, its issues listed. */
export function addValidateCommand(program: Command): void {
  program
    .command('validate')
    .description('check document JSON files: structure (zod) and semantics')
    .argument('<files...>', 'document JSON files')
    .action(async (files: string[]) => {
      const { validateJson } = await import('../../validate/semantic.js');
      let bad = 0;
      for (const f of files) {
        let value: unknown;
        try {
          value = JSON.parse(readFileSync(f, 'utf8'));
        } catch (e) {
          bad++;
          process.stdout.write(`${f}: not readable JSON (${reasonOf(e)})\n`);
          continue;
        }
        const r = validateJson(value);
        const errors = r.issues.filter((i) => i.severity === 'error').length;
        const warnings = r.issues.length - errors;
        process.stdout.write(`${f}: ${r.ok ? 'ok' : 'INVALID'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})\n`);
        for (const i of r.issues) {
          const where = [i.loc.page && `page ${i.loc.page}`, i.loc.line && `line ${i.loc.line}`, i.loc.block !== null && `block ${i.loc.block}`].filter(Boolean).join(', ');
          process.stdout.write(`  ${i.severity}: ${i.code}: ${i.message}${where ? ` (${where})` : ''}\n`);
        }
        if (!r.ok) bad++;
      }
      process.exitCode = bad ? EXIT_USAGE : 0;
    });
}
