/**
 * One authority selector (src/query/authority.ts): a name, an alias, another spelling, the first
 * words of one name, a DfE code, or the stored name of documents no register row matched, select
 * the same documents in `query judgements`, `query themes`, `query tracker`, `query deadlines`, the
 * export and the JSON API; a name that could mean several authorities is refused by every one of
 * them, saying which. Function calls over one database built from fixtures; one CLI run per
 * command for the exit code.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../src/db/types';
import { openForQuery } from '../src/store/open';
import { AuthorityError, selectAuthority, selectionKeys } from '../src/query/authority';
import { DataAccess, QueryTimeout } from '../src/query/access';
import { queryActions, queryDeadlines, queryJudgements, queryParagraphs, queryRecommendations, queryVisits } from '../src/query/canned-queries';
import { themeComparison, themeCounts, themeItems } from '../src/query/themes';
import { trackerRows } from '../src/query/tracker';
import { buildSheets } from '../src/export/workbook';
import { createApp } from '../src/web/server';
import { InputError } from '../src/util/errors';
import { cli, fixture, tmp } from './helpers';

const AS_OF = '2016-01-01';
const ALL = 100_000;

/** Ways of naming one authority, and the documents (by SQL on the stored columns) that are its. */
const AUTHORITIES = [
  { what: 'Barking and Dagenham', docs: "local_authority_code = '301'", names: ['Barking and Dagenham', 'Barking', 'london borough of barking & dagenham council', '301'] },
  { what: 'Bournemouth, Christchurch and Poole', docs: "local_authority_code = '839'", names: ['Bournemouth, Christchurch and Poole', 'BCP', 'bournemouth christchurch & poole', '839'] },
  { what: 'Brent', docs: "local_authority_code = '304'", names: ['Brent', 'Brent Social Care', 'BRENT', '304'] },
  { what: 'Gotham (no register row)', docs: "local_authority_code IS NULL AND local_authority = 'Gotham'", names: ['Gotham', 'gotham'] },
  { what: 'Wessex (no register row)', docs: "local_authority_code IS NULL AND local_authority = 'Wessex'", names: ['Wessex', 'WESSEX'] },
];

describe('the authority selector, without a database', () => {
  it('takes a unique first word, an alias, a spelling and a code; refuses a name of several, naming them', () => {
    expect(selectAuthority('Barking', []).code).toBe('301');
    expect(selectAuthority('Newcastle', []).code).toBe('391'); // data/aliases.csv
    expect(selectAuthority('Hull', []).code).toBe('810');
    expect(selectAuthority('the london borough of barking & dagenham', []).code).toBe('301');
    expect(selectAuthority(' 314 ', []).name).toBe('Kingston upon Thames');
    const refused = (text: string, stored: string[] = []) => {
      try {
        selectAuthority(text, stored);
      } catch (e) {
        expect(e).toBeInstanceOf(AuthorityError);
        expect(e).toBeInstanceOf(InputError);
        return e as AuthorityError;
      }
      throw new Error(`"${text}" was accepted`);
    };
    const k = refused('Kingston');
    expect(k.ambiguous).toBe(true);
    expect(k.reason).toBe('"Kingston" could be any of: Kingston Upon Hull, City of (810); Kingston upon Thames (314). Give more of the name, or a DfE code');
    expect(refused('kingston upon').ambiguous).toBe(true);
    expect(refused('Nowhere').reason).toBe('no authority in the register or the database is called "Nowhere"');
    expect(refused('999').reason).toBe('no authority in the register has the code 999');
    expect(refused('  ').reason).toBe('no authority given');
  });

  it('composes with stored names: one that points at one register authority is its, one that points at several or none stands alone', () => {
    const stored = ['Barking', 'Newcastle Upon Tyne Childrens Services Partnership', 'Gotham', 'GOTHAM', 'Kingston'];
    // Every way of naming Barking and Dagenham takes the documents stored as "Barking" too.
    for (const n of ['301', 'Barking and Dagenham', 'Barking']) expect(selectAuthority(n, stored)).toEqual({ code: '301', name: 'Barking and Dagenham', key: '301', storedNames: ['Barking'] });
    expect(selectAuthority('Newcastle', stored).storedNames).toEqual(['Newcastle Upon Tyne Childrens Services Partnership']);
    // A stored name of no register authority: itself, in any case, every spelling of it stored.
    expect(selectAuthority('gotham', stored)).toEqual({ code: null, name: 'Gotham', key: 'Gotham', storedNames: ['GOTHAM', 'Gotham'] });
    // Documents that say exactly "Kingston" (of no one authority) are selectable by that name, and belong to neither Kingston.
    expect(selectAuthority('Kingston', stored)).toMatchObject({ code: null, storedNames: ['Kingston'] });
    expect(selectAuthority('Kingston upon Thames', stored).storedNames).toEqual([]);
    expect(selectionKeys(selectAuthority('Barking', stored))).toEqual(['301', 'Barking']);
    // The first words of several names, stored or the register's: refused, naming each.
    expect(() => selectAuthority('Gotham', ['Gotham City', 'Gotham Vale'])).toThrow(/^"Gotham" could be any of: Gotham City \(not in the register\); Gotham Vale \(not in the register\)\./);
    expect(() => selectAuthority('Kingston', ['Kingston Vale'])).toThrow(/any of: Kingston Upon Hull, City of \(810\); Kingston upon Thames \(314\); Kingston Vale \(not in the register\)\./);
  });
});

