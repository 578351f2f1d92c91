/**
 * Area SEND inspection reports (issue 18, item 2): the outcome sentences, the inspection team,
 * the responsible bodies, items a one-column table ran together, and whole reports (a real 2023
 * PDF, the made-up 2016-22 letter, a report whose outcome is none of the three).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outcomeGrade, parseTeam, responsibleOf, splitAtRowGaps, splitBodies, writtenStatementGrade } from '../src/extract/send.js';
import type { Unit } from '../src/extract/units.js';
import { extractFile } from '../src/ingest.js';
import { validateDocument } from '../src/validate/semantic.js';
import { fixture, tmp } from './helpers.js';

describe('area SEND outcome sentences (2023 framework)', () => {
  it('reads each of the three outcomes as published', () => {
    expect(outcomeGrade('The local area partnership’s special educational needs and/or disability (SEND) arrangements typically lead to positive experiences and outcomes for children and young people with SEND. The local area partnership is taking action where improvements are needed.')).toBe('positive_experiences');
    expect(outcomeGrade('The local area partnership’s arrangements lead to inconsistent experiences and outcomes for children and young people with special educational needs and/or disabilities (SEND). The local area partnership must work jointly to make improvements.')).toBe('inconsistent_experiences');
    expect(outcomeGrade('There are widespread and/or systemic failings leading to significant concerns about the experiences and outcomes of children and young people with special educational needs and/or disabilities (SEND), which the local area partnership must address urgently.')).toBe('significant_concerns');
  });
  it('gives no grade to any other sentence', () => {
    expect(outcomeGrade('The next full area SEND inspection will be within approximately 3 years.')).toBeNull();
    expect(outcomeGrade('The local area partnership’s arrangements are good.')).toBeNull();
  });
});

describe('written statement of action (2016-2022)', () => {
  it('required, and not required', () => {
    expect(writtenStatementGrade('Her Majesty’s Chief Inspector (HMCI) has determined that a Written Statement of Action is required because of significant areas of weakness in the area’s practice.')).toBe('written_statement_required');
    expect(writtenStatementGrade('The local area is not required to produce and submit a Written Statement of Action to Ofsted.')).toBe('written_statement_not_required');
    expect(writtenStatementGrade('This letter outlines our findings from the inspection.')).toBeNull();
  });
});

describe('inspection team', () => {
  it('run together in one paragraph, the Ofsted lead first', () => {
    const t = parseTeam('Ofsted ; Care Quality Commission ; Kieran Bird HMI, Ofsted Lead inspector Gerry Bates, CQC Lead inspector Lize Whittle, Ofsted Inspector Lea Pickerill, CQC Inspector Nicki Shaw HMI, Ofsted Inspector');
    expect(t.lead).toBe('Kieran Bird');
    expect(t.inspectors).toEqual(['Kieran Bird', 'Gerry Bates', 'Lize Whittle', 'Lea Pickerill', 'Nicki Shaw']);
  });
  it('in table cells, roles after the body', () => {
    const t = parseTeam('Ofsted ; Care Quality Commission ; Gaynor Roberts, Ofsted HMI, lead inspector ; Lesley Perry, CQC lead inspector ; Andrew Wright, Ofsted HMI ; Tessa Valpy, CQC inspector ; Anna Gravelle, Ofsted HMI');
    expect(t.lead).toBe('Gaynor Roberts');
    expect(t.inspectors).toEqual(['Gaynor Roberts', 'Lesley Perry', 'Andrew Wright', 'Tessa Valpy', 'Anna Gravelle']);
  });
});

describe('responsible bodies', () => {
  it('splits a "Responsible body" cell into bodies, not a body’s own name', () => {
    expect(splitBodies('Bexley Council and South East London ICB')).toEqual(['Bexley Council', 'South East London ICB']);
    expect(splitBodies('Hertfordshire County Council and NHS Hertfordshire and West Essex Integrated Care Board')).toEqual(['Hertfordshire County Council', 'NHS Hertfordshire and West Essex Integrated Care Board']);
    expect(splitBodies('Plymouth City Council, NHS Devon Integrated Care Board, school and college leaders.')).toEqual(['Plymouth City Council', 'NHS Devon Integrated Care Board', 'school and college leaders']);
    expect(splitBodies('North Northamptonshire Council, NHS Northamptonshire Integrated Care Board and Northamptonshire Children’s Trust')).toEqual(['North Northamptonshire Council', 'NHS Northamptonshire Integrated Care Board', 'Northamptonshire Children’s Trust']);
  });
  it('reads the subject of an area for improvement', () => {
    expect(responsibleOf('The LAP should continue to strengthen its work to further reduce the delays in accessing CAMHS.')).toEqual(['The LAP']);
    expect(responsibleOf('Leaders across education, health and social care should ensure that the annual review process results in EHC plans.')).toEqual(['Leaders across education, health and social care']);
    expect(responsibleOf('Children’s NHS and local authority integrated commissioners should ensure that expectant mothers receive the mandated ante natal contact.')).toEqual(['Children’s NHS and local authority integrated commissioners']);
    expect(responsibleOf('The local authority and the ICB should improve the timeliness of EHC plans.')).toEqual(['The local authority', 'the ICB']);
    expect(responsibleOf('They should particularly focus on ensuring that:')).toEqual([]);
  });
});

describe('items a one-column table ran into one paragraph', () => {
  // Greenwich 2023, "Areas for improvement": the rows' lines as the PDF reader gives them.
  const lines = [
    [149.7, 'Leaders across education, health and social care should ensure that the annual review'],
    [164.1, 'process results in EHC plans that reflect the child or young person’s current needs,'],
    [178.6, 'aspirations and objectives.'],
    [193.6, 'Children’s NHS and local authority integrated commissioners should ensure that'],
    [208.1, 'expectant mothers receive the mandated ante natal contact in line with the healthy'],
    [222.5, 'child programme.'],
  ] as const;
  const unit = (ls: ReadonlyArray<readonly [number, string]>): Unit => {
    const text = ls.map((l) => l[1]).join(' ');
    const loc = { page: 6, line: null, block: null };
    return { index: 0, kind: 'paragraph', text, cells: null, loc, level: 0, bullet: false, block: { type: 'paragraph', text, loc, lines: ls.map(([y, t]) => ({ text: t, loc, x: 62.4, y, fontSize: 12 })) } };
  };
  it('splits where a sentence ends at a wider gap', () => {
    const parts = splitAtRowGaps(unit(lines));
    expect(parts).toHaveLength(2);
    expect(parts[1]).toMatch(/^Children’s NHS/);
  });
  it('keeps a paragraph whose lines are evenly spaced', () => {
    const even = lines.map(([y, t], i) => [149.7 + 15 * i, t] as const);
    expect(splitAtRowGaps(unit(even))).toHaveLength(1);
  });
});

describe('whole area SEND reports', () => {
  it('a 2023 report with a priority action table is a report, not an action plan', async () => {
    const doc = await extractFile(fixture('send', 'bexley_2024-02-23.pdf'));
    expect(doc.document.kind).toBe('inspection_report');
    expect(doc.document.framework).toBe('area_send');
    expect(doc.document.localAuthorityCode).toBe('303');
    expect(doc.document.partnership).toBe('Bexley Local Area Partnership');
    expect([doc.document.inspectionStart, doc.document.inspectionEnd]).toEqual(['2023-12-04', '2023-12-08']);
    expect(doc.judgements.map((j) => [j.area, j.grade])).toEqual([['send_outcome', 'significant_concerns']]);
    const pa = doc.recommendations.filter((r) => r.kind === 'priority_action');
    expect(pa).toHaveLength(3);
    expect(pa[0]!.responsible).toEqual(['Bexley Council', 'South East London ICB']);
    expect(pa.every((r) => r.loc.page === 6)).toBe(true);
    expect(doc.recommendations.filter((r) => r.kind === 'area_for_improvement')).toHaveLength(2);
    expect(doc.actions).toEqual([]);
    expect(validateDocument(doc).filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('the made-up 2016-22 letter: written statement required, weaknesses and areas for development', async () => {
    const doc = await extractFile(fixture('send', 'made-up-local-area-send-2017.md'));
    expect(doc.document.framework).toBe('local_area_send');
    expect(doc.document.localAuthorityCode).toBe('857');
    expect(doc.document.publicationDate).toBe('2017-12-14');
    expect([doc.document.inspectionStart, doc.document.inspectionEnd]).toEqual(['2017-10-30', '2017-11-03']);
    expect(doc.judgements.map((j) => j.grade)).toEqual(['written_statement_required']);
    expect(doc.recommendations.filter((r) => r.kind === 'priority_action').map((r) => r.text)).toEqual([
      'the lack of strategic leadership of the reforms across education, health and care',
      'the poor quality of education, health and care plans',
      'the weak joint commissioning arrangements',
    ]);
    expect(doc.recommendations.filter((r) => r.kind === 'area_for_improvement')).toHaveLength(3);
    expect(doc.document.leadInspector).toBe('John Made-Up');
  });

  it('an outcome sentence that is none of the three: no judgement, a warning quoting it, no validation error', async () => {
    const dir = tmp();
    const file = join(dir, 'odd-outcome.md');
    writeFileSync(
      file,
      [
        '# Area SEND inspection of Rutland Local Area Partnership',
        '',
        'Inspection dates: 6 to 10 February 2023',
        '',
        '## Inspection outcome',
        '',
        'The local area partnership’s arrangements are under review by the partnership board.',
        '',
        '## Areas for improvement',
        '',
        'Leaders across the partnership should improve the quality of EHC plans.',
        '',
      ].join('\n'),
    );
    const doc = await extractFile(file);
    expect(doc.document.framework).toBe('area_send');
    expect(doc.judgements).toEqual([]);
    const w = doc.warnings.find((x) => x.code === 'send_outcome_unrecognised');
    expect(w?.message).toContain('"The local area partnership’s arrangements are under review by the partnership board."');
    expect(validateDocument(doc).filter((i) => i.severity === 'error')).toEqual([]);
    expect(doc.recommendations.map((r) => [r.kind, r.responsible])).toEqual([['area_for_improvement', ['Leaders across the partnership']]]);
  });

  it('a 2016-22 revisit: no grade fits, its progress sentence is kept in a warning', async () => {
    const dir = tmp();
    const file = join(dir, 'revisit.md');
    writeFileSync(
      file,
      [
        '# Joint local area SEND revisit in Rutland',
        '',
        'Between 4 March 2019 and 6 March 2019, Ofsted and the Care Quality Commission (CQC) revisited the local area of Rutland to decide whether sufficient progress has been made in addressing each of the areas of significant weakness.',
        '',
        'As a result of the findings of this revisit, HMCI has determined that the area has not made sufficient progress in addressing all of the significant weaknesses identified at the initial inspection.',
        '',
      ].join('\n'),
    );
    const doc = await extractFile(file);
    expect(doc.document.framework).toBe('local_area_send');
    expect(doc.document.localAuthorityCode).toBe('857');
    expect([doc.document.inspectionStart, doc.document.inspectionEnd]).toEqual(['2019-03-04', '2019-03-06']);
    expect(doc.judgements).toEqual([]);
    expect(doc.warnings.find((w) => w.code === 'send_revisit_progress')?.message).toMatch(/not made sufficient progress/);
  });
});
