// The corpus split for accuracy work (issue 12): DEV (two thirds) to develop on, HOLDOUT (one third)
// scored once before any fix it reveals. Deterministic: a file is HOLDOUT when the first byte of
// sha256(relative path, e.g. "reports/norfolk/2013-08-16.pdf") mod 3 is 0.
//   npx tsx scripts/corpus-split.ts [--corpus DIR]   prints "<split>\t<file>" per line
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Split = 'dev' | 'holdout';

export function splitOf(relPath: string): Split {
  return createHash('sha256').update(relPath).digest()[0]! % 3 === 0 ? 'holdout' : 'dev';
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--corpus');
  const corpus = i >= 0 ? args[i + 1]! : '../shared/corpus';
  const files = readFileSync(join(corpus, 'peer-extraction.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')[0]!);
  for (const f of files.sort()) console.log(`${splitOf(f)}\t${f}`);
}
