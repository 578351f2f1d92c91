import { describe, expect, it } from 'vitest';
import { dueTokens, findDates, inferEra, parseDue } from '../src/extract/plan/due-dates.js';

describe('due-date parser (strings from the seeds)', () => {
  it.each([
    ['31.12.12', '2012-12-31'],
    ['30/09/12', '2012-09-30'],
    ['27.9.12.', '2012-09-27'],
    ['5/10/12', '2012-10-05'],
    ['01/01/13', '2013-01-01'],
    ['Nov 2014', '2014-11-30'],
    ['Nov2014', '2014-11-30'],
    ['Sep 2014 Quarterly', '2014-09-30'],
    ['Oct 2014 Reviewed monthly', '2014-10-31'],
    ['May 2014 to March 2016', '2016-03-31'],
    ['Quarterly (review March 2016)', '2016-03-31'],
    ['Sept 2014 Report Dec 2014', '2014-12-31'],
    ['Feb 2015', '2015-02-28'],
    ['Impact Review April 2015', '2015-04-30'],
    ['end February 2012', '2012-02-29'],
    ['March 12', '2012-03-31'],
    ['Ongoing to May 2013', '2013-05-31'],
    ['31.9.12', '2012-09-30'], // Harrow LAC11: September has 30 days
  ])('%s -> %s', (raw, date) => {
    expect(parseDue(raw)).toEqual({ raw, date });
  });

  it.each(['Ongoing', 'Quarterly', 'Immediate', 'Annual', 'In place', 'Quarterly 2014/15', 'Immediate and ongoing'])('%s -> no date', (raw) => {
    expect(parseDue(raw)).toEqual({ raw, date: null });
  });

  it('keeps raw null for an empty cell', () => {
    expect(parseDue('  ')).toEqual({ raw: null, date: null });
  });

  it('resolves two-digit years to the plan era', () => {
    expect(inferEra(['Action plan 1998', 'review 1999']).century).toBe(1900);
    expect(parseDue('31.12.99', inferEra(['1998 plan', '1999'])).date).toBe('1999-12-31');
    expect(parseDue('31.12.12', inferEra(['Harrow 2012'])).date).toBe('2012-12-31');
  });

  it('splits a cell with one date per action', () => {
    expect(dueTokens('27.9.12 31.10.12 31.12.12')).toEqual(['27.9.12', '31.10.12', '31.12.12']);
    expect(dueTokens('30/11/12 01/01/13 Ongoing to May 2013')).toEqual(['30/11/12', '01/01/13', 'Ongoing to May 2013']);
    expect(dueTokens('Progress report on all actions below')).toBeNull();
  });

  it('finds every date in order', () => {
    expect(findDates('February 2012 December 2011').map((d) => d.date)).toEqual(['2012-02-29', '2011-12-31']);
  });
});

describe('due words broken inside a narrow PDF cell', () => {
  it.each([
    ['Septembe r 2012', 'September 2012', '2012-09-30'],
    ['Report to LSCB Februar y 2012 then quarterly', 'Report to LSCB February 2012 then quarterly', '2012-02-29'],
    ['1 Februar y 2012', '1 February 2012', '2012-02-01'],
    ['Immediat e and ongoing', 'Immediate and ongoing', null],
  ])('%s', (raw, mended, date) => {
    expect(parseDue(raw)).toEqual({ raw: mended, date });
  });
  it('never joins two real words', () => {
    expect(parseDue('May be later').raw).toBe('May be later');
    expect(parseDue('March on 2012').raw).toBe('March on 2012');
  });
});

describe('financial-year quarters (April to March)', () => {
  it('gives the quarter\'s last day', () => {
    expect(parseDue('Q3 2024/25').date).toBe('2024-12-31');
    expect(parseDue('Q1 2025/26').date).toBe('2025-06-30');
    expect(parseDue('Q4 24/25').date).toBe('2025-03-31');
    expect(parseDue('Q2 2024-2025').date).toBe('2024-09-30');
    expect(parseDue('Q3 2024/25').raw).toBe('Q3 2024/25');
  });
  it('reads no date from a quarter whose years do not follow', () => {
    expect(parseDue('Q3 2024/27').date).toBeNull();
  });
});
