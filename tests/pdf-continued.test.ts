import { describe, expect, it } from 'vitest';
import { joinContinuedTables } from '../src/readers/pdf/continued.js';
import type { TableUnit } from '../src/readers/pdf/types.js';

// A plan table (Action, Ref, Responsible, Evidence) whose narrow Ref column wraps a code: the
// row is allowed to break across pages, so the code's first part ends page 6 and the rest
// starts page 7, where it looks like a new item's number.
const xs = [42, 300, 350, 460, 560];
const c = (text: string) => ({ text, paragraphs: text ? text.split('\n') : [] });
const table = (y: number, rows: string[][]): TableUnit => ({
  kind: 'table',
  y,
  rows: rows.map((r, i) => ({ y: y + 20 * i, cells: r.map(c) })),
  lines: [],
  grid: { xs, top: y - 5, bottom: y + 20 * rows.length },
});
const texts = (t: TableUnit) => t.rows.map((r) => r.cells.map((x) => x.text));

describe('a reference code cut by a page break', () => {
  it('completes "S11." with "3" from the next page and joins the row', () => {
    const a = table(600, [
      ['Action', 'Ref', 'Responsible', 'Evidence of impact'],
      ['Review transfer protocols.', 'S11.1', 'Group Manager', 'Greater consistency'],
      ['Review staff turnover.', 'S11.2', 'Head of Service', 'Greater consistency'],
      ['Produce a report with outcome of analysis', 'S11.', 'Director of', 'Greater consistency and'],
    ]);
    const b = table(60, [
      ['and recommendations for action', '3', "Children's Services", 'stability for children'],
      ['Audit the case files.', 'S11.4', 'Head of Service', 'Fewer changes'],
    ]);
    joinContinuedTables([{ page: 6, units: [a] }, { page: 7, units: [b] }]);
    expect(texts(a).slice(3)).toEqual([
      ['Produce a report with outcome of analysis and recommendations for action', 'S11.3', "Director of Children's Services", 'Greater consistency and stability for children'],
      ['Audit the case files.', 'S11.4', 'Head of Service', 'Fewer changes'],
    ]);
    expect(a.rows.map((r) => r.page ?? 6)).toEqual([6, 6, 6, 6, 7]);
  });

  it('completes a prefix cut at its space ("LAC" and "4.3") like the codes above it', () => {
    const a = table(600, [
      ['Action', 'Ref', 'Responsible', 'Evidence of impact'],
      ['Commission training.', 'LAC 4.2', 'Head of Service', 'Supervision is regular'],
      ['All agencies to review their own', 'LAC', 'Head of Service', 'Supervision records'],
    ]);
    const b = table(60, [['supervision policy', '4.3', 'Safeguarding', 'clearly evidence analysis']]);
    joinContinuedTables([{ page: 8, units: [a] }, { page: 9, units: [b] }]);
    expect(texts(a).slice(2)).toEqual([['All agencies to review their own supervision policy', 'LAC 4.3', 'Head of Service Safeguarding', 'Supervision records clearly evidence analysis']]);
  });

  it('keeps a new row whose plain number follows a complete one, even beside text in lower case', () => {
    const rows = [
      ['Action', 'Ref', 'Responsible', 'Evidence of impact'],
      ['Review transfer protocols.', '1', 'Group Manager', 'Greater consistency'],
      ['Review staff turnover.', '2', 'Head of Service', 'Greater consistency'],
    ];
    const a = table(600, rows);
    const b = table(60, [['regular audits of case files', '3', 'Head of Service', 'fewer changes']]);
    joinContinuedTables([{ page: 2, units: [a] }, { page: 3, units: [b] }]);
    expect(texts(a)).toEqual([...rows, ['regular audits of case files', '3', 'Head of Service', 'fewer changes']]);
    // Nor a code that is already whole: "S11.2" then "3".
    const d = table(600, [['Action', 'Ref', 'Responsible', 'Evidence of impact'], ['Review protocols.', 'S11.1', 'Manager', 'Consistency'], ['Review turnover of', 'S11.2', 'Head of', 'Consistency']]);
    const e = table(60, [['staff and salaries', '3', 'Service', 'and stability']]);
    joinContinuedTables([{ page: 2, units: [d] }, { page: 3, units: [e] }]);
    expect(texts(d).map((r) => r[1])).toEqual(['Ref', 'S11.1', 'S11.2', '3']);
  });
});

describe('a table at the top of a page that opens a section of its own', () => {
  it('is kept apart when a banner comes before the header of the table above', () => {
    const head = ['Action', 'Ref', 'Responsible', 'Evidence of impact'];
    const a = table(600, [head, ['Child Protection Chairs to report annually.', 'LAC 7.5', 'Head of Service', 'Feedback is used']]);
    const banner = { y: 60, cells: [{ text: 'Area for improvement LAC8 – Ensure an effective strategy is in place', paragraphs: ['Area for improvement LAC8 – Ensure an effective strategy is in place'], colSpan: 4 }] };
    const b: TableUnit = { ...table(80, [head, ['Develop a strategy.', 'LAC 8.1', 'Director', 'Fewer offences']]) };
    b.rows.unshift(banner);
    joinContinuedTables([{ page: 10, units: [a] }, { page: 11, units: [b] }]);
    expect(a.rows).toHaveLength(2);
    expect(b.rows.map((r) => r.cells[0]!.text)).toEqual(['Area for improvement LAC8 – Ensure an effective strategy is in place', 'Action', 'Develop a strategy.']);
  });

  it('still continues a table whose header is repeated first on the page', () => {
    const head = ['Action', 'Ref', 'Responsible', 'Evidence of impact'];
    const a = table(600, [head, ['Child Protection Chairs to report annually.', 'LAC 7.5', 'Head of Service', 'Feedback is used']]);
    const b = table(60, [head, ['Review the feedback forms.', 'LAC 7.6', 'Director', 'Better forms']]);
    joinContinuedTables([{ page: 10, units: [a] }, { page: 11, units: [b] }]);
    expect(a.rows.map((r) => [r.header ?? false, r.cells[1]!.text])).toEqual([[true, 'Ref'], [false, 'LAC 7.5'], [true, 'Ref'], [false, 'LAC 7.6']]);
  });
});
