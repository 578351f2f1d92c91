import { describe, expect, it } from 'vitest';
import { fragmentMap, fromRoles, headerRole, mapHeader, nextListLetter, refineWithData } from '../src/extract/plan/columns.js';

// Header rows exactly as the seeds have them (tab-separated cells).
const bd = (first: string, second: string, outcome = 'Performance/Outcome') =>
  [first, second, 'Strategic Lead', 'Operational Lead', 'Timescale (By When)', outcome, 'Progress to date and evidence of improvement'];

describe('column mapper', () => {
  it.each([
    ['Action', 'Description'],
    ['A', 'ction Description'],
    ['Actio', 'In Description'],
    ['Act', 'Ion Description'],
    ['A', 'Action Description'],
    ['Action Description', ''],
  ])('Barking and Dagenham header "%s | %s" -> id 0, description 1', (a, b) => {
    const m = mapHeader(bd(a, b))!;
    expect(m).not.toBeNull();
    expect([m.id, m.description, m.leads, m.due, m.outcome, m.progress, m.rag]).toEqual([0, 1, [2, 3], 4, 5, 6, null]);
  });

  it('reads "Outcome" (area 13) like "Performance/Outcome"', () => {
    expect(mapHeader(bd('Action Description', '', 'Outcome'))!.outcome).toBe(5);
  });

  it('maps the Harrow header (DOCX adds a Status column)', () => {
    const m = mapHeader([
      'Recommendations',
      'Outcomes required',
      'Lead Officer/ Executive Head',
      'Actions (what needs to happen to achieve the outcomes required)',
      'By When',
      'Progress Update',
      'Status',
    ])!;
    expect([m.recommendation, m.outcome, m.leads, m.description, m.due, m.progress, m.rag, m.id]).toEqual([0, 1, [2], 3, 4, 5, 6, null]);
  });

  it('maps the Brent header and finds its unnamed RAG column from the data', () => {
    const m = mapHeader(['Required Outcome', 'Actions', 'Lead', 'By when/Accountable to', 'Evidence of progress January 2012', ''])!;
    expect([m.outcome, m.description, m.leads, m.due, m.progress, m.rag]).toEqual([0, 1, [2], 3, 4, null]);
    const cells = (rows: string[][]) => rows.map((r) => r.map((text) => ({ text })));
    const refined = refineWithData(
      m,
      cells([
        ['x', 'a', 'b', 'c', 'd', 'G'],
        ['', 'a', '', '', 'd', 'Α'], // Greek capital alpha, as in the seed
        ['', 'a', '', '', 'd', 'A'],
      ]),
    );
    expect(refined.rag).toBe(5);
    expect(mapHeader(['Timescale: Immediate Required Outcome', 'Actions', 'Lead', 'By when/Accountable to', 'Evidence of progress January 2012'])!.outcome).toBe(0);
  });

  it('names roles by meaning', () => {
    expect(headerRole('Timescale (By When)')).toBe('due');
    expect(headerRole('By when/Accountable to')).toBe('due');
    expect(headerRole('Lead Officer/ Executive Head')).toBe('lead');
    expect(headerRole('Strategic Lead')).toBe('lead');
    expect(headerRole('Success measure')).toBe('outcome');
    expect(headerRole('Required Outcome')).toBe('outcome');
    expect(headerRole('Evidence of progress January 2012')).toBe('progress');
    expect(headerRole('Progress Update')).toBe('progress');
    expect(headerRole('RAG')).toBe('rag');
    expect(headerRole('Action No.')).toBe('id');
  });

  it('does not take a key table or the terms of reference for a plan header', () => {
    expect(mapHeader(['Divisional Director Targeted Services', 'DD TS', 'Youth Offending Team Manager', 'YOT Mgr'])).toBeNull();
    expect(mapHeader(['1.', 'Accountable to:', 'Portfolio Lead Member Leader of the Council'])).toBeNull();
    expect(mapHeader(['AREAS FOR IMPROVEMENT IDENTIFIED IN OFSTED REPORT', '', '', '', '', ''])).toBeNull();
  });
});

