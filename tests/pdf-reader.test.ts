import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readPdf } from '../src/readers/pdf.js';
import { sniffFormat } from '../src/readers/sniff.js';
import { DEFAULT_LIMITS } from '../src/readers/limits.js';
import { InputError } from '../src/util/errors.js';
import { blockText, type Block, type LayoutDocument, type TableBlock } from '../src/layout/types.js';
import { joinLines, cleanRun, splitBullet } from '../src/readers/pdf/run-text.js';
import { isPageNumber } from '../src/readers/pdf/furniture.js';
import { makePdf } from './helpers.js';

const FIX = resolve(__dirname, '..', 'fixtures');
const bytesOf = (...p: string[]) => new Uint8Array(readFileSync(join(FIX, ...p)));
const read = (name: string, limits = DEFAULT_LIMITS) => readPdf(bytesOf('reports', name), limits);

const tables = (d: LayoutDocument) => d.blocks.filter((b): b is TableBlock => b.type === 'table');
const cells = (t: TableBlock) => t.rows.map((r) => r.cells.map((c) => c.text));
const texts = (d: LayoutDocument) => d.blocks.map(blockText);
const numbered = (d: LayoutDocument) =>
  d.blocks.flatMap((b) => (b.type === 'paragraph' && /^(\d{1,3})\. \S/.test(b.text) ? [Number(/^(\d+)/.exec(b.text)![1])] : []));
const find = (d: LayoutDocument, pred: (b: Block) => boolean) => d.blocks.find(pred);

const ONE_BLANK_PAGE = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>'];

describe('text helpers', () => {
  it('repairs hyphenation only for bare suffixes', () => {
    expect(joinLines('the assess-', 'ment of risk')).toBe('the assessment of risk');
    expect(joinLines('their well-', 'being')).toBe('their well-being');
    expect(joinLines('extra-', 'familial harm')).toBe('extra-familial harm');
    expect(joinLines('Key Stage 1 in 2013 -', 'the year')).toBe('Key Stage 1 in 2013 - the year');
    expect(joinLines('children', 'and families')).toBe('children and families');
  });
  it('expands ligatures and odd spaces', () => {
    expect(cleanRun('eﬀective ﬁnancial\u00A0oﬃce')).toBe('effective financial office');
  });
  it('recognises bullets and page numbers', () => {
    expect(splitBullet('\uF0B7 discussions with children')).toEqual({ marker: '\uF0B7', rest: 'discussions with children' });
    expect(splitBullet('- item')).toEqual({ marker: '-', rest: 'item' });
    expect(splitBullet('well-being matters')).toBeNull();
    expect(isPageNumber('12')).toBe(true);
    expect(isPageNumber('Page 3 of 40')).toBe(true);
    expect(isPageNumber('12 children')).toBe(false);
  });
});

