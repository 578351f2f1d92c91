import { describe, expect, it } from 'vitest';
import type { Loc, TableBlock, TableCell } from '../src/layout/types.js';
import { toGrid, valueOf } from '../src/extract/plan/grid.js';
import { mapHeader } from '../src/extract/plan/columns.js';
import { partPrefix, recLabel, splitTimescale } from '../src/extract/plan/context.js';
import { joinSplitLabel, lineWrapped, rowRole, viewRow } from '../src/extract/plan/rows.js';
import { fillFromList, overlap } from '../src/extract/plan/reclist.js';
import type { RecState } from '../src/extract/plan/assemble.js';
import { alignedTables } from '../src/readers/pdf/aligned.js';
import { extractActionPlan } from '../src/extract/action-plan.js';
import type { Block } from '../src/layout/types.js';
import { isCutRow, joinContinuedTables } from '../src/readers/pdf/continued.js';
import type { LineUnit, PageLine, TableUnit } from '../src/readers/pdf/types.js';

const loc: Loc = { page: null, line: 1, block: null };
const cell = (text: string, rowSpan = 1, colSpan = 1): TableCell => ({ text, paragraphs: text ? text.split('\n') : [], rowSpan, colSpan, loc });
const table = (rows: TableCell[][]): TableBlock => ({ type: 'table', loc, rows: rows.map((cells) => ({ cells, loc })) });

describe('stage 1: grid', () => {
  it('knows a merged cell on every row it covers, and how many rows it covers', () => {
    const grid = toGrid(
      table([
        [cell('Recommendation'), cell('Action'), cell('Lead')],
        [cell('1. Ensure that sufficient checks are made', 2), cell('Audit every case'), cell('Ann Graham')],
        [cell('Develop a strategy'), cell('Beverley Hendricks')],
      ]),
    );
    expect(grid[2]!.slots.map((s) => s.text)).toEqual(['', 'Develop a strategy', 'Beverley Hendricks']);
    expect(valueOf(grid[2]!.slots[0])).toBe('1. Ensure that sufficient checks are made');
    expect(grid[2]!.slots[0]!.mergedFromAbove).toBe(true);
    expect(grid[1]!.slots[0]!.rows).toBe(2);
  });
});

describe('stage 3: row roles', () => {
  const map = mapHeader(['Recommendation', 'Action', 'Lead', 'By when'])!;
  it('tells a banner across the table from a section title and a data row', () => {
    const g = toGrid(
      table([
        [cell('Recommendation 2: Improve the quality of referrals', 1, 4)],
        [cell('SAFEGUARDING', 1, 4)],
        [cell(''), cell('Write to all partners'), cell('Helen Jenner'), cell('Nov 2014')],
        [cell('Recommendation'), cell('Action'), cell('Lead'), cell('By when')],
      ]),
    );
    const banner = rowRole(g[0]!, map);
    expect(banner.role).toBe('banner');
    expect(banner.banner?.ref).toBe('2');
    expect(rowRole(g[1]!, map)).toEqual({ role: 'banner', banner: null });
    expect(rowRole(g[2]!, map).role).toBe('data');
    expect(rowRole(g[3]!, map).role).toBe('header');
    const v = viewRow(g[2]!, map);
    expect([v.desc, v.leads, v.due]).toEqual([['Write to all partners'], ['Helen Jenner'], 'Nov 2014']);
  });

  it('reads a multi-level number opening the action cell as the action\'s number where no column numbers the actions (fresh3 u2r)', () => {
    const g = toGrid(
      table([
        [cell('Recommendation'), cell('Action'), cell('Lead'), cell('By when')],
        [cell('1. Ensure that sufficient checks are made'), cell('1.2 Review the protocol'), cell('Helen Jenner'), cell('Nov 2014')],
        [cell(''), cell('S2.3. Audit every case'), cell('Helen Jenner'), cell('Nov 2014')],
        [cell(''), cell('31.10.12 (this fits in with the local guidance)'), cell(''), cell('')],
        [cell(''), cell('1.1 Train staff\n1.2 Audit cases'), cell(''), cell('')],
      ]),
    );
    expect([viewRow(g[1]!, map).id, viewRow(g[1]!, map).desc]).toEqual(['1.2', ['Review the protocol']]);
    expect(viewRow(g[2]!, map).id).toBe('S2.3');
    // a date is not a number; a cell listing numbered items is left to the list rules
    expect(viewRow(g[3]!, map).id).toBe('');
    expect(viewRow(g[4]!, map).id).toBe('');
    // with a number column, the cell's text is kept as written
    const withNo = mapHeader(['No.', 'Action', 'Lead', 'By when'])!;
    expect(viewRow(toGrid(table([[cell('1'), cell('1.2 Review the protocol'), cell('Ann Graham'), cell('Nov 2014')]]))[0]!, withNo).desc).toEqual(['1.2 Review the protocol']);
  });

  it('takes a group row repeated over the column titles for a header, not an action', () => {
    // A two-row header repeated on every page of a PDF (the reader marks the repeats).
    const k = mapHeader(['Recommendation', 'Key actions', 'Lead', 'Date', 'Success criteria', 'Update', 'Status'])!;
    const rows = [
      [cell('What the inspectors said'), cell('What we will do'), cell('Delivery'), cell(''), cell('How we will know'), cell(''), cell('')],
      [cell(''), cell('Develop TOR for newly established children\'s access team executive board'), cell('LSCB Chair'), cell('31/10/12'), cell(''), cell(''), cell('')],
      [cell('(S4) Ensure that assessments focus on the experience of the child'), cell('Practice directive to be provided'), cell('DD TS'), cell('31.8.12'), cell(''), cell(''), cell('')],
    ];
    const t = table(rows);
    for (const r of t.rows) r.header = true;
    const g = toGrid(t);
    expect(rowRole(g[0]!, k).role).toBe('header');
    // Rows marked as header that hold a recommendation or a sentence are still read.
    expect(rowRole(g[1]!, k).role).toBe('data');
    expect(rowRole(g[2]!, k).role).toBe('data');
  });
});

