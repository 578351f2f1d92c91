#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, type Limits } from './readers/limits.js';
import { documentJsonSchema, FRAMEWORKS } from './model/document.js';
import { expandInputs } from './pipeline/files.js';
import { oneLine } from './cli/progress.js';
import { createProgress, formatSummary, renderEvents } from './cli/progress.js';
import { EXIT_INTERRUPTED, trapSignals } from './cli/signals.js';
import { render, type OutputFormat } from './cli/format.js';
import { queryActions, queryDeadlines, queryJudgements, queryParagraphs, queryRecommendations, queryVisits } from './query/canned-queries.js';
import { querySqlLimited, withDb } from './query/sql.js';
import { asOfDate } from './query/rules.js';
import { validateJson } from './validate/semantic.js';
import { addThemesCommand } from './cli/themes.js';
import { InputError, reasonOf } from './util/errors.js';

/** Exit codes: 0 all good, 1 usage error (or validation/regression failure), 2 some files failed. */
const EXIT_USAGE = 1;
const EXIT_FILES_FAILED = 2;

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DB = 'out/ofsted.sqlite';

const positiveInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number >= 1`);
  return n;
};

function limitOptions(cmd: Command): Command {
  return cmd
    .option('--max-bytes <n>', 'largest file accepted, in bytes', positiveInt('--max-bytes'), DEFAULT_LIMITS.maxBytes)
    .option('--max-pages <n>', 'most pages read from one PDF', positiveInt('--max-pages'), DEFAULT_LIMITS.maxPages)
    .option('--max-expanded-bytes <n>', 'most bytes a DOCX may expand to', positiveInt('--max-expanded-bytes'), DEFAULT_LIMITS.maxExpandedBytes)
    .option('--max-chars <n>', 'most characters in a Markdown file', positiveInt('--max-chars'), DEFAULT_LIMITS.maxChars);
}

function limitsFrom(o: Record<string, unknown>): Limits {
  return { maxBytes: o.maxBytes as number, maxPages: o.maxPages as number, maxExpandedBytes: o.maxExpandedBytes as number, maxChars: o.maxChars as number };
}

const portNumber = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('--port must be 0..65535');
  return n;
};

const nonNegative = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number of seconds >= 0 (0: no limit)`);
  return n;
};

/** Options shared by the batch commands (extract, import). */
function batchOptions(cmd: Command): Command {
  return cmd
    .option('--jobs <n>', 'parallel worker threads', positiveInt('--jobs'), availableParallelism())
    .option('--in-process', 'extract in the main thread, no workers (for profiling: --timeout cannot stop a stuck parser then)', false)
    .option('--timeout <seconds>', 'time limit per file; a worker past it is replaced and the file fails (0: none)', nonNegative('--timeout'), 60)
    .option('--quiet', 'no progress bar or NDJSON progress events on stderr (failures are still printed)', false);
}

