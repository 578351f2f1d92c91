/**
 * `ofsted fetch` against a local stand-in for Ofsted's site (tests/fetch-site.ts: 127.0.0.1, a random
 * port, pages in the shape of src/fetch/site.ts with real pages' noise, real PDFs from fixtures/).
 * In-process runs (src/fetch/run.ts) and the built CLI as an async child process under
 * tests/no-network-guard.cjs with only loopback allowed. Small pauses and time limits keep it quick.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Database from 'better-sqlite3';
import { cli, fixture, ROOT, runNode, tmp } from './helpers';
import { EXPECTED, startSite, type Site } from './fetch-site';
import { runFetch, type FetchEvent, type FetchOptions } from '../src/fetch/run.js';
import { importFetched } from '../src/fetch/import.js';
import { Manifest } from '../src/fetch/manifest.js';
import { SiteClient } from '../src/fetch/http.js';
import { kindOf, readLabel, readProviderPage, ShapeError } from '../src/fetch/pages.js';
import { lookupAuthority } from '../src/register/lookup.js';

const GUARD = join(ROOT, 'tests', 'no-network-guard.cjs');
const LAS = ['Bradford', 'Nottinghamshire', '209', 'Birmingham', 'Brent'];
const authorities = (names: string[]) => names.map((n) => {
  const r = lookupAuthority(n);
  if (!r.ok) throw new Error(r.reason);
  return r.authority;
});
const quick = (site: Site, out: string, extra: Partial<FetchOptions> = {}): FetchOptions => ({
  site: site.url,
  out,
  authorities: authorities(LAS),
  pauseMs: 0,
  backoffMs: 5,
  timeoutMs: 2000,
  ...extra,
});

/** Every file under `dir`, relative, '/'-separated. */
const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).split('\\').join('/'))
    .sort();

let sites: Site[] = [];
afterEach(async () => {
  await Promise.all(sites.map((s) => s.close()));
  sites = [];
});
const start = async (o: Parameters<typeof startSite>[0] = {}) => {
  const s = await startSite(o);
  sites.push(s);
  return s;
};

describe('the facts of the site, read from pages', () => {
  it('reads labels, kinds and dates; other events have no kind', () => {
    expect(readLabel("Children's services inspection, pdf - 09 May 2023")).toEqual({ title: "Children's services inspection", format: 'pdf', date: '2023-05-09' });
    expect(readLabel('Area SEND full inspection, pdf - 15 July 2024')?.date).toBe('2024-07-15');
    expect(readLabel('Children’s services focused visit, pdf - 31 February 2024')).toBeNull();
    expect(readLabel('Report')).toBeNull();
    expect(kindOf('Children’s services focused visit')).toBe('focused_visit');
    expect(kindOf('Joint area child protection inspection')).toBe('jtai');
    expect(kindOf('Area SEND full inspection')).toBe('area_send');
    expect(kindOf("Children's services monitoring visit")).toBe('monitoring_visit');
    expect(kindOf('Academy conversion letter')).toBeNull();
  });

  it('a page with no timeline names the selector and the URL', () => {
    expect(() => readProviderPage('<html><body><h1>Brent</h1><div class="day"></div></body></html>', 'http://h/provider/44/1')).toThrow(ShapeError);
    expect(() => readProviderPage('<html><body></body></html>', 'http://h/provider/44/1')).toThrow(/'ol\.timeline' on http:\/\/h\/provider\/44\/1/);
    const noLabel = '<ol class="timeline"><li class="timeline__day"><a class="publication-link" href="/v1/file/1">Report</a></li></ol>';
    expect(() => readProviderPage(noLabel, 'http://h/p')).toThrow(/'a\.publication-link span\.nonvisual' on http:\/\/h\/p/);
  });

  it('follows only the site: Ofsted hosts map onto --site, any other host is refused', () => {
    const c = new SiteClient({ site: 'http://127.0.0.1:5000' });
    const page = 'http://127.0.0.1:5000/provider/44/1';
    expect(c.resolve('https://files.ofsted.gov.uk/v1/file/9?x=1#top', page)).toMatchObject({ ok: true, listed: 'https://files.ofsted.gov.uk/v1/file/9?x=1' });
    expect((c.resolve('https://files.ofsted.gov.uk/v1/file/9', page) as { url: URL }).url.href).toBe('http://127.0.0.1:5000/v1/file/9');
    expect((c.resolve('/v1/file/9', page) as { url: URL }).url.href).toBe('http://127.0.0.1:5000/v1/file/9');
    expect(c.resolve('https://evil.example/v1/file/9', page)).toEqual({ ok: false, reason: 'link to another host (evil.example) not followed' });
    expect(c.resolve('https://ofsted.gov.uk.evil.example/x', page).ok).toBe(false);
    expect(c.resolve('http://127.0.0.1:5001/x', page).ok).toBe(false);
    expect(c.resolve('javascript:alert(1)', page).ok).toBe(false);
    const real = new SiteClient();
    expect((real.resolve('https://files.ofsted.gov.uk/v1/file/9', 'https://reports.ofsted.gov.uk/provider/44/1') as { url: URL }).url.host).toBe('files.ofsted.gov.uk');
  });
});

