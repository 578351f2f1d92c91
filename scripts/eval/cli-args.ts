/**
 * What the evaluation scripts share: their command-line options, and where the corpus is by default
 * (`../shared/corpus` beside the repository, as in a developer's workspace and CI; `--corpus DIR` for another).
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared corpus, or one of its folders ('jtai', 'focused-visits', ...). */
export const corpusDir = (sub = ''): string => resolve(REPO, '..', 'shared', 'corpus', sub);

/** The value after `--name` in the script's arguments, if given. */
export function option(name: string, args = process.argv.slice(2)): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}