describe('column roles from the data', () => {
  const cells = (rows: string[][], shading: Record<number, string> = {}) => rows.map((r) => r.map((text, c) => ({ text, shading: shading[c] })));

  it('reads a header word the conversion broke ("Actio n no") joined', () => {
    expect(headerRole('Actio n no')).toBe('id');
    expect(headerRole('Target date')).toBe('due');
    expect(headerRole('Owner')).toBe('lead');
    expect(headerRole('Measure of success')).toBe('outcome');
    expect(headerRole('Update')).toBe('progress');
    expect(headerRole('Status')).toBe('rag');
  });

  it('tells the recommendation number from the action number by which one repeats', () => {
    const m = mapHeader(['Ref', 'Actio n no', 'Action', 'Lead', 'Completion date', 'RAG'])!;
    const r = refineWithData(m, cells([
      ['1', '1.1', 'Audit every case', 'Ann Graham', 'May 2014', 'G'],
      ['1', '1.2', 'Develop a strategy', 'Ann Graham', 'July 2014', 'B'],
      ['2', '2.1', 'Write to partners', 'Helen Jenner', 'Nov 2014', 'G'],
    ]));
    expect([r.ref, r.id, r.description]).toEqual([0, 1, 2]);
  });

  it('tells them apart by the data when the header puts the action number first and the Ref column last', () => {
    // "No. | ... | Ref": the header takes the first number column for the recommendation's; the
    // data show the Ref staying the same on the rows where No. changes (issue 27, zk/zl layouts).
    const m = mapHeader(['Recommendation', '#', 'What we will do', 'Lead', 'Target', 'Status', 'Ref'])!;
    expect([m.ref, m.id]).toEqual([1, 6]);
    const rows = cells([
      ['S1 Ensure supervision', '1', 'Review supervision materials', 'Head of Service', 'March 2012', 'On track', 'S1'],
      ['S1 Ensure supervision', '2', 'Coaching workshops', 'Head of Service', 'April 2012', 'On track', 'S1'],
      ['S2 Improve quality', '1', 'Staff survey', 'Head of QA', 'May 2012', 'Held', 'S2'],
    ]);
    const r = refineWithData(m, rows);
    expect([r.ref, r.id]).toEqual([6, 1]);
    // Rows that cannot tell (one change each way) keep what the table before them decided.
    const few = cells([
      ['S15 Ensure', '1', 'Review', 'Head of Service', 'March 2012', 'On track', 'S15'],
      ['S16 Improve', '1', 'Survey', 'Head of QA', 'May 2012', 'Held', 'S16'],
      ['S16 Improve', '2', 'Audit', 'Head of QA', 'May 2012', 'Held', 'S16'],
    ]);
    expect([refineWithData(m, few).ref, refineWithData(m, few).id]).toEqual([1, 6]);
    expect([refineWithData(m, few, [], r).ref, refineWithData(m, few, [], r).id]).toEqual([6, 1]);
  });

  it('takes the action column of numbers ("Step | What we will do") for the number', () => {
    const m = mapHeader(['Area for Development', 'Step', 'What we will do', 'Who', 'When', 'Comments', 'RAG status'])!;
    const r = refineWithData(m, cells([
      ['a. Ensure that checks are made', 'i.', 'Audit every case', 'Ann Graham', 'May 2014', 'In place.', ''],
      ['', 'ii.', 'Develop a strategy', 'Ann Graham', 'July 2014', 'Completed.', ''],
    ]));
    expect([r.recommendation, r.id, r.description, r.leads, r.due, r.progress, r.rag]).toEqual([0, 1, 2, [3], 4, 5, 6]);
  });

  it('finds a RAG column given by colour alone', () => {
    const m = mapHeader(['Action', 'Lead', 'Due', 'Progress', ''])!;
    const r = refineWithData(m, cells([['Audit', 'Ann Graham', 'May 2014', 'In place.', ''], ['Plan', 'Ann Graham', 'July 2014', 'Done.', '']], { 4: '00B050' }));
    expect(r.rag).toBe(4);
  });

  it('is not fooled by a data row that mentions actions, progress and outcomes', () => {
    expect(mapHeader(['LAC9', 'Strengthen processes for monitoring progress', 'LAC9.3', 'CLA Life Chances Forum to ensure action is taken', 'SM CLA', '31.12.12', 'Outcome'])).toBeNull();
  });
});

