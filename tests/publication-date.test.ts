import { describe, expect, it } from 'vitest';
import { copyFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { importFiles } from '../src/index.js';
import { givenPublication } from '../src/store/publication.js';
import { cli, fixture, tmp } from './helpers.js';

// A real ILACS report (Brent, inspected 13-24 February 2023, published 11 April 2023 per the corpus file name):
// it prints no publication date.
const BRENT = fixture('reports', 'brent_2023-04-11.pdf');

function stored(db: string) {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare("SELECT publication_date AS date, publication_date_source AS source, json_extract(json, '$.document.publicationDate') AS jsonDate, json_extract(json, '$.document.publicationDateSource') AS jsonSource FROM documents").all() as Array<Record<string, string | null>>;
  } finally {
    conn.close();
  }
}

describe('a publication date given from outside the document', () => {
  const info = { kind: 'inspection_report' as const, framework: 'ilacs' as const, inspectionEnd: '2023-02-24', publicationDate: '2023-02-24', publicationDateSource: 'inspection_end' as const };

  it('replaces an estimate, is refused before the inspection ended, in the future or when not a date', () => {
    expect(givenPublication(info, { date: '2023-04-11', source: 'user' }, '2024-01-01')).toMatchObject({ ok: true, changed: true, date: '2023-04-11', source: 'user' });
    expect(givenPublication(info, { date: '2023-02-23', source: 'user' }, '2024-01-01')).toEqual({ ok: false, reason: '--published 2023-02-23 is before the inspection ended (2023-02-24)' });
    expect(givenPublication(info, { date: '2024-01-02', source: 'user' }, '2024-01-01')).toEqual({ ok: false, reason: '--published 2024-01-02 is in the future' });
    expect(givenPublication(info, { date: '2023-02-30', source: 'user' }, '2024-01-01')).toMatchObject({ ok: false });
    expect(givenPublication({ ...info, kind: 'action_plan' }, { date: '2023-04-11', source: 'user' }, '2024-01-01')).toMatchObject({ ok: false });
  });

  it('never replaces a printed date, and a date typed by hand never replaces the listing\'s (a warning says so)', () => {
    const printed = givenPublication({ ...info, publicationDate: '2023-04-10', publicationDateSource: 'printed' }, { date: '2023-04-11', source: 'ofsted_listing' }, '2024-01-01');
    expect(printed).toMatchObject({ ok: true, changed: false, date: '2023-04-10', source: 'printed' });
    expect(printed.ok && printed.warning?.code).toBe('publication_date_given_ignored');
    const listed = givenPublication({ ...info, publicationDate: '2023-04-11', publicationDateSource: 'ofsted_listing' }, { date: '2023-04-12', source: 'user' }, '2024-01-01');
    expect(listed).toMatchObject({ ok: true, changed: false, date: '2023-04-11' });
    // The same source again corrects itself.
    expect(givenPublication({ ...info, publicationDate: '2023-04-12', publicationDateSource: 'user' }, { date: '2023-04-11', source: 'user' }, '2024-01-01')).toMatchObject({ changed: true, date: '2023-04-11' });
  });

  it('importFiles({ published }): a listing date stored with its source; for a file already loaded, updated without extracting again', async () => {
    const dir = tmp();
    const db = join(dir, 'a.sqlite');
    const file = join(dir, 'brent.pdf');
    copyFileSync(BRENT, file);
    const s1 = await importFiles([file], { db, jobs: 1, inProcess: true, published: new Map([[resolve(file), { date: '2023-04-12', source: 'ofsted_listing' as const }]]) });
    expect(s1.failed).toEqual([]);
    expect(stored(db)).toEqual([{ date: '2023-04-12', source: 'ofsted_listing', jsonDate: '2023-04-12', jsonSource: 'ofsted_listing' }]);
    const s2 = await importFiles([file], { db, jobs: 1, inProcess: true, published: new Map([[resolve(file), { date: '2023-04-11', source: 'ofsted_listing' as const }]]) });
    expect(s2).toMatchObject({ skipped: 1, datesUpdated: 1, failed: [] });
    expect(stored(db)).toEqual([{ date: '2023-04-11', source: 'ofsted_listing', jsonDate: '2023-04-11', jsonSource: 'ofsted_listing' }]);
  });

  it('ofsted import --published: refused with a line naming the file, for a new file and one already loaded; accepted, it updates', async () => {
    const dir = tmp();
    const db = join(dir, 'a.sqlite');
    const early = await cli(['import', '--quiet', '--db', db, '--published', '2023-01-31', BRENT]);
    expect(early.code).not.toBe(0);
    expect(early.stdout).toContain(`${BRENT}: --published 2023-01-31 is before the inspection ended (2023-02-24)`);
    expect(stored(db)).toEqual([]);
    expect((await cli(['import', '--quiet', '--db', db, BRENT])).code).toBe(0);
    const future = await cli(['import', '--quiet', '--db', db, '--published', '2999-01-01', BRENT]);
    expect(future.code).not.toBe(0);
    expect(future.stdout).toContain(`${BRENT}: --published 2999-01-01 is in the future`);
    const ok = await cli(['import', '--quiet', '--db', db, '--published', '2023-04-11', BRENT]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('publication dates updated: 1');
    expect(stored(db)).toMatchObject([{ date: '2023-04-11', source: 'user' }]);
    const bad = await cli(['import', '--quiet', '--db', db, '--published', '11/04/2023', BRENT]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--published must be a date YYYY-MM-DD');
  });
});
