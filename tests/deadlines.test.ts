/**
 * Plan deadlines in working days (src/query/deadlines.ts): England's public holidays from the
 * date-holidays package, on real publication dates (the fixtures' and the corpus's file names)
 * across Christmas, Easter and the extra bank holidays of 2022 (Platinum Jubilee 2-3 June, the
 * State Funeral 19 September) and 2023 (the Coronation 8 May). Every expected date was counted by
 * hand, day by day, in the comment beside it: day 1 is the first working day after the date.
 */
import { describe, expect, it } from 'vitest';
import { addWorkingDays, bankHolidays, deadlineBasisText, deadlineOf, deadlineRules, isLate, isWorkingDay, statedWorkingDays, type DeadlineFacts } from '../src/query/deadlines';

const facts = (f: Partial<DeadlineFacts>): DeadlineFacts => ({
  kind: 'inspection_report',
  framework: 'ilacs',
  publicationDate: null,
  publicationDateSource: null,
  inspectionEnd: null,
  graded: true,
  priorityActions: 0,
  outcome: null,
  texts: [],
  ...f,
});

describe('working days in England', () => {
  it('knows the extra bank holidays of 2022 and 2023, and substitute days', () => {
    const y22 = bankHolidays(2022);
    for (const d of ['2022-06-02', '2022-06-03', '2022-09-19', '2022-12-26', '2022-12-27', '2022-04-15', '2022-04-18']) expect(y22.has(d), d).toBe(true);
    expect(bankHolidays(2023).has('2023-05-08')).toBe(true);
    expect(bankHolidays(2023).has('2023-01-02')).toBe(true); // New Year's Day fell on a Sunday
    expect(isWorkingDay('2023-05-08')).toBe(false);
    expect(isWorkingDay('2023-05-09')).toBe(true);
    expect(isWorkingDay('2022-06-04')).toBe(false); // a Saturday
    // St Patrick's Day is a holiday in Northern Ireland only; 2 January is Scotland's.
    expect(isWorkingDay('2023-03-17')).toBe(true);
    expect(isWorkingDay('2024-01-02')).toBe(true);
  });

  it('full inspection reports: the plan 70 working days after publication, across Christmas and Easter', () => {
    // Bradford, ILACS, published 2018-10-29 (Mon). Oct 30-Nov 2 (1-4), Nov 5-9 (5-9), 12-16 (10-14), 19-23 (15-19),
    // 26-30 (20-24), Dec 3-7 (25-29), 10-14 (30-34), 17-21 (35-39), 24 (40), 25-26 Christmas, 27 (41), 28 (42),
    // 31 (43), Jan 1 New Year, 2-4 (44-46), 7-11 (47-51), 14-18 (52-56), 21-25 (57-61), 28-Feb 1 (62-66),
    // Feb 4 (67), 5 (68), 6 (69), 7 (70).
    expect(deadlineOf(facts({ publicationDate: '2018-10-29' }))).toMatchObject({ rule: 'full-inspection-plan', planDue: '2019-02-07', draftDue: null, workingDays: 70, basis: 'printed', estimated: false });
    // Doncaster, SIF, published 2018-01-19 (Fri). Jan 22-26 (1-5), 29-Feb 2 (6-10), Feb 5-9 (11-15), 12-16 (16-20),
    // 19-23 (21-25), 26-Mar 2 (26-30), Mar 5-9 (31-35), 12-16 (36-40), 19-23 (41-45), 26-29 (46-49), Mar 30 Good Friday,
    // Apr 2 Easter Monday, 3-6 (50-53), 9-13 (54-58), 16-20 (59-63), 23-27 (64-68), 30 (69), May 1 (70).
    expect(deadlineOf(facts({ framework: 'sif', publicationDate: '2018-01-19' }))!.planDue).toBe('2018-05-01');
    // Barking and Dagenham, SIF, published 2014-07-07 (Mon). Jul 8-11 (1-4), 14-18 (5-9), 21-25 (10-14),
    // 28-Aug 1 (15-19), Aug 4-8 (20-24), 11-15 (25-29), 18-22 (30-34), 25 summer bank holiday, 26-29 (35-38),
    // Sep 1-5 (39-43), 8-12 (44-48), 15-19 (49-53), 22-26 (54-58), 29-Oct 3 (59-63), Oct 6-10 (64-68), 13 (69), 14 (70).
    expect(deadlineOf(facts({ framework: 'sif', publicationDate: '2014-07-07' }))!.planDue).toBe('2014-10-14');
  });

  it('focused visits with priority actions: a draft in 20 working days and the plan in 70', () => {
    const fv = (d: string) => deadlineOf(facts({ framework: 'focused_visit', graded: false, priorityActions: 2, publicationDate: d }))!;
    // A letter of 2022-03-21 (Mon), across Easter 2022, the early May holiday and the Platinum Jubilee.
    // Draft: Mar 22-25 (1-4), 28-Apr 1 (5-9), Apr 4-8 (10-14), 11-14 (15-18), 15 Good Friday, 18 Easter Monday, 19 (19), 20 (20).
    // Plan: ... Apr 19-22 (19-22), 25-29 (23-27), May 2 bank holiday, 3-6 (28-31), 9-13 (32-36), 16-20 (37-41),
    // 23-27 (42-46), 30-31 (47-48), Jun 1 (49), 2-3 Spring and Jubilee holidays, 6-10 (50-54), 13-17 (55-59),
    // 20-24 (60-64), 27-Jul 1 (65-69), Jul 4 (70).
    expect(fv('2022-03-21')).toMatchObject({ rule: 'focused-visit-priority-actions', draftDue: '2022-04-20', planDue: '2022-07-04' });
    // Tower Hamlets, letter of 2022-08-31 (Wed), across the Queen's State Funeral (Mon 19 Sep).
    // Draft: Sep 1-2 (1-2), 5-9 (3-7), 12-16 (8-12), 19 State Funeral, 20-23 (13-16), 26-29 (17-20).
    // Plan: Sep 30 (21), Oct 3-7 (22-26), 10-14 (27-31), 17-21 (32-36), 24-28 (37-41), 31-Nov 4 (42-46),
    // Nov 7-11 (47-51), 14-18 (52-56), 21-25 (57-61), 28-Dec 2 (62-66), Dec 5 (67), 6 (68), 7 (69), 8 (70).
    expect(fv('2022-08-31')).toMatchObject({ draftDue: '2022-09-29', planDue: '2022-12-08' });
    // Islington, letter of 2022-11-23 (Wed), across Christmas 2022 (Dec 26, 27 substitute) and Jan 2 2023 (substitute).
    // Draft: Nov 24-25 (1-2), 28-Dec 2 (3-7), 5-9 (8-12), 12-16 (13-17), 19 (18), 20 (19), 21 (20).
    // Plan: Dec 22-23 (21-22), 26-27 holidays, 28-30 (23-25), Jan 2 holiday, 3-6 (26-29), 9-13 (30-34), 16-20 (35-39),
    // 23-27 (40-44), 30-Feb 3 (45-49), Feb 6-10 (50-54), 13-17 (55-59), 20-24 (60-64), 27-Mar 3 (65-69), Mar 6 (70).
    expect(fv('2022-11-23')).toMatchObject({ draftDue: '2022-12-21', planDue: '2023-03-06' });
    // Without priority actions a focused visit asks for no plan.
    expect(deadlineOf(facts({ framework: 'focused_visit', graded: false, priorityActions: 0, publicationDate: '2022-08-31' }))).toBeNull();
  });

  it('the Coronation (Mon 8 May 2023)', () => {
    // Cornwall's area SEND report, published 2023-05-05 (Fri). 20: May 8 Coronation, 9-12 (1-4), 15-19 (5-9), 22-26 (10-14),
    // 29 Spring bank holiday, 30-Jun 2 (15-18), Jun 5 (19), 6 (20).
    expect(addWorkingDays('2023-05-05', 20)).toBe('2023-06-06');
    // 70: ... Jun 7-9 (21-23), 12-16 (24-28), 19-23 (29-33), 26-30 (34-38), Jul 3-7 (39-43), 10-14 (44-48),
    // 17-21 (49-53), 24-28 (54-58), 31-Aug 4 (59-63), Aug 7-11 (64-68), 14 (69), 15 (70).
    expect(addWorkingDays('2023-05-05', 70)).toBe('2023-08-15');
    // Published 2023-04-28 (Fri): May 1 early May holiday, 2-5 (1-4), 8 Coronation, 9-12 (5-8), 15-19 (9-13),
    // 22-26 (14-18), 29 Spring holiday, 30 (19), 31 (20).
    expect(addWorkingDays('2023-04-28', 20)).toBe('2023-05-31');
  });

  it('an area SEND report: what the report asks; else a written statement of action (2016-2022); else none', () => {
    const send = { framework: 'area_send', graded: false, publicationDate: '2023-05-05' };
    // The report's own sentence: 30 working days from 2023-05-05: May 8 Coronation, 9-12 (1-4), 15-19 (5-9),
    // 22-26 (10-14), 29 holiday, 30-Jun 2 (15-18), Jun 5-9 (19-23), 12-16 (24-28), 19 (29), 20 (30).
    const asked = deadlineOf(facts({ ...send, texts: ['Leaders are required to submit a priority action plan to Ofsted within 30 working days of the publication of this report.'] }))!;
    expect(asked).toMatchObject({ rule: 'area-send-stated', planDue: '2023-06-20', workingDays: 30 });
    expect(asked.stated).toMatch(/priority action plan to Ofsted within 30 working days/);
    expect(deadlineOf(facts({ ...send, texts: ['The next full area SEND inspection will be within approximately 3 years.'] }))).toBeNull();
    // 2016-2022: a written statement of action is required (70 working days), the sentence not read.
    expect(deadlineOf(facts({ ...send, framework: 'local_area_send', outcome: 'written_statement_required' }))).toMatchObject({ rule: 'local-area-send-written-statement', planDue: '2023-08-15' });
    expect(deadlineOf(facts({ ...send, framework: 'local_area_send', outcome: 'written_statement_not_required' }))).toBeNull();
    expect(statedWorkingDays(['The area must produce a written statement of action within seventy working days.'])).toMatchObject({ days: 70 });
  });

  it('counts from the end of the inspection when no publication date was read, and says so; no date, no deadline', () => {
    expect(deadlineOf(facts({ inspectionEnd: '2018-10-29' }))).toMatchObject({ basis: 'inspection_end', estimated: true, planDue: '2019-02-07' });
    expect(deadlineOf(facts({ publicationDate: '2018-10-29', publicationDateSource: 'inspection_end' }))).toMatchObject({ basis: 'inspection_end', estimated: true });
    expect(deadlineOf(facts({}))).toBeNull();
    expect(deadlineOf(facts({ graded: false, publicationDate: '2018-10-29' }))).toBeNull(); // an ungraded report
  });

  it('the Stockton-on-Tees ILACS report (inspected 6-17 March 2023, published 9 May 2023, its PDF created Friday 5 May): due 16 August 2023', () => {
    // Cabinet minutes: the plan was due at Ofsted by 16 August 2023. May 9 is the working day after 5 May (8 May: the Coronation).
    // May 10-12 (1-3), 15-19 (4-8), 22-26 (9-13), May 29 bank holiday, 30-Jun 2 (14-17), Jun 5-9 (18-22), 12-16 (23-27),
    // 19-23 (28-32), 26-30 (33-37), Jul 3-7 (38-42), 10-14 (43-47), 17-21 (48-52), 24-28 (53-57), 31-Aug 4 (58-62),
    // 7-11 (63-67), 14 (68), 15 (69), 16 (70).
    const given = deadlineOf(facts({ publicationDate: '2023-05-09', publicationDateSource: 'user', inspectionEnd: '2023-03-17' }))!;
    expect(given).toMatchObject({ planDue: '2023-08-16', basis: 'user', estimated: false });
    const estimate = deadlineOf(facts({ publicationDate: addWorkingDays('2023-05-05', 1), publicationDateSource: 'pdf_created', inspectionEnd: '2023-03-17' }))!;
    expect(estimate).toMatchObject({ planDue: '2023-08-16', basis: 'pdf_created', estimated: true });
    expect(deadlineBasisText(estimate)).toBe("70 working days from publication, estimated from the PDF's creation date 2023-05-09 (estimate)");
    // The old fallback, the inspection's last day, gave 30 June 2023.
    expect(deadlineOf(facts({ inspectionEnd: '2023-03-17' }))!.planDue).toBe('2023-06-30');
  });

  it('JTAI letters: a written statement of proposed action, 70 working days after the letter unless the letter prints its date', () => {
    // Croydon, letter 29 June 2016, "send the written statement of action ... by 6 October 2016" (70 working days).
    const jtai = { framework: 'jtai', graded: false, publicationDate: '2016-06-29', publicationDateSource: 'printed' as const };
    expect(deadlineOf(facts(jtai))).toMatchObject({ rule: 'jtai-written-statement', what: 'written statement of proposed action', planDue: '2016-10-06', statedDue: false });
    // Barnsley, letter 18 July 2022, "by Tuesday 25 October 2022" (69 working days): the printed date wins.
    const printed = deadlineOf(facts({ ...jtai, publicationDate: '2022-07-18', statedDue: '2022-10-25' }))!;
    expect(printed).toMatchObject({ planDue: '2022-10-25', statedDue: true, workingDays: null, estimated: false });
    expect(deadlineBasisText(printed)).toBe('due date printed in the document');
    // Monitoring visits ask for no plan.
    expect(deadlineOf(facts({ framework: 'monitoring_visit', graded: false, publicationDate: '2022-07-18' }))).toBeNull();
  });

  it('late: no plan on file after the due date, or a plan dated after it', () => {
    expect(isLate('2019-02-07', null, '2019-02-07')).toBe(false);
    expect(isLate('2019-02-07', null, '2019-02-08')).toBe(true);
    expect(isLate('2019-02-07', { date: '2019-02-01' }, '2025-01-01')).toBe(false);
    expect(isLate('2019-02-07', { date: '2019-03-01' }, '2025-01-01')).toBe(true);
  });

  it('every rule of data/deadlines.json names its source', () => {
    for (const r of deadlineRules()) expect(r.source.length, r.id).toBeGreaterThan(40);
  });
});