describe('a piece of a plan table cut out with fewer columns (fragmentMap)', () => {
  // The plan table: Required Outcome | Actions | Lead | By when | Evidence of progress | RAG
  const plan = fromRoles(['outcome', 'description', 'lead', 'due', 'progress', 'rag']);
  const rows = (...r: string[][]) => r.map((cells) => cells.map((text) => ({ text })));

  it('puts a column of ratings on RAG and the text before it on progress (seed 000, lines 85-89)', () => {
    const m = fragmentMap(plan, rows(['', 'b. data to be compiled comparing conversion rates', 'A'], ['', 'c. A&c. First 6-monthly LSCB thresholds meeting', 'G'], ['', 'd. On hold', 'Α']), {
      description: '1. All families will receive the appropriate level of intervention',
      progress: 'A &C. LSCB thresholds group to sample audit 6 cases. a. Benchmarking across 5 localities',
    })!;
    expect(m.roles).toEqual([null, 'progress', 'rag']);
  });

  it('finds the action column by the lettered list it carries on (seed 000, lines 65-67)', () => {
    const m = fragmentMap(plan, rows(['c. Together with London Councils, developing more focused set of templates d. Strengthening', 'An independent audit of child protection plans has been commissioned. b. The advisers'], ['use of the Alert system, and through audit e. Multi-agency training on new', 'Brent Council will provide workshops via the LSCB.']), {
      description: 'Improve the quality of plans through the following actions: a. Training on analysis of risk b. Multi-agency training',
      progress: 'a. Signs of Safety training held Nov/Dec 11',
    })!;
    expect(m.roles).toEqual(['description', 'progress']);
  });

  it('keeps a number column with the number roles and right-aligns the rest (a PDF piece that lost an empty column)', () => {
    const pdfPlan = fromRoles(['ref', 'recommendation', 'id', 'description', 'lead', 'due', 'outcome', 'rag']);
    const m = fragmentMap(pdfPlan, rows(['LAC7', 'LAC7.5', 'Expand pool of foster-carers', 'Head of Care Planning', 'Will be included within the quarterly data set', 'Placement moves fall', 'G'], ['LAC7', 'LAC7.6', 'Review Adoption Panel processes', 'Head of Care Planning', 'Will be included within the quarterly data set', 'Placement moves fall', 'A']), null)!;
    expect(m.roles).toEqual(['ref', 'id', 'description', 'lead', 'due', 'outcome', 'rag']);
  });

  it('reads a one-row piece (the tail of a row cut by the page) by the cells it carries on', () => {
    // Harrow, cut: "LAC8. Ensure ... to reduce the" | 1 | "... reduce the risk of" | YOT Mgr., SM CLA | 27.9.12 | "Looked after children are supported t" | "(1) ... and"
    const harrow = fromRoles(['recommendation', 'id', 'description', 'lead', 'due', 'outcome', 'progress', 'rag']);
    const last = { recommendation: 'LAC8. Ensure an effective strategy is in place to reduce the', id: '1', description: 'develop a strategy to reduce the risk of', lead: 'YOT Mgr., SM CLA', due: '27.9.12', outcome: 'Looked after children are supported to', progress: '(1) Strategy drafted and' };
    const m = fragmentMap(harrow, rows(['risk of looked after children offending', 'looked after children offending as part of the YOT Improvement Plan', 'prevent offending and re-offending.', 'and establish improved working together']), last)!;
    expect(m.roles).toEqual(['recommendation', 'description', 'outcome', 'progress']);
    // nothing the row could carry on: no map (the table is reported as not read)
    expect(fragmentMap(plan, rows(['child protection plan has ceased.', '']), null)).toBeNull();
    expect(fragmentMap(plan, rows(['one', 'two', 'three']), { description: 'Finished.', progress: 'Done.' })).toBeNull();
  });

  it('is no map for a table as wide as the plan', () => {
    expect(fragmentMap(plan, rows(['a', 'b', 'c', 'd', 'e', 'f'], ['a', 'b', 'c', 'd', 'e', 'f']), null)).toBeNull();
  });

  it('knows the next letter of a list', () => {
    expect(nextListLetter('through: a. Training b. Multi-agency training')).toBe('c');
    expect(nextListLetter('a) Support plans are being reviewed')).toBe('b');
    expect(nextListLetter('No list here.')).toBeNull();
  });
});
