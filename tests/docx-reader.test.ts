import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
} from 'docx';
import { readDocx } from '../src/readers/docx.js';
import { DEFAULT_LIMITS, type Limits } from '../src/readers/limits.js';
import { InputError } from '../src/util/errors.js';
import type { LayoutDocument, TableBlock, TableRow as LRow } from '../src/layout/types.js';
import { makeZip, minimalDocxParts } from '../fixtures/make/zip.js';

const ROOT = join(import.meta.dirname, '..');
const fixture = (p: string): Buffer => readFileSync(join(ROOT, 'fixtures', p));
const norm = (s: string): string => s.replace(/[\u00a0\s]+/g, ' ').trim();
const tables = (d: LayoutDocument): TableBlock[] => d.blocks.filter((b): b is TableBlock => b.type === 'table');

async function refused(bytes: Uint8Array, limits: Limits = DEFAULT_LIMITS): Promise<InputError> {
  try {
    await readDocx(bytes, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected readDocx to refuse the file');
}

describe('readDocx: Barking and Dagenham 2014 action plan (one table per area, repeated header)', async () => {
  const doc = await readDocx(fixture('plans/barking-dagenham-2014-action-plan.docx'), DEFAULT_LIMITS);
  const md = readFileSync(join(ROOT, 'fixtures/plans/barking-dagenham-2014-action-plan.md'), 'utf8');
  const mdRows = md.split('\n').filter((l) => l.includes('\t')).map((l) => l.split('\t').map(norm));

  it('reads the title, 13 area paragraphs and 13 tables', () => {
    expect(doc.format).toBe('docx');
    expect(doc.pageCount).toBeNull();
    expect(doc.warnings).toEqual([]);
    expect(doc.blocks).toHaveLength(4 + 13 * 2);
    expect(doc.blocks[0]).toMatchObject({ type: 'heading', level: 1, text: 'London Borough of Barking & Dagenham' });
    const areas = doc.blocks.filter((b) => b.type === 'paragraph' && b.text.startsWith('Area for Improvement ('));
    expect(areas).toHaveLength(13);
    expect(tables(doc)).toHaveLength(13);
    // each area paragraph is followed by its table
    doc.blocks.forEach((b, i) => {
      if (b.type === 'paragraph' && b.text.startsWith('Area for Improvement (')) expect(doc.blocks[i + 1]!.type).toBe('table');
    });
  });

  it('marks the first row of every table as a (repeating) header row and no other', () => {
    for (const t of tables(doc)) {
      expect(t.rows[0]!.header).toBe(true);
      expect(t.rows.slice(1).every((r) => !r.header)).toBe(true);
      expect(t.rows.every((r) => r.cells.length === 7)).toBe(true);
    }
    expect(tables(doc)[0]!.rows[0]!.cells.map((c) => c.text)).toEqual([
      'Action', 'Description', 'Strategic Lead', 'Operational Lead', 'Timescale (By When)', 'Performance/Outcome',
      'Progress to date and evidence of improvement',
    ]);
  });

  it('gives exactly the Markdown rows, cell for cell, with the source quirks kept', () => {
    const docRows = tables(doc).flatMap((t) => t.rows.map((r) => r.cells.map((c) => c.text)));
    expect(docRows).toEqual(mdRows);
    const body = tables(doc).flatMap((t) => t.rows.filter((r) => !r.header));
    expect(body).toHaveLength(61);
    // area 6 reuses the ids 5.1-5.4; area 2's ids are all "2."
    expect(tables(doc)[5]!.rows.slice(1).map((r) => r.cells[0]!.text)).toEqual(['5.1', '5.2', '5.3', '5.4']);
    expect(tables(doc)[1]!.rows.slice(1).map((r) => r.cells[0]!.text)).toEqual(['2.', '2.', '2.']);
    // empty Performance/Outcome cells stay empty
    expect(body.filter((r) => r.cells[5]!.text === '').length).toBeGreaterThan(20);
  });

  it('carries the top-level element index as loc.block on tables, rows and cells', () => {
    const t = tables(doc)[0]!;
    const index = doc.blocks.indexOf(t);
    expect(t.loc).toEqual({ page: null, line: null, block: index });
    expect(t.rows[3]!.loc.block).toBe(index);
    expect(t.rows[3]!.cells[2]!.loc.block).toBe(index);
  });
});

describe('readDocx: Harrow 2012 improvement plan (one big table, merged recommendation cells)', async () => {
  const doc = await readDocx(fixture('plans/harrow-2012-improvement-plan.docx'), DEFAULT_LIMITS);
  const expected = JSON.parse(readFileSync(join(ROOT, 'fixtures/plans/harrow-2012-improvement-plan.rows.json'), 'utf8')) as {
    recommendations: { id: string | null; timescale: string | null; text: string[]; outcomes: string[]; actions: { text: string; lead: string; due: string; progress: string[]; status: string | null; phase: string | null }[] }[];
  };
  const plan = tables(doc).find((t) => t.rows[0]!.cells[0]!.text === 'AREAS FOR IMPROVEMENT IDENTIFIED IN OFSTED REPORT')!;
  const body = plan.rows.filter((r) => !r.header);
  const actionRows = body.filter((r) => r.cells.length > 1 || r.cells[0]!.colSpan === 1);
  const findRec = (id: string): LRow => body.find((r) => r.cells[0]!.paragraphs.some((p) => p.startsWith(`(${id})`)))!;

  it('has three tables: lead officer key, terms of reference and the plan', () => {
    expect(tables(doc)).toHaveLength(3);
    expect(plan).toBeDefined();
    expect(doc.warnings).toEqual([]);
  });

  it('marks both repeated header rows (title spanning all columns, column titles)', () => {
    expect(plan.rows[0]!.header).toBe(true);
    expect(plan.rows[0]!.cells).toHaveLength(1);
    expect(plan.rows[0]!.cells[0]!.colSpan).toBe(7);
    expect(plan.rows[1]!.header).toBe(true);
    expect(plan.rows[1]!.cells.map((c) => c.text)).toEqual([
      'Recommendations', 'Outcomes required', 'Lead Officer/ Executive Head', 'Actions (what needs to happen to achieve the outcomes required)',
      'By When', 'Progress Update', 'Status',
    ]);
    expect(plan.rows.filter((r) => r.header)).toHaveLength(2);
  });

  it('reads section rows as one cell spanning the table', () => {
    const sections = body.filter((r) => r.cells.length === 1 && r.cells[0]!.colSpan === 7).map((r) => r.cells[0]!.text);
    expect(sections).toEqual(['SAFEGUARDING', 'LOOKED AFTER CHILDREN']);
  });

  it('gives each vertically merged recommendation cell a rowSpan over its action rows', () => {
    const s2 = findRec('S2');
    expect(s2.cells[0]!.rowSpan).toBe(6);
    expect(s2.cells[1]!.rowSpan).toBe(6); // outcomes are merged the same way
    expect(s2.cells[0]!.paragraphs).toEqual(['Immediate', expect.stringMatching(/^\(S2\) The local council, NHS Harrow/)]);
    const i = body.indexOf(s2);
    // the five following rows lack the two merged cells
    for (const r of body.slice(i + 1, i + 6)) expect(r.cells).toHaveLength(5);
    expect(findRec('LAC1').cells[0]!.rowSpan).toBe(9);
    // a row count check over the whole plan: rowSpans of the first column cover all action rows
    const firstColumn = actionRows.filter((r) => r.cells.length === 7);
    expect(firstColumn.reduce((n, r) => n + r.cells[0]!.rowSpan, 0)).toBe(actionRows.length);
    expect(actionRows).toHaveLength(expected.recommendations.reduce((n, r) => n + r.actions.length, 0));
  });

  it('merges a lead shared by two actions (LAC8) vertically', () => {
    const lac8 = findRec('LAC8');
    expect(lac8.cells[2]!.text).toBe('YOT Mgr. / SM CLA');
    expect(lac8.cells[2]!.rowSpan).toBe(2);
    const next = body[body.indexOf(lac8) + 1]!;
    expect(next.cells.map((c) => c.text)[0]).toMatch(/^EMBEDDING\n\(2\) Improve communication/);
  });

  it('keeps the paragraphs of multi-paragraph cells', () => {
    const lac4 = findRec('LAC4');
    expect(lac4.cells[1]!.paragraphs).toHaveLength(2);
    expect(lac4.cells[1]!.text).toBe(lac4.cells[1]!.paragraphs.join('\n'));
    expect(lac4.cells[3]!.paragraphs).toEqual(['MUST DO', expect.stringMatching(/^\(1\) Review and implement/)]);
    // action (5) of LAC4: progress in two paragraphs
    const i = body.indexOf(lac4);
    const fifth = body[i + 4]!;
    expect(fifth.cells[1]!.text).toMatch(/^\(5\) Roll out Systemic EI/);
    expect(fifth.cells[3]!.paragraphs).toHaveLength(2);
    expect(fifth.cells[3]!.paragraphs[1]).toMatch(/^Children services 'systemic' Quality Assurance reviews/);
  });

  it('recovers the status cell shading that mammoth drops', () => {
    const status = actionRows.map((r) => r.cells[r.cells.length - 1]!);
    const completed = status.filter((c) => c.text === 'Completed');
    expect(completed.length).toBeGreaterThan(10);
    expect(completed.every((c) => c.shading === '00B050')).toBe(true);
    expect(status.filter((c) => c.text === 'On track').every((c) => c.shading === 'FFC000')).toBe(true);
    expect(status.filter((c) => c.text === '').every((c) => c.shading === undefined)).toBe(true);
    expect(plan.rows[1]!.cells[0]!.shading).toBe('D9D9D9');
  });

  it('gives the same action rows as the rows the rendering was made from', () => {
    const got: string[][] = [];
    const want: string[][] = [];
    let recCells: string[] = [];
    let lead = '';
    for (const r of actionRows) {
      const c = r.cells.map((x) => x.text);
      if (c.length === 7) recCells = c.slice(0, 2);
      const [l, action, due, progress] = c.length === 7 ? c.slice(2, 6) : c.length === 5 ? c.slice(0, 4) : ['', ...c.slice(0, 3)];
      if (c.length !== 4) lead = l!; // a 4-cell row sits under a vertically merged lead
      got.push([...recCells, lead, action!.replace(/^(MUST DO|EMBEDDING)\n/, ''), due!, progress!]);
    }
    for (const rec of expected.recommendations) {
      for (const a of rec.actions) {
        want.push([[...(rec.timescale ? [rec.timescale] : []), ...rec.text].join('\n'), rec.outcomes.join('\n'), a.lead, a.text, a.due, a.progress.join('\n')]);
      }
    }
    expect(got).toEqual(want);
  });
});

/** A small document built in memory: headings, lists, a table with merged and nested cells. */
async function syntheticDocx(): Promise<Buffer> {
  const p = (text: string): Paragraph => new Paragraph({ children: [new TextRun(text)] });
  const nested = new Table({
    rows: [
      new TableRow({ children: [new TableCell({ children: [p('RAG')] }), new TableCell({ children: [p('Green')] })] }),
      new TableRow({ children: [new TableCell({ children: [p('Due')] }), new TableCell({ children: [p('March 2013')] })] }),
    ],
  });
  const table = new Table({
    rows: [
      new TableRow({ tableHeader: true, children: ['Ref', 'Action', 'Lead'].map((h) => new TableCell({ children: [p(h)] })) }),
      new TableRow({ tableHeader: true, children: [new TableCell({ columnSpan: 3, children: [p('Section A')] })] }),
      new TableRow({
        children: [
          new TableCell({ children: [p('1.1')] }),
          new TableCell({
            children: [
              p('First paragraph\u00a0with   nbsp.'),
              new Paragraph({ text: 'step one', numbering: { reference: 'steps', level: 0 } }),
              new Paragraph({ text: 'step two', numbering: { reference: 'steps', level: 0 } }),
              new Paragraph(''),
            ],
          }),
          new TableCell({ children: [p('Lead A')], shading: { fill: 'FF0000', type: ShadingType.CLEAR, color: 'auto' } }),
        ],
      }),
      new TableRow({ children: [new TableCell({ children: [p('1.2')] }), new TableCell({ children: [p('Has a nested table'), nested, p('after')] }), new TableCell({ children: [p('Lead B')] })] }),
    ],
  });
  const doc = new Document({
    numbering: {
      config: [
        {
          reference: 'steps',
          levels: [
            { level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START },
            { level: 1, format: LevelFormat.LOWER_LETTER, text: '%2)', alignment: AlignmentType.START },
          ],
        },
      ],
    },
    sections: [
      {
        children: [
          new Paragraph({ text: 'Action plan', heading: HeadingLevel.HEADING_1 }),
          new Paragraph(''),
          new Paragraph({ text: 'Recommendations', heading: HeadingLevel.HEADING_2 }),
          new Paragraph({ text: 'Tom &amp; Jerry <b>not bold</b>' }),
          new Paragraph({ text: 'first', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: 'first a', numbering: { reference: 'steps', level: 1 } }),
          new Paragraph({ text: 'second', numbering: { reference: 'steps', level: 0 } }),
          new Paragraph({ text: 'a bullet', bullet: { level: 0 } }),
          table,
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

describe('readDocx: structure of a synthetic document', async () => {
  const doc = await readDocx(await syntheticDocx(), DEFAULT_LIMITS);

  it('reads headings, paragraphs and list items with markers, ordinals and depth', () => {
    const [h1, h2, para, ...rest] = doc.blocks;
    expect(h1).toMatchObject({ type: 'heading', level: 1, text: 'Action plan', loc: { page: null, line: null, block: 0 } });
    expect(h2).toMatchObject({ type: 'heading', level: 2, text: 'Recommendations', loc: { block: 1 } });
    // text is taken literally: markup-looking text stays text
    expect(para).toMatchObject({ type: 'paragraph', text: 'Tom &amp; Jerry <b>not bold</b>' });
    const items = rest.filter((b) => b.type === 'list_item');
    expect(items.map((b) => b.type === 'list_item' && [b.marker, b.ordinal, b.depth, b.text])).toEqual([
      ['1.', 1, 0, 'first'],
      ['1.', 1, 1, 'first a'],
      ['2.', 2, 0, 'second'],
      ['•', null, 0, 'a bullet'],
    ]);
  });

  it('reads the table: header rows, colSpan, list items and paragraphs in cells, shading', () => {
    const [t] = tables(doc);
    expect(t).toBeDefined();
    expect(t!.rows.map((r) => !!r.header)).toEqual([true, true, false, false]);
    expect(t!.rows[1]!.cells[0]).toMatchObject({ text: 'Section A', colSpan: 3, rowSpan: 1 });
    const cell = t!.rows[2]!.cells[1]!;
    expect(cell.paragraphs).toEqual(['First paragraph with nbsp.', '1. step one', '2. step two']);
    expect(cell.text).toBe('First paragraph with nbsp.\n1. step one\n2. step two');
    expect(t!.rows[2]!.cells[2]!.shading).toBe('FF0000');
    expect(t!.rows[2]!.cells[0]!.shading).toBeUndefined();
  });

  it('flattens a nested table into the cell and warns', () => {
    const cell = tables(doc)[0]!.rows[3]!.cells[1]!;
    expect(cell.paragraphs).toEqual(['Has a nested table', 'RAG | Green', 'Due | March 2013', 'after']);
    expect(doc.warnings.filter((w) => w.code === 'nested_table')).toHaveLength(1);
    expect(doc.warnings.find((w) => w.code === 'nested_table')!.loc.block).toBe(tables(doc)[0]!.loc.block);
  });
});

describe('readDocx: refusals', () => {
  it('refuses a text file named .docx as a corrupt zip', async () => {
    const err = await refused(fixture('bad/docx-not-zip.docx'));
    expect(err.code).toBe('corrupt_docx');
    expect(err.reason).toMatch(/^corrupt DOCX \(/);
    expect(err.reason).not.toContain('\n');
  });

  it('refuses a zip without word/document.xml', async () => {
    const err = await refused(fixture('bad/docx-no-word-document.docx'));
    expect(err.code).toBe('not_word_document');
    expect(err.reason).toBe('not a Word document (no word/document.xml)');
  });

  it('refuses the forged zip bomb (300 MB declared from a few hundred bytes) before inflating it', async () => {
    const bytes = fixture('bad/docx-zip-bomb.docx');
    expect(bytes.length).toBeLessThan(2000);
    const err = await refused(bytes);
    expect(err.reason).toMatch(/zip bomb\?/);
    expect(err.code).toBe('docx_zip_bomb');
  });

  it('refuses a DOCX whose declared expanded size is over limits.maxExpandedBytes', async () => {
    const zip = makeZip(minimalDocxParts());
    const err = await refused(zip, { ...DEFAULT_LIMITS, maxExpandedBytes: 500 });
    expect(err.code).toBe('docx_too_large');
    expect(err.reason).toMatch(/^DOCX expands to \d+ bytes \(limit 500\); refusing \(zip bomb\?\)$/);
  });

  it('refuses a part that inflates to more than it declares (lying central directory)', async () => {
    const filler = '<w:p><w:r><w:t>' + 'x'.repeat(50_000) + '</w:t></w:r></w:p>';
    const zip = makeZip(minimalDocxParts(filler).map((e) => (e.name === 'word/document.xml' ? { ...e, declaredSize: 1000 } : e)));
    const err = await refused(zip);
    expect(err.code).toBe('docx_too_large');
    expect(err.reason).toMatch(/word\/document\.xml/);
  });

  it('reads the same minimal DOCX when nothing is forged', async () => {
    const doc = await readDocx(makeZip(minimalDocxParts()), DEFAULT_LIMITS);
    expect(doc.blocks).toEqual([{ type: 'paragraph', text: 'Hello', lines: [{ text: 'Hello', loc: { page: null, line: null, block: 0 } }], loc: { page: null, line: null, block: 0 } }]);
  });
});
