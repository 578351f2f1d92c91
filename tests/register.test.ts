import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { registerData, parseAliases } from '../src/register/data.js';
import { resolveName, namedInText } from '../src/register/match.js';
import { resolveAuthority } from '../src/register/resolve.js';
import { extractFile } from '../src/ingest.js';
import { DEFAULT_LIMITS } from '../src/readers/limits.js';
import { ROOT } from './helpers.js';

const code = (name: string, date: string | null = null) => {
  const r = resolveName(name, date);
  return r.ok ? r.authority.code : null;
};

describe('the register (data/local-authorities.csv)', () => {
  const data = registerData();

  it('has every row, with codes, regions and neighbours', () => {
    expect(data.authorities).toHaveLength(156);
    expect(new Set(data.authorities.map((a) => a.code)).size).toBe(156);
    const bd = data.authorities.find((a) => a.code === '301')!;
    expect(bd).toMatchObject({ name: 'Barking and Dagenham', region: 'London', laType: 'London Borough', ofstedUrn: '80486', onsCode: 'E09000002' });
    expect(bd.statNeighbours.slice(0, 3)).toEqual(['308', '821', '313']);
    // Every neighbour is a row of the register.
    const codes = new Set(data.authorities.map((a) => a.code));
    for (const a of data.authorities) for (const n of a.statNeighbours) expect(codes.has(n), `${a.name} -> ${n}`).toBe(true);
  });

  it('keeps a name with commas in it as one alias', () => {
    expect(parseAliases('[BCP, Bournemouth, Christchurch & Poole]', 'Bournemouth, Christchurch and Poole')).toEqual(['BCP', 'Bournemouth, Christchurch & Poole']);
    expect(parseAliases('[Kingston Upon Hull, Hull]', 'Kingston Upon Hull, City of')).toEqual(['Kingston Upon Hull', 'Hull']);
    expect(parseAliases('', 'Brent')).toEqual([]);
  });
});

describe('names as documents write them', () => {
  it.each([
    ['London Borough of Barking and Dagenham', '301'],
    ['London Borough of Barking & Dagenham', '301'],
    ['Barking & Dagenham', '301'],
    ['Barking and Dagenham', '301'],
    ['East Riding', '811'],
    ['East Riding of Yorkshire Council', '811'],
    ['Newcastle', '391'],
    ['Newcastle upon Tyne', '391'],
    ['Newcastle City Council', '391'],
    ['Kingston upon Hull', '810'],
    ['Kingston upon Hull City Council', '810'],
    ['Hull City Council', '810'],
    ['Durham', '840'],
    ['County Durham', '840'],
    ['Durham County Council', '840'],
    ['Brent Social Care', '304'],
    ['Brent Children and Families Department', '304'],
    ['Bournemouth, Christchurch and Poole', '839'],
    ['Bournemouth, Christchurch & Poole', '839'],
    ['BCP', '839'],
    ['Bristol', '801'],
    ['City of Bristol', '801'],
    ['Bristol City Council', '801'],
    ['City of London', '201'],
    ['City of Bradford Metropolitan District Council', '380'],
    ['Bradford Children and Families Trust', '380'],
    ["Birmingham Children's Trust", '330'],
    ['Doncaster Metropolitan Borough Council', '371'],
    ['Royal Borough of Windsor and Maidenhead', '868'],
    ['Royal Borough of Kensington and Chelsea', '207'],
    ['Bedford Borough Council', '822'],
    ['Bedford', '822'],
    ['Stoke-on-Trent', '861'],
    ['Stoke on Trent City Council', '861'],
    ['St Helens', '342'],
    ['St. Helens Council', '342'],
    ['Southend-on-Sea City Council', '882'],
    ['Bath & North East Somerset', '800'],
    ['North Somerset', '802'],
    ['Somerset Council', '933'],
    ['County of Herefordshire', '884'],
    ['Isles of Scilly', '420'],
    ['Westmorland and Furness', '943'],
    ['Nottingham City', '892'],
    ['Nottinghamshire County Council', '891'],
    ['Leicester City Council', '856'],
    ['City of York', '816'],
  ])('%s -> %s', (name, expected) => {
    expect(code(name)).toBe(expected);
  });

  it('matches nothing rather than guess', () => {
    for (const name of ['Kingston', 'Somewhere Borough Council', 'North', 'Barking and Dagenham and Havering', 'Council', 'Birmingham and Solihull'])
      expect(code(name), name).toBeNull();
    const r = resolveName('Atlantis', null);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/Atlantis/);
  });

  it('resolves predecessors by date', () => {
    expect(code('Northamptonshire', '2019-08-01')).toBe('928');
    expect(code('Northamptonshire County Council', '2021-03-31')).toBe('928');
    expect(code('Cumbria', '2022-06-01')).toBe('909');
    expect(code('Poole', '2018-11-01')).toBe('836');
    expect(code('Borough of Poole', '2018-11-01')).toBe('836');
    // After the reorganisation: one successor is the successor; two are no answer.
    expect(code('Poole', '2019-06-01')).toBe('839');
    expect(code('Cumbria', '2023-06-01')).toBeNull();
    expect(code('Northamptonshire', '2022-11-01')).toBeNull();
    // Undated: the name's own row.
    expect(code('Cumbria')).toBe('909');
    // The successors themselves.
    expect(code('North Northamptonshire', '2022-11-25')).toBe('940');
    expect(code('Cumberland', '2024-01-01')).toBe('942');
  });
});

