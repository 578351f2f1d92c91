/**
 * Scores the theme rules against the hand labels (fixtures/themes/labels.jsonl):
 * micro precision, recall and F1 over (item, theme) pairs, and how often the first theme given is one of the labelled ones.
 *   npx tsx scripts/eval/themes-score.ts [dev|holdout|all] [--misses]
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { themesOf } from '../../src/extract/themes.js';

export interface Label {
  text: string;
  source: string;
  item: string;
  kind: string;
  themes: string[];
  split: 'dev' | 'holdout';
}

export const LABELS = resolve(import.meta.dirname, '..', '..', 'fixtures', 'themes', 'labels.jsonl');

export function readLabels(file = LABELS): Label[] {
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Label);
}

export interface Score {
  items: number;
  precision: number;
  recall: number;
  f1: number;
  firstCorrect: number;
  misses: Array<{ text: string; want: string[]; got: string[] }>;
}

export function scoreThemes(labels: Label[]): Score {
  let tp = 0, fp = 0, fn = 0, first = 0;
  const misses: Score['misses'] = [];
  for (const l of labels) {
    const got = themesOf(l.text).map((t) => t.id);
    const want = new Set(l.themes);
    const hit = got.filter((g) => want.has(g)).length;
    tp += hit;
    fp += got.length - hit;
    fn += want.size - hit;
    if (got[0] && want.has(got[0])) first++;
    if (hit !== want.size || got.length !== hit || !(got[0] && want.has(got[0]))) misses.push({ text: l.text, want: l.themes, got });
  }
  const precision = tp / (tp + fp || 1);
  const recall = tp / (tp + fn || 1);
  return { items: labels.length, precision, recall, f1: (2 * precision * recall) / (precision + recall || 1), firstCorrect: first / (labels.length || 1), misses };
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(join(import.meta.dirname, 'themes-score.ts'))) {
  const which = process.argv[2] ?? 'dev';
  const labels = readLabels().filter((l) => which === 'all' || l.split === which);
  const s = scoreThemes(labels);
  const pct = (x: number) => (100 * x).toFixed(1);
  console.log(`${which}: ${s.items} items  P ${pct(s.precision)}  R ${pct(s.recall)}  micro F1 ${pct(s.f1)}  first theme correct ${pct(s.firstCorrect)}`);
  if (process.argv.includes('--misses')) for (const m of s.misses) console.log(`want ${m.want.join(',')}  got ${m.got.join(',')}  | ${m.text}`);
}
