import { describe, expect, it } from 'vitest';
import { extractBytes, extractFile } from '../src/ingest.js';
import { sentenceJudgement } from '../src/extract/judgements.js';
import { cleanInspector, shortLaName } from '../src/extract/classify.js';
import { resolveName } from '../src/register/match.js';
import { isLscbHeading, isRecommendationsHeading } from '../src/extract/sections.js';
import { expectedAreas, validateDocument } from '../src/validate/semantic.js';
import { fixture } from './helpers.js';

// Issue 12, part 1: report wordings the extractors missed on reports outside the corpus.
// Quoted strings are the reports' own words (the issue's examples and corpus PDFs).
const md = (text: string) => extractBytes('report.md', Buffer.from(text));

describe('SIF overall effectiveness, however page 1 words it', () => {
  it.each([
    ["Children's services in Wigan are good", 'good'],
    ["Children's services in Leicestershire require improvement to be good", 'requires_improvement'],
    ["Children’s services in Norfolk requires improvement to be good", 'requires_improvement'],
    ["The overall judgement is that children's service requires improvement.", 'requires_improvement'],
    ['The overall judgement is that children’s services are inadequate', 'inadequate'],
    ['The overall judgement is good', 'good'],
    ["Children's services in Wigan are judged to be good", 'good'],
    ["Children's services in Birmingham are inadequate. Children are not safe.", 'inadequate'],
  ])('%s', (text, grade) => {
    expect(sentenceJudgement(text)).toMatchObject({ area: 'overall_effectiveness', grade });
  });

  it('does not read a previous inspection quoted in prose', () => {
    expect(sentenceJudgement('Children’s services in Oxfordshire were judged good in all areas when they were last inspected')).toBeNull();
  });

  it('reads the sentence in a box a reader took for a table, and one broken before its grade', async () => {
    const boxed = await md(`Wigan\n\nInspection of services for children in need of help and protection, children looked after and care leavers\n\n| Children's services in Wigan | are good |\n| --- | --- |\n\n| 1. Children who need help and protection | Good |\n| --- | --- |\n`);
    expect(boxed.judgements.find((j) => j.area === 'overall_effectiveness')).toMatchObject({ grade: 'good', label: "Children's services in Wigan are good" });
    const broken = await md(`Inspection of services for children in need of help and protection, children looked after and care leavers\n\nThe overall judgement is that children's service requires\n\nimprovement to be good\n`);
    expect(broken.judgements.map((j) => [j.area, j.grade])).toEqual([['overall_effectiveness', 'requires_improvement']]);
  });
});

describe('the LSCB part of a SIF report', () => {
  it('recognises its headings and recommendation lists in the early (2013-14) wording', () => {
    expect(isLscbHeading('Section 2: The effectiveness of the Local Safeguarding Children Board')).toBe(true);
    expect(isLscbHeading('Section 2: The effectiveness local safeguarding children board')).toBe(true);
    expect(isLscbHeading('The effectiveness of the Wigan Safeguarding Children Board')).toBe(true);
    expect(isLscbHeading('Section 1: the local authority')).toBe(false);
    expect(isRecommendationsHeading('Areas for improvement:')).toBe(true);
    expect(isRecommendationsHeading('Priority actions')).toBe(true);
  });

  it('scopes "Section 2" areas for improvement to the LSCB (Oxfordshire 2014 structure)', async () => {
    const doc = await md(
      [
        'Inspection of services for children in need of help and protection, children looked after and care leavers',
        'Section 1: the local authority',
        '1. Services are good.',
        'What does the local authority need to improve?',
        'Areas for Improvement',
        '2. Recruit more foster carers within the county.',
        '3. Ensure that all foster carers receive regular supervision that is properly recorded.',
        'Section 2: The effectiveness of the Local Safeguarding',
        'The effectiveness of the LSCB is good.',
        'Areas for improvement:',
        '4. Increase the influence of the Board by clarifying its relationships.',
        '5. Accelerate the development of a strategy on female genital mutilation.',
        'Key strengths and weaknesses of the OSCB',
        '6. The Board is appropriately constituted.',
      ].join('\n\n'),
    );
    expect(doc.recommendations.map((r) => [r.id, r.scope])).toEqual([
      ['2', 'local_authority'],
      ['3', 'local_authority'],
      ['4', 'lscb'],
      ['5', 'lscb'],
    ]);
  });

  it('keeps a bulleted recommendation that reads like a heading in its list', async () => {
    const doc = await md(
      ['Inspection of services for children in need of help and protection, children looked after and care leavers', '1. Text.', 'Review of the effectiveness of the local safeguarding children board', 'Recommendations', '• Improve the analysis of the dataset', '• Ensure that partners attend the board', 'Inspection findings', '2. Findings.'].join('\n\n'),
    );
    expect(doc.recommendations.map((r) => [r.scope, r.text])).toEqual([
      ['lscb', 'Improve the analysis of the dataset'],
      ['lscb', 'Ensure that partners attend the board'],
    ]);
  });
});