describe('SIF report (Brent 2015)', () => {
  let doc: LayoutDocument;
  beforeAll(async () => {
    doc = await read('brent_2015-11-30.pdf');
  });

  it('reads every page', () => {
    expect(doc.format).toBe('pdf');
    expect(doc.pageCount).toBe(40);
    expect(doc.blocks.every((b) => b.loc.page !== null && b.loc.page >= 1 && b.loc.page <= 40)).toBe(true);
  });

  it('gives the judgement table one row per judgement, grade in its own cell', () => {
    const t = tables(doc).find((x) => x.loc.page === 1)!;
    expect(cells(t)).toEqual([
      ['1. Children who need help and protection', 'Requires improvement'],
      ['2. Children looked after and achieving permanence', 'Requires improvement'],
      ['2.1 Adoption performance', 'Good'],
      ['2.2 Experiences and progress of care leavers', 'Requires improvement'],
      ['3. Leadership, management and governance', 'Requires improvement'],
    ]);
  });

  it('keeps numbered paragraphs 1..129 as separate blocks in order', () => {
    const nums = numbered(doc);
    // The recommendations (1..15, page 7-8) come first, then the report's paragraphs 1..129.
    const start = nums.lastIndexOf(1);
    expect(nums.slice(start)).toEqual(Array.from({ length: 129 }, (_, i) => i + 1));
  });

  it('joins the lines of a paragraph exactly', () => {
    const p13 = find(doc, (b) => b.type === 'paragraph' && b.text.startsWith('13. Despite'));
    expect(p13 && blockText(p13)).toBe(
      '13. Despite work to engage partners in the CAF process and in undertaking the role of lead professional, the number of CAFs undertaken by partner agencies remains low, with schools only completing 9% of CAFs in 2014–15. As a result, children do not benefit consistently from timely CAF assessments and reviews and this means they do not always receive the services they need to meet their needs when they need them.',
    );
    expect(p13!.loc.page).toBe(11);
  });

  it('keeps a paragraph split by a page break as two blocks without furniture between them', () => {
    const i = doc.blocks.findIndex((b) => b.type === 'paragraph' && b.text.startsWith('18. Child protection enquiries'));
    expect(blockText(doc.blocks[i])).toMatch(/CFAs are$/);
    expect(doc.blocks[i + 1].type).toBe('paragraph');
    expect(blockText(doc.blocks[i + 1])).toMatch(/^increasingly timely/);
    expect(doc.blocks[i + 1].loc.page).toBe(12);
  });

  it('finds headings by font size and weight', () => {
    const headings = doc.blocks.filter((b) => b.type === 'heading').map((b) => b.text);
    expect(headings).toContain('Recommendations');
    expect(headings).toContain('Inspection findings');
    expect(headings).toContain('The Local Safeguarding Children Board (LSCB)');
    expect(headings).toContain('Executive summary');
    const title = find(doc, (b) => b.type === 'heading' && b.text === 'Brent');
    expect(title && title.type === 'heading' && title.level).toBe(1);
  });

  it('splits a section heading from the grade beside it', () => {
    const i = doc.blocks.findIndex((b) => b.type === 'heading' && b.text === 'The experiences and progress of children who need help and protection');
    expect(i).toBeGreaterThan(0);
    expect(blockText(doc.blocks[i + 1])).toBe('Requires improvement');
  });

  it('removes page numbers and running footers', () => {
    const all = texts(doc);
    expect(all.filter((t) => /^\d{1,3}$/.test(t))).toEqual([]);
    expect(all.filter((t) => /^Page \d+/.test(t))).toEqual([]);
    // The footnote of page 1 is content and stays.
    expect(all.some((t) => t.startsWith('Ofsted produces this report under its power'))).toBe(true);
  });

  it('emits bullets as list items with depth', () => {
    const items = doc.blocks.filter((b) => b.type === 'list_item' && b.loc.page === 5);
    expect(items.length).toBeGreaterThanOrEqual(12);
    const sub = items.find((b) => b.text.startsWith('in primary schools is 16%'));
    expect(sub && sub.type === 'list_item' && sub.depth).toBe(1);
    expect(items[0].type === 'list_item' && items[0].marker).toBe('•');
  });

  it('carries line geometry', () => {
    const p = find(doc, (b) => b.type === 'paragraph' && b.text.startsWith('13. '))!;
    expect(p.type).toBe('paragraph');
    if (p.type !== 'paragraph') return;
    expect(p.lines.length).toBeGreaterThan(2);
    expect(p.lines[0]).toMatchObject({ loc: { page: 11, line: null, block: null }, fontSize: 12 });
    expect(p.lines[0].x).toBeGreaterThan(50);
  });
});