describe('--la selects the same documents everywhere', () => {
  let dbPath: string;
  let db: DB;
  let data: DataAccess;
  let api: ReturnType<typeof createApp>;
  beforeAll(async () => {
    dbPath = join(tmp('ofsted-authority-'), 'db.sqlite');
    const r = await cli(
      [
        'import',
        fixture('seeds'),
        fixture('plans', 'barking-dagenham-2014-action-plan.md'),
        fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'),
        fixture('plans', 'hostile-text-action-plan.md'),
        fixture('letters', 'unknown-structure-letter.md'),
        fixture('letters', 'bournemouth-christchurch-poole_2020-11-27.pdf'),
        fixture('plans', 'harrow-2012-improvement-plan.md'),
        '--db',
        dbPath,
        '--jobs',
        '1',
        '--quiet',
      ],
    );
    expect(r.code, r.stderr).toBe(0);
    db = openForQuery(dbPath);
    data = new DataAccess(db, { timeMs: 60_000 });
    api = createApp(db, { asOf: AS_OF });
  }, 300_000);
  afterAll(() => db?.close());

  const paths = (rows: ReadonlyArray<Record<string, unknown>>, key = 'path') => [...new Set(rows.map((r) => String(r[key])))].sort();
  const sheet = (sheets: ReturnType<typeof buildSheets>, name: string) => sheets.find((s) => s.name === name)?.rows ?? [];
  const get = async (url: string) => {
    const res = await api.request(url);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { error?: string } };
  };

  /** What each front end selects for `la` (paths of the documents behind its rows), and its rows where a count is all it gives. */
  async function selected(la: string) {
    const sel = data.select(la);
    const sheets = buildSheets(data, [sel], AS_OF);
    const web = await get(`/api/authorities/${encodeURIComponent(la)}`);
    expect(web.status, JSON.stringify(web.body)).toBe(200);
    return {
      judgements: paths(queryJudgements(db, { la, limit: ALL })),
      recommendations: paths(queryRecommendations(db, { la, limit: ALL })),
      paragraphs: paths(queryParagraphs(db, { la, limit: ALL })),
      actions: paths(queryActions(db, { la, limit: ALL })),
      visits: paths(queryVisits(db, { la, limit: ALL })),
      deadlines: paths(queryDeadlines(db, { la, asOf: AS_OF })),
      tracker: paths(trackerRows(db, { la, asOf: AS_OF }) as unknown as Array<Record<string, unknown>>, 'report_path'),
      themes: themeCounts(db, { la }),
      themeItems: paths(themeItems(db, [sel]) as unknown as Array<Record<string, unknown>>),
      exportLatest: paths(sheet(sheets, 'Latest by authority'), 'key'),
      exportJudgements: paths(sheet(sheets, 'Judgements')),
      exportRecommendations: paths(sheet(sheets, 'Recommendations')),
      exportActions: paths(sheet(sheets, 'Actions')),
      exportDeadlines: paths(sheet(sheets, 'Plan deadlines')),
      // (the sheet is there once a plan is linked to one of the reports)
      exportTracker: sheets.some((s) => s.name === 'Tracker') ? paths(sheet(sheets, 'Tracker'), 'report_path') : null,
      apiDocuments: paths(web.body.documents as Array<Record<string, unknown>>),
      apiDeadlines: paths(web.body.deadlines as Array<Record<string, unknown>>),
      apiTracker: paths(web.body.tracker as Array<Record<string, unknown>>, 'report_path'),
    };
  }

  for (const a of AUTHORITIES) {
    it(`${a.what}: ${a.names.map((n) => `"${n}"`).join(', ')}`, async () => {
      const own = db.prepare(`SELECT path, coalesce(local_authority_code, local_authority) AS key FROM documents WHERE ${a.docs}`).all() as Array<{ path: string; key: string }>;
      expect(own.length).toBeGreaterThan(0);
      const mine = new Set(own.map((d) => d.path));
      const only = (xs: string[]) => xs.filter((p) => mine.has(p));
      // Each front end's answer for this authority is its answer for all, cut to the authority's documents.
      const everything = {
        judgements: paths(queryJudgements(db, { limit: ALL })),
        recommendations: paths(queryRecommendations(db, { limit: ALL })),
        paragraphs: paths(queryParagraphs(db, { limit: ALL })),
        actions: paths(queryActions(db, { limit: ALL })),
        visits: paths(queryVisits(db, { limit: ALL })),
        deadlines: paths(queryDeadlines(db, { asOf: AS_OF })),
        tracker: paths(trackerRows(db, { asOf: AS_OF }) as unknown as Array<Record<string, unknown>>, 'report_path'),
        themeItems: paths(themeItems(db) as unknown as Array<Record<string, unknown>>),
      };
      const all = buildSheets(data, undefined, AS_OF);
      const first = await selected(a.names[0]!);
      for (const [k, v] of Object.entries(everything)) expect(first[k as keyof typeof first], k).toEqual(only(v));
      expect(first.exportJudgements).toEqual(only(paths(sheet(all, 'Judgements'))));
      expect(first.exportRecommendations).toEqual(only(paths(sheet(all, 'Recommendations'))));
      expect(first.exportActions).toEqual(only(paths(sheet(all, 'Actions'))));
      expect(first.exportDeadlines).toEqual(first.deadlines);
      if (first.exportTracker !== null || a.what.startsWith('Barking')) expect(first.exportTracker).toEqual(first.tracker);
      expect(first.exportLatest).toEqual([...new Set(own.map((d) => d.key))].sort());
      expect(first.apiDocuments).toEqual([...mine].sort());
      expect(first.apiDeadlines).toEqual(first.deadlines);
      expect(first.apiTracker).toEqual(first.tracker);
      // query themes counts the items of exactly these inspection documents.
      const items = db
        .prepare(
          `SELECT count(*) AS n FROM recommendation_themes rt JOIN recommendations r ON r.id = rt.recommendation_id JOIN documents d ON d.id = r.document_id
           WHERE d.kind <> 'action_plan' AND rt.rank = 1 AND d.path IN (SELECT value FROM json_each(?))`,
        )
        .get(JSON.stringify([...mine])) as { n: number };
      expect(first.themes.reduce((n, r) => n + r.first, 0)).toBe(items.n);
      // Something to compare: the authority's documents show in more than the API.
      expect(Object.values(first).filter((v) => Array.isArray(v) && v.length > 0).length).toBeGreaterThanOrEqual(3);
      // Every other way of naming it selects the same.
      for (const n of a.names.slice(1)) expect(await selected(n), n).toEqual(first);
    });
  }

  it('"Kingston" is refused everywhere, naming Kingston upon Hull and Kingston upon Thames', async () => {
    const message = /"Kingston" could be any of: Kingston Upon Hull, City of \(810\); Kingston upon Thames \(314\)/;
    const f = { la: 'Kingston', asOf: AS_OF };
    for (const run of [
      () => queryJudgements(db, f),
      () => queryRecommendations(db, f),
      () => queryParagraphs(db, f),
      () => queryActions(db, f),
      () => queryVisits(db, f),
      () => queryDeadlines(db, f),
      () => trackerRows(db, f),
      () => themeCounts(db, f),
      () => themeCounts(db, { neighboursOf: 'Kingston' }),
      () => themeComparison(db, 'Kingston'),
      () => queryJudgements(db, { neighboursOf: 'Kingston' }),
      () => buildSheets(data, [data.select('Kingston')], AS_OF),
    ]) {
      expect(run).toThrow(message);
      expect(run).toThrow(InputError);
    }
    for (const url of ['/api/authorities/Kingston', '/api/search?q=children&la=Kingston', '/api/themes/compare?la=Kingston']) {
      const r = await get(url);
      expect(r.status, url).toBe(400);
      expect(r.body.error, url).toMatch(message);
    }
    // The pages say it too, escaped.
    const page = await api.request('/authority/Kingston');
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('&quot;Kingston&quot; could be any of: Kingston Upon Hull, City of (810); Kingston upon Thames (314)');
    const search = await api.request('/search?q=children&la=Kingston');
    expect(search.status).toBe(400);
  });

  it('a name of no authority: 404 for the authority page, 400 for a filter, the text escaped', async () => {
    const r = await get('/api/authorities/Nowhere');
    expect(r).toEqual({ status: 404, body: { error: 'no authority in the register or the database is called "Nowhere"' } });
    expect((await get('/api/search?q=children&la=Nowhere')).status).toBe(400);
    const page = await api.request(`/authority/${encodeURIComponent('<b>Nowhere</b>')}`);
    expect(page.status).toBe(404);
    const html = await page.text();
    expect(html).not.toContain('<b>Nowhere');
    expect(html).toContain('&lt;b&gt;Nowhere&lt;/b&gt;');
    // Statistical neighbours need the register.
    expect((await get('/api/themes/compare?la=Gotham')).body.error).toBe('Gotham is not in the register (only documents name it), so it has no statistical neighbours');
  });

  it('the themes and deadlines routes run under the time limit and the row cap', async () => {
    const slow = createApp(db, { queryTimeMs: 0, asOf: AS_OF });
    for (const url of ['/api/themes', '/api/themes/by-year', '/api/themes/compare?la=Barking', '/themes']) {
      const r = await slow.request(url);
      expect(r.status, url).toBe(503);
      expect(await r.text(), url).toMatch(/time limit/);
    }
    const stopped = new DataAccess(db, { timeMs: 0 });
    expect(() => stopped.deadlines(AS_OF)).toThrow(QueryTimeout);
    // The cap: as many rows as it allows, where there are more.
    const everyDeadline = data.deadlines(AS_OF);
    const everyTheme = themeCounts(db);
    expect(everyDeadline.length).toBeGreaterThan(1);
    expect(everyTheme.length).toBeGreaterThan(1);
    const capped = new DataAccess(db, { maxRows: 1 });
    expect(capped.deadlines(AS_OF)).toEqual(everyDeadline.slice(0, 1));
    expect(themeCounts(capped.reader)).toEqual(everyTheme.slice(0, 1));
    // Within both, the same answers as a direct read.
    expect((await (await api.request('/api/themes')).json()) as unknown).toEqual({ rows: everyTheme });
  });

  it('the CLI: exit 1 and the reason for an ambiguous --la, in every command that takes one', async () => {
    const commands = [
      ['query', 'judgements'],
      ['query', 'recommendations'],
      ['query', 'paragraphs'],
      ['query', 'actions'],
      ['query', 'visits'],
      ['query', 'deadlines'],
      ['query', 'tracker'],
      ['query', 'themes'],
      ['export', '--out', join(tmp('ofsted-authority-x-'), 'book.xlsx')],
    ];
    const runs = [];
    for (const c of commands) runs.push(await cli([...c, '--db', dbPath, '--la', 'Kingston']));
    runs.forEach((r, i) => {
      expect(r.code, commands[i]!.join(' ')).toBe(1);
      expect(r.stderr).toBe('ofsted: --la: "Kingston" could be any of: Kingston Upon Hull, City of (810); Kingston upon Thames (314). Give more of the name, or a DfE code\n');
      expect(r.stdout).toBe('');
    });
    const ok = await cli(['query', 'themes', '--db', dbPath, '--la', 'Barking', '--format', 'json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual(themeCounts(db, { la: '301' }));
  }, 120_000);
});
