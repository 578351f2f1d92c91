import { readdirSync, statSync, lstatSync, realpathSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { glob, isDynamicPattern } from 'tinyglobby';
import { formatFromName } from '../readers/sniff.js';

export interface Expanded {
  files: string[];
  /** Inputs that could not be walked or do not exist, with a one-line reason. */
  problems: Array<{ path: string; reason: string }>;
}

/**
 * Files, directories and globs -> the files to process, in a stable order. Directories
 * are walked for the extensions of SUPPORTED_EXTENSIONS (src/readers/sniff.ts: .pdf/.docx/.xlsx/.md/.markdown; symlinked directories are followed once: a loop is
 * reported, not followed forever; unreadable entries are reported and skipped).
 */
export async function expandInputs(inputs: string[]): Promise<Expanded> {
  const files = new Set<string>();
  const problems: Expanded['problems'] = [];
  for (const input of inputs) {
    if (isDynamicPattern(input)) {
      const matches = await glob(input, { onlyFiles: true, followSymbolicLinks: false, expandDirectories: false });
      if (matches.length === 0) problems.push({ path: input, reason: 'no files match this pattern' });
      for (const m of matches.sort()) if (formatFromName(m)) files.add(normalize(m));
      continue;
    }
    let st;
    try {
      st = statSync(input);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({ path: input, reason: code === 'ENOENT' ? 'no such file or directory' : code === 'ELOOP' ? 'symbolic link loop' : `cannot read (${code})` });
      continue;
    }
    if (st.isDirectory()) walk(input, files, problems, new Set());
    else files.add(normalize(input)); // an explicit file is always tried: its type is checked when it is read
  }
  return { files: [...files], problems };
}

function walk(dir: string, files: Set<string>, problems: Expanded['problems'], seen: Set<string>): void {
  let real: string;
  try {
    real = realpathSync(dir);
  } catch (e) {
    problems.push({ path: dir, reason: (e as NodeJS.ErrnoException).code === 'ELOOP' ? 'symbolic link loop' : 'cannot resolve directory' });
    return;
  }
  if (seen.has(real)) {
    problems.push({ path: dir, reason: 'symbolic link loop (directory already walked)' });
    return;
  }
  seen.add(real);
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (e) {
    problems.push({ path: dir, reason: `cannot read directory (${(e as NodeJS.ErrnoException).code})` });
    return;
  }
  for (const name of entries) {
    const p = join(dir, name);
    let st;
    try {
      st = lstatSync(p).isSymbolicLink() ? statSync(p) : lstatSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push({ path: p, reason: code === 'ELOOP' ? 'symbolic link loop' : `cannot read (${code})` });
      continue;
    }
    if (st.isDirectory()) walk(p, files, problems, seen);
    else if (st.isFile() && formatFromName(p)) files.add(normalize(p));
    else if (formatFromName(p)) problems.push({ path: p, reason: 'not a regular file' }); // FIFO, socket, device: never opened
  }
}
