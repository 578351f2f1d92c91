import { describe, expect, it, beforeAll } from 'vitest';
import { extractFile } from '../src/ingest.js';
import type { OfstedDocument } from '../src/model/document.js';
import { validateDocument } from '../src/validate/semantic.js';
import { paragraphRefs } from '../src/extract/recommendations.js';
import { fixture } from './helpers.js';

// Facts below were read from the source documents (../shared/seeds/004 and 001).
describe('SIF report inside a committee paper (seed 004, Brent 2015)', () => {
  let doc: OfstedDocument;
  beforeAll(async () => {
    doc = await extractFile(fixture('seeds', '004_b1cb188c35d1ae0d.md'));
  });

  it('classifies the wrapped report', () => {
    expect(doc.document).toEqual({
      kind: 'inspection_report',
      title: 'Inspection of services for children in need of help and protection, children looked after and care leavers',
      localAuthority: 'Brent',
      localAuthorityCode: '304',
      localAuthorityAsWritten: 'Brent',
      framework: 'sif',
      inspectionType: null,
      inspectionStart: '2015-09-14',
      inspectionEnd: '2015-10-08',
      publicationDate: '2015-11-30',
      publicationDateSource: 'printed',
      leadInspector: 'Dominic Stevens',
      inspectors: ['Dominic Stevens'],
      focus: null,
      focusAsWritten: null,
      partnership: null,
      previousInspection: null,
      nextInspection: null,
      agencies: [],
      nextSteps: null,
    });
  });

  it('reads every judgement, including the LSCB review, each at its line', () => {
    expect(doc.judgements.map((j) => [j.area, j.grade, j.loc.line])).toEqual([
      ['overall_effectiveness', 'requires_improvement', 71],
      ['help_and_protection', 'requires_improvement', 73],
      ['children_in_care', 'requires_improvement', 74],
      ['adoption', 'good', 75],
      ['care_leavers', 'requires_improvement', 76],
      ['leadership', 'requires_improvement', 77],
      ['lscb', 'requires_improvement', 423],
    ]);
    expect(doc.judgements[2]!.label).toBe('Children looked after and achieving permanence');
  });

  it('reads the 11 recommendations with their paragraph references and the 6 LSCB ones', () => {
    const la = doc.recommendations.filter((r) => r.scope === 'local_authority');
    expect(la.map((r) => [r.id, r.paragraphRefs])).toEqual([
      ['1', [102, 103]],
      ['2', [93]],
      ['3', [13]],
      ['4', [18, 19, 23, 27, 28, 30]],
      ['5', [32, 37, 48, 62, 79]],
      ['6', [18, 62]],
      ['7', [55]],
      ['8', [28, 65]],
      ['9', [45, 100]],
      ['10', [48]],
      ['11', [85]],
    ]);
    expect(la[10]!.text).toBe(
      'Work closely with training providers and careers advice and guidance workers to increase care leaver progression into apprenticeships and other vocational further education (paragraph 85).',
    );
    expect(la[10]!.loc.line).toBe(193);
    const lscb = doc.recommendations.filter((r) => r.scope === 'lscb');
    expect(lscb.map((r) => r.id)).toEqual(['108', '109', '110', '111', '112', '113']);
    expect(lscb[2]!.text).toBe('Strengthen links with the Health and Wellbeing Board and establish links with the Family Justice Board.');
  });

  it('numbers paragraphs 1..129 with their sections, joining text split by page breaks', () => {
    expect(doc.paragraphs.map((p) => p.number)).toEqual(Array.from({ length: 129 }, (_, i) => i + 1));
    const p18 = doc.paragraphs[17]!;
    expect(p18.section).toBe('The experiences and progress of children who need help and protection');
    expect(p18.loc.line).toBe(236);
    expect(p18.text).toMatch(/^Child protection enquiries are thorough, timely .* CFAs are increasingly timely and most are completed within a timescale/);
    expect(doc.paragraphs[113]!.section).toBe('Inspection findings – the Local Safeguarding Children Board');
  });

  it('passes the semantic validator', () => {
    expect(validateDocument(doc)).toEqual([]);
  });
});

describe('progress report to a scrutiny committee (seed 001, Brent 2012)', () => {
  it('reads its 29 dotted paragraphs in order, keeping the printed numbers', async () => {
    const doc = await extractFile(fixture('seeds', '001_dab7261901101738.md'));
    expect(doc.document.kind).toBe('progress_report');
    expect(doc.paragraphs).toHaveLength(29);
    expect(doc.paragraphs.map((p) => p.label).slice(0, 8)).toEqual(['1.1', '2.1', '3.1', '3.2', '3.3', '3.4', '4.1', '4.2']);
    expect(doc.paragraphs[15]).toMatchObject({ number: 16, label: '4.10', section: 'Looked After Children (LAC)' });
    expect(doc.paragraphs[28]!.text).toBe('The report is concerned with diversity and differential performance of minority ethnic groups in Brent.');
  });
});

describe('paragraph references', () => {
  it('reads lists, ranges and "and", and ignores other parentheses', () => {
    expect(paragraphRefs('Do this (paragraphs 111-113) and (paragraph 5).')).toEqual([5, 111, 112, 113]);
    expect(paragraphRefs('(paragraphs 18, 19 and 23)')).toEqual([18, 19, 23]);
    expect(paragraphRefs('(paragraphs 45,100)')).toEqual([45, 100]);
    expect(paragraphRefs('Improve plans. (outcome 3, national framework)')).toEqual([]);
  });
});
