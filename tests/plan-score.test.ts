import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonRef, expectationFor, fieldChecks, matchRows, misses, normText, scoreRows, type Row, type Score } from '../scripts/eval/plan-score.js';
import { LAYOUTS, PLAN_NAMES } from '../fixtures/make/make-plan-layouts.js';
import { ROOT } from './helpers.js';

const row = (o: Partial<Row>): Row => ({
  recommendationRef: '1',
  id: '1.1',
  description: 'Audit every case',
  leads: [],
  due: { raw: null, date: null },
  rag: null,
  ragRaw: null,
  outcome: null,
  progress: null,
  ...o,
});

describe('plan scorer: refs and text', () => {
  it('reads a recommendation number the same however it is written', () => {
    for (const r of ['(9)', '9', '9.', 'Recommendation 9', 'Area for improvement 9:', 'AFI 9']) expect(canonRef(r)).toBe('9');
    expect(canonRef('s2')).toBe('S2');
    expect(canonRef('(LAC5)')).toBe('LAC5');
    expect(canonRef(null)).toBe('');
    expect(canonRef('S2')).not.toBe(canonRef('S3'));
  });

  it('ignores case, punctuation, spacing and a leading action number in descriptions', () => {
    expect(normText('(1) Revise  multi-agency pre-birth protocol.')).toBe('revise multi agency pre birth protocol');
    expect(normText('1.2 Develop Police Protection Strategy')).toBe('develop police protection strategy');
    expect(normText('ii. Review the plan')).toBe('review the plan');
    expect(normText('In place')).toBe('in place');
  });
});

describe('plan scorer: matching', () => {
  it('counts a row only under the right recommendation', () => {
    const truth = [row({ recommendationRef: '1', description: 'Audit every case' }), row({ recommendationRef: '2', description: 'Write to partners' })];
    const pred = [row({ recommendationRef: '(1)', description: 'audit every case.' }), row({ recommendationRef: '3', description: 'Write to partners' })];
    expect(matchRows(truth, pred)).toEqual([[0, 0]]);
    const s = scoreRows(truth, pred);
    expect([s.matched, s.matchedAnyRec, s.precision, s.recall]).toEqual([1, 2, 0.5, 0.5]);
    expect(s.missed.map((r) => r.description)).toEqual(['Write to partners']);
  });

  it('matches near-identical text (a hyphen lost at a line break) but not a different action', () => {
    const truth = [row({ description: 'Share pathways for delivering timely health assessments and reviews with social care partners.' })];
    expect(matchRows(truth, [row({ description: 'Share path- ways for delivering timely health assessments and reviews with social care partners' })])).toHaveLength(1);
    expect(matchRows(truth, [row({ description: 'Share pathways for delivering timely health assessments' })])).toHaveLength(0);
  });

  it('checks lead, due and RAG of a matched row', () => {
    const t = row({ leads: ['Teresa De Vito', 'Vikki Rix'], due: { raw: 'Dec 2014', date: '2014-12-31' }, rag: 'blue' });
    expect(fieldChecks(t, row({ leads: ['Teresa De Vito Vikki Rix'], due: { raw: 'December 2014', date: '2014-12-31' }, rag: 'complete' }))).toMatchObject({ lead: true, due: true, rag: true });
    expect(fieldChecks(t, row({ leads: ['Vikki Rix'], due: { raw: 'Dec 2014', date: null }, rag: 'green' }))).toMatchObject({ lead: false, due: false, rag: false });
    // A status word is kept as written; the colour it is read as is not judged.
    const word = row({ ragRaw: 'On track' });
    expect(fieldChecks(word, row({ rag: 'green', ragRaw: 'On track' })).rag).toBe(true);
    expect(fieldChecks(word, row({ rag: null, ragRaw: 'on track' })).rag).toBe(true);
    expect(fieldChecks(word, row({ rag: 'green', ragRaw: null })).rag).toBe(false);
    // No rating in the plan: none must be invented.
    expect(fieldChecks(row({}), row({ rag: 'amber' })).rag).toBe(false);
  });

  it('applies the targets of issue 9', () => {
    const base = { file: 'x', plan: 'harrow-2012-improvement-plan', set: 'dev', error: null, ...scoreRows([row({})], [row({})]) } satisfies Score;
    expect(misses(base)).toEqual([]);
    expect(misses({ ...base, f1: 0.9 })).toEqual(['F1 0.900 < 0.95']);
    expect(misses({ ...base, rag: 0.5 })).toEqual(['rag 0.500 < 0.90']);
    expect(misses({ ...base, set: 'seeds', f1: 0.9 })).toEqual(['F1 0.900 < 0.95']);
    expect(misses({ ...base, set: 'seeds', plan: 'brent-2011-action-plan', f1: 0.8 })).toEqual([]);
  });
});

