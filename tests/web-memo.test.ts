import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, openForQuery } from '../src/store/open';
import { DataAccess } from '../src/query/access';
import { createApp } from '../src/web/server';
import { cli, fixture } from './helpers';
import { buildWebDb } from './web-helpers';
import type { DB } from '../src/db/types';

/**
 * The web app keeps its whole-archive answers (latest grades, years, grade and theme counts) until
 * the database changes (DataAccess.memo): an import or a delete by another connection, while the
 * app is serving, shows on the next request.
 */
describe('whole-archive answers follow the database', () => {
  let dbPath: string;
  let reader: DB;

  beforeAll(async () => {
    dbPath = await buildWebDb();
    reader = openForQuery(dbPath);
  }, 300_000);

  afterAll(() => reader?.close());

  it('a delete and an import by other connections show on the next request', async () => {
    const app = createApp(reader, { asOf: '2026-06-01' });
    const data = new DataAccess(reader);
    const json = async (p: string) => (await app.request(p)).json() as Promise<Record<string, unknown>>;
    const brent = async () => ((await json('/api/authorities')).rows as Array<{ key: string; date: string | null; prevDate: string | null }>).find((r) => r.key === '304')!;
    const before = await brent();
    expect(before.date).toMatch(/^2023/);
    expect(before.prevDate).toMatch(/^2015/);
    const distBefore = (await json('/api/grade-distribution')).rows as unknown[];
    const byYearBefore = JSON.stringify(await json('/api/themes/by-year'));
    const mark = data.changeMark();
    // asked again with nothing changed: the same answer, the same mark
    expect(await brent()).toEqual(before);
    expect(data.changeMark()).toBe(mark);

    // another connection deletes Brent's 2023 report
    const w = openDatabase(dbPath);
    const id = (w.prepare("SELECT id FROM documents WHERE local_authority_code = '304' AND kind = 'inspection_report' ORDER BY publication_date DESC LIMIT 1").get() as { id: number }).id;
    w.prepare('DELETE FROM documents WHERE id = ?').run(id);
    w.close();
    expect(data.changeMark()).not.toBe(mark);
    const after = await brent();
    expect(after.date).toMatch(/^2015/);
    expect(after.prevDate).toBeNull();
    expect(((await json('/api/grade-distribution')).rows as unknown[]).length).toBeLessThanOrEqual(distBefore.length);
    expect(JSON.stringify(await json('/api/themes/by-year'))).not.toBe(byYearBefore);

    // and an import (another process) brings it back
    const r = await cli(['import', fixture('reports', 'brent_2023-04-11.pdf'), '--db', dbPath, '--jobs', '1', '--quiet']);
    expect(r.code).toBe(0);
    // the same answer as before the delete, but for the new document id
    const { documentId: _a, latestEvent: _b, ...was } = before as Record<string, unknown>;
    const { documentId: _c, latestEvent: _d, ...now } = (await brent()) as Record<string, unknown>;
    expect(now).toEqual(was);
    expect(JSON.stringify(await json('/api/themes/by-year'))).toBe(byYearBefore);
  }, 120_000);
});
