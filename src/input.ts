/**
 * Reading and hashing an input file: all the batch runner's main thread needs before it
 * hands the bytes to a worker (it never loads a reader or an extractor).
 */
import { readFile, stat } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { DEFAULT_LIMITS, type Limits } from './readers/limits.js';
import { InputError } from './util/errors.js';

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Read the bytes of a file with the size cap checked before reading. */
export async function readInput(path: string, limits: Limits = DEFAULT_LIMITS): Promise<Buffer> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    throw new InputError('unreadable', `cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (!st.isFile()) throw new InputError('not_a_file', 'not a regular file');
  if (st.size > limits.maxBytes) throw new InputError('too_large', `file too large (${st.size} bytes; limit ${limits.maxBytes})`);
  try {
    return await readFile(path);
  } catch (e) {
    throw new InputError('unreadable', `cannot read file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}
