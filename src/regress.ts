import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { extractBytes, readInput } from './ingest.js';
import { formatFromName } from './readers/sniff.js';
import { reasonOf } from './util/errors.js';

/** Folders under fixtures/ that are not regression inputs (plans/layouts and plans/truth are scored by scripts/eval/plan-score.ts; db holds a v1 database for the migration test; plans/versions holds later versions of a fixture plan, made by fixtures/make/make-plan-versions.ts, for the plan-versions test). */
const NOT_INPUTS = new Set(['expected', 'bad', 'make', 'db', 'plans/layouts', 'plans/truth', 'plans/versions']);

export interface RegressOptions {
  root: string; // repository root (fixtures/ lives under it)
  update: boolean;
  filter?: string;
  maxDiffLines?: number;
}

export interface RegressResult {
  checked: number;
  passed: number;
  updated: number;
  failures: Array<{ file: string; diff: string[] }>;
}

export function fixtureInputs(root: string): string[] {
  const dir = join(root, 'fixtures');
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (NOT_INPUTS.has(relative(dir, p).split(sep).join('/'))) continue;
        walk(p);
      } else if (formatFromName(p)) out.push(relative(root, p).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

export function goldenPath(root: string, input: string): string {
  return join(root, 'fixtures', 'expected', `${basename(input)}.json`);
}

/** Extract every fixture and compare it with its golden JSON; --update rewrites the goldens. */
export async function regress(opts: RegressOptions): Promise<RegressResult> {
  const inputs = fixtureInputs(opts.root).filter((f) => !opts.filter || f.includes(opts.filter));
  const seen = new Map<string, string>();
  const result: RegressResult = { checked: 0, passed: 0, updated: 0, failures: [] };
  for (const input of inputs) {
    const golden = goldenPath(opts.root, input);
    const clash = seen.get(golden);
    if (clash) {
      result.failures.push({ file: input, diff: [`golden name clashes with ${clash}: rename one of them`] });
      continue;
    }
    seen.set(golden, input);
    result.checked++;
    let actual: unknown;
    try {
      // source.path is recorded relative to the repository root, whatever the working directory.
      actual = await extractBytes(input, await readInput(join(opts.root, input)));
    } catch (e) {
      result.failures.push({ file: input, diff: [`extraction failed: ${reasonOf(e)}`] });
      continue;
    }
    const text = JSON.stringify(actual, null, 2) + '\n';
    if (opts.update) {
      mkdirSync(join(opts.root, 'fixtures', 'expected'), { recursive: true });
      if (!existsSync(golden) || readFileSync(golden, 'utf8') !== text) {
        writeFileSync(golden, text);
        result.updated++;
      }
      result.passed++;
      continue;
    }
    if (!existsSync(golden)) {
      result.failures.push({ file: input, diff: [`no golden file ${relative(opts.root, golden)}: run "ofsted regress --update" and check it by reading the source`] });
      continue;
    }
    const expected = JSON.parse(readFileSync(golden, 'utf8'));
    const diff = diffJson(expected, JSON.parse(text), '', opts.maxDiffLines ?? 40);
    if (diff.length === 0) result.passed++;
    else result.failures.push({ file: input, diff });
  }
  return result;
}

/** Field-level differences: "recommendations[3].paragraphRefs[2]: 23 -> (missing)". */
export function diffJson(a: unknown, b: unknown, path: string, max: number): string[] {
  const out: string[] = [];
  const show = (v: unknown) => {
    const s = v === undefined ? '(missing)' : JSON.stringify(v);
    return s.length > 120 ? s.slice(0, 117) + '...' : s;
  };
  const walk = (x: unknown, y: unknown, p: string) => {
    if (out.length > max) return;
    if (Array.isArray(x) && Array.isArray(y)) {
      if (x.length !== y.length) out.push(`${p || '(root)'}: length ${x.length} -> ${y.length}`);
      for (let i = 0; i < Math.max(x.length, y.length); i++) walk(x[i], y[i], `${p}[${i}]`);
      return;
    }
    if (x && y && typeof x === 'object' && typeof y === 'object' && !Array.isArray(x) && !Array.isArray(y)) {
      const keys = new Set([...Object.keys(x), ...Object.keys(y)]);
      for (const k of keys) walk((x as Record<string, unknown>)[k], (y as Record<string, unknown>)[k], p ? `${p}.${k}` : k);
      return;
    }
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${p || '(root)'}: ${show(x)} -> ${show(y)}`);
  };
  walk(a, b, path);
  if (out.length > max) return [...out.slice(0, max), `... and more (showing the first ${max})`];
  return out;
}
