import { describe, expect, it } from 'vitest';
import { actionSegments, LeadLexicon, progressSegments, splitLeads, splitPeople } from '../src/extract/plan/split.js';

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
