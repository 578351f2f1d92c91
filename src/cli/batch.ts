import type { OfstedDocument } from '../model/document.js';
import { extractBytes, readInput, sha256 } from '../ingest.js';
import type { Limits } from '../readers/limits.js';
import { InputError, reasonOf } from '../util/errors.js';

export type FileResult =
  | { path: string; ok: true; doc: OfstedDocument; ms: number }
  | { path: string; ok: false; code: string; reason: string; sha256: string | null; ms: number }
  | { path: string; ok: 'skipped'; sha256: string; ms: number };

export interface BatchOptions {
  limits: Limits;
  /** Return true to skip a file whose bytes are already loaded (incremental import). */
  skip?: (sha: string) => boolean;
}

/** Extract one file; never throws: a failure is a result with a one-line reason. */
export async function extractOne(path: string, opts: BatchOptions): Promise<FileResult> {
  const t0 = performance.now();
  let sha: string | null = null;
  try {
    const bytes = await readInput(path, opts.limits);
    sha = sha256(bytes);
    if (opts.skip?.(sha)) return { path, ok: 'skipped', sha256: sha, ms: performance.now() - t0 };
    const doc = await extractBytes(path, bytes, opts.limits);
    return { path, ok: true, doc, ms: performance.now() - t0 };
  } catch (e) {
    const code = e instanceof InputError ? e.code : 'extract_failed';
    return { path, ok: false, code, reason: reasonOf(e), sha256: sha, ms: performance.now() - t0 };
  }
}

/** Extract files in order, one at a time, handing each result on as it is ready. */
export async function* extractSequential(paths: string[], opts: BatchOptions): AsyncGenerator<FileResult> {
  for (const p of paths) yield await extractOne(p, opts);
}
