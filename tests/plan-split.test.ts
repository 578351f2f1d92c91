import { describe, expect, it } from 'vitest';
import { actionSegments, LeadLexicon, letteredEntries, openingLetter, progressSegments, splitLeads, splitPeople, subItems } from '../src/extract/plan/split.js';

describe('splitting cells', () => {
  it('splits people named one after another (Barking and Dagenham lead cells)', () => {
    expect(splitPeople('Tony Kirk Kevin Jeffrey')).toEqual(['Tony Kirk', 'Kevin Jeffrey']);
    expect(splitPeople('Teresa De Vito Vikki Rix')).toEqual(['Teresa De Vito', 'Vikki Rix']);
    expect(splitPeople('Ann Graham GMs (CN&SC)')).toEqual(['Ann Graham', 'GMs (CN&SC)']);
    expect(splitPeople('Beverley Hendricks TMs in CN&SC')).toEqual(['Beverley Hendricks', 'TMs in CN&SC']);
    expect(splitPeople('Team Managers (CN&SC) IROs')).toEqual(['Team Managers (CN&SC)', 'IROs']);
    expect(splitPeople('Helen Jenner Graham Farrant Cllr Bill Turner')).toEqual(['Helen Jenner', 'Graham Farrant', 'Cllr Bill Turner']);
    expect(splitPeople('Clir Channer')).toEqual(['Clir Channer']);
    expect(splitPeople('GMs (CN&SC) HR')).toEqual(['GMs (CN&SC)', 'HR']);
  });

  it('keeps role phrases whole', () => {
    const lex = new LeadLexicon();
    expect(splitLeads('Head of Localities and Disabled Children', lex)).toEqual(['Head of Localities and Disabled Children']);
    expect(splitLeads('Head of Safeguarding / Head of Policy and Performance', lex)).toEqual(['Head of Safeguarding', 'Head of Policy and Performance']);
  });

  it('groups Harrow lead abbreviations per action with the plan key', () => {
    const lex = new LeadLexicon();
    for (const u of ['QA Mgr.', 'SM QA', 'LSCB SP', 'DD TS', 'DPH', 'YOT Mgr', 'SM CLA', 'LAC Nurse', 'NWLHT (GM)']) lex.add(u);
    expect(lex.groups('QA Mgr. SM QA LSCB SP')).toEqual(['QA Mgr.', 'SM QA', 'LSCB SP']);
    expect(lex.groups('DPH/ Des. Dr. (NHS) NHS (DBD) DPH / LSCB SP')).toEqual(['DPH/ Des. Dr. (NHS)', 'NHS (DBD)', 'DPH / LSCB SP']);
    expect(lex.groups('YOT Mgr. / SM CLA')).toEqual(['YOT Mgr. / SM CLA']);
    expect(splitLeads('LAC Nurse NWLHT (GM)', lex)).toEqual(['LAC Nurse', 'NWLHT (GM)']);
    expect(lex.groups('Head of Safeguarding')).toBeNull();
  });

  it('splits an Actions cell at phase labels and (n) markers', () => {
    const segs = actionSegments(['MUST DO (1) Child protection escalation policy to be written. (2) A protocol ... by the 31 October. EMBEDDING (3) The LSCB Level 2 training']);
    expect(segs.map((s) => [s.kind, s.num, s.text])).toEqual([
      ['label', null, 'MUST DO'],
      ['action', '1', 'Child protection escalation policy to be written.'],
      ['action', '2', 'A protocol ... by the 31 October.'],
      ['label', null, 'EMBEDDING'],
      ['action', '3', 'The LSCB Level 2 training'],
    ]);
    expect(actionSegments(['Assessments. (4) Risk assessment training'])[0]).toEqual({ kind: 'cont', num: null, text: 'Assessments.' });
  });

  it('splits a Progress cell at increasing (n) markers', () => {
    expect(progressSegments(['(1) On track: x (2) Completed (2) see above'])).toEqual([
      { num: 1, paragraphs: ['(1) On track: x'] },
      { num: 2, paragraphs: ['(2) Completed (2) see above'] },
    ]);
  });
});

