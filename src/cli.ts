#!/usr/bin/env node
/**
 * The `ofsted` command: registers the commands (one per file in src/cli/commands/) and maps
 * errors to exit codes. Each command loads its heavy modules only when it runs.
 */
import { Command } from 'commander';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { reasonOf } from './util/errors.js';
import { EXIT_USAGE } from './cli/options.js';
import { addExtractCommand } from './cli/commands/extract.js';
import { addImportCommand } from './cli/commands/import.js';
import { addFetchCommand } from './cli/commands/fetch.js';
import { addValidateCommand } from './cli/commands/validate.js';
import { addQueryCommand } from './cli/commands/query.js';
import { addServeCommand } from './cli/commands/serve.js';
import { addExportCommand } from './cli/commands/export.js';
import { addPublishCommand } from './cli/commands/publish.js';
import { addPlanCommand } from './cli/commands/plan.js';
import { addRegressCommand } from './cli/commands/regress.js';
import { addSchemaCommand } from './cli/commands/schema.js';
import { addCorrectCommand } from './cli/commands/correct.js';
import { addCorrectionsCommand } from './cli/commands/corrections.js';

export { schemaText } from './cli/commands/schema.js';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('ofsted')
    .description('Ofsted inspection reports and action plans (PDF, DOCX, Markdown) -> validated data in SQLite')
    .showHelpAfterError()
    .exitOverride();
  for (const add of [addExtractCommand, addImportCommand, addFetchCommand, addValidateCommand, addQueryCommand, addServeCommand, addExportCommand, addPublishCommand, addPlanCommand, addRegressCommand, addSchemaCommand, addCorrectCommand, addCorrectionsCommand]) add(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    if (typeof err.code === 'string' && err.code.startsWith('commander.')) return EXIT_USAGE;
    process.stderr.write(`ofsted: ${reasonOf(e)}\n`);
    return EXIT_USAGE;
  }
}

const invoked = process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invoked) {
  main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