describe('stage 3: rows a conversion broke', () => {
  it('joins a label cut over two rows, whatever its words ("13.Area for" / "Development")', () => {
    expect(joinSplitLabel(['13.Area for', 'The targeted use of the Crisis Intervention team is successful'], ['Development', 'However, there is no longitudinal review.'])?.cells[0]).toBe('13.Area for Development');
    expect(joinSplitLabel(['8. Ofsted', 'The council to improve monitoring'], ['Recommendation:', 'points.'])?.cells[0]).toBe('8. Ofsted Recommendation:');
    // a label whole on its row, or a next row that is not the rest of a label: nothing to join
    expect(joinSplitLabel(['7. Area for Development', 'The LSCB to engage'], ['Required Outcome', 'Actions'])).toBeNull();
    expect(joinSplitLabel(['3. Review the policy', 'Head of Service'], ['Quarterly', 'Report'])).toBeNull();
  });

  it('knows a table printed one row per line (seed 000, lines 226-254) from one with short actions', () => {
    const map = mapHeader(['Required Outcome', 'Actions', 'Lead', 'By when'])!;
    const wrapped = toGrid(
      table(
        [
          ['Care plans for children', '1. Care Planning systems to be', 'Head of Care', 'All actions to be'],
          ['and young people are', 'strengthened through the', 'Planning, Head of', 'implemented by'],
          ['focused, specific and', 'following actions:', 'Legal Services', 'March 2012'],
          ['include the', 'a. Review of current care', '', 'Progress to be'],
          ['consideration of all', 'planning policies and', '', 'reported to DMT'],
          ['relevant background', 'processes to ensure that', '', 'March 2012.'],
          ['', 'b. Strengthen joint planning', '', ''],
          ['Care plans', 'arrangements with Legal', '', ''],
        ].map((r) => r.map((t) => cell(t))),
      ),
    );
    expect(lineWrapped(wrapped, map)).toBe(true);
    const short = toGrid(
      table(['Review supervision policy', 'Audit case files', 'Train managers', 'Appoint a lead', 'Write the strategy', 'Report to the board'].map((a) => [cell('Better supervision'), cell(a), cell('Head of Service'), cell('March 2013')])),
    );
    expect(lineWrapped(short, map)).toBe(false);
  });
});

describe('stage 4: recommendation labels in every scheme', () => {
  it.each([
    ['Recommendation S1: Ensure processes are clear', 'S1', 'Ensure processes are clear'],
    ['Area for Improvement (3): Ensure that strategy discussions are focused', '3', 'Ensure that strategy discussions are focused'],
    ['AFI 3 Ensure that all children are seen', '3', 'Ensure that all children are seen'],
    ['3. Ofsted Recommendation: Timescale: Within 3 months (end February 2012)', '3', ''],
    ['(LAC5) Ensure all social workers have a plan', 'LAC5', 'Ensure all social workers have a plan'],
    ['(9) Write to all LSCB members', '9', 'Write to all LSCB members'],
    ['S2. The local council should ensure', 'S2', 'The local council should ensure'],
    ['1.1 Audit every case', '1.1', 'Audit every case'],
    ['1 Ensure that sufficient checks are made', '1', 'Ensure that sufficient checks are made'],
    ['a. Ensure that checks are made', 'a', 'Ensure that checks are made'],
    ['xviii. Ensure that conferences are held', 'xviii', 'Ensure that conferences are held'],
  ])('%s', (text, ref, rest) => {
    expect(recLabel(text)).toMatchObject({ ref, text: rest });
  });

  it('reads an Ofsted timescale in front of the label', () => {
    expect(recLabel('Within 3 months (S3) NHS Harrow to ensure engagement')).toMatchObject({ ref: 'S3', timescaleRaw: 'Within 3 months' });
    expect(splitTimescale('Immediate')).toEqual({ timescaleRaw: 'Immediate', rest: '' });
  });

  it('in strict mode, takes a sentence that starts with a number for no label', () => {
    expect(recLabel('12 months on, the service has improved', true)).toBeNull();
    expect(recLabel('Ofsted Recommendations - Safeguarding', true)).toBeNull();
  });

  it('names a plan part for refs that restart in each part', () => {
    expect(partPrefix('Safeguarding Recommendations:')).toBe('S');
    expect(partPrefix('4. Looked After Children Recommendations:')).toBe('LAC');
    expect(partPrefix('Safeguarding: Additional Areas for Development')).toBe('S-AD');
    expect(partPrefix('Action Plan in response to the Ofsted/Care Quality Commission Safeguarding and Looked after Children Inspection')).toBeNull();
  });
});

