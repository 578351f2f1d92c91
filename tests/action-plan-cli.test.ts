import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, fixture, tmp } from './helpers.js';

// Runs dist/ (tests/build-dist.ts, vitest's global setup, rebuilds it first when src/ is newer).
describe('ofsted import + query actions on the plan fixtures', () => {
  const db = join(tmp('ofsted-plans-'), 'plans.sqlite');
  const query = async (...args: string[]) => {
    const r = await cli(['query', 'actions', '--db', db, '--format', 'json', ...args]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Array<Record<string, unknown>>;
  };

  beforeAll(async () => {
    // The plan fixtures themselves, not the layout renderings under plans/layouts/.
    const plans = readdirSync(fixture('plans')).filter((f) => /\.(md|docx|pdf)$/.test(f)).map((f) => fixture('plans', f));
    const r = await cli(['import', ...plans, '--db', db]);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('keeps Harrow\'s "Held" as written, not as a colour (a status word is not a rating)', async () => {
    const rows = (await query('--la', 'Harrow')).filter((r) => r.rag_raw === 'Held');
    expect(rows.length).toBeGreaterThanOrEqual(2); // Markdown, DOCX and PDF
    for (const r of rows) expect([r.recommendation, r.id, r.rag, r.rag_raw]).toEqual(['S7', '4', null, 'Held']);
    expect(rows.map((r) => String(r.path).replace(/^.*\./, ''))).toEqual(expect.arrayContaining(['md', 'docx']));
    expect(await query('--rag', 'red', '--la', 'Harrow')).toEqual([]);
  });

  it('returns no red actions for Barking and Dagenham (its progress says Completed / On track / In place / Planned)', async () => {
    expect(await query('--rag', 'red', '--la', 'Barking and Dagenham')).toEqual([]);
    expect((await query('--la', 'Barking and Dagenham')).filter((r) => r.rag_raw === 'Completed').length).toBeGreaterThanOrEqual(2 * 8);
  });

  it('lists overdue actions as of 2015-01-01: due before then and not complete', async () => {
    const rows = await query('--overdue', '--as-of', '2015-01-01', '--la', 'Barking and Dagenham');
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(String(r.due_date) < '2015-01-01').toBe(true);
      expect(r.rag).not.toBe('complete');
      expect(String(r.rag_raw ?? '')).not.toMatch(/^complete/i);
    }
    const md = rows.filter((r) => String(r.path).endsWith('.md'));
    // 1.2 (July 2014, Completed) is not overdue; 3.1 (Oct 2014, On track) is.
    const ids = md.map((r) => String(r.id));
    expect(ids).toContain('3.1');
    expect(ids).not.toContain('1.2');
  });
});
