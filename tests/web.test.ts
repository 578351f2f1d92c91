import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { label } from '../src/query/labels';
import { ROOT, tmp } from './helpers';
import { buildWebDb, CHROMIUM, CHROMIUM_ARGS, serveCli, withLinks, type Served } from './web-helpers';

// Runs dist/ (tests/build-dist.ts, vitest's global setup, rebuilds it first when src/ is newer) and Chromium (.ci/run installs Debian's when missing).
// Full-page screenshots to look at: a temporary folder, or OFSTED_SCREENSHOTS (e.g. out/screenshots) to keep them.
const SHOTS = process.env.OFSTED_SCREENSHOTS ?? tmp('ofsted-screenshots-');

interface Visit {
  page: Page;
  errors: string[];
  dialogs: string[];
}

describe('ofsted serve, in a real browser', () => {
  let dbPath: string;
  let regPath: string;
  let served: Served;
  let servedReg: Served;
  let browser: BrowserContext;
  let db: Database.Database;

  beforeAll(async () => {
    dbPath = await buildWebDb();
    regPath = await withLinks(dbPath);
    db = new Database(dbPath, { readonly: true });
    [served, servedReg] = await Promise.all([serveCli(dbPath), serveCli(regPath)]);
    browser = await chromium.launchPersistentContext(tmp('ofsted-chromium-'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    mkdirSync(SHOTS, { recursive: true });
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
    await servedReg?.stop();
    db?.close();
  });

  /** Open a page, recording console errors, page errors and dialogs (a dialog is dismissed). */
  async function visit(url: string, shot?: string): Promise<Visit> {
    const page = await browser.newPage();
    const errors: string[] = [];
    const dialogs: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const res = await page.goto(url, { waitUntil: 'networkidle' });
    expect(res?.status(), url).toBe(200);
    if (shot) await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
    return { page, errors, dialogs };
  }

  const docId = (path: string) => (db.prepare('SELECT id FROM documents WHERE path LIKE ?').get(`%${path}`) as { id: number }).id;

  it('binds 127.0.0.1 by default', () => {
    expect(served.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('every page loads with no console errors, and the overview draws its chart', async () => {
    const urls: Array<[string, string]> = [
      [`${served.url}/`, 'overview'],
      [`${served.url}/authority/Brent`, 'authority'],
      [`${served.url}/search?q=supervision`, 'search'],
      [`${served.url}/document/${docId('brent_2023-04-11.pdf')}`, 'document'],
      [`${servedReg.url}/authority/Barking%20%26%20Dagenham`, 'authority-with-tracker'],
    ];
    for (const [url, name] of urls) {
      const v = await visit(url);
      if (name === 'overview') await v.page.waitForSelector('#grade-chart[data-ready]');
      await v.page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
      expect(v.errors, url).toEqual([]);
      expect(v.dialogs, url).toEqual([]);
      await v.page.close();
    }
  });

  it('search finds a known recommendation of a fixture, names its source and location, and pages', async () => {
    const rec = db
      .prepare("SELECT r.id, r.rec_id, r.text, r.page, d.path FROM recommendations r JOIN documents d ON d.id = r.document_id WHERE d.path LIKE '%brent_2023-04-11.pdf' ORDER BY r.id LIMIT 1")
      .get() as { id: number; rec_id: string; text: string; page: number; path: string };
    const words = rec.text.split(/\s+/).filter((w) => /^[a-z]{6,}$/i.test(w)).slice(0, 3).join(' ');
    const v = await visit(`${served.url}/search?${new URLSearchParams({ q: words, kind: 'recommendation', la: 'Brent' })}`);
    const href = `a[href="/document/${docId('brent_2023-04-11.pdf')}#recommendation-${rec.id}"]`;
    const hit = v.page.locator(`#hits ${href}`);
    await expect(hit.count()).resolves.toBe(1);
    const li = v.page.locator('#hits li', { has: v.page.locator(href) });
    // The highlighted words are the words searched for (FTS5's porter stems: compared on their first five letters).
    const marks = (await li.locator('mark').allInnerTexts()).map((m) => m.toLowerCase());
    const stems = words.toLowerCase().split(' ').map((w) => w.slice(0, 5));
    expect(marks.length).toBeGreaterThanOrEqual(1);
    for (const m of marks) expect(stems, m).toContain(m.slice(0, 5));
    expect(await li.locator('.source').innerText()).toBe(`${rec.path}, page ${rec.page}`);
    // Following the hit lands on the recommendation.
    await hit.click();
    await v.page.waitForURL(/#recommendation-/);
    expect(await v.page.locator(`#recommendation-${rec.id} .rectext`).innerText()).toBe(rec.text);
    await v.page.close();
    // A broad search pages: 20 a page, a next link, page 2 differs. Its total is the database's own
    // count of the recommendations, paragraphs and actions holding the word.
    const total = (['recommendations', 'paragraphs', 'actions'] as const)
      .map((t) => (db.prepare(`SELECT count(*) AS n FROM ${t}_fts WHERE ${t}_fts MATCH '"children"'`).get() as { n: number }).n)
      .reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(40);
    const pages = Math.ceil(Math.min(total, 1000) / 20);
    const p1 = await visit(`${served.url}/search?q=children`);
    expect(await p1.page.locator('p.count').innerText()).toBe(`${Math.min(total, 1000)}${total > 1000 ? '+' : ''} results, page 1 of ${pages}`);
    expect(await p1.page.locator('#hits li').count()).toBe(20);
    const first = await p1.page.locator('#hits li .hit-head a').allInnerTexts();
    await p1.page.locator('a[rel=next]').click();
    await p1.page.waitForURL(/page=2/);
    expect(await p1.page.locator('p.count').innerText()).toBe(`${Math.min(total, 1000)}${total > 1000 ? '+' : ''} results, page 2 of ${pages}`);
    expect(await p1.page.locator('#hits li').count()).toBe(Math.min(20, total - 20));
    expect(await p1.page.locator('#hits li .hit-head a').allInnerTexts()).not.toEqual(first);
    await p1.page.close();
  });

  it('the authority page shows the same grades as the database, and recommendations with their cited paragraphs', async () => {
    const v = await visit(`${served.url}/authority/Brent`);
    const docs = db.prepare("SELECT id FROM documents WHERE local_authority = 'Brent' AND kind = 'inspection_report'").all() as Array<{ id: number }>;
    expect(docs.length).toBeGreaterThanOrEqual(2);
    for (const { id } of docs) {
      const want = (db.prepare('SELECT area, grade FROM judgements WHERE document_id = ? ORDER BY id').all(id) as Array<{ area: string; grade: string }>).map(
        (j) => [j.area, label(j.grade)],
      );
      const shown = await v.page.locator(`#timeline li[data-document="${id}"] .judgement`).evaluateAll((els) =>
        els.map((e) => [e.getAttribute('data-area'), e.querySelector('.grade')!.textContent]),
      );
      expect(shown.sort()).toEqual(want.sort());
    }
    // A cited paragraph shown inline: number, text, page.
    const ref = db
      .prepare(
        `SELECT r.id, x.paragraph_number AS number, p.text, p.page FROM recommendation_paragraph_refs x JOIN recommendations r ON r.id = x.recommendation_id
         JOIN paragraphs p ON p.id = x.paragraph_id JOIN documents d ON d.id = r.document_id WHERE d.path LIKE '%brent_2015-11-30.pdf' LIMIT 1`,
      )
      .get() as { id: number; number: number; text: string; page: number };
    const cited = v.page.locator(`#recommendation-${ref.id} li.cited`, { hasText: `¶${ref.number} ` }).first();
    expect(await cited.locator('.ptext').innerText()).toBe(ref.text);
    expect(await cited.locator('.loc').innerText()).toBe(`(page ${ref.page})`);
    // Plans panel; the register's neighbours panel and region filter (issue 10 is in).
    // One table per current plan of Brent's, one row per plan recommendation, with all its actions counted.
    const plans = db
      .prepare(
        `SELECT d.path, count(DISTINCT coalesce(a.recommendation_ref, '')) AS refs, count(*) AS actions FROM actions a JOIN documents d ON d.id = a.document_id
         WHERE d.local_authority = 'Brent' AND NOT EXISTS (SELECT 1 FROM plan_versions pv WHERE pv.plan_document_id = d.id AND pv.is_current = 0) GROUP BY d.id ORDER BY d.id`,
      )
      .all() as Array<{ path: string; refs: number; actions: number }>;
    expect(plans.length).toBe(1);
    expect(await v.page.locator('#plans h3').allInnerTexts()).toEqual(plans.map((p) => p.path));
    expect(await v.page.locator('#plans tbody tr').count()).toBe(plans[0]!.refs);
    const actionCounts = await v.page.locator('#plans tbody tr td:nth-child(2)').allInnerTexts();
    expect(actionCounts.reduce((n, t) => n + Number(t), 0)).toBe(plans[0]!.actions);
    expect(await v.page.locator('#neighbours').count()).toBe(1);
    await v.page.close();
  });

  it('with the authority register: region filter, neighbours and tracker panels appear', async () => {
    const reg = new Database(regPath, { readonly: true });
    const regions = (reg.prepare('SELECT DISTINCT region FROM local_authorities WHERE region IS NOT NULL ORDER BY region').all() as Array<{ region: string }>).map((r) => r.region);
    const london = (reg.prepare("SELECT name FROM local_authorities WHERE region = 'London' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    const brent = reg.prepare("SELECT code, stat_neighbours FROM local_authorities WHERE name = 'Brent'").get() as { code: string; stat_neighbours: string };
    const neighbourNames = (JSON.parse(brent.stat_neighbours) as string[]).map((c) => (reg.prepare('SELECT name FROM local_authorities WHERE code = ?').get(c) as { name: string }).name);
    const links = (reg.prepare('SELECT count(*) n FROM recommendation_links').get() as { n: number }).n;
    const tracker = reg
      .prepare(
        `SELECT count(*) AS items, sum(max(1, n)) AS rows, sum(n) AS linked FROM (SELECT r.id, (SELECT count(*) FROM recommendation_links l WHERE l.report_recommendation_id = r.id) AS n
         FROM recommendations r JOIN documents d ON d.id = r.document_id WHERE d.local_authority_code = '301' AND d.kind = 'inspection_report')`,
      )
      .get() as { items: number; rows: number; linked: number };
    // The London authorities the database holds documents of (by the register's codes).
    const held = (reg.prepare("SELECT DISTINCT la.name FROM documents d JOIN local_authorities la ON la.code = d.local_authority_code WHERE la.region = 'London' ORDER BY la.name").all() as Array<{ name: string }>).map((r) => r.name);
    reg.close();
    expect(links).toBe(tracker.linked);
    expect(tracker.linked).toBeGreaterThanOrEqual(1);

    const o = await visit(`${servedReg.url}/?region=London`);
    expect(await o.page.locator('select[name=region] option').allInnerTexts()).toEqual(['All', ...regions]);
    const names = await o.page.locator('#authorities tbody td:first-child').allInnerTexts();
    expect(held).toEqual(['Barking and Dagenham', 'Brent', 'Harrow']);
    // Every London authority of the register, once (those without a document too), and no other.
    expect([...names].sort()).toEqual([...london].sort());
    expect(names).toEqual(expect.arrayContaining(held));
    await o.page.close();
    // A name, as a person types it, finds the authority the register keys by code.
    const a = await visit(`${servedReg.url}/authority/Brent`);
    expect((await a.page.locator('#neighbours tbody td:first-child').allInnerTexts()).sort()).toEqual([...neighbourNames].sort());
    expect(a.errors).toEqual([]);
    await a.page.close();
    const b = await visit(`${servedReg.url}/authority/301`);
    expect(await b.page.locator('h1').innerText()).toBe('Barking and Dagenham');
    // One row per item of Barking and Dagenham's report and plan recommendation linked to it (an item no plan answers: one row).
    expect(await b.page.locator('#tracker tbody tr').count()).toBe(tracker.rows);
    expect(await b.page.locator('#tracker tbody tr', { hasText: 'barking-dagenham-2014-action-plan.md' }).count()).toBe(tracker.linked);
    expect(await b.page.locator('#tracker tbody tr', { hasText: 'no plan linked' }).count()).toBe(tracker.rows - tracker.linked);
    expect(b.errors).toEqual([]);
    await b.page.close();
  });

  it('hostile document text renders inert: no dialog, no script run, no live javascript: link', async () => {
    const id = docId('hostile-text-action-plan.md');
    for (const url of [
      `${served.url}/document/${id}`,
      `${served.url}/authority/Wessex`,
      `${served.url}/search?q=supervision&la=Wessex`,
      `${served.url}/search?q=javascript`,
    ]) {
      const v = await visit(url, url.includes('/document/') ? 'hostile-document' : undefined);
      // No fixed wait: goto waited for the load event and network idle (an <img onerror> would have
      // fired by then), and the DOM checks below show nothing that could run later.
      expect(v.dialogs, url).toEqual([]);
      expect(v.errors, url).toEqual([]);
      const dom = await v.page.evaluate(() => ({
        title: document.title,
        scripts: [...document.scripts].map((s) => s.getAttribute('src')),
        imgs: document.images.length,
        svgs: document.querySelectorAll('svg').length,
        jsLinks: [...document.querySelectorAll('a')].filter((a) => a.href.trim().toLowerCase().startsWith('javascript:')).length,
        handlers: [...document.querySelectorAll('*')].filter((e) => [...e.attributes].some((x) => x.name.startsWith('on'))).length,
        text: document.body.innerText,
      }));
      expect(dom.title).not.toContain('pwned');
      expect(dom.scripts).toEqual(['/assets/chart.js', '/assets/app.js']);
      expect([dom.imgs, dom.svgs, dom.jsLinks, dom.handlers]).toEqual([0, 0, 0, 0]);
      if (url.includes('/document/')) {
        // The markup is there, as text.
        expect(dom.text).toContain("<script>alert('xss-rec')</script>");
        expect(dom.text).toContain(`<img src=x onerror="alert('xss-action')">`);
        expect(dom.text).toContain(`<a href="javascript:alert('xss-progress')">the report</a>`);
      }
      await v.page.close();
    }
  });
});
