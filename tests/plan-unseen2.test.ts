/**
 * The second unseen set of plan layouts (issue 27; fixtures/make/make-plan-unseen2.ts): newer
 * templates' job-title leads, financial-year quarter dates, RAG words and fills, two-row merged
 * headers, nested tables, cover sheets, landscape PDF without rules. Each rendering is scored as
 * scripts/eval/plan-score.ts scores it, against the issue's targets (F1 >= 0.95, lead / due /
 * RAG >= 0.90) or, for the renderings still short of them, the floor measured on this branch,
 * so a regression fails and an improvement shows (then raise the floor).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/ingest.js';
import { expectationFor, scoreRows } from '../scripts/eval/plan-score.js';
import { fixture } from './helpers.js';

const manifest = JSON.parse(readFileSync(fixture('plans', 'layouts', 'manifest-unseen2.json'), 'utf8')) as Record<'dev' | 'holdout' | 'fresh' | 'fresh2', string[]>;
// fresh, fresh2: four layouts each, made after the fixes before them, scored once blind (docs/action-plans.md)
const files = [...manifest.dev, ...manifest.holdout, ...manifest.fresh, ...manifest.fresh2];

/**
 * Known shortfalls: F1 / lead floors measured on this branch (docs/action-plans.md, Measuring,
 * unseen2). None now: the last one (harrow u2g PDF, a nested table whose outer rows break across
 * pages, F1 0.87) meets the targets since the PDF reader reads those page breaks (1.000).
 */
const KNOWN: Record<string, { f1?: number; lead?: number }> = {};

describe('unseen2 plan layouts give the plan\'s action rows', () => {
  it('has eight layouts, half held back, and two batches of four fresh ones', () => {
    const names = (xs: string[]): Set<string> => new Set(xs.map((f) => f.split('/').pop()!.replace(/\.[^.]+$/, '')));
    expect(names(manifest.dev).size).toBe(4);
    expect(names(manifest.holdout).size).toBe(4);
    expect(names(manifest.fresh).size).toBe(4);
    expect(names(manifest.fresh2).size).toBe(4);
  });
  it.each(files)('%s', async (file) => {
    const key = file.split('/').slice(-2).join('/');
    const { rows } = expectationFor(file);
    const doc = await extractFile(file);
    const s = scoreRows(rows, doc.actions);
    expect(s.f1).toBeGreaterThanOrEqual(KNOWN[key]?.f1 ?? 0.95);
    if (s.matched) {
      expect(s.lead!).toBeGreaterThanOrEqual(KNOWN[key]?.lead ?? 0.9);
      expect(s.due!).toBeGreaterThanOrEqual(0.9);
      expect(s.rag!).toBeGreaterThanOrEqual(0.9);
    }
  }, 30_000);
});
