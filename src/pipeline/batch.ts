import type { OfstedDocument } from '../model/document.js';
import { extractBytes, readInput, sha256 } from '../ingest.js';
import type { Limits } from '../readers/limits.js';
import { validateDocument, type Issue } from '../validate/semantic.js';
import { InputError, reasonOf } from '../util/errors.js';

export type FileResult =
  | { path: string; ok: true; doc: OfstedDocument; issues?: Issue[]; ms: number }
  | { path: string; ok: false; code: string; reason: string; sha256: string | null; ms: number }
  | { path: string; ok: 'skipped'; sha256: string; ms: number };

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
export async function extractOne(path: string, opts: BatchOptions, bytes?: Uint8Array): Promise<FileResult> {
  const t0 = performance.now();
  let sha: string | null = null;
  try {
    const data = bytes ?? (await readInput(path, opts.limits));
    sha = sha256(data);
    if (opts.skip?.(sha)) return { path, ok: 'skipped', sha256: sha, ms: performance.now() - t0 };
    const doc = await extractBytes(path, data, opts.limits);
    const issues = opts.validate ? validateDocument(doc) : undefined;
    return { path, ok: true, doc, issues, ms: performance.now() - t0 };
  } catch (e) {
    const code = e instanceof InputError ? e.code : 'extract_failed';
    return { path, ok: false, code, reason: reasonOf(e), sha256: sha, ms: performance.now() - t0 };
  }
}
