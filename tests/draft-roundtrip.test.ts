import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { extractBytes, extractFile } from '../src/ingest.js';
import { buildDraft, renderDraft, type DraftFormat } from '../src/draft/index.js';
import { labelledAuthority } from '../src/extract/classify.js';
import type { Unit } from '../src/extract/units.js';
import { sameNumberIndex } from '../src/link/match.js';
import { fillDraft } from '../fixtures/make/fill-draft.js';
import { FRAMEWORK_PICKS, authorityHeaders, roundTrip, type Order } from '../scripts/eval/draft-roundtrip.js';
import { ROOT, fixture } from './helpers.js';

/**
 * Issue 25 item 6: the draft round trip for any report or letter. A real report or letter of every
 * framework: `ofsted plan draft` in DOCX and XLSX, filled in as a person would (fixtures/make/fill-draft.ts:
 * two actions under each item with a lead, a due date and a RAG rating; or left empty), imported
 * with the report in either order: every item links to the report's item it answers, by number;
 * the plan has the report's authority, answers the report, keeps the draft's title, and each action
 * is under its item with what was written (scripts/eval/draft-roundtrip.ts measures it).
 */
const FIXTURES: Record<string, string> = {
  ilacs: fixture('reports', 'westmorland-and-furness_2024-07-12.pdf'),
  ilacs2026: fixture('reports', 'somerset_2026-06-17.pdf'),
  // Recommendations numbered as paragraphs, the LSCB's on from the authority's (1-11, 108-113).
  'sif, LSCB items numbered on': fixture('reports', 'brent_2015-11-30.pdf'),
  // The LSCB review bound in with its own numbering: the LSCB's items are 1-6 again.
  'sif, LSCB items numbered afresh': fixture('reports', 'combined-isles-of-scilly-2016.pdf'),
  // Areas for improvement grouped by timescale (immediately, within three months, within six months).
  'lac2012, grouped by timescale': fixture('reports', 'norfolk_2013-08-16.pdf'),
  // Priority actions PA1, PA2 and ten areas for improvement; an authority whose name holds a comma.
  'focused visit, priority actions': fixture('letters', 'bournemouth-christchurch-poole_2020-11-27.pdf'),
  // An area for improvement that is a list (bullets in the item's text).
  'focused visit, bulleted item': fixture('letters', 'manchester_2020-01-21.pdf'),
  jtai: fixture('letters', 'cheshire-east_2023-05-02-jtai.md'),
  'monitoring visit': fixture('letters', 'sandwell_2023-06-20-monitoring-visit.md'),
  'area SEND (PA1.., AFI1..)': fixture('send', 'bexley_2024-02-23.pdf'),
};
const ORDERS: Order[] = ['report first', 'plan first'];

describe('draft round trip: every framework, DOCX and XLSX, filled in, either import order', () => {
  for (const [framework, report] of Object.entries(FIXTURES)) {
    it.each(['docx', 'xlsx'] as const)(`${framework}: %s`, async (format) => {
      for (const order of ORDERS) {
        const r = await roundTrip(report, format, order);
        const got = { linked: r.linked, authority: r.authority, document: r.document, title: r.title, actions: r.actionsRight };
        expect(got, `${order}: ${r.warnings.join('; ')}`).toEqual({ linked: r.items, authority: true, document: true, title: true, actions: 2 * r.items });
        expect(r.items).toBeGreaterThan(0);
        expect(r.actionsExpected).toBe(2 * r.items);
      }
    });
  }

  it.each(['docx', 'xlsx'] as const)('left empty, a draft still links every item (ILACS and a focused visit): %s', async (format) => {
    for (const report of [FIXTURES.ilacs!, FIXTURES['focused visit, priority actions']!]) {
      const r = await roundTrip(report, format, 'plan first', { filled: false });
      expect({ linked: r.linked, authority: r.authority, document: r.document, title: r.title }).toEqual({ linked: r.items, authority: true, document: true, title: true });
    }
  });
});

describe('draft read back: what the plan reader gives for a drafted plan', () => {
  it('the LSCB items of a report that numbers them afresh come back distinct, of the LSCB', async () => {
    const report = await extractFile(FIXTURES['sif, LSCB items numbered afresh']!);
    const d = buildDraft(report);
    expect(d.items.map((i) => i.label)).toEqual([...[1, 2, 3, 4, 5, 6].map((n) => `Recommendation ${n}`), ...[1, 2, 3, 4, 5, 6].map((n) => `LSCB recommendation ${n}`)]);
    for (const format of ['docx', 'xlsx'] as const) {
      const back = await extractBytes(`plan.${format}`, (await fillDraft(await renderDraft(d, format), format)).bytes);
      expect(back.recommendations.map((r) => [r.id, r.scope])).toEqual([
        ...[1, 2, 3, 4, 5, 6].map((n) => [String(n), 'local_authority']),
        ...[1, 2, 3, 4, 5, 6].map((n) => [`LSCB${n}`, 'lscb']),
      ]);
      expect(back.actions.filter((a) => a.recommendationRef === 'LSCB1').map((a) => a.id)).toEqual(['LSCB1.1', 'LSCB1.2']);
    }
  });

  it('an area SEND report\'s action numbers "AFI1.1" number actions, not items', async () => {
    const report = await extractFile(FIXTURES['area SEND (PA1.., AFI1..)']!);
    const d = buildDraft(report);
    for (const format of ['docx', 'xlsx'] as const) {
      const back = await extractBytes(`plan.${format}`, (await fillDraft(await renderDraft(d, format), format)).bytes);
      expect(back.recommendations.map((r) => r.id)).toEqual(['PA1', 'PA2', 'PA3', 'AFI1', 'AFI2']);
      expect(back.actions.filter((a) => a.recommendationRef === 'AFI2').map((a) => a.id)).toEqual(['AFI2.1', 'AFI2.2']);
    }
  });

  it('the header\'s "Local authority:" names the authority, whatever its name (every authority of the register)', async () => {
    // Bedford Borough (no "Council" after it) and "Bournemouth, Christchurch and Poole" (a comma) were not read before.
    const base = await extractFile(FIXTURES.ilacs!);
    for (const format of ['docx', 'xlsx'] as const) {
      const { all, wrong } = await authorityHeaders(base, format);
      expect(wrong, format).toEqual([]);
      expect(all).toBeGreaterThan(150);
    }
  });

  it('reads a labelled authority from a line or from a header table\'s label cell, only a name the register knows', () => {
    const unit = (text: string, cells: string[] | null = null) => ({ text, cells }) as unknown as Unit;
    expect(labelledAuthority([unit('Action plan'), unit('Local authority: Bedford Borough')])).toBe('Bedford Borough');
    expect(labelledAuthority([unit('Council: London Borough of Barking and Dagenham')])).toBe('Barking and Dagenham');
    expect(labelledAuthority([unit('Local authority Bristol, City of', ['Local authority', 'Bristol, City of'])])).toBe('Bristol, City of');
    expect(labelledAuthority([unit('Local authority: Gotham')])).toBeNull();
    expect(labelledAuthority([unit('The local authority has made progress')])).toBeNull();
  });
});

