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

const manifest = JSON.parse(readFileSync(fixture('plans', 'layouts', 'manifest-unseen2.json'), 'utf8')) as Record<'dev' | 'holdout' | 'fresh' | 'fresh2' | 'fresh3', string[]>;
// fresh, fresh2, fresh3: four layouts each, made after the fixes before them, scored once blind (docs/action-plans.md)
const files = [...manifest.dev, ...manifest.holdout, ...manifest.fresh, ...manifest.fresh2, ...manifest.fresh3];

/**
 * Known shortfalls: F1 / lead floors measured on this branch (docs/action-plans.md, Measuring,
 * unseen2). None now: the last one (harrow u2g PDF, a nested table whose outer rows break across
 * pages, F1 0.87) meets the targets since the PDF reader reads those page breaks (1.000).
 */
const KNOWN: Record<string, { f1?: number; lead?: number }> = {};

describe('unseen2 plan layouts give the plan\'s action rows', () => {
  it('has eight layouts, half held back, and three batches of four fresh ones', () => {
    const names = (xs: string[]): Set<string> => new Set(xs.map((f) => f.split('/').pop()!.replace(/\.[^.]+$/, '')));
    expect(names(manifest.dev).size).toBe(4);
    expect(names(manifest.holdout).size).toBe(4);
    expect(names(manifest.fresh).size).toBe(4);
    expect(names(manifest.fresh2).size).toBe(4);
    expect(names(manifest.fresh3).size).toBe(4);
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

describe('fresh3: the structures the third blind batch found', () => {
  const bd = (name: string): string => fixture('plans', 'layouts', 'barking-dagenham-2014-action-plan', name);

  it('a Partner agency column is a second lead column (u2q: only the first table has column titles)', async () => {
    const doc = await extractFile(bd('u2q-heading-tables.docx'));
    expect(doc.actions).toHaveLength(61);
    const a = doc.actions.find((x) => x.id === '1.1')!;
    expect(a.leads).toEqual(['Head of Service Children Looked After', 'Metropolitan Police']);
    expect(a.rag).toBe('amber');
    expect(a.ragRaw).toBe('A');
    // A later table, no header row of its own, after a heading: its recommendation from the heading.
    expect(doc.actions.find((x) => x.id === '2.1')!.recommendationRef).toBe('2');
  });

  it('an action number opening the action cell, in a table with no number column, is the action\'s number (u2r)', async () => {
    const doc = await extractFile(bd('u2r-number-in-text.docx'));
    const a = doc.actions.find((x) => x.id === '1.2')!;
    expect(a.description.startsWith('Develop Police Protection Strategy')).toBe(true);
    expect(doc.actions.every((x) => x.id && /^\d+\.\d+$/.test(x.id))).toBe(true);
  });

  it('a table of outcome measures after each actions table, with a header row of its own, gives no actions (u2s)', async () => {
    const doc = await extractFile(bd('u2s-outcome-tables.docx'));
    expect(doc.actions).toHaveLength(61);
    expect(doc.actions.some((x) => /^\d+%$/.test(x.description))).toBe(false);
  });

  it('a hidden XLSX column is not read (u2t: the superseded timescale stays out of the due date)', async () => {
    const doc = await extractFile(bd('u2t-xlsx-repeat-hidden.xlsx'));
    expect(doc.actions).toHaveLength(61);
    expect(doc.actions.some((x) => x.due.raw === '31/03/2024')).toBe(false);
    expect(doc.actions.find((x) => x.id === '1.1')!.due).toMatchObject({ raw: 'By Dec 2025', date: '2025-12-31' });
  });
});