describe('ILACS reports', () => {
  it('2023 with separate care leavers judgement (Brent)', async () => {
    const doc = await read('brent_2023-04-11.pdf');
    expect(doc.pageCount).toBe(11);
    const t = tables(doc)[0];
    expect(t.loc.page).toBe(1);
    expect(cells(t)).toEqual([
      ['Judgement', 'Grade'],
      ['The impact of leaders on social work practice with children and families', 'Good'],
      ['The experiences and progress of children who need help and protection', 'Good'],
      ['The experiences and progress of children in care', 'Good'],
      ['The experiences and progress of care leavers', 'Good'],
      ['Overall effectiveness', 'Good'],
    ]);
    const all = texts(doc);
    // Running footer "Inspection of Brent local authority children's services / dates / page" gone.
    expect(all.filter((t) => /^20 to 24 February 2023/.test(t))).toEqual([]);
    expect(doc.blocks.filter((b) => b.type !== 'heading' && blockText(b).startsWith('Inspection of Brent local authority'))).toEqual([]);
    expect(doc.blocks.filter((b) => b.type === 'heading' && b.text === 'Inspection of Brent local authority children’s services').map((b) => b.loc.page)).toEqual([1]);
    const heading = doc.blocks.find((b) => b.type === 'heading' && b.text === 'What needs to improve?');
    expect(heading && heading.loc.page).toBe(2);
    const items = doc.blocks.filter((b) => b.type === 'list_item' && b.loc.page === 2);
    expect(items.map((b) => blockText(b))).toEqual([
      'The compliance with private fostering regulations and the senior management oversight, performance management information and quality assurance of these arrangements.',
      'The attendance of children in care at their reviews and the quality of information provided to children following their reviews.',
      'Care leavers’ understanding of and access to their health histories.',
      'The consistency of management supervision and recording.',
    ]);
    // A real hyphen at a line end is kept: "extra-\nfamilial".
    expect(all.some((t) => t.includes('risk of extra-familial harm for children'))).toBe(true);
    const nums = numbered(doc);
    expect(nums).toEqual(Array.from({ length: 45 }, (_, i) => i + 1));
  });

  it('2018 with grades wrapped inside their cells (Bradford)', async () => {
    const doc = await read('bradford_2018-10-29.pdf');
    expect(cells(tables(doc)[0])).toEqual([
      ['Judgement', 'Grade'],
      ['The impact of leaders on social work practice with children and families', 'Requires improvement to be good'],
      ['The experiences and progress of children who need help and protection', 'Inadequate'],
      ['The experiences and progress of children in care and care leavers', 'Requires improvement to be good'],
      ['Overall effectiveness', 'Inadequate'],
    ]);
  });

  it('2026 without an overall effectiveness grade (Somerset)', async () => {
    const doc = await read('somerset_2026-06-17.pdf');
    const t = cells(tables(doc)[0]);
    expect(t).toHaveLength(5);
    expect(t[0]).toEqual(['Judgement', 'Grade']);
    expect(t[4]).toEqual(['The experiences and progress of care leavers', 'Good']);
    expect(t.some((r) => r[0] === 'Overall effectiveness')).toBe(false);
  });
});

describe('older layouts', () => {
  it('SIF 2014 with grades centred on two lines (Bolton)', async () => {
    const doc = await read('bolton_2014-03-21.pdf');
    expect(cells(tables(doc)[0])).toEqual([
      ['1. Children who need help and protection', 'Requires improvement'],
      ['2. Children looked after and achieving permanence', 'Good'],
      ['2.1 Adoption performance', 'Good'],
      ['2.2 Experiences and progress of care leavers', 'Good'],
      ['3. Leadership, management and governance', 'Requires improvement'],
    ]);
  });

  it('2013 looked after children inspection (Norfolk): hanging-indent paragraphs and findings table', async () => {
    const doc = await read('norfolk_2013-08-16.pdf');
    expect(doc.pageCount).toBe(23);
    expect(numbered(doc)).toEqual(Array.from({ length: 72 }, (_, i) => i + 1));
    const p10 = find(doc, (b) => b.type === 'paragraph' && b.text.startsWith('10. '));
    expect(p10 && blockText(p10)).toMatch(/^10\. The local authority has ensured that a large proportion of children are placed in stable placements with families\. /);
    const findings = tables(doc).find((t) => t.rows[0]?.cells[0]?.text === 'Overall effectiveness');
    expect(findings && cells(findings)).toEqual([
      ['Overall effectiveness', 'Inadequate'],
      ['Capacity to improve', 'Inadequate'],
      ['Outcomes for looked after children and young people', 'Inadequate'],
      ['Quality of provision', 'Inadequate'],
      ['Leadership and management', 'Inadequate'],
    ]);
    // The running header "Norfolk County Council Inspection of looked after children services <n>" is gone.
    expect(texts(doc).filter((t) => t.includes('Inspection of looked after children services') && t.startsWith('Norfolk County Council'))).toEqual([]);
  });
});

