import { openDatabase } from '../store/open.js';
import { Loader } from '../store/loader.js';
import { validateDocument } from '../validate/semantic.js';
import type { Limits } from '../readers/limits.js';
import { runFiles, type BatchEvent, type DocumentSink, type Extracted, type Written } from './run.js';
import { log } from '../util/log.js';
import { databaseCounts } from '../query/summary.js';
import { givenPublication, type PublishedDates } from '../store/publication.js';
import { resolve } from 'node:path';

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
  /**
   * Publication dates given from outside the documents, by absolute path (path.resolve of the file
   * as the inputs expand to it): `user` for `ofsted import --published`, `ofsted_listing` for dates
   * from Ofsted's listing (`ofsted fetch`). Accepted, ranked and refused by src/store/publication.ts:
   * before the inspection ended or in the future the file fails with that reason. A file already
   * loaded (same sha256) has its stored date updated without being extracted again (`datesUpdated`).
   */
  published?: PublishedDates;
  /** "Today" for refusing a date in the future (YYYY-MM-DD; default: today, UTC). */
  today?: string;
}

export interface ImportSummary {
  files: number;
  loaded: number;
  replaced: number;
  /**
   * Files whose bytes were already loaded (or repeated in this batch): nothing written. It
   * INCLUDES `skipped` (unchanged = skipped + those found already loaded after extraction, as
   * with --current).
   */
  unchanged: number;
  /** The part of `unchanged` recognised by sha256 before extraction (never parsed); not counted apart from it. */
  skipped: number;
  /** Sorted by path. */
  failed: Array<{ path: string; reason: string }>;
  /** Files already loaded whose stored publication date a given date (`published`) replaced. */
  datesUpdated: number;
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
    const sink = loaderSink(loader, opts);
    const r = await runFiles(inputs, { ...opts, validate: true }, sink);
    const counts = databaseCounts(db);
    const seconds = (performance.now() - t0) / 1000;
    return {
      files: r.files,
      loaded: r.counts.loaded,
      replaced: r.counts.replaced,
      unchanged: r.counts.unchanged + r.counts.skipped,
      skipped: r.counts.skipped,
      datesUpdated: sink.datesUpdated,
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
function loaderSink(loader: Loader, opts: Pick<ImportOptions, 'strict' | 'force' | 'current' | 'published' | 'today'>): DocumentSink & { datesUpdated: number } {
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const givenFor = (path: string) => (opts.published?.size ? opts.published.get(resolve(path)) : undefined);
  const sink = {
    datesUpdated: 0,
    // --current: a file already loaded is still read, so that its plan can be said current.
    has: opts.force || opts.current
      ? undefined
      : (sha: string, path: string): boolean | { code: string; reason: string } => {
          if (!loader.has(sha)) return false;
          const given = givenFor(path);
          if (!given) return true;
          // Already loaded: only its publication date may change (nothing is extracted again).
          const u = loader.updatePublication(sha, given, today);
          if (u.status === 'refused') return { code: 'publication_date', reason: u.reason };
          if (u.status === 'updated') {
            sink.datesUpdated++;
            log.info({ path, date: given.date, source: given.source }, 'publication date updated');
          } else if (u.warning) log.warn({ path }, u.warning);
          return true;
        },
    failed: (path: string, code: string, reason: string, sha: string | null) => loader.recordError(path, sha, code, reason),
    write(r: Extracted): Written {
      let doc = r.doc;
      let issues = r.issues;
      const given = givenFor(r.path);
      if (given) {
        const o = givenPublication(doc.document, given, today);
        if (!o.ok) return { status: 'failed', code: 'publication_date', reason: o.reason };
        if (o.changed || o.warning) {
          doc = { ...doc, document: { ...doc.document, publicationDate: o.date, publicationDateSource: o.source }, warnings: o.warning ? [...doc.warnings, o.warning] : doc.warnings };
          issues = undefined; // validated again below, with the date it now has
        }
      }
      issues ??= validateDocument(doc);
      const errors = issues.filter((i) => i.severity === 'error');
      if (opts.strict && errors.length) {
        return { status: 'failed', code: 'validation', reason: `refused by --strict: ${errors.length} validation error${errors.length > 1 ? 's' : ''} (first: ${errors[0]!.message})` };
      }
      try {
        const tLoad = performance.now();
        const outcome = loader.load(doc, issues, { force: opts.force, current: opts.current });
        log.info({ path: r.path, outcome, ms: Math.round(r.ms) }, 'loaded');
        return { status: outcome, timing: { ...r.timing, loadMs: performance.now() - tLoad } };
      } catch (e) {
        return { status: 'failed', code: 'load_failed', reason: `database write failed: ${(e as Error).message}` };
      }
    },
  };
  return sink;
}
