/**
 * The batch loop every batch command runs (`ofsted import`, `ofsted extract`): inputs
 * expanded to files, the files extracted in the pool (pool.ts), each document handed to a
 * sink (SQLite for import, JSON for extract), one event per file. One bad file never
 * stops the batch: an input that cannot be read, a file that fails to extract or a
 * document the sink refuses is a failed file with a one-line reason, and the batch goes on.
 * An aborted signal stops taking new files; the files in flight finish and are written.
 */
import type { OfstedDocument } from '../model/document.js';
import type { Limits } from '../readers/limits.js';
import type { Issue } from '../validate/semantic.js';
import { reasonOf } from '../util/errors.js';
import type { Timing } from './batch.js';
import { expandInputs } from './files.js';
import { runBatch } from './pool.js';

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

/** One extracted document, as the sink receives it. */
export interface Extracted {
  path: string;
  doc: OfstedDocument;
  /** The semantic validator's issues, when the batch ran with `validate`. */
  issues?: Issue[];
  ms: number;
  timing?: Timing;
}

/** What the sink made of a document: written (with the timing to report), or refused. */
export type Written =
  | { status: 'loaded' | 'replaced' | 'unchanged' | 'extracted'; timing?: Timing }
  | { status: 'failed'; code: string; reason: string };

/** Where a batch's documents go. */
export interface DocumentSink {
  /** Called once, before any document, with the files the inputs expanded to. */
  open?(files: readonly string[]): void;
  /** True for bytes already stored: the file is skipped before it is parsed (a code and reason: it fails, unparsed). */
  has?(sha256: string, path: string): boolean | { code: string; reason: string };
  /** One document, in the order results are handed back. A throw fails the file (code `write_failed`). */
  write(r: Extracted): Written | Promise<Written>;
  /** A file failed (input, extraction or refused by `write`): for a sink that records failures. */
  failed?(path: string, code: string, reason: string, sha256: string | null): void;
}

export interface BatchRunOptions {
  jobs: number;
  limits: Limits;
  /** Extract in the main thread (no workers): for profiling. */
  inProcess?: boolean;
  /** Per-file time limit in seconds (0 = none; default 60). */
  timeout?: number;
  /** Run the semantic validator in the workers (the sink gets `issues`). */
  validate?: boolean;
  /** Hand documents to the sink in input order (default: as they complete). */
  ordered?: boolean;
  /** Each start, file, stopping and end event, as it happens (default: none). */
  onEvent?: (e: BatchEvent) => void;
  /** Aborted: stop taking new files, finish and write those in flight; its reason (a string, e.g. the signal's name) is the result's `interrupted`. */
  signal?: AbortSignal;
}

export interface BatchRunResult {
  /** Files the inputs expanded to (inputs that could not be walked are only in `failed`). */
  files: number;
  /** Files per outcome; `skipped`: recognised by `has` (or repeated in the batch) before extraction. */
  counts: Record<Exclude<FileStatus, 'failed'>, number>;
  /** Sorted by path. */
  failed: Array<{ path: string; reason: string }>;
  /** Pages of the documents written (not those `unchanged`). */
  pages: number;
  /** The abort reason that stopped the run early, or null. */
  interrupted: string | null;
  /** Files never started because the run was stopped. */
  notStarted: number;
}

/** Expand `inputs`, extract every file and hand each document to `sink`. */
export async function runFiles(inputs: string[], opts: BatchRunOptions, sink: DocumentSink): Promise<BatchRunResult> {
  const { files, problems } = await expandInputs(inputs);
  sink.open?.(files);
  const emit = opts.onEvent ?? (() => {});
  const stopReason = () => (opts.signal?.aborted ? String(opts.signal.reason ?? 'aborted') : null);
  const result: BatchRunResult = {
    files: files.length,
    counts: { loaded: 0, replaced: 0, unchanged: 0, skipped: 0, extracted: 0 },
    failed: [],
    pages: 0,
    interrupted: null,
    notStarted: 0,
  };
  const fail = (path: string, code: string, reason: string, sha: string | null, ms?: number) => {
    result.failed.push({ path, reason });
    sink.failed?.(path, code, reason, sha);
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
      validate: opts.validate,
      ordered: opts.ordered,
      skip: sink.has && ((sha, path) => sink.has!(sha, path)),
      shouldStop: () => opts.signal?.aborted === true,
      onAdmit: () => admitted++,
    });
    for await (const r of batch) {
      finished++;
      if (r.ok === 'skipped') {
        result.counts.skipped++;
        emit({ event: 'file', path: r.path, status: 'skipped', ms: r.ms });
        continue;
      }
      if (r.ok === false) {
        fail(r.path, r.code, r.reason, r.sha256, r.ms);
        continue;
      }
      let w: Written;
      try {
        w = await sink.write(r);
      } catch (e) {
        w = { status: 'failed', code: 'write_failed', reason: reasonOf(e) };
      }
      if (w.status === 'failed') {
        fail(r.path, w.code, w.reason, r.doc.source.sha256, r.ms);
        continue;
      }
      result.counts[w.status]++;
      if (w.status !== 'unchanged') result.pages += r.doc.source.pages ?? 0;
      emit({ event: 'file', path: r.path, status: w.status, pages: r.doc.source.pages ?? null, ms: r.ms, timing: w.timing });
    }
    result.interrupted = stopReason();
    result.notStarted = files.length - finished;
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    emit({ event: 'end' });
  }
  result.failed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return result;
}