describe('ruled tables (LibreOffice action plan)', () => {
  it('uses cell borders to separate tightly spaced rows', async () => {
    const doc = await readPdf(bytesOf('plans', 'barking-dagenham-2014-action-plan.pdf'), DEFAULT_LIMITS);
    const t = tables(doc)[0];
    expect(t.loc.page).toBe(1);
    const rows = cells(t);
    expect(rows[0]).toEqual(['Action', 'Description', 'Strategic Lead', 'Operational Lead', 'Timescale (By When)', 'Performance/Outcome', 'Progress to date and evidence of improvement']);
    expect(rows[1].slice(0, 5)).toEqual([
      '1.1',
      'Audit every Police Protection (PP) case from May 2014 to March 2016 and discuss findings at monthly Police and Social Care meetings. Immediate feedback to relevant practitioners and share learning.',
      'Ann Graham',
      'Teresa De Vito',
      'May 2014 to March 2016',
    ]);
    // The table continues on page 2: one block; the header repeated there is kept and marked; the row
    // cut by the page break (1.4's progress) is joined.
    expect(rows.map((r) => r[0])).toEqual(['Action', '1.1', '1.2', '1.3', '1.4', 'Action', '1.5', '1.6']);
    expect(t.rows.map((r) => [r.loc.page, r.header === true])).toEqual([
      [1, true], [1, false], [1, false], [1, false], [1, false], [2, true], [2, false], [2, false],
    ]);
    expect(rows[4][6]).toMatch(/Police Protection numbers from April to September 2014 total 33, .* This compared to 64 at the end of September 2013 \(41% of all those entering care entering on PP\)\. Our target/);
    expect(t.rows[0].cells[0].shading).toBe('D9D9D9');
  });

  it('reads merged cells, shading and cell paragraphs from the ruling (Harrow plan)', async () => {
    const doc = await readPdf(bytesOf('plans', 'harrow-2012-improvement-plan.pdf'), DEFAULT_LIMITS);
    const t = tables(doc).find((x) => x.rows.length > 100)!;
    // One table over pages 6-17; the two header rows repeated on each page are marked.
    expect(t.loc.page).toBe(6);
    expect(t.rows[t.rows.length - 1].loc.page).toBe(17);
    expect(t.rows[0].cells).toHaveLength(1);
    expect(t.rows[0].cells[0]).toMatchObject({ colSpan: 7, shading: 'BFBFBF', text: 'AREAS FOR IMPROVEMENT IDENTIFIED IN OFSTED REPORT' });
    expect(t.rows.filter((r) => r.header).length).toBe(2 * 12);
    // The S2 recommendation and its outcome span the six action rows; the text sits in the first.
    const s2 = t.rows.findIndex((r) => r.cells[0].text.includes('(S2)'));
    expect(t.rows[s2].cells[0]).toMatchObject({ rowSpan: 6, paragraphs: ['Immediate', expect.stringMatching(/^\(S2\) The local council/)] });
    expect(t.rows[s2].cells[1].rowSpan).toBe(6);
    expect(t.rows[s2].cells[3].paragraphs).toEqual(['MUST DO', expect.stringMatching(/^\(1\) Revise multi-agency pre-birth protocol/)]);
    expect(t.rows[s2].cells[6]).toMatchObject({ text: 'Awaiting sign-off', shading: 'FFC000' });
    expect(t.rows[s2 + 1].cells).toHaveLength(5);
    expect(t.rows[s2 + 1].cells[4]).toMatchObject({ text: 'Completed', shading: '00B050' });
  });

  it('reads a table of actions nested in each recommendation\'s cell across page breaks, its outer header repeated (LibreOffice)', async () => {
    const doc = await readPdf(bytesOf('plans', 'layouts', 'harrow-2012-improvement-plan', 'u2g-docx-nested.pdf'), DEFAULT_LIMITS);
    const t = tables(doc)[0]!;
    const row = (start: string) => t.rows.findIndex((r) => r.cells.some((c) => c.text.startsWith(start)));
    const texts = (i: number) => t.rows[i]!.cells.map((c) => c.text);
    // One table over six pages, "Recommendation | Our response" repeated at the top of each and marked.
    expect(t.rows.filter((r) => r.header).map((r) => r.loc.page)).toEqual([1, 2, 3, 4, 5, 6]);
    // S9's cell breaks under the nested header at the foot of page 2: its text carried on at the top
    // of page 3 (under the repeated outer header) joins it, and page 3 goes on with S9.1 beside
    // the cell's empty rest, not with the recommendation's text as a row of its own.
    const s9 = row('S9 NHS Harrow');
    expect(texts(s9)).toEqual([
      'S9 NHS Harrow should ensure that general practitioners (GPs), dentists and all appropriate health practitioners are fully engaged in safeguarding arrangements and have regular developmental opportunities for practice reflection and learning and the LSCB should monitor progress in this area',
      'No.', 'Action', 'Lead', 'Due date', 'RAG',
    ]);
    expect(t.rows[s9 + 1]).toMatchObject({ header: true, loc: { page: 3 } });
    expect(t.rows[s9 + 2]!.cells[0]).toMatchObject({ text: '', rowSpan: 7 });
    expect(texts(s9 + 2)[1]).toBe('S9.1');
    // LAC5's text runs below its nested table at the foot of page 4: the padding under and beside
    // the inner table is not one cell covering the inner cells; they keep their six columns.
    const lac5 = row('LAC5 Ensure');
    expect(texts(lac5).slice(1)).toEqual(['No.', 'Action', 'Lead', 'Due date', 'RAG']);
    expect(texts(lac5 + 1)).toEqual([
      'LAC5.1',
      "Practice Directive to be sent by DCS to all staff stating that they must all have updated IPAD's by 31.10.12 (this fits in with the local guidance and cycle for IPAD's and will prevent duplication)",
      'Head of Service Children Looked After',
      'Monthly',
      'Amber',
    ]);
    expect(t.rows[row('LAC5.2')]!.loc.page).toBe(5);
  });
});

