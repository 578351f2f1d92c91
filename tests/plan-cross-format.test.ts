import { describe, expect, it } from 'vitest';
import { extractFile } from '../src/ingest.js';
import type { Action, OfstedDocument } from '../src/model/document.js';
import { fixture } from './helpers.js';
import { comparable, norm } from './plan-helpers.js';

/**
 * The Markdown, Word, PDF and Excel renderings of the same plan give the same action rows and
 * the same plan recommendations (everything but `loc`, whitespace normalised). The PDFs
 * are LibreOffice renderings of the DOCX: ruled tables continued over page breaks, header
 * rows repeated on every page, rows cut by the page break, merged cells, shaded Status
 * cells. See docs/action-plans.md ("PDF").
 */
const recs = (d: OfstedDocument) => d.recommendations.map(({ loc: _l, ...r }) => ({ ...r, text: norm(r.text) }));

const docs = new Map<string, Promise<OfstedDocument>>();
const load = (name: string): Promise<OfstedDocument> => {
  if (!docs.has(name)) docs.set(name, extractFile(fixture('plans', name)));
  return docs.get(name)!;
};

describe.each([
  ['barking-dagenham-2014-action-plan', 61, 13],
  ['harrow-2012-improvement-plan', 102, 22],
])('%s in Markdown, DOCX, PDF and XLSX', (base, nActions, nRecs) => {
  it('gives the same action rows in every format', async () => {
    const [md, docx, pdf, xlsx] = await Promise.all([load(`${base}.md`), load(`${base}.docx`), load(`${base}.pdf`), load(`${base}.xlsx`)]);
    // The XLSX holds the DOCX reader's blocks on one sheet (fixtures/make/make-plan-xlsx.ts --seeds):
    // merged cells as Excel merges, fills as cell fills, bullets as text.
    expect(xlsx.source.format).toBe('xlsx');
    expect(xlsx.actions.map(comparable)).toEqual(md.actions.map(comparable));
    expect(md.actions).toHaveLength(nActions);
    expect(pdf.document.kind).toBe('action_plan');
    expect(docx.actions.map(comparable)).toEqual(md.actions.map(comparable));
    // Known PDF differences: none (docs/action-plans.md, "PDF").
    expect(pdf.actions.map(comparable)).toEqual(md.actions.map(comparable));
  });

  it('gives the same plan recommendations in every format', async () => {
    const [md, docx, pdf, xlsx] = await Promise.all([load(`${base}.md`), load(`${base}.docx`), load(`${base}.pdf`), load(`${base}.xlsx`)]);
    expect(recs(md)).toHaveLength(nRecs);
    expect(recs(xlsx)).toEqual(recs(md));
    expect(recs(docx)).toEqual(recs(md));
    expect(recs(pdf)).toEqual(recs(md));
  });

  it('locates XLSX actions by sheet and row', async () => {
    const xlsx = await load(`${base}.xlsx`);
    expect(xlsx.actions.every((a) => a.loc.page === 1 && a.loc.line !== null && a.loc.line >= 1)).toBe(true);
  });

  it('locates PDF actions by page', async () => {
    const pdf = await load(`${base}.pdf`);
    expect(pdf.actions.every((a) => a.loc.page !== null && a.loc.page >= 1)).toBe(true);
  });

  it('gives the PDF the same plan warnings as the Markdown (but for page-break ones)', async () => {
    const [md, pdf] = await Promise.all([load(`${base}.md`), load(`${base}.pdf`)]);
    // plan_row_continued marks a recommendation cell continued after a page break: the
    // renderings break their pages in other places than the seed did.
    const codes = (d: OfstedDocument) =>
      d.warnings
        .filter((w) => w.code.startsWith('plan_') && w.code !== 'plan_row_continued')
        .map((w) => w.code)
        .sort();
    expect(codes(pdf)).toEqual(codes(md));
  });
});
