/** What the commands share: exit codes, the default database, option parsers and option groups. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LIMITS, type Limits } from '../readers/limits.js';
import { FRAMEWORKS } from '../model/frameworks.js';
import type { DB } from '../db/types.js';

/** Exit codes: 0 all good, 1 usage error (or validation/regression failure), 2 some files failed. */
export const EXIT_USAGE = 1;
export const EXIT_FILES_FAILED = 2;

/** The repository (or installed package) root: dist/cli/options.js -> two folders up. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_DB = 'out/ofsted.sqlite';

/** The database a command changes: refused (no_database) when there is none; open while `fn` runs, closed after. */
export async function withDatabase<T>(path: string, fn: (db: DB) => Promise<T> | T): Promise<T> {
  const { existsSync } = await import('node:fs');
  const { InputError } = await import('../util/errors.js');
  const { openDatabase } = await import('../store/open.js');
  if (!existsSync(path)) throw new InputError('no_database', `no database at ${path}`);
  const db = openDatabase(path);
  try {
    return await fn(db);
  } finally {
    db.close();
  }
}

/** A file named on the command line by its bytes: their SHA-256 (hex), as a stored document is known. */
export async function fileSha256(path: string): Promise<string> {
  const { readFileSync } = await import('node:fs');
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/**
 * What a command-line argument that names a document is (`ofsted correct`, `ofsted plan current`,
 * `ofsted plan draft`): one rule, the same for every command.
 *
 * 1. All digits ("12"): a document id in the database, always; a file whose name is all digits is
 *    named with a folder ("./12").
 * 2. 64 hex digits: a document's SHA-256.
 * 3. An existing file ("plan.md", "out/12", "./12"): that file, by its bytes (its SHA-256).
 * 4. Anything else: a path as stored in the database (the path a file was imported from, since moved
 *    or deleted).
 *
 * So an existing file wins over an id or a SHA-256 only when its name has a path separator or a file
 * extension, which an id and a SHA-256 never have.
 */
export type DocumentArg =
  | { kind: 'id'; arg: string; id: number }
  | { kind: 'sha256'; arg: string; sha256: string }
  | { kind: 'file'; arg: string; path: string; sha256: string }
  | { kind: 'path'; arg: string; path: string };

export async function documentArg(arg: string): Promise<DocumentArg> {
  const s = arg.trim();
  if (/^\d+$/.test(s)) return { kind: 'id', arg, id: Number(s) };
  if (/^[0-9a-f]{64}$/i.test(s)) return { kind: 'sha256', arg, sha256: s.toLowerCase() };
  const { statSync } = await import('node:fs');
  let isFile = false;
  try {
    isFile = statSync(arg).isFile();
  } catch {
    isFile = false;
  }
  return isFile ? { kind: 'file', arg, path: arg, sha256: await fileSha256(arg) } : { kind: 'path', arg, path: arg };
}

/**
 * The stored document an argument names (documentArg): by its id, its SHA-256, a file's bytes (else
 * the path it was imported from: a file edited since), or a stored path; undefined: none stored.
 */
export async function storedDocument(db: DB, a: DocumentArg): Promise<number | undefined> {
  const { findDocument } = await import('../store/corrections.js');
  switch (a.kind) {
    case 'id':
      return findDocument(db, a.id);
    case 'sha256':
      return findDocument(db, a.sha256);
    case 'file':
      return findDocument(db, a.sha256) ?? findDocument(db, a.path);
    case 'path':
      return findDocument(db, a.path);
  }
}

/** Why an argument names no stored document, in words (for the one-line error). */
export const notStored = (a: DocumentArg): string =>
  a.kind === 'id'
    ? `no stored document has the id ${a.id}`
    : a.kind === 'sha256'
      ? `no stored document has the SHA-256 ${a.sha256}`
      : a.kind === 'file'
        ? "no stored document has this file's bytes or was imported from its path"
        : 'no such file, and no stored document was imported from that path';

export const positiveInt = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`${name} must be a whole number >= 1`);
  return n;
};

export const portNumber = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('--port must be 0..65535');
  return n;
};

export const nonNegative = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError(`${name} must be a number of seconds >= 0 (0: no limit)`);
  return n;
};

/** The reader's limits, as options of the batch commands. */
export function limitOptions(cmd: Command): Command {
  return cmd
    .option('--max-bytes <n>', 'largest file accepted, in bytes', positiveInt('--max-bytes'), DEFAULT_LIMITS.maxBytes)
    .option('--max-pages <n>', 'most pages read from one PDF', positiveInt('--max-pages'), DEFAULT_LIMITS.maxPages)
    .option('--max-expanded-bytes <n>', 'most bytes a DOCX may expand to', positiveInt('--max-expanded-bytes'), DEFAULT_LIMITS.maxExpandedBytes)
    .option('--max-chars <n>', 'most characters in a Markdown file', positiveInt('--max-chars'), DEFAULT_LIMITS.maxChars);
}

export function limitsFrom(o: Record<string, unknown>): Limits {
  return { maxBytes: o.maxBytes as number, maxPages: o.maxPages as number, maxExpandedBytes: o.maxExpandedBytes as number, maxChars: o.maxChars as number };
}

/** Options shared by the batch commands (extract, import). */
export function batchOptions(cmd: Command): Command {
  return cmd
    .option('--jobs <n>', 'parallel worker threads', positiveInt('--jobs'), availableParallelism())
    .option('--in-process', 'extract in the main thread, no workers (for profiling: --timeout cannot stop a stuck parser then)', false)
    .option('--timeout <seconds>', 'time limit per file; a worker past it is replaced and the file fails (0: none)', nonNegative('--timeout'), 60)
    .option('--quiet', 'no progress bar or NDJSON progress events on stderr (failures are still printed)', false);
}

export const formatOption = () => new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table');

/** The selection options every `query` table command takes. */
export function queryOptions(c: Command): Command {
  return c
    .option('--db <path>', 'database file', DEFAULT_DB)
    .option('--la <name>', 'local authority: name, alias or DfE code ("Barking & Dagenham", "301")')
    .option('--region <region>', 'the authorities of a region of the register ("London")')
    .option('--neighbours-of <name>', 'an authority (name, alias or code) and its DfE statistical neighbours')
    .addOption(new Option('--framework <f>', 'framework').choices([...FRAMEWORKS]))
    .option('--search <text>', 'full-text search')
    .option('--limit <n>', 'most rows', positiveInt('--limit'), 1000)
    .addOption(formatOption());
}