const formatOption = () => new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table');

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('ofsted')
    .description('Ofsted inspection reports and action plans (PDF, DOCX, Markdown) -> validated data in SQLite')
    .showHelpAfterError()
    .exitOverride();

  limitOptions(
    batchOptions(
      program
        .command('extract')
        .description('extract documents to JSON (one file and no --out: JSON on stdout; several: one JSON per line, in input order)')
        .argument('<files...>', 'files, directories or globs')
        .option('--out <dir>', 'write <dir>/<sha256>.json for each file'),
    ),
  ).action(async (inputs: string[], o) => {
    const { files, problems } = await expandInputs(inputs);
    let failed = problems.length;
    for (const p of problems) process.stderr.write(`${oneLine(p.path)}: ${p.reason}\n`);
    if (o.out) mkdirSync(o.out, { recursive: true });
    const stop = trapSignals();
    // Progress only when writing files: on stdout the JSON is the progress.
    const progress = createProgress({ quiet: o.quiet || !o.out });
    let admitted = 0;
    let finished = 0;
    stop.onStop((signal) => progress.stopping(signal, admitted - finished));
    progress.start(files.length, o.jobs);
    try {
      // Loaded on demand: queries and validation never pay for pdfjs and the worker pool.
      const { runBatch } = await import('./pipeline/pool.js');
      const batch = runBatch(files, {
        jobs: o.jobs,
        inProcess: o.inProcess,
        limits: limitsFrom(o),
        timeoutMs: o.timeout * 1000,
        ordered: !o.out,
        shouldStop: () => stop.reason !== null,
        onAdmit: () => admitted++,
      });
      for await (const r of batch) {
        finished++;
        if (r.ok !== true) {
          failed++;
          if (r.ok === false) progress.file({ path: r.path, status: 'failed', reason: r.reason, ms: r.ms });
          continue;
        }
        if (o.out) writeFileSync(join(o.out, `${r.doc.source.sha256}.json`), JSON.stringify(r.doc, null, 2) + '\n');
        else process.stdout.write(files.length === 1 ? JSON.stringify(r.doc, null, 2) + '\n' : JSON.stringify(r.doc) + '\n');
        progress.file({ path: r.path, status: 'extracted', pages: r.doc.source.pages, ms: r.ms });
      }
    } finally {
      progress.end();
      stop.dispose();
    }
    process.exitCode = stop.reason ? EXIT_INTERRUPTED : failed ? EXIT_FILES_FAILED : 0;
  });

  limitOptions(
    batchOptions(
      program
        .command('import')
        .description('extract, validate and load files into SQLite')
        .argument('<inputs...>', 'files, directories (walked for .pdf/.docx/.md) or globs')
        .option('--db <path>', 'database file', DEFAULT_DB)
        .option('--strict', 'refuse documents with validation errors', false)
        .option('--force', 're-import files already loaded', false)
        .option('--json', 'print the summary as JSON', false),
    ),
  ).action(async (inputs: string[], o) => {
    const stop = trapSignals();
    try {
      const { runImport } = await import('./pipeline/import.js');
      const summary = await runImport(inputs, {
        db: o.db,
        jobs: o.jobs,
        inProcess: o.inProcess,
        strict: o.strict,
        force: o.force,
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

  program
    .command('validate')
    .description('check document JSON files: structure (zod) and semantics')
    .argument('<files...>', 'document JSON files')
    .action((files: string[]) => {
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

  const query = program.command('query').description('query the database');
  const common = (c: Command) =>
    c
      .option('--db <path>', 'database file', DEFAULT_DB)
      .option('--la <name>', 'local authority: name, alias or DfE code ("Barking & Dagenham", "301")')
      .option('--region <region>', 'the authorities of a region of the register ("London")')
      .option('--neighbours-of <name>', 'an authority (name, alias or code) and its DfE statistical neighbours')
      .addOption(new Option('--framework <f>', 'framework').choices([...FRAMEWORKS]))
      .option('--search <text>', 'full-text search')
      .option('--limit <n>', 'most rows', positiveInt('--limit'), 1000)
      .addOption(formatOption());
  const out = (rows: Record<string, unknown>[], o: { format: OutputFormat }): void => {
    process.stdout.write(render(rows, o.format) + '\n');
  };
  common(query.command('judgements').description('graded judgements'))
    .option('--area <area>', 'judgement area')
    .option('--grade <grade>', 'grade')
    .action((o) => out(withDb(o.db, (db) => queryJudgements(db, o)), o));
  common(query.command('recommendations').description('recommendations, with the paragraphs they cite')).action((o) =>
    out(withDb(o.db, (db) => queryRecommendations(db, o, o.format === 'json')), o),
  );
  common(query.command('visits').description('focused and monitoring visits, JTAIs and area SEND inspections: date, authority, framework, focus, priority actions, areas for improvement, SEND outcome')).action((o) =>
    out(withDb(o.db, (db) => queryVisits(db, o)), o),
  );
  common(query.command('deadlines').description('when each inspection document\'s plan is due (working days, England\'s bank holidays; data/deadlines.json), the plan on file, late'))
    .option('--as-of <date>', 'date for "late" (YYYY-MM-DD, default today)')
    .action((o) => {
      asOfDate(o.asOf);
      out(withDb(o.db, (db) => queryDeadlines(db, o)), o);
    });
  common(query.command('paragraphs').description('numbered report paragraphs')).action((o) => out(withDb(o.db, (db) => queryParagraphs(db, o)), o));
  common(query.command('actions').description('action-plan rows'))
    .option('--rag <rag>', 'red, amber, green, blue or complete')
    .option('--overdue', 'due date passed and not complete', false)
    .option('--as-of <date>', 'date for --overdue (YYYY-MM-DD, default today)')
    .action((o) => {
      asOfDate(o.asOf);
      out(withDb(o.db, (db) => queryActions(db, o)), o);
    });
  const asOfOption = (v: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) throw new InvalidArgumentError('--as-of must be a date YYYY-MM-DD');
    return v;
  };
  common(query.command('tracker').description('each report recommendation, the plan recommendations that answer it, their actions and RAG'))
    .option('--as-of <date>', 'date for counting overdue actions (YYYY-MM-DD, default today)', asOfOption)
    .action(async (o) => {
      const { trackerRows, trackerTable, trackerJson } = await import('./query/tracker.js');
      const asOf = asOfDate(o.asOf);
      const text = withDb(o.db, (db) => {
        const rows = trackerRows(db, { ...o, asOf });
        return o.format === 'json' ? JSON.stringify(trackerJson(db, rows, asOf), null, 2) : render(trackerTable(rows), o.format);
      });
      process.stdout.write(text + '\n');
    });
  addThemesCommand(query, { db: DEFAULT_DB, formatOption });
  query
    .command('sql')
    .description('run one read-only SELECT/WITH statement')
    .argument('<sql>', 'the statement')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .option('--timeout <seconds>', 'time limit: a statement still running is stopped (0: none)', nonNegative('--timeout'), 30)
    .option('--max-rows <n>', 'most rows returned (a note on stderr says when the cap cut the result)', positiveInt('--max-rows'), 10000)
    .addOption(formatOption())
    .action(async (sql: string, o) => {
      const r = await querySqlLimited(o.db, sql, { timeoutMs: o.timeout * 1000, maxRows: o.maxRows });
      out(r.rows, o);
      if (r.truncated) process.stderr.write(`note: row cap reached: only the first ${r.rows.length} rows are shown (--max-rows to change)\n`);
    });

  program
    .command('serve')
    .description('read-only web app over the database (overview, authorities, search, documents, JSON API under /api/)')
    .option('--db <path>', 'database file (opened read-only)', DEFAULT_DB)
    .option('--port <n>', 'port (0: any free port)', portNumber, 8080)
    .option('--host <host>', 'address to bind (127.0.0.1: this machine only)', '127.0.0.1')
    .option('--as-of <date>', 'date for "overdue" (YYYY-MM-DD, default today; a page takes ?as_of= too)')
    .action(async (o) => {
      if (o.asOf) asOfDate(o.asOf);
      const { startServer } = await import('./web/server.js');
      let server;
      try {
        server = await startServer({ db: o.db, port: o.port, host: o.host, asOf: o.asOf });
      } catch (e) {
        throw new InputError('usage', `cannot serve ${o.db}: ${reasonOf(e)}`);
      }
      process.stdout.write(`Serving ${o.db} (read-only) at ${server.url}/\n`);
      await new Promise<void>((res) => {
        const stop = () => void server.close().then(res);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });

  program
    .command('export')
    .description('write the database as a workbook (xlsx) or CSV files (one per sheet, in a folder)')
    .addOption(new Option('--format <format>', 'xlsx or csv').choices(['xlsx', 'csv']).default('xlsx'))
    .option('--out <path>', 'the .xlsx file, or the folder for csv (default out/ofsted.xlsx, out/ofsted-csv)')
    .option('--la <names...>', 'only these authorities (name or code, any case)')
    .option('--as-of <date>', 'date for "overdue" (YYYY-MM-DD, default today)')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .action(async (o) => {
      if (o.asOf) asOfDate(o.asOf);
      const { exportWorkbook } = await import('./export/workbook.js');
      const out = o.out ?? (o.format === 'xlsx' ? 'out/ofsted.xlsx' : 'out/ofsted-csv');
      let r;
      try {
        r = await exportWorkbook({ db: o.db, format: o.format, out, la: o.la, asOf: o.asOf });
      } catch (e) {
        throw new InputError('usage', `cannot export ${o.db}: ${reasonOf(e)}`);
      }
      process.stdout.write(`Wrote ${r.out}: ${r.sheets.map((s) => `${s.name} ${s.rows}`).join(', ')}\n`);
    });

  program
    .command('publish')
    .description('mirror the database into a PostgreSQL schema (only what changed since the last publish), for shared use and BI tools')
    .option('--to <url>', 'postgresql://user@host:port/database (password: PGPASSWORD or ~/.pgpass; default: the PG* environment variables)')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .option('--schema <name>', 'PostgreSQL schema (made if missing)', 'ofsted')
    .action(async (o) => {
      const { publish, formatPublish } = await import('./publish/publish.js');
      process.stdout.write(formatPublish(await publish({ db: o.db, to: o.to, schema: o.schema })) + '\n');
    });

  program
    .command('plan')
    .description('action plans')
    .command('draft <source>')
    .description('a plan template answering one report or letter (a file, or a document id in the database); nothing is written when it has nothing to answer')
    .addOption(new Option('--format <format>', 'docx or xlsx').choices(['docx', 'xlsx']).default('docx'))
    .option('--out <file>', 'the file to write (default <document name>-plan-draft.<format>)')
    .option('--db <path>', 'database for a document id', DEFAULT_DB)
    .action(async (source: string, o) => {
      const { draftPlan } = await import('./draft/index.js');
      const r = await draftPlan(source, { format: o.format, out: o.out, db: o.db });
      process.stdout.write(`Wrote ${r.path}: ${r.draft.items.length} item(s) for ${r.draft.authority}, plan due ${r.draft.due.date ?? 'date unknown'}\n`);
    });

  program
    .command('regress')
    .description('extract every fixture and compare with fixtures/expected/*.json')
    .option('--update', 'rewrite the golden files', false)
    .option('--filter <pattern>', 'only fixtures whose path contains this')
    .option('--root <dir>', 'repository root', ROOT)
    .action(async (o) => {
      const { regress } = await import('./regress.js');
      const r = await regress({ root: o.root, update: o.update, filter: o.filter });
      for (const f of r.failures) {
        process.stdout.write(`DRIFT ${f.file}\n`);
        for (const d of f.diff) process.stdout.write(`  ${d}\n`);
      }
      process.stdout.write(`${r.checked} fixtures: ${r.passed} ok, ${r.failures.length} drifted${o.update ? `, ${r.updated} golden files rewritten` : ''}\n`);
      process.exitCode = r.failures.length ? EXIT_USAGE : 0;
    });

  program
    .command('schema')
    .description('write schemas/document.schema.json from the zod model')
    .option('--out <file>', 'output file', join(ROOT, 'schemas', 'document.schema.json'))
    .action((o) => {
      mkdirSync(dirname(o.out), { recursive: true });
      writeFileSync(o.out, schemaText());
      process.stdout.write(`wrote ${o.out}\n`);
    });
  return program;
}

export function schemaText(): string {
  return JSON.stringify(documentJsonSchema(), null, 2) + '\n';
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
