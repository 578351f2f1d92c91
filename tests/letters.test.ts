import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../src/db/types.js';
import { openDatabase } from '../src/store/open.js';
import { Loader } from '../src/store/loader.js';
import { extractFile } from '../src/ingest.js';
import { authorityOfHeading } from '../src/extract/letters.js';
import { hangsAt, textIndentOf, type Unit } from '../src/extract/units.js';
import { resolveName } from '../src/register/match.js';
import type { OfstedDocument } from '../src/model/document.js';
import { fixture, tmp } from './helpers.js';

const letter = (name: string) => fixture('letters', name);

describe('focused-visit letters', () => {
  it('reads date, visit dates, inspectors, focus, priority actions and areas for improvement (footnote and sub-bullets inside the lists)', async () => {
    const d = await extractFile(letter('north-northamptonshire_2024-03-05-focused-visit.md'));
    expect(d.document).toMatchObject({
      kind: 'inspection_report',
      framework: 'focused_visit',
      publicationDate: '2024-03-05',
      inspectionStart: '2024-01-30',
      inspectionEnd: '2024-01-31',
      leadInspector: 'Alex Sample',
      inspectors: ['Alex Sample', 'Sam Placeholder'],
      focus: 'children_in_care',
      // A successor by date and by the words used: not the abolished Northamptonshire (928).
      localAuthorityCode: '940',
    });
    expect(d.document.focusAsWritten).toMatch(/^Inspectors looked at the local authority's arrangements for children in care/);
    const pa = d.recommendations.filter((r) => r.kind === 'priority_action');
    const afi = d.recommendations.filter((r) => r.kind === 'area_for_improvement');
    expect(pa.map((r) => r.id)).toEqual(['PA1', 'PA2']);
    // The footnote between the two items neither ends the list nor becomes an item; sub-bullets join their item.
    expect(pa[0]!.text).toContain('\n• including brothers and sisters placed apart');
    expect(pa[1]!.text).toBe("the quality of management oversight of children's plans.");
    expect(pa[1]!.nationalFrameworkRef).toBe('Outcome 3, national framework');
    expect(pa[1]!.paragraphRefs).toEqual([]);
    // The list ends at "Main findings" (a plain bold line), not in the findings' bullets.
    expect(afi).toHaveLength(3);
    expect(afi[1]!.text).toBe("The recording of children's wishes and feelings, including:\n• in reviews of their plans\n• in supervision records");
    expect(afi[2]!.nationalFrameworkRef).toBe('Enabler 2, national framework');
    for (const r of d.recommendations) expect(r.loc.line).toBeGreaterThan(0);
  });

  it('a real 2026 letter keeps its national framework references apart', async () => {
    const d = await extractFile(letter('nottinghamshire_2026-01-12.pdf'));
    expect(d.document.localAuthorityCode).toBe('891');
    expect(d.document.publicationDate).toBe('2026-01-12');
    expect(d.recommendations.map((r) => [r.kind, r.nationalFrameworkRef])).toEqual([
      ['area_for_improvement', 'outcome 3, national framework'],
      ['area_for_improvement', 'outcome 3, national framework'],
    ]);
    expect(d.recommendations.every((r) => !/national framework/.test(r.text))).toBe(true);
  });

  it('no invented priority actions: a letter without them has none', async () => {
    const d = await extractFile(letter('manchester_2020-01-21.pdf'));
    expect(d.recommendations.filter((r) => r.kind === 'priority_action')).toHaveLength(0);
    expect(d.recommendations).toHaveLength(3);
    expect(d.recommendations[1]!.text.split('\n')).toHaveLength(5); // the item and its four sub-bullets
  });

  it('monitoring-visit and JTAI letters are read in the same shape', async () => {
    const mv = await extractFile(letter('sandwell_2023-06-20-monitoring-visit.md'));
    expect(mv.document).toMatchObject({ framework: 'monitoring_visit', localAuthorityCode: '333', publicationDate: '2023-06-20', inspectionStart: '2023-05-16', inspectionEnd: '2023-05-17', focus: 'children_in_need_and_protection' });
    expect(mv.recommendations.map((r) => r.kind)).toEqual(['area_for_improvement', 'area_for_improvement']);
    const jtai = await extractFile(letter('cheshire-east_2023-05-02-jtai.md'));
    expect(jtai.document).toMatchObject({ framework: 'jtai', localAuthorityCode: '895', inspectionStart: '2023-03-13', inspectionEnd: '2023-03-17', focus: 'early_help', inspectors: ['Robin Sample', 'Kim Placeholder'] });
    expect(jtai.recommendations).toHaveLength(3);
  });

  it('an unknown structure is still loaded, with a warning for each part that could not be read, and no guessed authority', async () => {
    const d = await extractFile(letter('unknown-structure-letter.md'));
    expect(d.document.framework).toBe('focused_visit');
    expect(d.document.localAuthorityCode).toBeNull();
    expect(d.document.localAuthority).not.toMatch(/dear/i);
    const codes = d.warnings.map((w) => w.code);
    for (const c of ['letter_date_not_found', 'visit_dates_not_found', 'inspectors_not_found', 'focus_not_found', 'letter_list_empty', 'local_authority_unmatched']) expect(codes).toContain(c);
  });

  it('a salutation is never the authority', async () => {
    const dir = tmp();
    const file = join(dir, 'letter.md');
    writeFileSync(file, '12 May 2022\n\nDear Carly\n\n# Focused visit to children\'s services\n\nThis letter summarises the findings of the focused visit on 3 and 4 April 2022.\n');
    const d = await extractFile(file);
    expect(d.document.localAuthorityCode).toBeNull();
    expect(d.document.localAuthority ?? '').not.toMatch(/carly|dear/i);
    expect(d.warnings.some((w) => w.code === 'local_authority_unmatched')).toBe(true);
  });

  it('a letter to the trust of an abolished county: the successor the address block names, by date and by words', async () => {
    const dir = tmp();
    const file = join(dir, 'letter.md');
    writeFileSync(
      file,
      "12 May 2023\n\nJane Example\nDirector of Children's Services\nNorth Northamptonshire Council\nKettering NN16 8TL\n\nDear Jane\n\n# Focused visit to Northamptonshire Children's Trust\n\n" +
        "This letter summarises the findings of the focused visit to Northamptonshire Children's Trust on 3 and 4 April 2023.\n",
    );
    const d = await extractFile(file);
    expect(d.document.localAuthorityCode).toBe('940');
    expect(d.warnings.some((w) => w.code === 'local_authority_successor')).toBe(true);
  });

  it('an early letter: numbered items, a visit over two months, inspectors written with their role', async () => {
    const dir = tmp();
    const file = join(dir, 'letter.md');
    writeFileSync(
      file,
      "1st March 2019\n\nDear Sir\n\n# Focused visit to Wigan children's services\n\nThis letter summarises the findings of the focused visit to Wigan children's services on 28 February and 1 March 2019. " +
        "Her Majesty's Inspectors (HMI) for this focused visit were Ann Example, HMI, and Bo Sample.\n\nInspectors looked at the local authority's arrangements for care leavers.\n\n" +
        '# What needs to improve in this area of social work practice\n\n1. The first thing.\n\n2. The second thing.\n\n# Findings\n\n3. Finding.\n',
    );
    const d = await extractFile(file);
    expect(d.document).toMatchObject({ publicationDate: '2019-03-01', inspectionStart: '2019-02-28', inspectionEnd: '2019-03-01', inspectors: ['Ann Example', 'Bo Sample'], focus: 'care_leavers', localAuthorityCode: '359' });
    expect(d.recommendations.map((r) => r.text)).toEqual(['The first thing.', 'The second thing.']);
  });

  it('a letter whose heading the reader ran into the salutation is still known by its wording', async () => {
    const dir = tmp();
    const file = join(dir, 'letter.md');
    writeFileSync(
      file,
      "12 May 2022\n\nDear Carly Focused visit to Wigan children's services This letter summarises the findings of the focused visit to Wigan children's services on 3 and 4 April 2022. " +
        "His Majesty's Inspectors for this visit were Ann Example and Bo Sample.\n\nInspectors looked at the local authority's arrangements for the front door.\n\n" +
        '# What needs to improve in this area of social work practice?\n\n- One thing.\n\n# Main findings\n\nText.\n',
    );
    const d = await extractFile(file);
    expect(d.document).toMatchObject({ framework: 'focused_visit', localAuthorityCode: '359', publicationDate: '2022-05-12', inspectionEnd: '2022-04-04', focus: 'front_door' });
    expect(d.recommendations.map((r) => r.text)).toEqual(['One thing.']);
  });

  it('a SEND report names its authority through its partnership', () => {
    expect(resolveName('Bolton local area partnership', '2024-01-01')).toMatchObject({ ok: true, authority: { code: '350' } });
  });

  it('the authority in a letter heading', () => {
    expect(authorityOfHeading("Focused visit to the London Borough of Barnet local authority children's services")).toBe('the London Borough of Barnet');
    expect(authorityOfHeading("Monitoring visit to Birmingham Children's Trust")).toBe('Birmingham');
    expect(authorityOfHeading('Joint targeted area inspection of the multi-agency response to abuse and neglect in Bolton')).toBe('Bolton');
  });
});

describe('JTAI letters, whole (issue 27)', () => {
  it('an older letter: theme in the title line, the four inspectorates, each signatory, items under subheadings, next steps with the date due', async () => {
    const d = await extractFile(letter('croydon_2016-06-29-jtai.pdf'));
    expect(d.document).toMatchObject({
      kind: 'inspection_report',
      framework: 'jtai',
      localAuthorityCode: '306',
      publicationDate: '2016-06-29',
      // "Between 16 May and 20 May": no year printed, the letter's year.
      inspectionStart: '2016-05-16',
      inspectionEnd: '2016-05-20',
      focus: 'abuse_and_neglect',
      agencies: ['Ofsted', 'CQC', 'HMICFRS', 'HMI Probation'],
      // Two signatures side by side on each line are two people, not "Wendy Williams Helen Davies".
      inspectors: ['Eleanor Schooling', 'Sue McMillan', 'Wendy Williams', 'Helen Davies'],
    });
    expect(d.document.focusAsWritten).toMatch(/^Joint targeted area inspection of the multi-agency response to abuse and neglect in the London Borough of Croydon$/);
    expect(d.document.nextSteps).toMatchObject({ due: '2016-10-06', loc: { page: 15 } });
    expect(d.document.nextSteps!.text).toMatch(/^The local authority should coordinate the preparation of a written statement of proposed action/);
    const items = d.recommendations;
    expect(items.every((r) => r.kind === 'area_for_improvement')).toBe(true);
    // Four subheadings, 10 + 9 + 7 + 3 items (the list came back empty before).
    const byHeading = new Map<string, number>();
    for (const r of items) byHeading.set(r.heading ?? '', (byHeading.get(r.heading ?? '') ?? 0) + 1);
    expect([...byHeading]).toEqual([
      ['Identifying and managing risk of harm at the ‘front door’', 10],
      ['Response to child sexual exploitation and missing children', 9],
      ['Leadership and Management', 7],
      ['Local Children’s Safeguarding Board', 3],
    ]);
    // The board's subheading names the body responsible.
    expect(items.filter((r) => r.scope === 'lscb').map((r) => r.responsible)).toEqual([['LSCB'], ['LSCB'], ['LSCB']]);
    // A paragraph set at the items' text indent after a full stop is still the item (not a new one, not the list's end).
    expect(items[18]!.text).toMatch(/^Some children who have been missing .* It is recognised that this is a London-wide challenge .* not confined to Croydon\.$/s);
    // An item carried over a page break.
    expect(items[1]!.text).toMatch(/Croydon University Hospital is not aware of the threshold document/);
    expect(items[1]!.loc.page).toBe(7);
    // The boxed case study after the list is not an item.
    expect(items.some((r) => /MASH team has a system for gathering/.test(r.text))).toBe(false);
  });

  it('a list running over page breaks keeps every item (22 items, not 6); the one priority action is not repeated', async () => {
    const d = await extractFile(letter('medway_2018-08-03-jtai.pdf'));
    expect(d.document).toMatchObject({ framework: 'jtai', focus: 'domestic_abuse', inspectors: ['Yvette Stanley', 'Ursula Gallagher', 'Wendy Williams', 'Helen Davies'] });
    // "by 12 November 18": a year in two digits.
    expect(d.document.nextSteps!.due).toBe('2018-11-12');
    const pa = d.recommendations.filter((r) => r.kind === 'priority_action');
    const afi = d.recommendations.filter((r) => r.kind === 'area_for_improvement');
    expect(pa.map((r) => r.id)).toEqual(['PA1']);
    expect(afi).toHaveLength(22);
    // A new sentence of an item at the top of the next page, set at the items' text indent, carries the item on.
    expect(afi[5]!.text).toMatch(/^Detailed strategic assessments of need .* However, progress has been slow since the local domestic abuse needs/s);
    expect(afi[5]!.loc.page).toBe(4);
    expect(afi.at(-1)!.text).toMatch(/^A re-focusing on vulnerability within Kent police/);
    expect(d.warnings.map((w) => w.code)).not.toContain('letter_list_empty');
  });

  it('bad input: a theme none of the list gets "other" with its sentence and a warning; "no priority actions" is no item; an introduction is no item; unbulleted paragraphs are one item each, with a warning', async () => {
    const d = await extractFile(letter('made-up-2019-jtai-unlisted-theme.md'));
    // A title of more than 30 words is still the letter's heading (such a letter was classified as an action plan).
    expect(d.document).toMatchObject({ kind: 'inspection_report', framework: 'jtai', focus: 'other', partnership: 'Wiltshire Safeguarding Vulnerable People Partnership' });
    expect(d.document.focusAsWritten).toMatch(/privately fostered, children who live in households affected by gambling/);
    expect(d.warnings.find((w) => w.code === 'focus_unrecognised')?.message).toMatch(/the theme of the inspection is none of the known ones/);
    expect(d.recommendations.filter((r) => r.kind === 'priority_action')).toEqual([]);
    expect(d.warnings.map((w) => w.code)).not.toContain('letter_list_empty');
    expect(d.recommendations.map((r) => [r.heading, r.text.slice(0, 30)])).toEqual([
      ['The front door', 'The quality of referrals from '],
      ['The front door', 'The timeliness of strategy dis'],
      ['The Local Safeguarding Children Board', 'The board does not yet know ho'],
      ['The Local Safeguarding Children Board', "The board's dataset does not i"],
    ]);
    const unbulleted = d.warnings.filter((w) => w.code === 'letter_list_unbulleted');
    expect(unbulleted).toHaveLength(1);
    expect(unbulleted[0]!.message).toContain('The Local Safeguarding Children Board');
    expect(d.document.nextSteps).toMatchObject({ due: '2019-06-21' });
    // Neither boxed case study is an item, and the one between the two subheadings does not end the list.
    expect(d.recommendations.some((r) => /young carer looked after|waited four days/.test(r.text))).toBe(false);
  });

  it('a paragraph set at a list item\'s text indent carries it on; one at the margin does not (the rule every list reader shares)', () => {
    const loc = { page: 1, line: null, block: null };
    const unit = (kind: Unit['kind'], xs: number[], bullet = false): Unit => ({
      index: 0, kind, text: 'x', cells: null, loc, level: 0, bullet,
      block: kind === 'list_item'
        ? { type: 'list_item', text: 'x', marker: '•', ordinal: null, depth: 0, loc, lines: xs.map((x) => ({ text: 'x', loc, x })) }
        : { type: 'paragraph', text: 'x', loc, lines: xs.map((x) => ({ text: 'x', loc, x })) },
    });
    const item = unit('list_item', [72, 86, 86], true);
    expect(textIndentOf(item)).toBe(86);
    expect(hangsAt(unit('paragraph', [86, 86]), textIndentOf(item))).toBe(true);
    expect(hangsAt(unit('paragraph', [72, 72]), textIndentOf(item))).toBe(false);
    // No geometry (Markdown, DOCX), or a one-line item: nothing is joined by position.
    expect(textIndentOf(unit('list_item', [72], true))).toBeNull();
    expect(hangsAt(unit('paragraph', [86]), null)).toBe(false);
  });

  it('a focused-visit letter: "did not identify any areas for priority action" is no item, a subheading set as plain text groups the bullets under it', async () => {
    const file = join(tmp('ofsted-letter-'), 'york_2024-05-01-focused-visit.md');
    writeFileSync(
      file,
      [
        '1 May 2024', '', 'Dear Director', '', '# Focused visit to City of York children’s services', '',
        'This letter summarises the findings of the focused visit to City of York children’s services on 2 and 3 April 2024. His Majesty’s Inspectors for this visit were Alex Sample and Sam Placeholder.', '',
        'Inspectors looked at the local authority’s arrangements for children in care.', '',
        '## Areas for priority action', '', 'Inspectors did not identify any areas for priority action.', '',
        '## What needs to improve in this area of social work practice', '',
        'The local authority should improve the following areas.', '',
        'Planning for children', '', '- The timeliness of children’s plans.', '- The quality of life-story work.', '',
        'Oversight', '', '- The frequency of supervision.', '',
        '## Main findings', '', 'Children are seen regularly.', '',
      ].join('\n'),
    );
    const d = await extractFile(file);
    expect(d.document.framework).toBe('focused_visit');
    expect(d.recommendations.filter((r) => r.kind === 'priority_action')).toEqual([]);
    expect(d.recommendations.map((r) => [r.heading, r.text])).toEqual([
      ['Planning for children', 'The timeliness of children’s plans.'],
      ['Planning for children', 'The quality of life-story work.'],
      ['Oversight', 'The frequency of supervision.'],
    ]);
    expect(d.warnings.map((w) => w.code)).not.toContain('letter_list_empty');
  });

  it('the theme is read from the first sentence of newer letters; a focused visit keeps its focus reading', async () => {
    const jtai = await extractFile(letter('cheshire-east_2023-05-02-jtai.md'));
    expect(jtai.document).toMatchObject({ focus: 'early_help', agencies: ['Ofsted', 'CQC', 'HMICFRS'], nextSteps: null });
    const fv = await extractFile(letter('north-northamptonshire_2024-03-05-focused-visit.md'));
    expect(fv.document).toMatchObject({ focus: 'children_in_care', agencies: [], nextSteps: null });
  });
});

// A plan whose only statement of its authority is its title links to its report as the seed Markdown does.
const REPORT = fixture('reports', 'barking-and-dagenham_2014-07-07.pdf');
const RENDERINGS = ['md', 'docx', 'pdf'].flatMap((ext) => [`barking-dagenham-2014-titled-plan.${ext}`, `barking-dagenham-2014-action-plan.${ext}`]);

describe('plans named only by their title link to their report', () => {
  let report: OfstedDocument;
  const plans = new Map<string, OfstedDocument>();
  beforeAll(async () => {
    report = await extractFile(REPORT);
    for (const r of RENDERINGS) plans.set(r, await extractFile(fixture('plans', r)));
  });

  const linkCount = (db: DB) => (db.prepare('SELECT count(*) AS n FROM recommendation_links').get() as { n: number }).n;

  it.each(RENDERINGS)('%s: 13 links in either import order (real SQLite file)', async (name) => {
    const plan = plans.get(name)!;
    expect(plan.document.localAuthorityCode).toBe('301');
    const dir = tmp();
    for (const [i, order] of [[report, plan], [plan, report]].entries()) {
      const db = openDatabase(join(dir, `order-${i}.sqlite`));
      const loader = new Loader(db);
      for (const d of order) loader.load(d, []);
      expect(linkCount(db)).toBe(13);
      db.close();
    }
  });
});
