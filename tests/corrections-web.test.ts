/**
 * Corrections through the web app (issue 29 items 4-6), against `ofsted serve --edit` and Chromium:
 * a write without the token is refused with 401 and changes nothing; the API needs JSON from this
 * site; signing in and correcting an action's RAG on a document page changes the tracker; `import
 * --force` of the same file keeps the correction; the audit log lists the change once; the sign-in
 * page and the signed-in document page are clean under axe-core (WCAG 2.2 A and AA).
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, fixture, tmp } from './helpers';
import { CHROMIUM, CHROMIUM_ARGS, serveCli, type Served } from './web-helpers';

const TOKEN = 'corrections-test-token-0123456789';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

async function axe(page: Page): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const w = window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  }, WCAG_TAGS);
}

interface CorrectionJson {
  id: number;
  state: string;
  field: string;
  value: unknown;
  original: unknown;
  createdBy: string;
  document: { id: number | null };
}

describe('corrections in the web app (serve --edit), in a real browser', () => {
  let served: Served;
  let browser: BrowserContext;
  let db: string;
  let plan: string;

  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${served.url}${path}`)).json()) as T;
  const corrections = () => get<{ corrections: CorrectionJson[] }>('/api/corrections').then((r) => r.corrections);
  /** The tracker row of the report's item 28, which the plan's recommendation 1 (actions 1.1-1.6) answers. */
  const trackerRow = async () => {
    const a = await get<{ tracker: Array<Record<string, unknown>> }>('/api/authorities/301?as_of=2014-12-31');
    return a.tracker.find((r) => r.rec_id === '28' && r.plan_rec_id === '1')!;
  };
  const planId = async () => {
    const r = await cli(['query', 'sql', "SELECT id FROM documents WHERE kind = 'action_plan'", '--db', db, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    return (JSON.parse(r.stdout) as Array<{ id: number }>)[0]!.id;
  };

  beforeAll(async () => {
    const dir = tmp('ofsted-corrections-web-');
    plan = join(dir, 'barking-dagenham-2014-action-plan.md');
    copyFileSync(fixture('plans', 'barking-dagenham-2014-action-plan.md'), plan);
    db = join(dir, 'db.sqlite');
    const r = await cli(['import', plan, fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), '--db', db, '--jobs', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    process.env.OFSTED_EDIT_TOKEN = TOKEN;
    served = await serveCli(db, ['--edit']);
    browser = await chromium.launchPersistentContext(tmp('ofsted-corrections-chromium-'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('a write without the token is refused with 401 and changes nothing; the API wants JSON from this site', async () => {
    const id = await planId();
    const body = JSON.stringify({ document: id, target: 'action:1.1', field: 'rag', value: 'red' });
    const post = (headers: Record<string, string>, b = body) => fetch(`${served.url}/api/corrections`, { method: 'POST', headers, body: b });
    expect((await post({ 'content-type': 'application/json' })).status).toBe(401);
    expect((await post({ 'content-type': 'application/json', authorization: 'Bearer not-the-token' })).status).toBe(401);
    // A form's content type, or a cross-site origin, with the token: refused (CSRF).
    expect((await post({ 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${TOKEN}` })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, origin: 'http://evil.example' })).status).toBe(403);
    // The form route without a session: 401.
    const form = await fetch(`${served.url}/corrections`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `document=${id}&target=action%3A1.1&field=rag&value=red`, redirect: 'manual' });
    expect(form.status).toBe(401);
    expect(await corrections()).toEqual([]);
    expect((await trackerRow()).red).toBe(0);
    // A bad value with the token: 400 with the reason, nothing written.
    const badValue = await post({ 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, JSON.stringify({ document: id, target: 'action:1.1', field: 'rag', value: 'purple' }));
    expect(badValue.status).toBe(400);
    expect(((await badValue.json()) as { error: string }).error).toMatch(/rag must be one of/);
    expect(await corrections()).toEqual([]);
  });

  it("signs in, corrects an action's RAG on the document page, sees the tracker change; import --force keeps it; logged once", async () => {
    const id = await planId();
    const page = await browser.newPage();
    await page.goto(`${served.url}/document/${id}`);
    // Not signed in: no form, a way to sign in.
    expect(await page.locator('form.correct').count()).toBe(0);
    await page.getByRole('link', { name: 'Sign in to correct this document' }).click();
    expect(await axe(page)).toEqual([]);
    await page.getByLabel('Your name').fill('Ann Analyst');
    await page.getByLabel('Edit token').fill(TOKEN);
    await page.getByRole('button', { name: 'Sign in' }).press('Enter');
    await page.waitForURL(`**/document/${id}`);
    // A plan's page: the action's RAG, an item's text, an item's link to the report, the authority.
    expect(await page.locator('form.correct').count()).toBe(4);
    expect(await axe(page)).toEqual([]);

    const before = await trackerRow();
    const option = await page.locator('#rag-action option', { hasText: /^1\.1:/ }).getAttribute('value');
    await page.getByLabel('Action', { exact: true }).selectOption(option!);
    await page.getByLabel('RAG', { exact: true }).selectOption('red');
    await page.getByRole('button', { name: 'Save the RAG' }).click();
    await page.waitForURL(`**/document/${id}#corrections`);
    expect(await page.locator('#corrections table.corrections tbody tr').count()).toBe(1);
    expect(await page.locator(`#action-${option!.replace('action#', '')} .tag.corrected`).count()).toBe(1);

    const after = await trackerRow();
    expect(after.red).toBe(Number(before.red) + 1);
    // The API's tracker row says what was corrected, with the extractor's value.
    expect(before.corrected).toBeNull();
    expect(after.corrected).toBe('action 1.1 rag (was none)');
    const [c] = await corrections();
    expect(c).toMatchObject({ state: 'applied', field: 'rag', value: 'red', original: null, createdBy: 'Ann Analyst' });

    // The tracker panel of the authority page shows it too.
    await page.goto(`${served.url}/authority/301?as_of=2014-12-31`);
    expect(await page.locator('#tracker td.rag-red').count()).toBeGreaterThan(0);

    // The same file imported again with --force: read again, corrected again.
    const again = await cli(['import', plan, '--force', '--db', db, '--jobs', '1', '--quiet']);
    expect(again.code, again.stderr).toBe(0);
    expect((await trackerRow()).red).toBe(after.red);
    const [kept] = await corrections();
    expect(kept).toMatchObject({ state: 'applied', value: 'red' });
    await page.goto(`${served.url}/document/${kept!.document.id}`);
    expect(await page.locator('#actions .tag.corrected').count()).toBe(1);

    // The audit log lists the change once, on its page and in the API.
    const log = await get<{ log: Array<{ who: string; via: string; old: unknown; new: unknown }> }>('/api/corrections/log');
    expect(log.log).toEqual([expect.objectContaining({ who: 'Ann Analyst', via: 'web', old: null, new: 'red' })]);
    await page.goto(`${served.url}/corrections/log`);
    expect(await page.locator('table.log tbody tr').count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await page.close();
  });

  it("a plan item's link: refused without the token (401) or for a report item not stored (404), nothing written; set by the API and by the document page's form, shown in the tracker", async () => {
    const id = await planId();
    const logged = (await get<{ log: unknown[] }>('/api/corrections/log')).log.length;
    const post = (headers: Record<string, string>, value: unknown, target = 'item:2') =>
      fetch(`${served.url}/api/corrections`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ document: id, target, field: 'link', value }) });
    const rowOf = async (rec: string) => {
      const a = await get<{ tracker: Array<Record<string, unknown>> }>('/api/authorities/301?as_of=2014-12-31');
      return a.tracker.filter((r) => r.rec_id === rec);
    };
    expect((await post({}, '30')).status).toBe(401);
    const missing = await post({ authorization: `Bearer ${TOKEN}` }, '999');
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: string }).error).toMatch(/has no item "999"/);
    expect((await get<{ log: unknown[] }>('/api/corrections/log')).log).toHaveLength(logged);
    expect((await rowOf('30')).map((r) => r.plan_rec_id)).toEqual(['3']);

    // By the API: plan item 2 answers report item 30.
    const set = await post({ authorization: `Bearer ${TOKEN}` }, '30');
    expect(set.status).toBe(201);
    expect(await set.json()).toMatchObject({ changed: true, old: { number: '29' }, correction: { field: 'link', state: 'applied', value: { number: '30' } } });
    const thirty = await rowOf('30');
    expect(thirty.map((r) => [r.plan_rec_id, r.method])).toEqual([
      ['2', 'person'],
      ['3', 'text'],
    ]);
    expect(thirty[0]!.corrected).toBe('link (was item 29)');
    expect((await rowOf('29')).map((r) => [r.plan_rec_id, r.corrected])).toEqual([[null, 'link of plan item 2 (was item 29)']]);

    // By the form on the plan's page (signed in by the test before): plan item 3 linked to nothing.
    const page = await browser.newPage();
    await page.goto(`${served.url}/document/${id}`);
    const item3 = await page.locator('#link-item option', { hasText: /^3:/ }).getAttribute('value');
    await page.getByLabel('Plan item', { exact: true }).selectOption(item3!);
    await page.getByLabel('The report item it answers').selectOption('none');
    await page.getByRole('button', { name: 'Save the link' }).click();
    await page.waitForURL(`**/document/${id}#corrections`);
    expect(await page.locator('#corrections table.corrections tbody tr', { hasText: 'link' }).count()).toBe(2);
    expect((await rowOf('30')).map((r) => r.plan_rec_id)).toEqual(['2']);
    await page.goto(`${served.url}/authority/301?as_of=2014-12-31`);
    expect(await page.locator('#tracker td', { hasText: 'set by a person' }).count()).toBe(1);
    expect(await axe(page)).toEqual([]);
    await page.close();
  });
});
