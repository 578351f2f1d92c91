import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, fixture, tmp } from './helpers';
import { buildWebDb, CHROMIUM, CHROMIUM_ARGS, serveCli, withLinks, type Served } from './web-helpers';

// Councils are public sector bodies and must meet WCAG 2.2 AA: every page of the web app is checked
// in Chromium with axe-core (its WCAG 2.0, 2.1 and 2.2 A and AA rules), and by keyboard.
// Runs dist/ (tests/build-dist.ts, vitest's global setup, rebuilds it first when src/ is newer) and Chromium (.ci/run installs Debian's when missing).
const SHOTS = process.env.OFSTED_SCREENSHOTS ?? tmp('ofsted-a11y-shots-');
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[]; failureSummary?: string }>;
}

/** axe-core run in the page (evaluated through the DevTools protocol: the app's CSP allows no injected script tag). */
async function axe(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (tags) => {
    const w = window as unknown as { axe: { run: (ctx: Document, o: unknown) => Promise<{ violations: AxeViolation[] }> } };
    const r = await w.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  }, WCAG_TAGS);
}

const summary = (vs: AxeViolation[]) => vs.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} elements: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}): ${v.help}`);

describe('accessibility (WCAG 2.2 AA) of every page, in a real browser', () => {
  let served: Served;
  let browser: BrowserContext;
  let pages: Array<[string, string]>;

  beforeAll(async () => {
    // With a second version of the Barking and Dagenham plan: the plan history page and the versions panel.
    const dbPath = await withLinks(await buildWebDb());
    const r = await cli(['import', fixture('plans', 'versions', 'barking-dagenham-2014-action-plan-2015-q1.md'), '--db', dbPath, '--jobs', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const db = new Database(dbPath, { readonly: true });
    const docId = (path: string) => (db.prepare('SELECT id FROM documents WHERE path LIKE ?').get(`%${path}`) as { id: number }).id;
    const plan = docId('barking-dagenham-2014-action-plan.md');
    const report = docId('brent_2023-04-11.pdf');
    db.close();
    served = await serveCli(dbPath);
    browser = await chromium.launchPersistentContext(tmp('ofsted-a11y-chromium-'), { executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    mkdirSync(SHOTS, { recursive: true });
    pages = [
      ['overview', '/'],
      ['overview-filtered', '/?framework=ilacs'],
      ['authority', '/authority/Brent'],
      ['authority-with-tracker', '/authority/301'],
      ['search', '/search?q=supervision'],
      ['search-empty', '/search'],
      ['themes', '/themes'],
      ['review', '/review'],
      ['review-filtered', '/review?kind=action_plan'],
      ['document-report', `/document/${report}`],
      ['document-plan', `/document/${plan}`],
      ['plan-history', `/plan/${plan}/history`],
      // Corrections (a read-only server: the sign-in page says how to turn editing on; the edit-mode
      // sign-in and document pages are checked by tests/corrections-web.test.ts).
      ['sign-in', '/sign-in'],
      ['corrections', '/corrections'],
      ['corrections-log', '/corrections/log'],
    ];
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  async function open(path: string): Promise<Page> {
    const page = await browser.newPage();
    const res = await page.goto(`${served.url}${path}`, { waitUntil: 'networkidle' });
    expect(res?.status(), path).toBe(200);
    return page;
  }

  it('axe-core finds no WCAG A or AA violation on any page', async () => {
    const found: Record<string, string[]> = {};
    for (const [name, path] of pages) {
      const page = await open(path);
      if (name === 'overview') await page.waitForSelector('#grade-chart[data-ready]');
      await page.screenshot({ path: join(SHOTS, `a11y-${name}.png`), fullPage: true });
      const vs = await axe(page);
      if (vs.length) found[`${name} ${path}`] = summary(vs);
      await page.close();
    }
    expect(found).toEqual({});
  });

  it('the first Tab reaches a skip link that moves focus to the main content', async () => {
    for (const [, path] of pages) {
      const page = await open(path);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => ({ text: document.activeElement?.textContent?.trim(), href: document.activeElement?.getAttribute('href') }));
      expect(first, path).toEqual({ text: 'Skip to main content', href: '#main' });
      // Visible when focused (it may be hidden until then).
      const box = await page.locator('a.skip').boundingBox();
      expect(box && box.width > 0 && box.height > 0, path).toBe(true);
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id), path).toBe('main');
      await page.close();
    }
  });

  it('every link, field and button is reached by Tab, in order, each with a visible focus indicator', async () => {
    for (const [, path] of [['overview', '/'], ['search', '/search?q=supervision'], ['authority', '/authority/301']] as const) {
      const page = await open(path);
      const focusable = await page.evaluate(
        () =>
          [...document.querySelectorAll<HTMLElement>('a[href], button, input, select, textarea, [tabindex]')].filter(
            (e) => e.tabIndex >= 0 && !(e as HTMLInputElement).disabled && e.getClientRects().length > 0,
          ).length,
      );
      const seen = new Set<string>();
      let unindicated = 0;
      for (let i = 0; i < focusable + 1; i++) {
        await page.keyboard.press('Tab');
        const r = await page.evaluate(() => {
          const e = document.activeElement as HTMLElement | null;
          if (!e || e === document.body) return null;
          const s = getComputedStyle(e);
          const indicated = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
          const all = [...document.querySelectorAll('*')];
          return { key: String(all.indexOf(e)), indicated };
        });
        if (!r) continue;
        seen.add(r.key);
        if (!r.indicated) unindicated++;
      }
      expect(seen.size, `${path}: elements reached by Tab`).toBe(focusable);
      expect(unindicated, `${path}: focused elements with no visible focus indicator`).toBe(0);
      await page.close();
    }
  });
});