describe('plan layouts: truth, manifest and expected rows', () => {
  const truth = (plan: string) => JSON.parse(readFileSync(join(ROOT, 'fixtures/plans/truth', `${plan}.json`), 'utf8')) as { actions: Row[]; recommendations: { ref: string }[] };

  it('has the seed plans\' action counts and every action under a listed recommendation', () => {
    const counts = { 'barking-dagenham-2014-action-plan': [13, 61], 'harrow-2012-improvement-plan': [22, 102], 'brent-2011-action-plan': [32, 91] } as const;
    for (const [plan, [recs, actions]] of Object.entries(counts)) {
      const t = truth(plan);
      expect([t.recommendations.length, t.actions.length]).toEqual([recs, actions]);
      const refs = new Set(t.recommendations.map((r) => r.ref));
      for (const a of t.actions) expect(refs.has(a.recommendationRef!)).toBe(true);
    }
  });

  it('gives every rendering in the manifest expected rows with the truth\'s descriptions, in the truth\'s order', () => {
    const m = JSON.parse(readFileSync(join(ROOT, 'fixtures/plans/layouts/manifest.json'), 'utf8')) as Record<'dev' | 'holdout', string[]>;
    for (const path of [...m.dev, ...m.holdout]) {
      const { plan, rows } = expectationFor(path);
      expect(rows.map((r) => r.description)).toEqual(truth(plan).actions.map((a) => a.description));
    }
  });

  it('splits the word-processor PDF layouts of issue 27 into halves, every plan in both, each with its expected rows', () => {
    const m = JSON.parse(readFileSync(join(ROOT, 'fixtures/plans/layouts/manifest.json'), 'utf8')) as Record<'pdf-wrap-dev' | 'pdf-wrap-holdout', string[]>;
    const dev = m['pdf-wrap-dev'];
    const hold = m['pdf-wrap-holdout'];
    expect(dev.length).toBe(hold.length);
    expect(dev.filter((p) => hold.includes(p))).toEqual([]);
    for (const plan of PLAN_NAMES) for (const set of [dev, hold]) expect(set.filter((p) => p.includes(`/${plan}/`) && p.endsWith('.pdf')).length).toBeGreaterThanOrEqual(4);
    for (const path of [...dev, ...hold]) {
      const { plan, rows } = expectationFor(path);
      expect(rows.map((r) => r.description)).toEqual(truth(plan).actions.map((a) => a.description));
    }
  });

  it('splits every plan and about half the layouts into dev and holdout, with no rendering in both', () => {
    const m = JSON.parse(readFileSync(join(ROOT, 'fixtures/plans/layouts/manifest.json'), 'utf8')) as Record<'dev' | 'holdout', string[]>;
    expect(m.dev.filter((p) => m.holdout.includes(p))).toEqual([]);
    for (const plan of PLAN_NAMES) for (const set of ['dev', 'holdout'] as const) expect(m[set].some((p) => p.includes(`/${plan}/`))).toBe(true);
    const dev = LAYOUTS.filter((l) => l.set === 'dev').length;
    expect(Math.abs(2 * dev - LAYOUTS.length)).toBeLessThanOrEqual(2);
    expect(new Set(LAYOUTS.map((l) => l.name)).size).toBe(LAYOUTS.length);
    expect(LAYOUTS.filter((l) => l.formats.includes('docx')).length).toBeGreaterThanOrEqual(10);
  });
});