describe("stage 6: the plan's own list of recommendations", () => {
  const rec = (ref: string | null, text: string, actions = 1): RecState => ({
    ref,
    timescaleRaw: null,
    text: text ? [text] : [],
    outcomes: [],
    loc,
    actions: Array.from({ length: actions }, () => ({}) as RecState['actions'][number]),
    from: 'column',
    key: '',
    part: null,
  });
  const items = [
    'Ensure processes and thresholds for considering legal action are timely and understood by all key staff',
    'The local council and NHS Harrow should ensure that multi-agency planning is initiated before 34 weeks',
    'NHS Harrow to ensure there is appropriate engagement of health services in the access service',
    'The local authority should ensure that all looked after children have access to timely health assessments',
    'Ensure supervision processes provide sufficient reflection and challenge',
  ].map((text) => ({ text, loc }));

  it('numbers a group with no text from its neighbour and the item before it', () => {
    const recs = [rec(null, '', 3), rec('S2', items[1]!.text), rec('S3', items[2]!.text)];
    const warnings: string[] = [];
    fillFromList(recs, items, (code) => warnings.push(code));
    expect(recs[0]!.ref).toBe('S1');
    expect(recs[0]!.text).toEqual([items[0]!.text]);
    expect(warnings).toEqual(['plan_recommendation_from_list']);
  });

  it('numbers a truncated one from the gap between its neighbours and takes the full text', () => {
    const recs = [rec('LAC2', items[2]!.text), rec(null, 'should ensure that all looked after children have access to timely health assessments', 10), rec('LAC4', items[4]!.text)];
    fillFromList(recs, items, () => undefined);
    expect(recs[1]!.ref).toBe('LAC3');
    expect(recs[1]!.text).toEqual([items[3]!.text]);
  });

  it('leaves a group unlinked when nothing confirms a number', () => {
    const recs = [rec('1', 'Something else entirely'), rec(null, 'Text that is in no list at all, about staffing', 2)];
    fillFromList(recs, items, () => undefined);
    expect(recs[1]!.ref).toBeNull();
    expect(overlap('timely health assessments', items[3]!.text)).toBe(1);
  });
});

