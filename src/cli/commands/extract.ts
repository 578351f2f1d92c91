import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DocumentSink } from '../../pipeline/run.js';
import { createProgress, renderEvents } from '../progress.js';
import { EXIT_INTERRUPTED, trapSignals } from '../signals.js';
import { batchOptions, EXIT_FILES_FAILED, limitOptions, limitsFrom } from '../options.js';

/** `ofsted extract`: the pipeline's batch loop with a sink that writes document JSON instead of loading it. */
export function addExtractCommand(program: Command): void {
  limitOptions(
    batchOptions(
      program
        .command('extract')
        .description('extract documents to JSON (one file and no --out: JSON on stdout; several: one JSON per line, in input order)')
        .argument('<files...>', 'files, directories or globs')
        .option('--out <dir>', 'write <dir>/<sha256>.json for each file'),
    ),
  ).action(async (inputs: string[], o) => {
    if (o.out) mkdirSync(o.out, { recursive: true });
    const stop = trapSignals();
    try {
      // Loaded on demand: queries and validation never pay for pdfjs and the worker pool.
      const { runFiles } = await import('../../pipeline/run.js');
      const r = await runFiles(
        inputs,
        {
          jobs: o.jobs,
          inProcess: o.inProcess,
          limits: limitsFrom(o),
          timeout: o.timeout,
          ordered: !o.out,
          // Progress only when writing files: on stdout the JSON is the progress.
          onEvent: renderEvents(createProgress({ quiet: o.quiet || !o.out })),
          signal: stop.signal,
        },
        jsonSink(o.out),
      );
      process.exitCode = r.interrupted ? EXIT_INTERRUPTED : r.failed.length ? EXIT_FILES_FAILED : 0;
    } finally {
      stop.dispose();
    }
  });
}

/** Each document as JSON: <out>/<sha256>.json, or on stdout (pretty for a single file, else one per line). */
function jsonSink(out: string | undefined): DocumentSink {
  let single = false;
  return {
    open(files) {
      single = files.length === 1;
    },
    write({ doc }) {
      if (out) writeFileSync(join(out, `${doc.source.sha256}.json`), JSON.stringify(doc, null, 2) + '\n');
      else process.stdout.write(single ? JSON.stringify(doc, null, 2) + '\n' : JSON.stringify(doc) + '\n');
      return { status: 'extracted' };
    },
  };
}
