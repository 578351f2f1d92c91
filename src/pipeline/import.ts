import { openDatabase } from '../store/open.js';
import { Loader } from '../store/loader.js';
import { validateDocument } from '../validate/semantic.js';
import type { Limits } from '../readers/limits.js';
import { expandInputs } from './files.js';
import { runBatch } from './pool.js';
import { log } from '../util/log.js';
import { databaseCounts } from '../query/summary.js';
import type { Timing } from './batch.js';

export type FileStatus = 'loaded' | 'replaced' | 'unchanged' | 'skipped' | 'extracted' | 'failed';

/** What a file came to: one event per file, in the order they finish. */
export interface FileEvent {
  path: string;
  status: FileStatus;
  pages?: number | null;
  ms?: number;
  reason?: string;
  timing?: Timing;
}

/**
 * What a batch reports as it runs; front ends render them (the CLI's progress bar or NDJSON,
 * src/cli/progress.ts). The engine itself prints nothing.
 */
export type BatchEvent =
  | { event: 'start'; total: number; jobs: number }
  | ({ event: 'file' } & FileEvent)
  | { event: 'stopping'; reason: string; inFlight: number }
  | { event: 'end' };

export interface ImportOptions {
  db: string;
  jobs: number;
  strict: boolean;
  force: boolean;
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
 * kept but counts). One bad file never stops the batch.
 */
export async function runImport(inputs: string[], opts: ImportOptions): Promise<ImportSummary> {
  const t0 = performance.now();
  const { files, problems } = await expandInputs(inputs);
  const db = openDatabase(opts.db);
  const loader = new Loader(db);
  const emit = opts.onEvent ?? (() => {});
  const stopReason = () => (opts.signal?.aborted ? String(opts.signal.reason ?? 'aborted') : null);
  const summary: ImportSummary = {
    files: files.length,
    loaded: 0,
    replaced: 0,
    unchanged: 0,
    skipped: 0,
    failed: [],
    pages: 0,
    seconds: 0,
    pagesPerSecond: 0,
    jobs: opts.jobs,
    interrupted: null,
    notStarted: 0,
    documents: {},
    totals: { judgements: 0, recommendations: 0, paragraphs: 0, actions: 0, warnings: 0, recommendationLinks: 0 },
  };
  const fail = (path: string, code: string, reason: string, sha: string | null, ms?: number) => {
    summary.failed.push({ path, reason });
    loader.recordError(path, sha, code, reason);
    emit({ event: 'file', path, status: 'failed', reason, ms });
  };

  let finished = 0;
  let admitted = 0;
  let started = false;
  const onAbort = () => {
    if (started) emit({ event: 'stopping', reason: stopReason()!, inFlight: admitted - finished });
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });

  try {
    emit({ event: 'start', total: files.length + problems.length, jobs: opts.jobs });
    started = true;
    for (const p of problems) fail(p.path, 'input', p.reason, null);
    const batch = runBatch(files, {
      jobs: opts.jobs,
      inProcess: opts.inProcess,
      limits: opts.limits,
      timeoutMs: (opts.timeout ?? 60) * 1000,
      validate: true,
      skip: opts.force ? undefined : (sha) => loader.has(sha),
      shouldStop: () => opts.signal?.aborted === true,
      onAdmit: () => admitted++,
    });
    for await (const r of batch) {
      finished++;
      if (r.ok === 'skipped') {
        summary.unchanged++;
        summary.skipped++;
        emit({ event: 'file', path: r.path, status: 'skipped', ms: r.ms });
        continue;
      }
      if (r.ok === false) {
        fail(r.path, r.code, r.reason, r.sha256, r.ms);
        continue;
      }
      const issues = r.issues ?? validateDocument(r.doc);
      const errors = issues.filter((i) => i.severity === 'error');
      if (opts.strict && errors.length) {
        fail(r.path, 'validation', `refused by --strict: ${errors.length} validation error${errors.length > 1 ? 's' : ''} (first: ${errors[0]!.message})`, r.doc.source.sha256, r.ms);
        continue;
      }
      try {
        const tLoad = performance.now();
        const outcome = loader.load(r.doc, issues, { force: opts.force });
        const timing = { ...r.timing, loadMs: performance.now() - tLoad };
        if (outcome === 'unchanged') summary.unchanged++;
        else if (outcome === 'replaced') summary.replaced++;
        else summary.loaded++;
        const pages = outcome === 'unchanged' ? 0 : (r.doc.source.pages ?? 0);
        summary.pages += pages;
        emit({ event: 'file', path: r.path, status: outcome, pages: r.doc.source.pages ?? null, ms: r.ms, timing });
        log.info({ path: r.path, outcome, ms: Math.round(r.ms) }, 'loaded');
      } catch (e) {
        fail(r.path, 'load_failed', `database write failed: ${(e as Error).message}`, r.doc.source.sha256, r.ms);
      }
    }
    summary.interrupted = stopReason();
    summary.notStarted = files.length - finished;
    const counts = databaseCounts(db);
    Object.assign(summary.documents, counts.documents);
    summary.totals = counts.totals;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    emit({ event: 'end' });
    db.close();
  }
  summary.failed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  summary.seconds = (performance.now() - t0) / 1000;
  summary.pagesPerSecond = summary.seconds > 0 ? Number((summary.pages / summary.seconds).toFixed(2)) : 0;
  return summary;
}