describe('PDF tables without rules (columns from text alignment)', () => {
  const line = (y: number, segs: Array<[number, string]>): PageLine => {
    const s = segs.map(([x, text]) => ({ x, x2: x + text.length * 4, text, fontSize: 9, bold: false }));
    return { page: 1, y, x: s[0]!.x, x2: s[s.length - 1]!.x2, fontSize: 9, bold: false, segs: s, text: segs.map((p) => p[1]).join(' ') };
  };
  // Rows from the borderless Barking rendering: cells wrap over several lines, no gaps between rows.
  const lines = [
    line(100, [[42, 'Recommendation'], [175, 'No'], [201, 'Description'], [379, 'Responsible'], [458, 'Deadline']]),
    line(110, [[42, '1 Ensure that checks'], [175, '1'], [201, 'Audit every Police'], [379, 'Ann Graham,'], [458, 'May 2014 to']]),
    line(120, [[42, 'are undertaken'], [201, 'Protection case'], [379, 'Teresa De Vito'], [458, 'March 2016']]),
    line(130, [[175, '2'], [201, 'Develop Police'], [379, 'Ann Graham'], [458, 'July 2014']]),
    line(140, [[175, '3'], [201, 'Police colleagues'], [379, 'Tony Kirk'], [458, 'From July']]),
    line(150, [[201, 'to ensure that'], [458, '2014']]),
  ];

  it('finds the columns and starts a row where a cell begins or a number is given', () => {
    const [t] = alignedTables(lines);
    expect(t).toBeDefined();
    expect(t!.table.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['Recommendation', 'No', 'Description', 'Responsible', 'Deadline'],
      ['1 Ensure that checks are undertaken', '1', 'Audit every Police Protection case', 'Ann Graham, Teresa De Vito', 'May 2014 to March 2016'],
      ['', '2', 'Develop Police', 'Ann Graham', 'July 2014'],
      ['', '3', 'Police colleagues to ensure that', 'Tony Kirk', 'From July 2014'],
    ]);
  });

  it('keeps a column that holds only the header rows on a page (a cell merged down from the page before)', () => {
    const page = [
      line(44.9, [[42, 'What the inspectors said'], [180, 'What we will do'], [364, 'Delivery'], [484, 'How we will know']]),
      line(55.8, [[42, 'Recommendation'], [180, 'Key actions'], [364, 'Lead'], [433, 'Date'], [484, 'Success criteria'], [604, 'Update'], [761, 'Status']]),
      line(66.6, [[484, "children's workforce culture"]]),
      line(77.0, [[180, 'C&F Commission training on the new'], [364, 'SM QA'], [433, '27.9.12'], [484, 'Supervision records clearly'], [604, '(2) Completed: Morning Lane'], [761, 'Completed']]),
      line(87.3, [[180, 'supervision policy and requirements of'], [484, 'evidence analysis of']]),
      line(97.7, [[180, 'All agencies to review their own'], [364, 'Imp. Board'], [433, '31.12.12'], [484, 'Supervision records clearly'], [604, '(3) Section 11 audits']]),
      line(108.0, [[180, 'Undertake a follow up audit of'], [364, 'SM QA'], [433, '31.3.13'], [484, 'Supervision records clearly'], [604, '(4) Held: Will follow'], [761, 'Held']]),
    ];
    const full: [number, number] = [36, 806];
    const borders: Record<number, Array<[number, number]>> = { 55.8: [full], 66.6: [full], 77.0: [[174, 806]], 97.7: [[174, 806]], 108.0: [[174, 806]] };
    const [t] = alignedTables(page, (_a, b) => borders[b.y] ?? []);
    expect(t?.from).toBe(0);
    expect(t!.table.grid!.xs.slice(0, -1)).toEqual([42, 180, 364, 433, 484, 604, 761]);
    expect(t!.table.rows[1]!.cells.map((c) => c.text)).toEqual(['Recommendation', 'Key actions', 'Lead', 'Date', 'Success criteria', 'Update', 'Status']);
  });

  it('merges a cell down where the row borders drawn between the lines do not cross its column', () => {
    // Horizontal rules only: the border under each action starts right of the Recommendation column.
    const rows = [
      line(106.6, [[42, '(S1) Ensure processes and'], [180, 'Write to all LSCB members'], [364, 'DCS'], [433, '30.9.12']]),
      line(116.9, [[42, 'thresholds for considering'], [180, 'unhappy with decisions.']]),
      line(127.3, [[42, 'are timely, efficient and clearly']]),
      line(137.6, [[42, 'understood by all key staff'], [180, 'Develop an access of care service'], [364, 'DD TS'], [433, '31.12.12']]),
      line(148.0, [[42, '(S2) The local council, NHS'], [180, 'Revise multi-agency pre-birth protocol'], [364, 'LSCB SP'], [433, '27.9.12.']]),
    ];
    const borders: Record<number, Array<[number, number]>> = { 137.6: [[174, 806]], 148.0: [[36, 806]] };
    const [t] = alignedTables(rows, (_a, b) => borders[b.y] ?? []);
    const out = t!.table.rows.map((r) => r.cells.map((c) => [c.text, c.rowSpan ?? 1]));
    expect(out).toEqual([
      [['(S1) Ensure processes and thresholds for considering are timely, efficient and clearly understood by all key staff', 2], ['Write to all LSCB members unhappy with decisions.', 1], ['DCS', 1], ['30.9.12', 1]],
      [['Develop an access of care service', 1], ['DD TS', 1], ['31.12.12', 1]],
      [['(S2) The local council, NHS', 1], ['Revise multi-agency pre-birth protocol', 1], ['LSCB SP', 1], ['27.9.12.', 1]],
    ]);
  });

  it('takes a column only the header names on a page (an empty Status column) from the header row', () => {
    const page = [
      line(44.9, [[42, 'What the inspectors said'], [180, 'What we will do'], [364, 'Delivery'], [484, 'How we will know']]),
      line(55.8, [[42, 'Recommendation'], [180, 'Key actions'], [364, 'Lead'], [433, 'Date'], [484, 'Success criteria'], [604, 'Update'], [761, 'Status']]),
      line(66.2, [[42, '(LAC8) Ensure an effective'], [180, 'In conjunction with partners'], [364, 'YOT Mgr.'], [433, '27.9.12'], [484, 'Looked after children'], [604, '(1) YOT Improvement Plan']]),
      line(76.6, [[42, 'strategy is in place'], [180, 'to reduce the risk of'], [364, 'SM CLA'], [484, 'supported to prevent'], [604, 'prioritises LAC in all']]),
      line(87.0, [[42, '(LAC9) Strengthen processes'], [180, 'Beyond Limits to review'], [364, 'SM QA'], [433, '27.9.12'], [484, "The Harrow Children's"], [604, '(1) Corporate Parenting']]),
    ];
    const [t] = alignedTables(page, (_a, b) => ([55.8, 66.2, 87.0].includes(b.y) ? [[36, 806]] : []));
    expect(t?.from).toBe(0);
    expect(t!.table.grid!.xs.slice(0, -1)).toEqual([42, 180, 364, 433, 484, 604, 761]);
    expect(t!.table.rows[1]!.cells.map((c) => c.text)).toEqual(['Recommendation', 'Key actions', 'Lead', 'Date', 'Success criteria', 'Update', 'Status']);
  });

  it('ends a header row set in bold where the text below it is not bold, with no rule between them', () => {
    const bold = (l: PageLine): PageLine => ({ ...l, bold: true, segs: l.segs.map((s) => ({ ...s, bold: true })) });
    const page = [
      bold(line(44.9, [[42, 'What the inspectors said'], [180, 'What we will do'], [364, 'Delivery'], [484, 'How we will know']])),
      bold(line(55.8, [[42, 'Recommendation'], [180, 'Key actions'], [364, 'Lead'], [433, 'Date'], [484, 'Success criteria']])),
      line(66.6, [[42, 'participation of health'], [180, 'inform the overall shape of the'], [484, 'door for children in need']]),
      line(77.0, [[42, "services in the children's"], [180, "Children's Access Service."], [484, 'which ensures that']]),
      line(87.3, [[180, 'Develop TOR for newly established'], [364, 'LSCB Chair'], [433, '31/10/12'], [484, 'An effective integrated']]),
    ];
    const [t] = alignedTables(page);
    expect(t!.table.rows.map((r) => r.cells[0]!.text)).toEqual(['What the inspectors said', 'Recommendation', "participation of health services in the children's", '']);
  });

  it('opens a table at the top of a page with the rest of a cell cut by the page break', () => {
    const page = [
      line(44.9, [[484, 'for children']]),
      line(55.8, [[180, 'C&F Commission training on the new'], [364, 'SM QA'], [433, '27.9.12'], [484, 'Supervision records clearly'], [604, '(2) Completed: Morning Lane']]),
      line(66.1, [[180, 'supervision policy and requirements of'], [484, 'evidence analysis of'], [604, 'training programme has already']]),
      line(76.5, [[180, 'All agencies to review their own'], [364, 'Imp. Board'], [433, '31.12.12'], [484, 'Supervision records clearly'], [604, '(3) Section 11 audits']]),
      line(86.8, [[180, 'Undertake a follow up audit of'], [364, 'SM QA'], [433, '31.3.13'], [484, 'Supervision records clearly'], [604, '(4) Will be completed']]),
    ];
    const rows = (ls: PageLine[]) => alignedTables(ls, (_a, b) => (b.y === 44.9 ? [] : [[174, 806]]));
    const [t] = rows(page);
    expect(t?.from).toBe(0);
    expect(t!.table.rows[0]!.cells.map((c) => c.text)).toEqual(['', '', '', 'for children', '']);
    // Not below other text: there the line is not the table's.
    const [u] = rows([line(30, [[42, 'Table 3: supervision actions and their progress']]), ...page]);
    expect(u?.from).toBe(2);
  });

  it('keeps a column of the page that one table leaves empty in every row, so it has the columns of the table beside it', () => {
    const page = [
      line(60, [[42, 'Ref'], [73, 'Action'], [270, 'Lead officer'], [340, 'Success measure'], [450, 'Progress to date']]),
      line(80, [[42, 'Recommendation S1: Ensure processes and thresholds for considering legal action are timely']]),
      line(100, [[42, '1.1'], [73, 'Write to all LSCB members'], [270, 'DCS'], [450, '(9) Being drafted']]),
      line(110, [[42, '1.2'], [73, 'Develop an access of care service'], [270, 'DD TS'], [450, '(10) Underway']]),
      line(120, [[42, '1.3'], [73, 'Meeting between legal and targeted'], [270, 'DD TS'], [450, '(11) Meeting arranged']]),
      line(140, [[42, 'Recommendation S2: The local council should ensure that pre-birth planning starts early']]),
      line(160, [[42, '2.1'], [73, 'Revise multi-agency pre-birth protocol'], [270, 'LSCB SP'], [340, 'Timely planning.'], [450, '(1) Awaiting sign-off']]),
      line(170, [[42, '2.2'], [73, 'Review hospital midwifery processes'], [270, 'LSCB SP'], [340, 'Timely planning.'], [450, '(2) Completed']]),
    ];
    const tables = alignedTables(page);
    const s1 = tables.find((t) => t.from === 2)!;
    expect(s1.table.grid!.xs.slice(0, -1)).toEqual([42, 73, 270, 340, 450]);
    expect(s1.table.rows[0]!.cells.map((c) => c.text)).toEqual(['1.1', 'Write to all LSCB members', 'DCS', '', '(9) Being drafted']);
  });

  it('reads a narrow number column whose marker the reader joined to the text beside it ("ii. Develop ...")', () => {
    // lines.ts keeps a marker and the text after it together (a hanging indent), with bodyX.
    const marked = (y: number, marker: string, rest: Array<[number, string]>): PageLine => {
      const l = line(y, [[147, marker], ...rest]);
      const [m, t] = l.segs;
      return { ...l, bodyX: t!.x, segs: [{ ...t!, x: m!.x, text: `${m!.text} ${t!.text}` }, ...l.segs.slice(2)] };
    };
    const page = [
      line(101.8, [[42, 'Area for Development'], [147, 'Step'], [171, 'What we will do'], [309, 'Who'], [366, 'When']]),
      line(121.4, [[42, 'a. Ensure processes and'], [147, 'i.'], [171, 'Write to all LSCB members to'], [309, 'DCS'], [366, '30.9.12']]),
      line(131.2, [[42, 'thresholds for'], [171, 'remind them of their']]),
      marked(141.0, 'ii.', [[171, 'Develop an access of care'], [309, 'DD TS, SM'], [366, '31.12.12']]),
      line(151, [[171, 'service, which will include an'], [309, 'Place., SM']]),
      marked(160.8, 'iii.', [[171, 'Meeting between legal and'], [309, 'DD TS'], [366, '31.12.12']]),
    ];
    const [t] = alignedTables(page);
    expect(t?.from).toBe(0);
    expect(t!.table.lines).toEqual(page);
    expect(t!.table.rows.map((r) => r.cells.slice(1, 3).map((c) => c.text))).toEqual([
      ['Step', 'What we will do'],
      ['i.', 'Write to all LSCB members to remind them of their'],
      ['ii.', 'Develop an access of care service, which will include an'],
      ['iii.', 'Meeting between legal and'],
    ]);
  });

  it('takes a column only the header names even where a group header cell spans it', () => {
    const page = [
      line(43.6, [[42, 'The recommendation'], [229, 'Our response'], [479, 'Delivery'], [624, 'Impact']]),
      line(52.7, [[42, 'Ref'], [73, 'Inspection recommendation'], [229, 'Action no'], [270, 'Actions'], [479, 'Lead officer'], [562, 'Target date'], [624, 'Outcome']]),
      line(62.0, [[42, 'LAC7'], [229, 'LAC7.5'], [270, 'Expand pool of foster-carers'], [479, 'Head of Care'], [562, 'Will be'], [624, 'Children will not be']]),
      line(71.0, [[479, 'Planning'], [562, 'included within'], [624, 'unnecessary placement']]),
      line(80.0, [[42, 'LAC7'], [229, 'LAC7.6'], [270, 'Review Adoption Panel processes'], [479, 'Head of Care'], [562, 'Will be'], [624, 'Children will not be']]),
      line(89.0, [[42, 'LAC7'], [229, 'LAC7.7'], [270, 'Clarify respite arrangements'], [479, 'Head of Care'], [562, 'Will be'], [624, 'Children will not be']]),
    ];
    const [t] = alignedTables(page);
    // The group row's "The recommendation" runs over two columns: it is not one of the table's rows.
    expect(t?.from).toBe(1);
    expect(t!.table.grid!.xs.slice(0, -1)).toEqual([42, 73, 229, 270, 479, 562, 624]);
  });

  it('carries a labelled cell on, with no rules drawn, where its text goes on beside a new row', () => {
    // Every Recommendation cell opens with a label: unlabelled text right under one carries it on.
    const page = [
      line(241.1, [[42, '(LAC2) The local authority, NHS'], [180, 'Raise awareness of young'], [364, 'Des. Nurse'], [433, '5/10/12']]),
      line(251.4, [[42, 'Harrow, North West London'], [180, 'for their health assessments']]),
      line(261.8, [[42, 'should ensure that looked after'], [180, 'Update Corporate Parenting Panel'], [364, 'Des. Nurse'], [433, '29/10/12']]),
      line(272.1, [[42, 'engaged in the development'], [180, 'children and care leavers.']]),
      line(282.5, [[42, '(LAC3) The local authority, NHS'], [180, 'social care.'], [364, 'Des. Nurse'], [433, '9/8/12']]),
      line(292.8, [[42, 'Harrow, North West London'], [180, 'Share pathways for delivering'], [364, 'Des. Dr.'], [433, '16/10/12'], [604, '(2) Completed: Des. Nurse']]),
      line(303.2, [[42, 'should ensure that all looked after'], [180, 'assessments and reviews with']]),
      line(313.5, [[180, 'Deliver training to all teams'], [364, 'Des. Nurse'], [433, '26.9.12']]),
    ];
    const [t] = alignedTables(page);
    expect(t!.table.rows.map((r) => r.cells.map((c) => [c.text.slice(0, 16), c.rowSpan ?? 1]))).toEqual([
      [['(LAC2) The local', 2], ['Raise awareness ', 1], ['Des. Nurse', 1], ['5/10/12', 1], ['', 1]],
      [['Update Corporate', 1], ['Des. Nurse', 1], ['29/10/12', 1], ['', 1]],
      [['(LAC3) The local', 2], ['social care.', 1], ['Des. Nurse', 1], ['9/8/12', 1], ['', 1]],
      [['Share pathways f', 1], ['Des. Dr.', 1], ['16/10/12', 1], ['(2) Completed: D', 1]],
      [['', 1], ['Deliver training', 1], ['Des. Nurse', 1], ['26.9.12', 1], ['', 1]],
    ]);
    expect(t!.table.rows[0]!.cells[0]!.text).toBe('(LAC2) The local authority, NHS Harrow, North West London should ensure that looked after engaged in the development');
  });

  it('leaves prose alone', () => {
    expect(alignedTables([line(100, [[42, 'An ordinary paragraph of text']]), line(110, [[42, 'and its second line']])])).toEqual([]);
  });
});

