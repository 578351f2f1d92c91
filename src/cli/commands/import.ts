import type { Command } from 'commander';
import { createProgress, formatSummary, renderEvents } from '../progress.js';
import { EXIT_INTERRUPTED, trapSignals } from '../signals.js';
import { batchOptions, DEFAULT_DB, EXIT_FILES_FAILED, limitOptions, limitsFrom } from '../options.js';

/** `ofsted import`: the pipeline's runImport, its events rendered as progress, its summary on stdout. */
export function addImportCommand(program: Command): void {
  limitOptions(
    batchOptions(
      program
        .command('import')
        .description('extract, validate and load files into SQLite')
        .argument('<inputs...>', 'files, directories (walked for .pdf/.docx/.md) or globs')
        .option('--db <path>', 'database file', DEFAULT_DB)
        .option('--strict', 'refuse documents with validation errors', false)
        .option('--force', 're-import files already loaded', false)
        .option('--current', 'the plans in these files are the current versions of their plans (docs/action-plans.md, plan versions)', false)
        .option('--json', 'print the summary as JSON', false),
    ),
  ).action(async (inputs: string[], o) => {
    const stop = trapSignals();
    try {
      const { runImport } = await import('../../pipeline/import.js');
      const summary = await runImport(inputs, {
        db: o.db,
        jobs: o.jobs,
        inProcess: o.inProcess,
        strict: o.strict,
        force: o.force,
        current: o.current,
        limits: limitsFrom(o),
        timeout: o.timeout,
        onEvent: renderEvents(createProgress({ quiet: o.quiet })),
        signal: stop.signal,
      });
      process.stdout.write((o.json ? JSON.stringify(summary, null, 2) : formatSummary(summary, o.db)) + '\n');
      process.exitCode = summary.interrupted ? EXIT_INTERRUPTED : summary.failed.length ? EXIT_FILES_FAILED : 0;
    } finally {
      stop.dispose();
    }
  });
}
