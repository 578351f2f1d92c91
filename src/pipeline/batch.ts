import type { OfstedDocument } from '../model/document.js';
import { extractBytes, readInput, sha256, type ExtractTiming } from '../ingest.js';
import type { Limits } from '../readers/limits.js';
import { validateDocument, type Issue } from '../validate/semantic.js';
import { InputError, reasonOf } from '../util/errors.js';

/** Where one file's time went, in milliseconds (what is known of it). */
export interface Timing extends ExtractTiming {
  /** Main thread: reading the file and hashing it. */
  readMs?: number;
  /** From being handed to the pool to a worker starting on it. */
  queueMs?: number;
  validateMs?: number;
  /** Main thread: the SQLite transaction (rows, JSON, FTS triggers). */
  loadMs?: number;
  /** CPU time of the thread that extracted the file (Linux; wall time elsewhere). */
  cpuMs?: number;
  /** Garbage collection pauses of that thread while it extracted the file. */
  gcMs?: number;
}

export type FileResult = (
  | { path: string; ok: true; doc: OfstedDocument; issues?: Issue[]; ms: number }
  | { path: string; ok: false; code: string; reason: string; sha256: string | null; ms: number }
  | { path: string; ok: 'skipped'; sha256: string; ms: number }
) & { timing?: Timing };

export interface BatchOptions {
  limits: Limits;
  /** Return true to skip a file whose bytes are already loaded (incremental import). */
  skip?: (sha: string) => boolean;
  /** Run the semantic validator too (the result carries `issues`). */
  validate?: boolean;
}

/**
 * Extract one file; never throws: a failure is a result with a one-line reason.
 * `bytes`, when given, are the file's contents already read (and already checked
 * against `skip` by the caller): the batch runner reads and hashes on the main thread
 * and hands the bytes to a worker, so a worker never parses a file already loaded.
 */
export async function extractOne(path: string, opts: BatchOptions, bytes?: Uint8Array, knownSha?: string): Promise<FileResult> {
  const t0 = performance.now();
  const timing: Timing = {};
  let sha: string | null = null;
  try {
    const data = bytes ?? (await readInput(path, opts.limits));
    sha = knownSha ?? sha256(data);
    if (opts.skip?.(sha)) return { path, ok: 'skipped', sha256: sha, ms: performance.now() - t0 };
    const doc = await extractBytes(path, data, opts.limits, { sha, timing });
    const t1 = performance.now();
    const issues = opts.validate ? validateDocument(doc) : undefined;
    if (opts.validate) timing.validateMs = performance.now() - t1;
    return { path, ok: true, doc, issues, ms: performance.now() - t0, timing };
  } catch (e) {
    const code = e instanceof InputError ? e.code : 'extract_failed';
    return { path, ok: false, code, reason: reasonOf(e), sha256: sha, ms: performance.now() - t0, timing };
  }
}