describe('sameNumberIndex: the report item with a plan item\'s number', () => {
  const rec = (rec_id: string, scope = 'local_authority') => ({ rec_id, scope });
  // A SIF report with the LSCB's list numbered afresh: authority 1-3, LSCB 1-2.
  const afresh = [rec('1'), rec('2'), rec('3'), rec('1', 'lscb'), rec('2', 'lscb')];
  // One with the LSCB's numbered on: authority 27-28, LSCB 145.
  const on = [rec('27'), rec('28'), rec('145', 'lscb')];
  it('a plan item that names its scope has the number of the report\'s item of that scope only', () => {
    expect(sameNumberIndex(rec('LSCB1', 'lscb'), afresh)).toBe(3);
    expect(sameNumberIndex(rec('LSCB2', 'lscb'), afresh)).toBe(4);
    expect(sameNumberIndex(rec('LSCB3', 'lscb'), afresh)).toBe(-1);
    expect(sameNumberIndex(rec('LSCB145', 'lscb'), on)).toBe(2);
    expect(sameNumberIndex(rec('LSCB27', 'lscb'), on)).toBe(-1);
  });
  it('one that does not: the one item of its number, else the authority\'s', () => {
    expect(sameNumberIndex(rec('1'), afresh)).toBe(0);
    expect(sameNumberIndex(rec('3'), afresh)).toBe(2);
    expect(sameNumberIndex(rec('145'), on)).toBe(2);
    expect(sameNumberIndex(rec('PA1'), [rec('PA1', 'partners'), rec('AFI1', 'partners')])).toBe(0);
    expect(sameNumberIndex(rec('9'), on)).toBe(-1);
  });
});

/**
 * The same round trip on a real document of each framework of the shared corpus (../shared/corpus
 * beside the clone; OFSTED_CORPUS elsewhere), where it is there.
 */
const CORPUS = process.env.OFSTED_CORPUS ?? join(ROOT, '..', 'shared', 'corpus');
const haveCorpus = existsSync(join(CORPUS, 'reports'));
if (!haveCorpus) console.warn(`draft-roundtrip.test.ts: no corpus at ${CORPUS} (set OFSTED_CORPUS): the corpus round trips are skipped`);

describe.skipIf(!haveCorpus)('draft round trip on the shared corpus, one document per framework', () => {
  it.each(Object.entries(FRAMEWORK_PICKS))('%s (%s): read back in DOCX and XLSX, filled in or not', async (_fw, path) => {
    const file = join(CORPUS, path);
    const report = await extractFile(file);
    const d = buildDraft(report);
    for (const format of ['docx', 'xlsx'] as DraftFormat[]) {
      for (const filled of [true, false]) {
        let bytes = await renderDraft(d, format);
        if (filled) bytes = (await fillDraft(bytes, format)).bytes;
        const back = await extractBytes(`plan.${format}`, bytes);
        const what = `${path} ${format}${filled ? ' filled' : ''}`;
        expect(back.document.kind, what).toBe('action_plan');
        expect(back.document.title, what).toBe(d.title);
        expect(back.document.localAuthorityCode, what).toBe(report.document.localAuthorityCode);
        expect(back.recommendations.map((r) => r.id), what).toEqual(d.items.map((i) => i.rows[0]!.replace(/\.1$/, '')));
        expect(back.actions.length, what).toBe(filled ? 2 * d.items.length : 0);
      }
    }
  });

  it('a SIF report that numbers its LSCB items afresh (Warwickshire 2017): every item links, either order', async () => {
    const file = join(CORPUS, FRAMEWORK_PICKS['sif (LSCB numbered afresh)']!);
    for (const format of ['docx', 'xlsx'] as const) {
      for (const order of ORDERS) {
        const r = await roundTrip(file, format, order);
        expect({ linked: r.linked, items: r.items, authority: r.authority, document: r.document, actions: r.actionsRight }).toEqual({ linked: 16, items: 16, authority: true, document: true, actions: 32 });
      }
    }
  });
});