describe('theme lines inside a numbered recommendations list (2015 SIF)', () => {
  it('keeps the list going past "Help and protection" and "Private fostering"', async () => {
    const doc = await md(
      [
        '# Inspection of services for children in need of help and protection, children looked after and care leavers',
        '1\\. Text.',
        '## Areas for improvement',
        'Leadership, management and governance',
        '2\\. Ensure that effective performance management drives improvement.',
        'Help and protection',
        '3\\. Improve the quality of assessments.',
        '4\\. Ensure that all children have plans.',
        '## The local authority’s strengths',
        '5\\. Senior managers have taken concerted action.',
        '## What does the LSCB need to improve?',
        'Managing the response to CSE',
        '6\\. Revise and update the CSE action plan.',
        'Private fostering',
        '7\\. Raise awareness of private fostering.',
        '## Inspection findings',
        '8\\. The board is effective.',
      ].join('\n\n'),
    );
    expect(doc.recommendations.map((r) => [r.id, r.scope])).toEqual([
      ['2', 'local_authority'],
      ['3', 'local_authority'],
      ['4', 'local_authority'],
      ['6', 'lscb'],
      ['7', 'lscb'],
    ]);
  });
});

describe('PDF text in synthetic italics (sheared, not rotated)', () => {
  it('is read, not dropped as rotated (Oxfordshire 2018, paragraph 22)', async () => {
    const doc = await extractFile(fixture('reports', 'oxfordshire_2018-05-22.pdf'));
    expect(doc.paragraphs[21]!.text).toContain('Regional Adoption Agency (Adopt Thames Valley). The local authority');
    expect(doc.warnings.map((w) => w.code)).not.toContain('rotated_text');
  });
});

describe('a board list numbered on its own', () => {
  it('counts every item, not only those the paragraph run took', async () => {
    const doc = await md(
      [
        'Inspection of services for children in need of help and protection, children looked after and care leavers',
        '1\\. Text.',
        '2\\. More text.',
        'Review of the effectiveness of the local safeguarding children board',
        'Recommendations',
        '1\\. Ensure that partners attend the board.',
        '2\\. Evaluate the impact of training.',
        '3\\. Publish the annual report on time.',
        'Inspection findings – the Local Safeguarding Children Board',
        '3\\. The board meets its statutory duties.',
      ].join('\n\n'),
    );
    expect(doc.recommendations.map((r) => [r.scope, r.text])).toEqual([
      ['lscb', 'Ensure that partners attend the board.'],
      ['lscb', 'Evaluate the impact of training.'],
      ['lscb', 'Publish the annual report on time.'],
    ]);
  });
});

