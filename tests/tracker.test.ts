import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, tmp } from './helpers.js';

// End to end through the CLI: import the Barking and Dagenham pair (and Brent's 2015 report, seed 004),
// then ask the tracker and the views.
describe('ofsted query tracker', () => {
  let db: string;
  beforeAll(async () => {
    db = join(tmp('ofsted-tracker-'), 'db.sqlite');
    // The plan first: the links are made when its report arrives.
    const r = await cli(['import', 'fixtures/plans/barking-dagenham-2014-action-plan.md', 'fixtures/seeds/004_b1cb188c35d1ae0d.md', 'fixtures/reports/barking-and-dagenham_2014-07-07.pdf', '--db', db, '--jobs', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  });

  const json = async (...args: string[]) => {
    const r = await cli(['query', 'tracker', '--db', db, '--format', 'json', ...args]);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as Array<Record<string, any>>;
  };

  it('prints one object per report recommendation, of the shape promised', async () => {
    const rows = await json('--la', 'Barking and Dagenham', '--as-of', '2015-06-01');
    expect(rows).toHaveLength(18);
    const first = rows[0]!;
    expect(first).toMatchObject({
      localAuthority: 'Barking and Dagenham',
      localAuthorityCode: '301',
      report: { path: 'fixtures/reports/barking-and-dagenham_2014-07-07.pdf', publicationDate: '2014-07-07' },
      recommendation: { id: '28', scope: 'local_authority', text: expect.stringMatching(/^Ensure that sufficient checks and enquiries/) },
    });
    expect(first.links).toHaveLength(1);
    const link = first.links[0];
    expect(link).toMatchObject({ plan: { path: 'fixtures/plans/barking-dagenham-2014-action-plan.md' }, recommendationRef: '1', method: 'text', score: 1 });
    expect(link.actions).toHaveLength(6);
    expect(Object.keys(link.actions[0])).toEqual(expect.arrayContaining(['id', 'description', 'leads', 'due', 'rag', 'progress']));
    expect(link.actions[0]).toMatchObject({ id: '1.1', leads: ['Ann Graham', 'Teresa De Vito'], due: '2016-03-31', rag: null });
    // Areas 28-40 each answered by the plan area of the same rank; LSCB 136-140 by none.
    expect(rows.map((r) => [r.recommendation.id, r.links.map((l: any) => l.recommendationRef)])).toEqual([
      ...Array.from({ length: 13 }, (_, i) => [String(28 + i), [String(i + 1)]]),
      ...[136, 137, 138, 139, 140].map((n) => [String(n), []]),
    ]);
  });

  it('counts actions by RAG and overdue as of the date asked', async () => {
    const counts = async (asOf: string) => (await json('--la', '301', '--as-of', asOf))[0]!.links[0].counts;
    const early = await counts('2014-01-01');
    const late = await counts('2030-01-01');
    expect(early).toMatchObject({ actions: 6, overdue: 0 });
    expect(early.red + early.amber + early.green + early.complete + early.none).toBe(6);
    // Overdue later: every dated action not complete.
    expect(late.overdue).toBeGreaterThan(0);
    expect(late.overdue).toBeLessThanOrEqual(6 - late.complete);
  });

  it('--la takes a name, an alias, a spelling or a code; --region and --neighbours-of', async () => {
    const n = async (...args: string[]) => (await json(...args)).length;
    for (const la of ['301', 'barking & dagenham', 'London Borough of Barking and Dagenham']) expect(await n('--la', la), la).toBe(18);
    expect(await n('--la', 'Brent')).toBe(17); // seed 004's report
    expect(await n('--region', 'London')).toBe(35);
    expect(await n('--region', 'north east')).toBe(0);
    // Brent's statistical neighbours include Barking and Dagenham.
    expect(await n('--neighbours-of', 'Brent')).toBe(35);
    expect(await n('--neighbours-of', 'Ealing')).toBe(17); // Brent is one of Ealing's, Barking and Dagenham is not
    const bad = await cli(['query', 'tracker', '--db', db, '--region', 'Atlantis']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown region "Atlantis"/);
    const nobody = await cli(['query', 'tracker', '--db', db, '--neighbours-of', 'Atlantis']);
    expect(nobody.code).toBe(1);
    // --framework and --search narrow the report recommendations.
    expect(await n('--la', '301', '--framework', 'sif', '--search', 'staying put')).toBe(1);
    expect(await n('--framework', 'ilacs')).toBe(0);
  });

  it('prints a table and CSV of the same rows', async () => {
    const csv = await cli(['query', 'tracker', '--db', db, '--la', '301', '--format', 'csv', '--as-of', '2015-06-01']);
    const lines = csv.stdout.trim().split('\n');
    expect(lines[0]).toBe('la,code,report_date,rec,kind,scope,text,plan,plan_rec,method,score,actions,red,amber,green,complete,none,overdue,latest_progress,plan_due,plan_due_basis,plan_on_file,late,report,corrected');
    expect(lines).toHaveLength(19);
    const table = await cli(['query', 'tracker', '--db', db, '--la', '301']);
    expect(table.stdout).toMatch(/\(18 rows\)/);
  });

  it('the views give the same rows to anyone who opens the file', async () => {
    const sql = async (q: string) => JSON.parse((await cli(['query', 'sql', '--db', db, '--format', 'json', q])).stdout) as Array<Record<string, unknown>>;
    const tracker = await sql("SELECT rec_id, plan_rec_id, method, actions FROM v_tracker WHERE local_authority_code = '301'");
    expect(tracker).toHaveLength(18);
    expect(tracker[0]).toEqual({ rec_id: '28', plan_rec_id: '1', method: 'text', actions: 6 });
    const latest = await sql('SELECT * FROM v_latest_judgements');
    expect(latest).toHaveLength(156);
    const bd = latest.find((r) => r.la_code === '301')!;
    expect(bd).toMatchObject({ name: 'Barking and Dagenham', region: 'London', framework: 'sif', publication_date: '2014-07-07', overall_effectiveness: 'requires_improvement', lscb: 'requires_improvement', prev_document_id: null });
    // Brent: seed 004 is its only graded report here.
    expect(latest.find((r) => r.la_code === '304')).toMatchObject({ framework: 'sif', adoption: 'good' });
    expect(latest.find((r) => r.la_code === '310')).toMatchObject({ document_id: null });
  });
});
