/**
 * The plan extractor's passes one by one (src/extract/plan/): each a function over typed
 * data, tested on its own; the vocabulary file and the shared text rules.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Block, Loc, TableBlock, TableCell } from '../src/layout/types.js';
import { planTables } from '../src/extract/plan/tables.js';
import { planLegend } from '../src/extract/plan/legend.js';
import { buildLexicon } from '../src/extract/plan/lexicon.js';
import { readPlan } from '../src/extract/plan/read.js';
import { PlanAssembler } from '../src/extract/plan/assemble.js';
import { readRecCell } from '../src/extract/plan/context.js';
import { toOutput } from '../src/extract/plan/output.js';
import { DEFAULT_ERA } from '../src/extract/plan/due-dates.js';
import { HEADER_RULES, NO_DATE_DUE, STANDING_DUE } from '../src/extract/plan/vocabulary.js';
import { headerRole } from '../src/extract/plan/columns.js';
import { statusWord } from '../src/extract/plan/rag.js';
import { actionSegments } from '../src/extract/plan/split.js';
import { clip, endsSentenceLine, startsLower, startsUpper, unfinished } from '../src/extract/text-rules.js';
import { DATA_DIR } from '../src/register/data.js';

const loc: Loc = { page: null, line: 1, block: null };
const cell = (text: string, rowSpan = 1, colSpan = 1): TableCell => ({ text, paragraphs: text ? text.split('\n') : [], rowSpan, colSpan, loc });
const table = (rows: TableCell[][]): TableBlock => ({ type: 'table', loc, rows: rows.map((cells) => ({ cells, loc })) });
const para = (text: string): Block => ({ type: 'paragraph', loc, text }) as Block;
const heading = (text: string): Block => ({ type: 'heading', loc, text, level: 2 }) as Block;

const header = ['Recommendation', 'Action', 'Lead', 'By when', 'RAG'];
const planTable = table([
  header.map((h) => cell(h)),
  [cell('1. Ensure that sufficient checks are made', 2), cell('(1) Audit every case'), cell('Ann Graham'), cell('31.12.12'), cell('G')],
  [cell('(2) Develop a strategy'), cell('Beverley Hendricks'), cell('Ongoing'), cell('Amber')],
]);

describe('pass 1-2: planTables', () => {
  it('finds the plan table, its header row and its column roles; a table of the same width with no header continues it', () => {
    const next = table([[cell('2. Improve the quality of referrals'), cell('(1) Write to partners'), cell('Helen Jenner'), cell('Nov 2014'), cell('R')]]);
    const other = table([[cell('Key'), cell('Meaning')]]);
    const tables = planTables([para('Action plan'), planTable, next, heading('Key'), other]);
    const t = tables.get(planTable)!;
    expect(t.header).toBe(0);
    expect(t.map!.roles).toEqual(['recommendation', 'description', 'lead', 'due', 'rag']);
    expect(tables.get(next)).toMatchObject({ header: -1, map: t.map });
    // after a heading, a narrower table with no header is not a piece of the plan table
    expect(tables.has(other)).toBe(false);
  });
  it('a narrower table whose first row is marked header and reads as column titles is a table of its own, not a piece (fresh3 u2s)', () => {
    const measures: TableBlock = {
      type: 'table',
      loc,
      rows: [
        { loc, header: true, cells: [cell('Outcome measure'), cell('Baseline'), cell('Target'), cell('Reported to')] },
        { loc, cells: [cell('Audits show practice improved.'), cell('40%'), cell('80%'), cell('Improvement Board')] },
      ],
    };
    // It names plan columns (Outcome, Target) but no action column: read as unmapped (plan_header_unmapped, no rows).
    expect(planTables([planTable, para('How we will measure impact'), measures]).get(measures)).toMatchObject({ header: -1, map: null });
    // A first row marked header that is a data row (Markdown marks every table's first row) still continues the plan table.
    const cont: TableBlock = { type: 'table', loc, rows: [{ loc, header: true, cells: [cell('2. Improve the quality of referrals'), cell('(1) Write to partners'), cell('Helen Jenner'), cell('Nov 2014'), cell('R')] }] };
    expect(planTables([planTable, cont]).get(cont)).toMatchObject({ header: -1 });
  });
});

describe('pass: planLegend and buildLexicon', () => {
  it('reads a colour key given in words', () => {
    const blocks = [para('Key: Purple = complete, Red = off track'), planTable];
    expect(planLegend(blocks, planTables(blocks)).get('purple')).toBe('complete');
  });

  it('reads the lead abbreviations of a key table', () => {
    const key = table([
      [cell('Divisional Director Targeted Services'), cell('DD TS')],
      [cell('Head of Quality Assurance'), cell('HoQA')],
      [cell('Service Manager Quality Assurance'), cell('SM QA')],
    ]);
    const blocks = [key, planTable];
    const lex = buildLexicon(blocks, planTables(blocks));
    expect(lex.groups('DD TS SM QA')).toEqual(['DD TS', 'SM QA']);
  });
});

describe('pass 3-6: readPlan -> PlanAssembler -> toOutput', () => {
  it('turns the rows into actions under their recommendation, with leads, dates and ratings', () => {
    const blocks = [planTable];
    const tables = planTables(blocks);
    const lexicon = buildLexicon(blocks, tables);
    const asm = new PlanAssembler(lexicon);
    readPlan(blocks, tables, asm, planLegend(blocks, tables));
    const { recs } = asm.finish();
    expect(recs.map((r) => [r.ref, r.from, r.actions.map((a) => a.num)])).toEqual([['1', 'column', ['1', '2']]]);
    const warnings: string[] = [];
    const out = toOutput(recs, lexicon, DEFAULT_ERA, (code) => void warnings.push(code));
    expect(out.recommendations.map((r) => [r.id, r.text])).toEqual([['1', 'Ensure that sufficient checks are made']]);
    expect(out.actions.map((a) => [a.recommendationRef, a.id, a.description, a.leads, a.rag, a.due.raw])).toEqual([
      ['1', '1', 'Audit every case', ['Ann Graham'], 'green', '31.12.12'],
      ['1', '2', 'Develop a strategy', ['Beverley Hendricks'], 'amber', 'Ongoing'],
    ]);
    // "Ongoing" is not a missing date
    expect(warnings).not.toContain('plan_due_unparsed');
  });

  it('reads a table a conversion cut into pieces: the tail of a row carries on its long cells, lettered ids keep their column', () => {
    const cutHeader = ['Recommendation', 'No', 'Action', 'Lead', 'Target date', 'Outcome', 'Progress', 'RAG'];
    const first = table([
      cutHeader.map((h) => cell(h)),
      [cell('1. Ensure that plans are reviewed'), cell('a'), cell('Training on analysis of risk for social workers'), cell('Head of Safeguarding'), cell('July 2012'), cell('Reports are of a high standard.'), cell('a. Training held.'), cell('A')],
      [cell(''), cell('b'), cell('Audit of plans'), cell('Head of Safeguarding'), cell('Progress report to be scrutinised by DCS on monthly'), cell('Staff focus on the children who need it most; plans are stepped down when'), cell('b. Audit booked.'), cell('G')],
    ]);
    // the row's tail: only its cut cells (the date and the outcome), in their order
    const tail = table([[cell('basis, and through the child protection meeting. Report to LSCB June 2012.'), cell('risk has diminished.')]]);
    // the next rows, with no header and only the columns that have text (no recommendation)
    const rest = table([
      [cell('c'), cell('Strengthen the role of advisers through audit'), cell('Head of Safeguarding'), cell('July 2012'), cell('Reports are of a high standard.'), cell('c. Workshops held.'), cell('G')],
      [cell('d'), cell('Pilot a consultation system'), cell('Head of Safeguarding'), cell('July 2012'), cell('Reports are of a high standard.'), cell('d. On hold.'), cell('A')],
    ]);
    const blocks = [para('Action plan'), first, tail, rest];
    const tables = planTables(blocks);
    expect(tables.get(tail)).toMatchObject({ fragment: true, tail: true });
    expect(tables.get(tail)!.map!.roles).toEqual(['due', 'outcome']);
    expect(tables.get(rest)!.map!.roles).toEqual(['id', 'description', 'lead', 'due', 'outcome', 'progress', 'rag']);
    const lexicon = buildLexicon(blocks, tables);
    const asm = new PlanAssembler(lexicon);
    readPlan(blocks, tables, asm, planLegend(blocks, tables));
    const out = toOutput(asm.finish().recs, lexicon, DEFAULT_ERA, () => undefined);
    expect(out.actions.map((a) => [a.id, a.leads, a.due.raw, a.rag])).toEqual([
      ['a', ['Head of Safeguarding'], 'July 2012', 'amber'],
      ['b', ['Head of Safeguarding'], 'Progress report to be scrutinised by DCS on monthly basis, and through the child protection meeting. Report to LSCB June 2012.', 'green'],
      ['c', ['Head of Safeguarding'], 'July 2012', 'green'],
      ['d', ['Head of Safeguarding'], 'July 2012', 'amber'],
    ]);
    expect(out.actions[1]!.outcome).toBe('Staff focus on the children who need it most; plans are stepped down when risk has diminished.');
  });

  it('readRecCell: a label opening the cell gives the number and timescale; a timescale given before wins', () => {
    expect(readRecCell(['3. Improve supervision', 'of social workers'], null)).toEqual({ ref: '3', timescale: null, text: ['Improve supervision', 'of social workers'] });
    expect(readRecCell(['Within 3 months', 'Improve supervision'], null)).toMatchObject({ ref: null, timescale: 'Within 3 months' });
    expect(readRecCell(['Within 3 months', 'Improve supervision'], 'Immediately').timescale).toBe('Immediately');
  });
});

describe('data/plan-vocabulary.json', () => {
  const file = JSON.parse(readFileSync(join(DATA_DIR, 'plan-vocabulary.json'), 'utf8')) as Record<string, unknown>;
  it('says where each vocabulary comes from', () => {
    for (const [name, section] of Object.entries(file)) {
      if (name === 'about') continue;
      expect(typeof (section as { source?: unknown }).source, name).toBe('string');
    }
  });

  it('compiles to the rules the stages use', () => {
    expect(HEADER_RULES.length).toBeGreaterThan(10);
    expect(['RAG', 'Action', 'Lead officer', 'Timescale', 'Progress to date', 'Act'].map(headerRole)).toEqual(['rag', 'description', 'lead', 'due', 'progress', 'id']);
    expect(actionSegments(['MUST DO (1) Audit (2) Review EMBEDDING (3) Repeat']).map((s) => s.kind)).toEqual(['label', 'action', 'action', 'label', 'action']);
    expect(statusWord('(2) On track: audit done')).toBe('On track');
    expect(['Ongoing', 'Immediately', 'annually'].every((t) => STANDING_DUE.test(t))).toBe(true);
    expect(STANDING_DUE.test('In place')).toBe(false);
    expect(NO_DATE_DUE.test('In place since May')).toBe(true);
  });
});

describe('text rules (src/extract/text-rules.ts)', () => {
  it('each rule once', () => {
    expect([startsLower('and then'), startsLower('And then'), startsUpper('And'), startsUpper('(a)')]).toEqual([true, false, true, false]);
    expect(['ends here.', 'goes on', 'a list:', '(see above)'].map(unfinished)).toEqual([false, true, false, false]);
    expect(['a line;', 'a list:'].map(endsSentenceLine)).toEqual([true, false]);
    expect(clip('x'.repeat(70))).toHaveLength(60);
    expect(clip('  short   text ')).toBe('short text');
  });
});