describe('limits and errors', () => {
  it('honours maxPages with a page_cap warning', async () => {
    const doc = await read('brent_2015-11-30.pdf', { ...DEFAULT_LIMITS, maxPages: 3 });
    expect(doc.pageCount).toBe(40);
    expect(doc.blocks.every((b) => b.loc.page! <= 3)).toBe(true);
    expect(doc.warnings.map((w) => w.code)).toContain('page_cap');
  });

  it('does not detach the caller’s buffer', async () => {
    const bytes = bytesOf('reports', 'somerset_2026-06-17.pdf');
    const n = bytes.byteLength;
    await readPdf(bytes, DEFAULT_LIMITS);
    expect(bytes.byteLength).toBe(n);
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  });

  it('refuses HTML saved as .pdf before the reader (sniff)', () => {
    const bytes = bytesOf('bad', 'birmingham_2012-10-19-html-saved-as.pdf');
    expect(() => sniffFormat('birmingham/2012-10-19.pdf', bytes)).toThrow(InputError);
    try {
      sniffFormat('x.pdf', bytes);
    } catch (e) {
      expect((e as InputError).code).toBe('not_pdf');
      expect((e as InputError).reason).toBe('not a PDF (looks like HTML)');
    }
  });

  it('reports a truncated PDF as corrupt with a one-line reason', async () => {
    const bytes = bytesOf('reports', 'brent_2023-04-11.pdf');
    const half = bytes.slice(0, Math.floor(bytes.length / 2));
    expect(sniffFormat('half.pdf', half)).toBe('pdf');
    const err = await readPdf(half, DEFAULT_LIMITS).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe('corrupt');
    expect((err as InputError).reason).toMatch(/^corrupt PDF \(.+\)$/);
    expect((err as InputError).reason).not.toContain('\n');
  });

  it('reports a PDF without text as needing OCR', async () => {
    await expect(readPdf(makePdf(ONE_BLANK_PAGE), DEFAULT_LIMITS)).rejects.toMatchObject({ code: 'no_text', reason: 'no text layer; OCR needed' });
  });

  it('reports a password-protected PDF', async () => {
    const enc = `<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >>`;
    const id = '<0123456789abcdef0123456789abcdef>';
    const bytes = makePdf([...ONE_BLANK_PAGE, enc], `/Encrypt 4 0 R /ID [${id} ${id}] `);
    await expect(readPdf(bytes, DEFAULT_LIMITS)).rejects.toMatchObject({ code: 'encrypted', reason: 'encrypted PDF (password required)' });
  });

  it('warns when the cross-reference pointer is broken but pdfjs recovers', async () => {
    const good = bytesOf('reports', 'somerset_2026-06-17.pdf');
    const text = Buffer.from(good).toString('latin1');
    const at = text.lastIndexOf('startxref');
    const broken = Buffer.from(text.slice(0, at) + 'startxref\n12345\n%%EOF\n', 'latin1');
    const doc = await readPdf(new Uint8Array(broken), DEFAULT_LIMITS);
    expect(doc.warnings.map((w) => w.code)).toContain('xref_damaged');
    expect(tables(doc)[0].rows[0].cells[0].text).toBe('Judgement');
  });
});