describe('a standalone LSCB review (2015)', () => {
  it('gets framework lscb_review, its one judgement and the board recommendations', async () => {
    const doc = await md(
      [
        'Wigan Safeguarding Children Board',
        'Review of the effectiveness of the Local Safeguarding Children Board',
        'Inspection dates: 2 March 2015 – 24 March 2015',
        'Report published: 29 May 2015',
        'Lead inspector: Jane Smith (',
        '| Overall effectiveness | Requires improvement |\n| --- | --- |',
        'Recommendations',
        '1. Ensure that the board evaluates the impact of its training (paragraph 3).',
        '2. Strengthen the monitoring of private fostering arrangements.',
        'Inspection findings',
        '3. Training is not evaluated.',
      ].join('\n\n'),
    );
    expect(doc.document).toMatchObject({ kind: 'inspection_report', framework: 'lscb_review', localAuthority: 'Wigan', leadInspector: 'Jane Smith' });
    expect(doc.judgements.map((j) => [j.area, j.grade])).toEqual([['lscb', 'requires_improvement']]);
    expect(doc.recommendations.map((r) => [r.id, r.scope, r.paragraphRefs])).toEqual([
      ['1', 'lscb', [3]],
      ['2', 'lscb', []],
    ]);
    expect(validateDocument(doc).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('names the authority from the board', () => {
    expect(shortLaName('Wigan Safeguarding Children Board')).toBe('Wigan');
    expect(shortLaName('Wigan Local Safeguarding Children Board')).toBe('Wigan');
  });

  it('shortens a council\'s style but keeps a register name that begins "City of"', () => {
    expect(shortLaName('City of Bradford Metropolitan District Council')).toBe('Bradford');
    expect(shortLaName('City of York Council')).toBe('York');
    expect(shortLaName('City of London')).toBe('City of London');
    expect(shortLaName('City of London Corporation')).toBe('City of London');
    // another spelling stays as written, and the register's aliases resolve it
    expect(shortLaName('London Corporation')).toBe('London Corporation');
    expect(resolveName('London Corporation', '2024-11-05')).toMatchObject({ ok: true, authority: { code: '201' } });
  });
});

describe('the 2012-13 looked after children inspection (Norfolk 2013)', () => {
  it('is lac2012 with its own judgement areas', async () => {
    const doc = await extractFile(fixture('reports', 'norfolk_2013-08-16.pdf'));
    expect(doc.document.framework).toBe('lac2012');
    expect(doc.judgements.map((j) => [j.area, j.label, j.grade])).toEqual([
      ['overall_effectiveness', 'Overall effectiveness of services for looked after children and young people', 'inadequate'],
      ['capacity_to_improve', 'Capacity to improve', 'inadequate'],
      ['lac_outcomes', 'Outcomes for looked after children and young people', 'inadequate'],
      ['lac_quality_of_provision', 'Quality of provision', 'inadequate'],
      ['lac_leadership', 'Leadership and management', 'inadequate'],
    ]);
    expect(validateDocument(doc).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('the validator expects all five areas', () => {
    expect(expectedAreas('lac2012', '2013-07-08')).toEqual(['overall_effectiveness', 'capacity_to_improve', 'lac_outcomes', 'lac_quality_of_provision', 'lac_leadership']);
    expect(expectedAreas('lscb_review', '2015-03-02')).toEqual(['lscb']);
  });
});

describe('numbered paragraphs the reader did not give as paragraph starts', () => {
  // "31\\." keeps Markdown from renumbering the paragraphs as one ordered list.
  const paras = (n: number, from = 1) => Array.from({ length: n }, (_, k) => `${from + k}\\. Paragraph ${from + k} says something.`);

  it('splits a paragraph the reader joined to the one before it', async () => {
    const doc = await md(['Inspection of Leeds local authority children’s services', ...paras(30), '31\\. Paragraph 31 starts. 32. Paragraph 32 was joined to it.', ...paras(12, 33)].join('\n\n'));
    expect(doc.paragraphs.map((p) => p.number)).toEqual(Array.from({ length: 44 }, (_, k) => k + 1));
    expect(doc.paragraphs[31]!.text).toBe('Paragraph 32 was joined to it.');
  });

  it('takes a paragraph the reader made a heading', async () => {
    const doc = await md(['Inspection of Leeds local authority children’s services', ...paras(30), '## 31. Leaders have improved practice', ...paras(13, 32)].join('\n\n'));
    expect(doc.paragraphs.map((p) => p.number)).toEqual(Array.from({ length: 44 }, (_, k) => k + 1));
  });

  it('keeps the paragraphs after a page the reader lost, and the validator names the gap', async () => {
    const doc = await md(['Inspection of Leeds local authority children’s services', ...paras(30), ...paras(9, 36)].join('\n\n'));
    expect(doc.paragraphs.map((p) => p.number)).toEqual([...Array.from({ length: 30 }, (_, k) => k + 1), ...Array.from({ length: 9 }, (_, k) => k + 36)]);
    expect(validateDocument(doc).filter((i) => i.code === 'paragraph_gap').map((i) => i.message)).toEqual(['paragraphs jump from 30 to 36 (missing 31-35)']);
  });

  it('does not bridge to a stray number after the last paragraph', async () => {
    const doc = await md(['Inspection of Leeds local authority children’s services', ...paras(10), 'Annex', '13\\. A stray list item.'].join('\n\n'));
    expect(doc.paragraphs.map((p) => p.number)).toEqual(Array.from({ length: 10 }, (_, k) => k + 1));
  });
});

describe('lead inspector', () => {
  it.each([
    ['Jane Smith (', 'Jane Smith'],
    ['Jane Smith (HMI)', 'Jane Smith'],
    ['Jane Smith, Her Majesty’s', 'Jane Smith'],
    ['Jenny-ellen Scotland, His Majesty’s Inspector', 'Jenny-ellen Scotland'],
  ])('%s', (raw, name) => {
    expect(cleanInspector(raw)).toBe(name);
  });
});