describe('PDF tables continued over a page break', () => {
  const unit = (xs: number[], rows: string[][], textEdge?: boolean): TableUnit => ({
    kind: 'table',
    y: 50,
    lines: [],
    rows: rows.map((cells, i) => ({ y: 50 + 10 * i, cells: cells.map((text) => ({ text, paragraphs: text ? [text] : [] })) })),
    grid: { xs, top: 50, bottom: 50 + 10 * rows.length, ...(textEdge ? { textEdge } : {}) },
  });
  const header = ['Recommendation', 'Key actions', 'Lead', 'Date', 'Status'];

  it('joins a table without vertical rules whose text ends elsewhere on the next page, and marks the repeated header', () => {
    const a = unit([42, 180, 364, 433, 761, 800], [header, ['(LAC7) Ensure feedback', 'Quarterly performance reports', 'QA MGR.', '27.9.12', 'On track']], true);
    const b = unit([42, 180, 364, 433, 761, 785], [header, ['(LAC8) Ensure an effective strategy', 'In conjunction with partners', 'YOT Mgr.', '27.9.12', '']], true);
    const pages = [
      { page: 12, units: [a] },
      { page: 13, units: [b] },
    ];
    joinContinuedTables(pages);
    expect(pages[1]!.units).toEqual([]);
    expect(a.rows.map((r) => [r.page, r.header ?? false, r.cells[0]!.text])).toEqual([
      [12, true, 'Recommendation'],
      [12, false, '(LAC7) Ensure feedback'],
      [13, true, 'Recommendation'],
      [13, false, '(LAC8) Ensure an effective strategy'],
    ]);
  });

  it('does not take a row that starts with a lettered action ("a.", "vii. ...") for the rest of a row cut by the break', () => {
    const row = (cells: string[]) => ({ y: 50, cells: cells.map((text) => ({ text, paragraphs: text ? [text] : [] })) });
    const above = row(['In place', 'In place. The Workforce Strategy has been revised', 'April 2015', 'Ann Graham Group Managers (CN&SC)', 'd.', 'Recruit additional Social Workers and Managers', 'Baseline - 75% of assessments', '']);
    const next = row(['Complete d', 'Completed. Adoption tracker implemented', 'June 2014', 'Ann Graham Joanne Tarbutt', 'a.', 'Implement a local adoption tracker', 'Increased opportunities for adoption', 'vii. Introduce a permanency policy']);
    expect(isCutRow(above, next, [above], 0)).toBe(false);
    // The rest of a sentence is still a cut row.
    expect(isCutRow(above, row(['', 'and is in place.', '', '', '', 'managed down and work effectively monitored.', '', '']), [above], 0)).toBe(true);
  });

  it('starts a new row on the next page where the cells above ended before the foot of the page', () => {
    const seg = (x: number, text: string) => ({ x, x2: x + text.length * 4, text, fontSize: 9, bold: false });
    const pl = (page: number, y: number, segs: Array<[number, string]>): PageLine => {
      const ss = segs.map(([x, t]) => seg(x, t));
      return { page, y, x: ss[0]!.x, x2: ss[ss.length - 1]!.x2, fontSize: 9, bold: false, segs: ss, text: segs.map((p) => p[1]).join(' ') };
    };
    const xs = [42, 180, 433, 484, 600];
    const cells = (texts: string[]) => texts.map((text) => ({ text, paragraphs: text ? [text] : [] }));
    const head = (): TableUnit => ({
      kind: 'table',
      y: 483.1,
      rows: [{ y: 483.1, cells: cells(['(6) Ensure that all children are seen', 'Team Managers to act upon practice alerts', 'In place', 'All children who meet the threshold']) }],
      lines: [
        pl(5, 483.1, [[42, '(6) Ensure that all'], [180, 'Team Managers to act'], [433, 'In place'], [484, 'All children who']]),
        pl(5, 493.5, [[42, 'children are seen'], [180, 'upon practice alerts'], [484, 'meet the threshold']]),
        pl(5, 503.8, [[484, 'for assessment and']]),
      ],
      grid: { xs, top: 480, bottom: 504, textEdge: true },
    });
    const next = (texts: string[]): TableUnit => ({
      kind: 'table',
      y: 66.6,
      rows: [{ y: 66.6, cells: cells(texts) }],
      lines: [pl(6, 66.6, [[180, texts[1]!], [433, texts[2]!], [484, texts[3]!]].filter(([, t]) => t) as Array<[number, string]>)],
      grid: { xs, top: 60, bottom: 70, textEdge: true },
    });
    // The Date cell above ended two lines before the foot: "Oct 2014" starts a row of its own.
    const a = head();
    joinContinuedTables([{ page: 5, units: [a] }, { page: 6, units: [next(['', 'Implement a robust performance system', 'Oct 2014', '(Reviewing how to monitor'])] }]);
    expect(a.rows.map((r) => r.cells.map((c) => c.text)[1])).toEqual(['Team Managers to act upon practice alerts', 'Implement a robust performance system']);
    // Only the Success criteria cell reached the foot: its sentence carries on in the row above.
    const b = head();
    joinContinuedTables([{ page: 5, units: [b] }, { page: 6, units: [next(['', '', '', 'receive a timely assessment.'])] }]);
    expect(b.rows.map((r) => r.cells.map((c) => c.text)[3])).toEqual(['All children who meet the threshold receive a timely assessment.']);
  });

  it('carries a merged cell on over the repeated header, and then joins the rest of the row cut by the break', () => {
    const seg = (x: number, text: string) => ({ x, x2: x + text.length * 4, text, fontSize: 9, bold: false });
    const pl = (page: number, y: number, segs: Array<[number, string]>): PageLine => {
      const ss = segs.map(([x, t]) => seg(x, t));
      return { page, y, x: ss[0]!.x, x2: ss[ss.length - 1]!.x2, fontSize: 9, bold: false, segs: ss, text: segs.map((p) => p[1]).join(' ') };
    };
    const c = (text: string, rowSpan = 1) => ({ text, paragraphs: text ? text.split('\n') : [], rowSpan });
    const xs = [42, 200, 420, 560];
    const head = ['Recommendation', 'Actions', 'Progress'];
    // Page 5 ends inside recommendation 11: its Actions cell (items a., b., merged down over two
    // progress rows) and the second progress cell both run to the foot of the page.
    const a: TableUnit = {
      kind: 'table',
      y: 480,
      rows: [
        { y: 480, cells: head.map((t) => c(t)) },
        { y: 500, cells: [c('11. Develop service plans for the demand', 2), c('a. Commission a corporate peer review\nb. Jointly commission support', 2), c('a. Completed.')] },
        { y: 520, cells: [c('b. On track. The first meeting is')] },
      ],
      lines: [
        pl(5, 480, [[42, 'Recommendation'], [200, 'Actions'], [420, 'Progress']]),
        pl(5, 500, [[42, '11. Develop service'], [200, 'a. Commission a corporate'], [420, 'a. Completed.']]),
        pl(5, 510, [[42, 'plans for the demand'], [200, 'peer review']]),
        pl(5, 520, [[200, 'b. Jointly commission'], [420, 'b. On track. The first']]),
        pl(5, 530, [[200, 'support'], [420, 'meeting is']]),
      ],
      grid: { xs, top: 475, bottom: 535 },
    };
    // Page 6 repeats the header; the Actions cell carries on with item e. beside the rest of the
    // cut progress cell, then the next progress row.
    const b: TableUnit = {
      kind: 'table',
      y: 60,
      rows: [
        { y: 60, cells: head.map((t) => c(t)) },
        { y: 80, cells: [c('', 2), c('e. Commission a social care peer review.', 2), c('scheduled for 27 October.')] },
        { y: 90, cells: [c('c. Planned for April.')] },
      ],
      lines: [],
      grid: { xs, top: 55, bottom: 100 },
    };
    joinContinuedTables([{ page: 5, units: [a] }, { page: 6, units: [b] }]);
    expect(a.rows.map((r) => [r.header ?? false, r.cells.map((x) => x.text)])).toEqual([
      [true, head],
      [false, ['11. Develop service plans for the demand', 'a. Commission a corporate peer review\nb. Jointly commission support\ne. Commission a social care peer review.', 'a. Completed.']],
      [false, ['b. On track. The first meeting is scheduled for 27 October.']],
      [true, head],
      [false, ['', '', 'c. Planned for April.']],
    ]);
  });

  it('gives a table without vertical rules the columns of the one before it that it leaves empty', () => {
    const a = unit([42, 73, 270, 340, 450, 700], [['Ref', 'Action', 'Lead officer', 'Success measure', 'Progress to date']], true);
    const b = unit([42, 73, 270, 450, 690], [['1.1', 'Write to all LSCB members', 'DCS', '(9) Being drafted']], true);
    const heading: LineUnit = { kind: 'line', line: { page: 1, y: 80, x: 42, x2: 400, fontSize: 9, bold: true, segs: [], text: 'Recommendation S1: Ensure processes and thresholds' } };
    joinContinuedTables([{ page: 1, units: [a, heading, b] }]);
    expect(b.rows[0]!.cells.map((c) => c.text)).toEqual(['1.1', 'Write to all LSCB members', 'DCS', '', '(9) Being drafted']);
    expect(b.grid!.xs).toEqual(a.grid!.xs);
  });

  it('keeps ruled grids whose right borders differ apart', () => {
    const a = unit([42, 180, 364, 433, 761, 800], [header, ['(LAC7) Ensure feedback', 'Quarterly performance reports', 'QA MGR.', '27.9.12', 'On track']]);
    const b = unit([42, 180, 364, 433, 761, 785], [header, ['(LAC8) Ensure an effective strategy', 'In conjunction with partners', 'YOT Mgr.', '27.9.12', '']]);
    const pages = [
      { page: 12, units: [a] },
      { page: 13, units: [b] },
    ];
    joinContinuedTables(pages);
    expect(pages[1]!.units).toEqual([b]);
  });
});