describe('an action cell that lists items of its own', () => {
  it('reads lettered items after a colon (real cell text, seed 000)', () => {
    const sub = subItems(
      'Improve the quality of child protection and child in need plans through the following actions: a. Training on analysis of risk for social workers b. Multi-agency training to improve contribution of all agencies to child protection planning c. Together with London Councils, developing more focused set of child protection documentation templates',
      null,
    );
    expect(sub?.intro).toBe('Improve the quality of child protection and child in need plans through the following actions:');
    expect(sub?.items.map((i) => i.label)).toEqual(['a', 'b', 'c']);
    expect(sub?.items[1]!.text).toBe('Multi-agency training to improve contribution of all agencies to child protection planning');
    expect(sub?.tail).toBeNull();
  });

  it('reads a nested numbered list, and the parent-level action after it', () => {
    const sub = subItems(
      'All families will receive the appropriate level of intervention, through the following actions: 1. Assessment of whether cases receiving appropriate level through audit 2. Benchmarking of thresholds across London 3. Ensure thresholds are understood across partnership 2. Strengthen overview of child in need cases',
      '1',
    );
    expect(sub?.items.map((i) => [i.label, i.text])).toEqual([
      ['1', 'Assessment of whether cases receiving appropriate level through audit'],
      ['2', 'Benchmarking of thresholds across London'],
      ['3', 'Ensure thresholds are understood across partnership'],
    ]);
    expect(sub?.tail).toEqual({ num: '2', text: 'Strengthen overview of child in need cases' });
  });

  it('finds no list without a colon before "a", or with one item only', () => {
    expect(subItems('Develop a plan a. with partners b. with schools', null)).toBeNull();
    expect(subItems('Robust monitoring through: a. Quarterly performance meetings', null)).toBeNull();
    expect(subItems('Review the policy: 2012 version', null)).toBeNull();
  });

  it('splits a progress text at its letters, in sequence, whatever their case', () => {
    const e = letteredEntries(['This is now incorporated into the L&D plan.', 'a. Completed. FWI workflow processes updated b. Completed. Six-weekly meetings', 'C. JB contributes to an event']);
    expect(e?.map((x) => [x.letter, x.text.slice(0, 20)])).toEqual([
      [null, 'This is now incorpor'],
      [0, 'a. Completed. FWI wo'],
      [1, 'b. Completed. Six-we'],
      [2, 'C. JB contributes to'],
    ]);
    expect(letteredEntries(['Fully scheduled for 12/13. Consultation on draft performance framework'])).toBeNull();
    expect(openingLetter('• d) Managers are reviewing all cases')).toBe(3);
    expect(openingLetter('A &C. LSCB thresholds group')).toBeNull();
  });
});

describe('leads written as job titles', () => {
  const lex = new LeadLexicon();
  it('keeps a title of many capitalised words whole', () => {
    expect(splitLeads('Group Manager Multi Agency Safeguarding Hub', lex)).toEqual(['Group Manager Multi Agency Safeguarding Hub']);
    expect(splitLeads('Head of Service Children Looked After', lex)).toEqual(['Head of Service Children Looked After']);
  });
  it('splits two titles joined by "and", not "and" inside one title', () => {
    expect(splitLeads('Head of Service Safeguarding and Designated Nurse Safeguarding Children', lex)).toEqual(['Head of Service Safeguarding', 'Designated Nurse Safeguarding Children']);
    expect(splitLeads('Head of Care and Planning', lex)).toEqual(['Head of Care and Planning']);
    expect(splitLeads('Director of Children and Families Director of Strategy', lex)).toEqual(['Director of Children and Families Director of Strategy']);
  });
  it('still splits people named one after another', () => {
    expect(splitLeads('Teresa De Vito Vikki Rix', lex)).toEqual(['Teresa De Vito', 'Vikki Rix']);
  });
  it('keeps a partner body or team of three capitalised words whole (fresh3 Partner agency column)', () => {
    expect(splitLeads('Integrated Care Board', lex)).toEqual(['Integrated Care Board']);
    expect(splitLeads('Youth Justice Service', lex)).toEqual(['Youth Justice Service']);
    expect(splitLeads('Integrated Care Board / Ann Graham', lex)).toEqual(['Integrated Care Board', 'Ann Graham']);
  });
});