describe('the authority of a document', () => {
  const unit = (text: string, line: number) => ({ text, loc: { page: null, line, block: null } });
  const info = (localAuthority: string | null, publicationDate: string | null = null) => ({ localAuthority, publicationDate, inspectionEnd: null, inspectionStart: null });

  it('gives the register name, the code and the words as written', () => {
    const r = resolveAuthority(info('Barking and Dagenham'), [unit('London Borough of Barking & Dagenham', 1), unit('LA ACTION PLAN', 2)]);
    expect(r).toEqual({ localAuthority: 'Barking and Dagenham', localAuthorityCode: '301', localAuthorityAsWritten: 'London Borough of Barking & Dagenham', warnings: [] });
  });

  it('finds an authority named in running text when the classifier read none (seed 001)', () => {
    const r = resolveAuthority(info(null), [
      unit('Children and Families Overview and Scrutiny Committee', 1),
      unit('1.1 This report shows the level of progress made by the Brent Social Care against the action plan', 5),
      unit('4.10 NHS Brent and Brent Community Service (Ealing ICO) has launched an action plan', 9),
    ]);
    expect(r).toMatchObject({ localAuthority: 'Brent', localAuthorityCode: '304', localAuthorityAsWritten: 'Brent Social Care' });
  });

  it('uses the authority the opening pages name when the classifier read a name the register lacks, and says so', () => {
    const r = resolveAuthority(info('Together for Children'), [unit('Together for Children', 1), unit('A company owned by Sunderland City Council', 2)]);
    expect(r).toMatchObject({ localAuthority: 'Sunderland', localAuthorityCode: '394', localAuthorityAsWritten: 'Sunderland City Council' });
    expect(r.warnings.map((w) => [w.code, w.loc.line])).toEqual([['local_authority_from_text', 2]]);
  });

  it('warns and gives no code when nothing matches, or two authorities are named as often', () => {
    const none = resolveAuthority(info('Atlantis'), [unit('Atlantis Council', 1)]);
    expect(none).toMatchObject({ localAuthority: 'Atlantis', localAuthorityCode: null });
    expect(none.warnings.map((w) => w.code)).toEqual(['local_authority_unmatched']);
    const two = resolveAuthority(info(null), [unit('A report of Harrow Council and Brent Council', 3)]);
    expect(two.localAuthorityCode).toBeNull();
    expect(two.warnings[0]!.message).toMatch(/Harrow Council.*Brent Council/);
    const silent = resolveAuthority(info(null), [unit('Nothing to see here', 1)]);
    expect(silent).toMatchObject({ localAuthority: null, localAuthorityCode: null, localAuthorityAsWritten: null });
    expect(silent.warnings).toHaveLength(1);
  });

  it('notes a predecessor named after it was replaced', () => {
    const r = resolveAuthority(info('Poole', '2019-05-01'), [unit('Borough of Poole', 1)]);
    expect(r).toMatchObject({ localAuthority: 'Bournemouth, Christchurch and Poole', localAuthorityCode: '839', localAuthorityAsWritten: 'Borough of Poole' });
    expect(r.warnings.map((w) => w.code)).toEqual(['local_authority_successor']);
  });

  it('gives the name as written without a possessive', () => {
    const r = resolveAuthority(info('Barking and Dagenham'), [unit("Barking and Dagenham's OFSTED action plan", 1)]);
    expect(r.localAuthorityAsWritten).toBe('Barking and Dagenham');
  });

  it('reads organisation words only next to a capitalised name', () => {
    expect(namedInText('reading council papers')).toEqual([]);
    expect(namedInText('Reading Borough Council').map((m) => m.asWritten)).toEqual(['Reading Borough Council']);
  });
});

// Every corpus report: the directory it sits in names its authority (ground truth for this
// test only; the resolver never sees the path). Only the first page is read (title, name, dates).
const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'reports');
describe.skipIf(!existsSync(CORPUS))('every corpus report resolves to its authority', () => {
  const data = registerData();
  const slug = (s: string) => s.toLowerCase().replace(/,? city of$/, '').replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const byDir = new Map<string, string>(data.authorities.map((a) => [slug(a.name), a.code]));
  byDir.set('london-corporation', '201');
  const expected = (dir: string, date: string) => {
    const c = byDir.get(dir)!;
    const before = data.reorganisations.find((r) => r.successors.includes(c) && date < r.effective);
    return before ? before.predecessor : c;
  };

  it('>= 99% of the corpus, every miss listed', async () => {
    const files = readdirSync(CORPUS).flatMap((d) => readdirSync(join(CORPUS, d)).map((f) => [d, f] as const));
    let right = 0;
    const wrong: string[] = [];
    let unreadable = 0;
    for (const [dir, f] of files) {
      let doc;
      try {
        doc = await extractFile(join(CORPUS, dir, f), { ...DEFAULT_LIMITS, maxPages: 1 });
      } catch {
        unreadable++; // the HTML page saved as .pdf
        continue;
      }
      const want = expected(dir, f.slice(0, 10));
      if (doc.document.localAuthorityCode === want) right++;
      else wrong.push(`${dir}/${f}: ${doc.document.localAuthorityCode} (${doc.document.localAuthorityAsWritten}), want ${want}`);
    }
    expect(unreadable).toBeLessThanOrEqual(1);
    expect(files.length).toBeGreaterThanOrEqual(130);
    expect(wrong).toEqual([]);
    expect(right / (files.length - unreadable)).toBeGreaterThanOrEqual(0.99);
  });
});
