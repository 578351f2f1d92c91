import { openDatabase } from '../store/open.js';
import { Loader } from '../store/loader.js';
import { validateDocument } from '../validate/semantic.js';
import type { Limits } from '../readers/limits.js';
import { runFiles, type BatchEvent, type DocumentSink } from './run.js';
import { log } from '../util/log.js';
import { databaseCounts } from '../query/summary.js';

export type { BatchEvent, FileEvent, FileStatus } from './run.js';

export interface ImportOptions {
  db: string;
  jobs: number;
  strict: boolean;
  force: boolean;
  /** The plans in these files are the current versions of their plans (also when already loaded): see claimCurrentPlan. */
  current?: boolean;
  limits: Limits;
  /** Extract in the main thread (no workers): for profiling. */
  inProcess?: boolean;
  /** Per-file time limit in seconds (0 = none; default 60). */
  timeout?: number;
  /** Each start, file, stopping and end event, as it happens (default: none). */
  onEvent?: (e: BatchEvent) => void;
  /** Aborted: stop taking new files, finish and write those in flight; its reason (a string, e.g. the signal's name) is the summary's `interrupted`. */
  signal?: AbortSignal;
}

export interface ImportSummary {
  files: number;
  loaded: number;
  replaced: number;
  /** Files whose bytes were already loaded (or repeated in this batch): nothing written. */
  unchanged: number;
  /** Of `unchanged`, those recognised by sha256 before extraction (never parsed). */
  skipped: number;
  /** Sorted by path. */
  failed: Array<{ path: string; reason: string }>;
  /** Pages of the documents written in this run. */
  pages: number;
  /** Wall time of the run. */
  seconds: number;
  pagesPerSecond: number;
  jobs: number;
  /** The abort reason that stopped the run early (the CLI gives the signal's name), or null. */
  interrupted: string | null;
  /** Files never started because the run was stopped. */
  notStarted: number;
  documents: Record<string, number>;
  totals: { judgements: number; recommendations: number; paragraphs: number; actions: number; warnings: number; recommendationLinks: number };
}

/**
 * Extract (in a pool of `jobs` workers), validate and load; the main thread is the one
 * writer, one transaction per document, each written as soon as it arrives (nothing is
 * kept but counts). One bad file never stops the batch (the loop: run.ts).
 */
export async function runImport(inputs: string[], opts: ImportOptions): Promise<ImportSummary> {
  const t0 = performance.now();
  const db = openDatabase(opts.db);
  try {
    const loader = new Loader(db);
    const r = await runFiles(inputs, { ...opts, validate: true }, loaderSink(loader, opts));
    const counts = databaseCounts(db);
    const seconds = (performance.now() - t0) / 1000;
    return {
      files: r.files,
      loaded: r.counts.loaded,
      replaced: r.counts.replaced,
      unchanged: r.counts.unchanged + r.counts.skipped,
      skipped: r.counts.skipped,
      failed: r.failed,
      pages: r.pages,
      seconds,
      pagesPerSecond: seconds > 0 ? Number((r.pages / seconds).toFixed(2)) : 0,
      jobs: opts.jobs,
      interrupted: r.interrupted,
      notStarted: r.notStarted,
      documents: { ...counts.documents },
      totals: counts.totals,
    };
  } finally {
    db.close();
  }
}

/** The SQLite sink: validated documents loaded (refused with --strict when they have errors), every failure recorded in import_errors. */
function loaderSink(loader: Loader, opts: Pick<ImportOptions, 'strict' | 'force' | 'current'>): DocumentSink {
  return {
    // --current: a file already loaded is still read, so that its plan can be said current.
    has: opts.force || opts.current ? undefined : (sha) => loader.has(sha),
    failed: (path, code, reason, sha) => loader.recordError(path, sha, code, reason),
    write(r) {
      const issues = r.issues ?? validateDocument(r.doc);
      const errors = issues.filter((i) => i.severity === 'error');
      if (opts.strict && errors.length) {
        return { status: 'failed', code: 'validation', reason: `refused by --strict: ${errors.length} validation error${errors.length > 1 ? 's' : ''} (first: ${errors[0]!.message})` };
      }
      try {
        const tLoad = performance.now();
        const outcome = loader.load(r.doc, issues, { force: opts.force, current: opts.current });
        log.info({ path: r.path, outcome, ms: Math.round(r.ms) }, 'loaded');
        return { status: outcome, timing: { ...r.timing, loadMs: performance.now() - tLoad } };
      } catch (e) {
        return { status: 'failed', code: 'load_failed', reason: `database write failed: ${(e as Error).message}` };
      }
    },
  };
}
