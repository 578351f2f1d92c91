import { openDatabase } from '../db/database.js';
import { Loader } from '../db/loader.js';
import { validateDocument } from '../validate/semantic.js';
import type { Limits } from '../readers/limits.js';
import { expandInputs } from './files.js';
import { runBatch } from './pool.js';
import { createProgress, oneLine, type Progress } from '../cli/progress.js';
import type { StopControl } from '../cli/signals.js';
import { log } from '../util/log.js';
import { databaseCounts } from '../query/summary.js';

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
  /** No progress bar / NDJSON events (failures are still printed). */
  quiet?: boolean;
  /** Progress reporter (default: from `quiet` and whether stderr is a terminal). */
  progress?: Progress;
  /** Ctrl-C / SIGTERM: stop taking new files, finish those in flight. */
  stop?: StopControl;
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
  /** The signal that stopped the run early, or null. */
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
  const progress = opts.progress ?? createProgress({ quiet: opts.quiet });
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
    progress.file({ path, status: 'failed', reason, ms });
  };

  let finished = 0;
  let admitted = 0;
  let started = false;
  opts.stop?.onStop((signal) => {
    if (started) progress.stopping(signal, admitted - finished);
  });

  try {
    progress.start(files.length + problems.length, opts.jobs);
    started = true;
    for (const p of problems) fail(p.path, 'input', p.reason, null);
    const batch = runBatch(files, {
      jobs: opts.jobs,
      inProcess: opts.inProcess,
      limits: opts.limits,
      timeoutMs: (opts.timeout ?? 60) * 1000,
      validate: true,
      skip: opts.force ? undefined : (sha) => loader.has(sha),
      shouldStop: () => opts.stop?.reason != null,
      onAdmit: () => admitted++,
    });
    for await (const r of batch) {
      finished++;
      if (r.ok === 'skipped') {
        summary.unchanged++;
        summary.skipped++;
        progress.file({ path: r.path, status: 'skipped', ms: r.ms });
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
        progress.file({ path: r.path, status: outcome, pages: r.doc.source.pages ?? null, ms: r.ms, timing });
        log.info({ path: r.path, outcome, ms: Math.round(r.ms) }, 'loaded');
      } catch (e) {
        fail(r.path, 'load_failed', `database write failed: ${(e as Error).message}`, r.doc.source.sha256, r.ms);
      }
    }
    summary.interrupted = opts.stop?.reason ?? null;
    summary.notStarted = files.length - finished;
    const counts = databaseCounts(db);
    Object.assign(summary.documents, counts.documents);
    summary.totals = counts.totals;
  } finally {
    progress.end();
    db.close();
  }
  summary.failed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  summary.seconds = (performance.now() - t0) / 1000;
  summary.pagesPerSecond = summary.seconds > 0 ? Number((summary.pages / summary.seconds).toFixed(2)) : 0;
  return summary;
}

export function formatSummary(s: ImportSummary, dbPath: string): string {
  const lines = [
    `Imported into ${dbPath}${s.interrupted ? ` (stopped by ${s.interrupted}: ${s.notStarted} file${s.notStarted === 1 ? '' : 's'} not started; run again to finish)` : ''}`,
    `  files: ${s.files}  loaded: ${s.loaded}  replaced: ${s.replaced}  unchanged: ${s.unchanged} (skipped unparsed: ${s.skipped})  failed: ${s.failed.length}`,
    `  pages: ${s.pages}  time: ${s.seconds.toFixed(2)} s${s.pages && s.seconds ? `  (${(s.pages / s.seconds).toFixed(1)} pages/s)` : ''}  jobs: ${s.jobs}`,
    `Database now holds:`,
    `  documents: ${Object.entries(s.documents).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  judgements: ${s.totals.judgements}  recommendations: ${s.totals.recommendations}  paragraphs: ${s.totals.paragraphs}  actions: ${s.totals.actions}  warnings: ${s.totals.warnings}  plan->report links: ${s.totals.recommendationLinks}`,
  ];
  if (s.failed.length) {
    lines.push('Failed:');
    for (const f of s.failed) lines.push(`  ${oneLine(f.path)}: ${f.reason}`);
  }
  return lines.join('\n');
}
