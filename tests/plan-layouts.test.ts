/**
 * Every layout of a plan gives the same action rows (recommendation ref, action id,
 * description, leads, due, RAG) as that plan's truth (fixtures/plans/truth/) or the
 * rendering's own expected file, scored as scripts/eval/plan-score.ts scores them (issue 9).
 * Renderings that fall short of the targets are listed with the score they reach
 * today, so any regression fails and any improvement shows.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/ingest.js';
import { expectationFor, scoreRows } from '../scripts/eval/plan-score.js';
import { fixture } from './helpers.js';

const manifest = JSON.parse(readFileSync(fixture('plans', 'layouts', 'manifest.json'), 'utf8')) as Record<'dev' | 'holdout' | 'unseen' | 'pdf-dev' | 'pdf-holdout' | 'pdf-wrap-dev' | 'pdf-wrap-holdout', string[]>;
// unseen: layouts made after the seed-000 rules to measure them on documents they were not written against;
// pdf-dev / pdf-holdout: the PDF table cases of issue 20 (narrow columns, no rules, RAG by colour alone);
// pdf-wrap-dev / pdf-wrap-holdout: word-processor PDFs of issue 27 (no rules, no fills, 4-6 pt gutters, long wrapped cells, code column first or last)
const files = [
  ...manifest.dev,
  ...manifest.holdout,
  ...manifest.unseen,
  ...manifest['pdf-dev'],
  ...manifest['pdf-holdout'],
  ...manifest['pdf-wrap-dev'],
  ...manifest['pdf-wrap-holdout'],
];

/** Known shortfalls (F1 floor measured on this branch): PDF renderings whose text the reader cannot yet split right. */
const KNOWN: Record<string, number> = {
  // a piece whose first row is the tail of a cut row and the rest whole rows
  'brent-2011-action-plan/t-cut-pieces.md': 0.93,
};
/** Due dates a narrow PDF column breaks inside a word ("Septembe r 2012"). */
const DUE_FLOOR: Record<string, number> = {};

describe('plan layouts give the plan\'s action rows', () => {
  it.each(files)('%s', async (file) => {
    const key = file.split('/').slice(-2).join('/');
    const { rows } = expectationFor(file);
    const doc = await extractFile(file);
    const s = scoreRows(rows, doc.actions);
    expect(s.f1).toBeGreaterThanOrEqual(KNOWN[key] ?? 0.95);
    if (s.matched) {
      expect(s.lead!).toBeGreaterThanOrEqual(0.9);
      expect(s.due!).toBeGreaterThanOrEqual(DUE_FLOOR[key] ?? 0.9);
      expect(s.rag!).toBeGreaterThanOrEqual(0.9);
    }
  }, 30_000);
});