describe('plan tables broken over pages', () => {
  const heading = (text: string): Block => ({ type: 'heading', level: 3, text, lines: [], loc });
  const header = ['Ref', 'Action', 'Lead officer', 'Target date', 'RAG'].map((t) => cell(t));
  it('reads the rows above the repeated header of a table that continues the one before', () => {
    const blocks: Block[] = [
      heading('Recommendation S2: The local council should ensure that pre-birth planning is initiated before 34 weeks'),
      table([header, [cell('2.1'), cell('Revise multi-agency pre-birth protocol'), cell('LSCB SP'), cell('27.9.12.'), cell('G')]]),
      heading("Recommendation S3: NHS Harrow to ensure there is appropriate engagement of health services in the children's access service"),
      // Joined over the page break: 3.1 on the first page, the header repeated, 3.2 on the next.
      {
        type: 'table',
        loc: { page: 1, line: null, block: null },
        rows: [
          [cell('3.1'), cell('MASH Executive Board to meet to consider the roles and responsibilities of all agencies'), cell('LSCB Chair.'), cell('27.9.12'), cell('B')],
          header,
          [cell('3.2'), cell("Develop TOR for newly established children's access team executive board"), cell('LSCB Chair'), cell('31/10/12'), cell('G')],
        ].map((cells, i) => ({ cells, loc: { page: i === 0 ? 1 : 2, line: null, block: null } })),
      },
    ];
    const { actions } = extractActionPlan({ format: 'pdf', pageCount: 2, blocks, warnings: [] }, []);
    expect(actions.map((a) => [a.recommendationRef, a.id])).toEqual([
      ['S2', '2.1'],
      ['S3', '3.1'],
      ['S3', '3.2'],
    ]);
  });
});
