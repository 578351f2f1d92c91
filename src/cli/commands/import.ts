import type { Command } from 'commander';
import { createProgress, formatSummary, renderEvents } from '../progress.js';
import { EXIT_INTERRUPTED, trapSignals } from '../signals.js';
import { resolve } from 'node:path';
import { InputError } from '../../util/errors.js';
import { batchOptions, DEFAULT_DB, EXIT_FILES_FAILED, limitOptions, limitsFrom } from '../options.js';

/** `ofsted import`: the pipeline's runImport, its events rendered as progress, its summary on stdout. */
export function addImportCommand(program: Command): void {
  limitOptions(
    batchOptions(
      program
        .command('import')
        .description('extract, validate and load files into SQLite')
        .argument('<inputs...>', 'files, directories (walked for .pdf/.docx/.xlsx/.md/.markdown) or globs')
        .option('--db <path>', 'database file', DEFAULT_DB)
        .option('--strict', 'refuse documents with validation errors', false)
        .option('--force', 're-import files already loaded', false)
        .option('--current', 'the plans in these files are the current versions of their plans (docs/action-plans.md, plan versions)', false)
        .option('--published <date>', "the files' publication date YYYY-MM-DD, as you know it (stored with source 'user'; refused for a file when before its inspection ended or in the future; updates a file already loaded)")
        .option('--json', 'print the summary as JSON', false),
    ),
  ).action(async (inputs: string[], o) => {
    const stop = trapSignals();
    try {
      const { runImport } = await import('../../pipeline/import.js');
      const given = o.published === undefined ? undefined : await publishedFor(inputs, o.published);
      // A folder `ofsted fetch` filled: each file's date from its manifest (the listing's, which a typed date never overrides).
      const { listingDates, publicationDatesFromManifests } = await import('../../fetch/import.js');
      const listed = listingDates(publicationDatesFromManifests(inputs));
      const published = given || listed.size ? new Map([...(given ?? []), ...listed]) : undefined;
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
        published,
      });
      process.stdout.write((o.json ? JSON.stringify(summary, null, 2) : formatSummary(summary, o.db)) + '\n');
      process.exitCode = summary.interrupted ? EXIT_INTERRUPTED : summary.failed.length ? EXIT_FILES_FAILED : 0;
    } finally {
      stop.dispose();
    }
  });
}

/** `--published DATE`: the date for every file the inputs expand to (checked as a date here; the rest per file at load). */
async function publishedFor(inputs: string[], date: string) {
  const { isIsoDate } = await import('../../store/publication.js');
  if (!isIsoDate(date)) throw new InputError('usage', `--published must be a date YYYY-MM-DD (got ${date})`);
  const { expandInputs } = await import('../../pipeline/files.js');
  const { files } = await expandInputs(inputs);
  return new Map(files.map((f) => [resolve(f), { date, source: 'user' as const }]));
}
