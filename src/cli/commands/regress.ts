import type { Command } from 'commander';
import { EXIT_USAGE, ROOT } from '../options.js';

/** `ofsted regress`: every fixture against its golden (src/regress.ts). */
export function addRegressCommand(program: Command): void {
  program
    .command('regress')
    .description('extract every fixture and compare with fixtures/expected/*.json')
    .option('--update', 'rewrite the golden files', false)
    .option('--filter <pattern>', 'only fixtures whose path contains this')
    .option('--root <dir>', 'repository root', ROOT)
    .action(async (o) => {
      const { regress } = await import('../../regress.js');
      const r = await regress({ root: o.root, update: o.update, filter: o.filter });
      for (const f of r.failures) {
        process.stdout.write(`DRIFT ${f.file}\n`);
        for (const d of f.diff) process.stdout.write(`  ${d}\n`);
      }
      process.stdout.write(`${r.checked} fixtures: ${r.passed} ok, ${r.failures.length} drifted${o.update ? `, ${r.updated} golden files rewritten` : ''}\n`);
      process.exitCode = r.failures.length ? EXIT_USAGE : 0;
    });
}
