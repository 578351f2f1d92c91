import { isRealDate } from '../../model/dates.js';
import { InvalidArgumentError, type Command } from 'commander';
import { fetchProgress, formatFetchSummary } from '../fetch-progress.js';
import { createProgress, formatSummary, renderEvents } from '../progress.js';
import { EXIT_INTERRUPTED, trapSignals } from '../signals.js';
import { DEFAULT_DB, EXIT_FILES_FAILED, nonNegative, positiveInt } from '../options.js';
import { InputError } from '../../util/errors.js';
import { lookupAuthority, regions } from '../../register/lookup.js';
import { DEFAULTS, DEFAULT_OUT, KINDS, type Kind } from '../../fetch/site.js';
import { availableParallelism } from 'node:os';

const list = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((s) => s.trim()).filter(Boolean)];
const seconds = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a number of seconds > 0`);
  return n;
};
const count = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${name} must be a whole number >= 0`);
  return n;
};
const isoDate = (name: string) => (v: string) => {
  if (!isRealDate(v)) throw new InvalidArgumentError(`${name} must be a date YYYY-MM-DD`);
  return v;
};

/** `ofsted fetch`: src/fetch/ (the site's facts: src/fetch/site.ts, docs/fetch.md), then optionally `import` of what it holds. */
export function addFetchCommand(program: Command): void {
  program
    .command('fetch')
    .description("download new Ofsted reports and letters of local authorities' children's services into a folder (with a manifest), and import them with --import")
    .option('--la <names...>', 'authorities: name, alias or DfE code (repeatable, or comma-separated); default every authority on the listing', list)
    .option('--region <region>', 'the authorities of a region of the register ("London")')
    .option('--kinds <kinds>', `kinds of publication, comma-separated (${KINDS.join(',')})`, list)
    .option('--since <date>', 'only publications on or after this date (YYYY-MM-DD)', isoDate('--since'))
    .option('--out <dir>', 'output folder (files and manifest.csv)', DEFAULT_OUT)
    .option('--import', 'import the fetched files into the database, each with the publication date of its label', false)
    .option('--db <path>', 'database file (with --import)', DEFAULT_DB)
    .option('--site <url>', "the site's base URL (a mirror, a proxy); default Ofsted's")
    .option('--allow-host <hosts...>', 'another host links may point to (with --site)', list)
    .option('--dry-run', 'list what would be fetched; write nothing', false)
    .option('--recheck', 'try again the publications an earlier run found not to be PDFs', false)
    .option('--pause <seconds>', 'pause between requests', nonNegative('--pause'), DEFAULTS.pauseMs / 1000)
    .option('--parallel <n>', 'requests at once', positiveInt('--parallel'), DEFAULTS.parallel)
    .option('--request-timeout <seconds>', 'time limit of a request (no answer or no bytes for this long)', seconds('--request-timeout'), DEFAULTS.timeoutMs / 1000)
    .option('--retries <n>', 'retries of a request on 403, 429, 5xx and network errors', count('--retries'), DEFAULTS.attempts - 1)
    .option('--backoff <seconds>', 'first wait before a retry (doubled each time)', nonNegative('--backoff'), DEFAULTS.backoffMs / 1000)
    .option('--max-file-bytes <n>', 'largest file downloaded, in bytes', positiveInt('--max-file-bytes'), DEFAULTS.maxFileBytes)
    .option('--jobs <n>', 'worker threads for --import', positiveInt('--jobs'), availableParallelism())
    .option('--json', 'print the summary as JSON', false)
    .option('--quiet', 'no progress on stderr (failures are still printed)', false)
    .action(async (o) => {
      const kinds = (o.kinds ?? []) as string[];
      for (const k of kinds) if (!KINDS.includes(k as Kind)) throw new InputError('usage', `--kinds: unknown kind ${k} (one of ${KINDS.join(', ')})`);
      const { runFetch, authoritiesOfRegion } = await import('../../fetch/run.js');
      const authorities = [];
      for (const name of (o.la ?? []) as string[]) {
        const r = lookupAuthority(name);
        if (!r.ok) throw new InputError('usage', `--la ${name}: ${r.reason}`);
        authorities.push(r.authority);
      }
      if (o.region) {
        const inRegion = authoritiesOfRegion(o.region);
        if (!inRegion.length) throw new InputError('usage', `--region ${o.region}: not a region of the register (${regions().join(', ')})`);
        authorities.push(...inRegion);
      }
      const unique = [...new Map(authorities.map((a) => [a.code, a])).values()];
      const stop = trapSignals();
      try {
        const summary = await runFetch({
          authorities: unique,
          kinds: kinds as Kind[],
          since: o.since ?? null,
          out: o.out,
          site: o.site,
          allowHosts: o.allowHost,
          dryRun: o.dryRun,
          recheck: o.recheck,
          pauseMs: o.pause * 1000,
          parallel: o.parallel,
          timeoutMs: o.requestTimeout * 1000,
          attempts: o.retries + 1,
          backoffMs: o.backoff * 1000,
          maxFileBytes: o.maxFileBytes,
          signal: stop.signal,
          onEvent: fetchProgress({ quiet: o.quiet }),
        });
        let failed = summary.failedAuthorities.length + summary.failed.length + summary.notPdf.length > 0;
        let imported = null;
        if (o.import && !o.dryRun && !summary.interrupted) {
          const { importFetched } = await import('../../fetch/import.js');
          imported = await importFetched(summary, { db: o.db, jobs: o.jobs, signal: stop.signal, onEvent: renderEvents(createProgress({ quiet: o.quiet })) });
          failed ||= imported.failed.length > 0;
        }
        if (o.json) process.stdout.write(JSON.stringify({ ...summary, files: Object.fromEntries(summary.files), import: imported }, null, 2) + '\n');
        else process.stdout.write(formatFetchSummary(summary) + '\n' + (imported ? formatSummary(imported, o.db) + '\n' : ''));
        process.exitCode = summary.interrupted || imported?.interrupted ? EXIT_INTERRUPTED : failed ? EXIT_FILES_FAILED : 0;
      } finally {
        stop.dispose();
      }
    });
}