describe('ofsted fetch against a local site', () => {
  it('fetches every PDF publication of the kinds asked once, reports the HTML "Report not found", retries the 403 and the 500, fails the page without a timeline, imports each with its label date; a second run downloads nothing', async () => {
    const site = await start();
    const dir = tmp('ofsted-fetch-');
    const out = join(dir, 'files');
    const events: FetchEvent[] = [];
    const s = await runFetch({ ...quick(site, out), onEvent: (e) => events.push(e) });

    // Every expected file, once, byte for byte the fixture; nothing else in the folder but the manifest.
    expect(filesUnder(out)).toEqual([...Object.keys(EXPECTED), 'manifest.csv'].sort());
    for (const [f, e] of Object.entries(EXPECTED)) expect(readFileSync(join(out, f)).equals(readFileSync(fixture(...e.fixture.split('/'))))).toBe(true);
    expect(s.fetched.map((r) => r.file).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(site.downloads()).toEqual({ '50001001': 1, '50001002': 1, '50002001': 1, '50003001': 1, '50004001': 1 });

    // The 403 (first request) and the 500 (Nottinghamshire's letter) were retried.
    expect(site.log[0]!.status).toBe(403);
    expect(site.log.filter((l) => l.status === 500).map((l) => l.path)).toEqual(['/v1/file/50002001']);
    expect(events.filter((e) => e.event === 'retry').length).toBe(2);
    expect(site.log.every((l) => /ofsted-ingest/.test(l.ua))).toBe(true);
    // Other events (the academy letter, the docx), the opened days: never asked for.
    expect(site.log.some((l) => /5000999[89]/.test(l.path))).toBe(false);

    // The HTML "Report not found" reported, not kept.
    expect(s.notPdf).toHaveLength(1);
    expect(s.notPdf[0]).toMatchObject({ code: '330', publication_date: '2012-10-19', status: 'not_pdf', file: '' });
    expect(s.notPdf[0]!.reason).toMatch(/^not a PDF \(an HTML page: "Report not found - Find an Inspection Report - Ofsted"/);
    expect(s.notPdf[0]!.url).toBe('https://files.ofsted.gov.uk/v1/file/50004001');

    // Brent's page has no timeline: that authority fails, naming the selector and the URL; the others load.
    expect(s.failedAuthorities).toEqual([{ code: '304', name: 'Brent', url: `${site.url}/provider/44/80489`, reason: expect.stringContaining(`(selector 'ol.timeline' on ${site.url}/provider/44/80489)`) }]);
    expect(s.authorities).toBe(4);

    // The manifest: one row per publication, with its facts.
    const m = Manifest.load(out).all();
    expect(m).toHaveLength(5);
    const brad = m.find((r) => r.publication_date === '2018-10-29')!;
    expect(brad).toMatchObject({ authority: 'Bradford', code: '380', urn: '80449', kind: 'inspection', label: 'Children’s services inspection, pdf - 29 October 2018', url: `${site.url}/v1/file/50001001`, file: 'bradford/2018-10-29-inspection.pdf', status: 'fetched' });
    expect(brad.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.find((r) => r.code === '891')!.url).toBe('https://files.ofsted.gov.uk/v1/file/50002001');

    // Imported, each with its label's publication date; the HTML file never.
    const db = join(dir, 'db.sqlite');
    const imp = await importFetched(s, { db, jobs: 1, inProcess: true });
    expect(imp.failed).toEqual([]);
    expect(imp.loaded).toBe(4);
    const conn = new Database(db, { readonly: true });
    const docs = conn.prepare('SELECT path, publication_date AS d, publication_date_source AS src, local_authority_code AS code FROM documents ORDER BY path').all() as Array<{ path: string; d: string; src: string; code: string }>;
    conn.close();
    expect(docs.map((d) => [relative(out, d.path).split('\\').join('/'), d.d])).toEqual(Object.entries(EXPECTED).map(([f, e]) => [f, e.date]).sort());
    for (const d of docs) expect(['ofsted_listing', 'printed']).toContain(d.src);
    expect(docs.some((d) => d.src === 'ofsted_listing')).toBe(true);

    // A second run: pages read again, nothing downloaded, nothing new.
    const before = site.log.length;
    const again = await runFetch(quick(site, out));
    expect(again.fetched).toEqual([]);
    expect(again.failed).toEqual([]);
    expect(again.notPdf).toEqual([]);
    expect(again.known).toBe(5);
    expect(again.knownNotPdf).toBe(1);
    expect(site.log.slice(before).filter((l) => l.path.startsWith('/v1/file/'))).toEqual([]);
    expect(filesUnder(out)).toEqual([...Object.keys(EXPECTED), 'manifest.csv'].sort());
    const imp2 = await importFetched(again, { db, jobs: 1, inProcess: true });
    expect(imp2.loaded).toBe(0);
    expect(imp2.unchanged).toBe(4);
  });

  it('--kinds, --since and --dry-run: only what was asked, nothing written', async () => {
    const site = await start({ firstForbidden: false, failOnce: [] });
    const out = join(tmp('ofsted-fetch-'), 'files');
    const s = await runFetch(quick(site, out, { kinds: ['inspection'], since: '2018-11-01', dryRun: true }));
    expect(s.planned.map((p) => p.file)).toEqual(['bradford/2026-05-21-inspection.pdf']);
    expect(existsSync(out)).toBe(false);
    expect(site.log.filter((l) => l.path.startsWith('/v1/file/'))).toEqual([]);
  });

  it('finds the authorities from the listing when none is named (two requests at once)', async () => {
    const site = await start({ firstForbidden: false, failOnce: [] });
    const out = join(tmp('ofsted-fetch-'), 'files');
    const s = await runFetch(quick(site, out, { authorities: null, kinds: ['focused_visit', 'inspection', 'area_send'], parallel: 2 }));
    expect(site.log[0]!.path).toMatch(/^\/search\?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12&start=0&rows=100$/);
    expect(s.authorities).toBe(4);
    expect(s.failedAuthorities.map((f) => f.code)).toEqual(['304']);
    expect(s.fetched.map((r) => r.file).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(s.notPdf.map((r) => r.code)).toEqual(['330']);
  });

  it('a run stopped half-way (abort) is finished by the next: every file once', async () => {
    const site = await start({ firstForbidden: false, failOnce: [] });
    const out = join(tmp('ofsted-fetch-'), 'files');
    const stop = new AbortController();
    const first = await runFetch({
      ...quick(site, out),
      signal: stop.signal,
      onEvent: (e) => {
        if (e.event === 'file' && e.status === 'fetched') stop.abort('SIGINT');
      },
    });
    expect(first.interrupted).toBe('SIGINT');
    expect(first.fetched).toHaveLength(1);
    const second = await runFetch(quick(site, out));
    expect(second.fetched).toHaveLength(3);
    expect(filesUnder(out)).toEqual([...Object.keys(EXPECTED), 'manifest.csv'].sort());
    expect(Object.values(site.downloads()).every((n) => n === 1)).toBe(true);
    expect(new Set(Manifest.load(out).all().map((r) => r.url)).size).toBe(5);
  });

  it('the CLI killed outright half-way (SIGKILL), then run again under the no-network guard, ends with every file once and imports them', async () => {
    const site = await start({ firstForbidden: true, failOnce: [], fileDelayMs: 40 });
    const dir = tmp('ofsted-fetch-');
    const out = join(dir, 'files');
    const db = join(dir, 'db.sqlite');
    const log = join(dir, 'net.log');
    const args = [
      '--require', GUARD, join(ROOT, 'dist', 'cli.js'), 'fetch', '--site', site.url, '--out', out,
      '--la', 'Bradford', '--la', 'Nottinghamshire,Lewisham', '--pause', '0.01', '--backoff', '0.01', '--request-timeout', '5',
    ];
    const env = { NO_NET_ALLOW_LOOPBACK: '1', NO_NET_LOG: log };
    const killed = await runNode(args, { env, onStderrLine: (l) => (/"event":"file".*"status":"fetched"/.test(l) ? 'SIGKILL' : undefined) });
    expect(killed.signal).toBe('SIGKILL');
    const partial = filesUnder(out).filter((f) => f.endsWith('.pdf'));
    expect(partial.length).toBeGreaterThanOrEqual(1);
    expect(partial.length).toBeLessThan(4);

    const done = await runNode([...args, '--import', '--db', db, '--jobs', '1'], { env });
    expect(done.stderr).not.toContain('network access blocked');
    expect(done.code).toBe(0);
    expect(filesUnder(out)).toEqual([...Object.keys(EXPECTED), 'manifest.csv'].sort());
    const rows = Manifest.load(out).all();
    expect(rows.map((r) => r.file).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(rows.every((r) => r.status === 'fetched')).toBe(true);
    expect(done.stdout).toMatch(/Imported into/);
    const conn = new Database(db, { readonly: true });
    expect((conn.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n).toBe(4);
    conn.close();
    const lines = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.event === 'attempt')).toEqual([]);
    expect(lines.filter((l) => l.event === 'guard').length).toBeGreaterThanOrEqual(2);
  });

  it('`ofsted import` of a fetched folder takes each file\'s publication date from the manifest', async () => {
    const site = await start({ firstForbidden: false, failOnce: [] });
    const dir = tmp('ofsted-fetch-');
    const out = join(dir, 'files');
    await runFetch(quick(site, out, { authorities: authorities(['Nottinghamshire', 'Bradford']) }));
    const db = join(dir, 'db.sqlite');
    const r = await cli(['import', out, '--db', db, '--jobs', '1', '--quiet', '--json']);
    expect(r.code).toBe(0);
    const conn = new Database(db, { readonly: true });
    const docs = conn.prepare('SELECT publication_date AS d, publication_date_source AS src FROM documents ORDER BY d').all() as Array<{ d: string; src: string }>;
    conn.close();
    expect(docs.map((d) => d.d)).toEqual(['2018-10-29', '2026-01-12', '2026-05-21']);
    expect(docs.some((d) => d.src === 'ofsted_listing')).toBe(true);
  });
});

describe('hostile pages', () => {
  it('another host, markup in a label, a 2 GB response, an endless one, a redirect loop, a slow server, a redirect away, a hostile file name: each refused or cut off with a message, nothing written outside the folder', async () => {
    const other = await start({ firstForbidden: false, failOnce: [] });
    const site = await start({ firstForbidden: false, failOnce: [], hostileUrn: '80479', otherHost: other.url });
    const dir = tmp('ofsted-fetch-');
    const out = join(dir, 'files');
    mkdirSync(out);
    const s = await runFetch(quick(site, out, { authorities: authorities(['Knowsley']), timeoutMs: 300, attempts: 2, maxFileBytes: 1024 * 1024 }));

    const reasons = Object.fromEntries(s.failed.map((r) => [r.publication_date, r.reason]));
    expect(reasons['2025-06-01']).toBe(`link to another host (${new URL(other.url).host}) not followed`);
    expect(reasons['2025-06-02']).toMatch(/is 2147483648 bytes, over the cap of 1048576: not downloaded/);
    expect(reasons['2025-06-03']).toMatch(/passed the cap of 1048576 bytes: cut off/);
    expect(reasons['2025-06-04']).toMatch(/^redirect loop at .*\/v1\/file\/loop-a/);
    expect(reasons['2025-06-05']).toMatch(/no answer from 127\.0\.0\.1:\d+ for 0\.3 s \(after 2 attempts\)/);
    expect(reasons['2025-06-06']).toMatch(/redirect from .* refused: link to another host/);
    expect(reasons['2025-06-07']).toMatch(/not followed/);
    expect(other.log).toEqual([]); // the other host was never asked

    // Markup in the label: read as its text; the file named by our rule, not by the page or the server.
    expect(s.fetched).toHaveLength(1);
    expect(s.fetched[0]).toMatchObject({ label: "Children's services focused visit, pdf - 12 January 2026", kind: 'focused_visit', file: 'knowsley/2026-01-12-focused_visit.pdf' });
    expect(filesUnder(dir)).toEqual(['files/knowsley/2026-01-12-focused_visit.pdf', 'files/manifest.csv']);
    const manifest = readFileSync(join(out, 'manifest.csv'), 'utf8');
    expect(manifest).not.toMatch(/<script|<b>|onerror/);
    // nothing larger than the cap was kept in memory or on disk
    expect(statSync(join(out, 'knowsley', '2026-01-12-focused_visit.pdf')).size).toBeLessThan(1024 * 1024);
  });
});

describe('the manifest and the command line', () => {
  it('an edited manifest never points a file outside the folder: such a row is fetched again under its own name', async () => {
    const site = await start({ firstForbidden: false, failOnce: [] });
    const dir = tmp('ofsted-fetch-');
    const out = join(dir, 'files');
    mkdirSync(out);
    const url = 'https://files.ofsted.gov.uk/v1/file/50002001';
    writeFileSync(
      join(out, 'manifest.csv'),
      `authority,code,urn,kind,label,publication_date,url,file,sha256,fetched_at,status,reason\r\nNottinghamshire,891,80534,focused_visit,x,2026-01-12,${url},../../outside.pdf,,,fetched,\r\n`,
    );
    const s = await runFetch(quick(site, out, { authorities: authorities(['Nottinghamshire']) }));
    expect(s.fetched.map((r) => r.file)).toEqual(['nottinghamshire/2026-01-12-focused_visit.pdf']);
    expect(filesUnder(dir)).toEqual(['files/manifest.csv', 'files/nottinghamshire/2026-01-12-focused_visit.pdf']);
  });

  it('refuses an unknown kind, authority or region with a one-line reason and exit 1, before any request', async () => {
    for (const [args, msg] of [
      [['--kinds', 'inspection,ofsted_report'], /--kinds: unknown kind ofsted_report/],
      [['--la', 'Atlantis'], /--la Atlantis: /],
      [['--region', 'Narnia'], /--region Narnia: not a region of the register/],
      [['--since', '2024-13-01'], /--since must be a date/],
    ] as Array<[string[], RegExp]>) {
      const r = await cli(['fetch', '--site', 'http://127.0.0.1:9', '--out', join(tmp(), 'o'), ...args]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(msg);
    }
  });
});

describe('a listing whose shape changed', () => {
  it('no provider links: the run fails naming the selector and the listing URL, exit 2', async () => {
    const site = await start({ firstForbidden: false, failOnce: [], authorities: [] });
    const out = join(tmp('ofsted-fetch-'), 'files');
    const r = await cli(['fetch', '--site', site.url, '--out', out, '--pause', '0', '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the listing of providers: no provider links on the listing \(selector 'a\[href\*="\/provider\/"\]' on http:\/\/127\.0\.0\.1:\d+\/search\?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12&start=0&rows=100\)/);
  });
});

describe('the client: retries and pacing', () => {
  it('retries 429 and a refused connection with backoff, up to its attempts; 404 is not retried', async () => {
    const { createServer } = await import('node:http');
    let n = 0;
    const server = createServer((req, res) => {
      n++;
      if (req.url === '/busy' && n < 3) {
        res.writeHead(429, { 'retry-after': '0' });
        return res.end();
      }
      if (req.url === '/gone') {
        res.writeHead(404);
        return res.end();
      }
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as import('node:net').AddressInfo).port;
    const retries: string[] = [];
    const c = new SiteClient({ site: `http://127.0.0.1:${port}`, pauseMs: 0, backoffMs: 5, attempts: 3, onRetry: (r) => retries.push(r.reason) });
    const got = await c.get(c.at('/busy'), { maxBytes: 100 });
    expect(got.body.toString()).toBe('ok');
    expect(got.attempts).toBe(3);
    expect(retries).toEqual([expect.stringMatching(/^HTTP 429/), expect.stringMatching(/^HTTP 429/)]);
    await expect(c.get(c.at('/gone'), { maxBytes: 100 })).rejects.toThrow(/^HTTP 404 from/);
    expect(retries).toHaveLength(2);
    await new Promise<void>((r) => server.close(() => r()));
    await expect(c.get(c.at('/x'), { maxBytes: 100 })).rejects.toThrow(/ECONNREFUSED \(after 3 attempts\)/);
    expect(retries).toHaveLength(4);
  });
});

describe('the listing, page by page', () => {
  it('reads start=0, then start=100, ... until a page has fewer than 100 providers; every register authority on it is read', async () => {
    const { registerData } = await import('../src/register/data.js');
    const extra = registerData().authorities.filter((a) => a.ofstedUrn).map((a) => ({ urn: a.ofstedUrn!, name: a.name }));
    extra.push({ urn: '99999999', name: 'A provider not in the register' });
    const site = await start({ firstForbidden: false, failOnce: [], extraProviders: extra });
    const out = join(tmp('ofsted-fetch-'), 'files');
    const s = await runFetch(quick(site, out, { authorities: null, kinds: ['area_send'] }));
    const pages = site.log.filter((l) => l.path.startsWith('/search')).map((l) => new URL(l.path, 'http://x').searchParams.get('start'));
    expect(pages).toEqual(['0', '100']); // 157 providers: 100, then 57
    expect(s.unregistered).toEqual([{ urn: '99999999', name: 'A provider not in the register' }]);
    expect(s.authorities).toBe(extra.length - 2); // all but Brent (no timeline) and the unregistered one
    expect(s.failedAuthorities.map((f) => f.code)).toEqual(['304']);
    expect(s.fetched.map((r) => r.file)).toEqual(['lewisham/2024-11-20-area_send.pdf']);
  });
});
