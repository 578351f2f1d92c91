/**
 * A local stand-in for Ofsted's reports site (127.0.0.1, a random port), in the shape src/fetch/site.ts
 * describes: the search listing of providers, provider pages with `ol.timeline` / `li.timeline__day` /
 * `a.publication-link` / `span.nonvisual`, files under /v1/file/<id> (linked as
 * https://files.ofsted.gov.uk/v1/file/<id>, as relative links and on the old reports host, all
 * mapped onto --site), real PDFs from fixtures/, and the noise real pages have: other events
 * (an academy conversion letter, a docx), opened-day items with no publication, navigation links,
 * the real HTML "Report not found" page in place of a PDF, a 403 on the first request, a 500 on one
 * file. `hostile: true` adds a provider page of hostile links (another host, markup in a label, a
 * 2 GB Content-Length, an endless body, a redirect loop, a slow answer, a hostile file name).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const fixture = (...p: string[]) => join(fileURLToPath(new URL('../fixtures/', import.meta.url)), ...p);

export interface SitePublication {
  label: string;
  /** The file's id under /v1/file/ (or a full path for hostile links). */
  href: string;
}

export interface SiteAuthority {
  urn: string;
  name: string;
  /** The events of its timeline, newest first: a day with its publications (none: an opened day). */
  days: Array<{ date: string; title: string; publications: SitePublication[] }>;
  /** Serve the page without its timeline (the site's shape changed). */
  noTimeline?: boolean;
}

/** A real file by id: path under fixtures/. */
export const FILES: Record<string, string> = {
  '50001001': 'reports/bradford_2018-10-29.pdf',
  '50001002': 'reports/bradford_2026-05-21.pdf',
  '50002001': 'letters/nottinghamshire_2026-01-12.pdf',
  '50003001': 'send/lewisham_2024-11-20.pdf',
  '50004001': 'fetch/birmingham-2012-10-19-report-not-found.html',
  '50004002': 'reports/brent_2023-04-11.pdf',
};

const FILES_HOST = 'https://files.ofsted.gov.uk';

/** The authorities of the site, built from the facts of the issue; the expected fetch of each is in EXPECTED. */
export function authorities(): SiteAuthority[] {
  return [
    {
      urn: '80449',
      name: 'Bradford',
      days: [
        { date: '21 May 2026', title: "Children's services inspection", publications: [{ label: "Children's services inspection, pdf - 21 May 2026", href: `${FILES_HOST}/v1/file/50001002` }] },
        { date: '16 March 2026', title: 'Inspection opened', publications: [] },
        { date: '03 March 2019', title: 'Academy conversion letter', publications: [{ label: 'Academy conversion letter, pdf - 03 March 2019', href: `${FILES_HOST}/v1/file/50009999` }] },
        { date: '29 October 2018', title: "Children's services inspection", publications: [
          { label: "Children’s services inspection, pdf - 29 October 2018", href: '/v1/file/50001001' },
          { label: "Children's services inspection, docx - 29 October 2018", href: `${FILES_HOST}/v1/file/50009998` },
        ] },
      ],
    },
    {
      urn: '80534',
      name: 'Nottinghamshire',
      days: [
        { date: '12 January 2026', title: "Children's services focused visit", publications: [{ label: "Children's services focused visit, pdf - 12 January 2026", href: `${FILES_HOST}/v1/file/50002001` }] },
        { date: '02 December 2025', title: 'Focused visit opened', publications: [] },
      ],
    },
    {
      urn: '80508',
      name: 'Lewisham',
      days: [{ date: '20 November 2024', title: 'Area SEND full inspection', publications: [{ label: 'Area SEND full inspection, pdf - 20 November 2024', href: `https://reports.ofsted.gov.uk/v1/file/50003001` }] }],
    },
    {
      urn: '80429',
      name: 'Birmingham',
      days: [{ date: '19 October 2012', title: 'Children’s services inspection', publications: [{ label: "Children's services inspection, pdf - 19 October 2012", href: `${FILES_HOST}/v1/file/50004001` }] }],
    },
    {
      urn: '80489',
      name: 'Brent',
      noTimeline: true,
      days: [{ date: '11 April 2023', title: "Children's services inspection", publications: [{ label: "Children's services inspection, pdf - 11 April 2023", href: `${FILES_HOST}/v1/file/50004002` }] }],
    },
  ];
}

/** What a run over the authorities above must fetch: folder/file -> [fixture, publication date]. */
export const EXPECTED: Record<string, { fixture: string; date: string; code: string; kind: string }> = {
  'bradford/2026-05-21-inspection.pdf': { fixture: 'reports/bradford_2026-05-21.pdf', date: '2026-05-21', code: '380', kind: 'inspection' },
  'bradford/2018-10-29-inspection.pdf': { fixture: 'reports/bradford_2018-10-29.pdf', date: '2018-10-29', code: '380', kind: 'inspection' },
  'nottinghamshire/2026-01-12-focused_visit.pdf': { fixture: 'letters/nottinghamshire_2026-01-12.pdf', date: '2026-01-12', code: '891', kind: 'focused_visit' },
  'lewisham/2024-11-20-area_send.pdf': { fixture: 'send/lewisham_2024-11-20.pdf', date: '2024-11-20', code: '209', kind: 'area_send' },
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function page(title: string, main: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)} - Find an Inspection Report - Ofsted</title>
<link rel="stylesheet" href="/css/style.css"><script>window.dataLayer = [];</script></head>
<body><header class="header"><a href="/" class="header__logo">Ofsted</a>
<nav><ul><li><a href="/search?q=&level_1_types=3">Children's social care</a></li><li><a href="https://www.gov.uk/government/organisations/ofsted">About Ofsted</a></li></ul></nav></header>
<main id="main">${main}</main>
<footer><a href="/cookies">Cookies</a> <a href="https://www.nationalarchives.gov.uk/doc/open-government-licence/">OGL</a></footer></body></html>`;
}

export function providerPage(a: SiteAuthority, labelHtml?: (label: string) => string): string {
  const days = a.days
    .map(
      (d) => `
    <li class="timeline__day${d.publications.length ? '' : ' timeline__day--opened'}">
      <p class="timeline__date"><time>${esc(d.date)}</time></p>
      <div class="event"><h3 class="event__title">${esc(d.title)}</h3>
      ${d.publications.length ? `<ul class="publications">${d.publications.map((p) => `<li><a class="publication-link" href="${esc(p.href)}">${esc(d.title)} <span class="nonvisual">${labelHtml ? labelHtml(p.label) : esc(p.label)}</span></a></li>`).join('')}</ul>` : '<p class="event__note">Inspection opened</p>'}
      </div></li>`,
    )
    .join('');
  const timeline = a.noTimeline ? `<div class="timeline-v2"><div class="day">${days.replace(/<\/?li[^>]*>/g, '')}</div></div>` : `<ol class="timeline">${days}</ol>`;
  return page(a.name, `<h1 class="heading--title">${esc(a.name)}</h1>
<p class="info-block">Local authority children's services · URN: ${a.urn}</p>
<h2>Reports and other publications</h2>${timeline}
<p><a href="/provider/44/${a.urn}/rss">RSS</a></p>`);
}

function listingPage(list: SiteAuthority[]): string {
  const items = list.map((a) => `<li class="search-result"><h3><a href="/provider/44/${a.urn}">${esc(a.name)}</a></h3><p>Local authority children's services</p></li>`).join('');
  return page('Search results', `<h1>${list.length} results</h1><ul class="results-list">${items}</ul><a href="/search?start=100&amp;rows=100">Next</a>`);
}

export interface Site {
  url: string;
  /** Every request: method, path, status answered. */
  log: Array<{ path: string; status: number; ua: string }>;
  /** File requests answered 200, by id. */
  downloads(): Record<string, number>;
  close(): Promise<void>;
}

export interface SiteOptions {
  authorities?: SiteAuthority[];
  /** Answer the first request of all with a 403 (default true). */
  firstForbidden?: boolean;
  /** File ids answered 500 the first time (default ['50002001']). */
  failOnce?: string[];
  /** Each file answered this slowly (ms per 64 KB; to let a test kill a run half-way). */
  fileDelayMs?: number;
  /** More providers on the listing (each page an empty timeline: an opened day only), to make it page. */
  extraProviders?: Array<{ urn: string; name: string }>;
  /** A provider page of hostile links, for this URN (the server of `otherHost` must never be asked). */
  hostileUrn?: string;
  otherHost?: string;
}

export async function startSite(opts: SiteOptions = {}): Promise<Site> {
  const list = opts.authorities ?? authorities();
  const everyone: SiteAuthority[] = [
    ...list,
    ...(opts.extraProviders ?? []).filter((p) => !list.some((a) => a.urn === p.urn)).map((p) => ({ ...p, days: [{ date: '01 April 2019', title: 'Provider opened', publications: [] }] })),
  ];
  const log: Site['log'] = [];
  let first = opts.firstForbidden ?? true;
  const failOnce = new Set(opts.failOnce ?? ['50002001']);
  const served: Record<string, number> = {};
  const sockets = new Set<import('node:net').Socket>();
  const hang: ServerResponse[] = [];

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const ua = String(req.headers['user-agent'] ?? '');
    const send = (status: number, body: string | Buffer, type = 'text/html; charset=utf-8', headers: Record<string, string | number> = {}) => {
      log.push({ path: u.pathname + u.search, status, ua });
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...headers });
      res.end(body);
    };
    if (!/Mozilla\/5\.0/.test(ua) || !/ofsted-ingest/.test(ua)) return send(403, 'Forbidden');
    if (first) {
      first = false;
      return send(403, page('Access denied', '<h1>Access denied</h1>'));
    }
    if (u.pathname === '/search') {
      const start = Number(u.searchParams.get('start') ?? 0);
      const rows = Number(u.searchParams.get('rows') ?? 10);
      if (u.searchParams.get('level_1_types') !== '3' || u.searchParams.get('level_2_types[]') !== '12') return send(400, 'bad search');
      return send(200, listingPage(everyone.slice(start, start + rows)));
    }
    const prov = /^\/provider\/44\/(\d+)$/.exec(u.pathname);
    if (prov) {
      if (opts.hostileUrn && prov[1] === opts.hostileUrn) return send(200, hostilePage(opts.hostileUrn, opts.otherHost ?? 'http://127.0.0.2:9'));
      const a = everyone.find((x) => x.urn === prov[1]);
      return a ? send(200, providerPage(a)) : send(404, page('Not found', '<h1>Page not found</h1>'));
    }
    const file = /^\/v1\/file\/(.+)$/.exec(u.pathname);
    if (file) {
      const id = decodeURIComponent(file[1]!);
      if (id === 'huge') {
        log.push({ path: u.pathname, status: 200, ua });
        res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': 2 * 1024 ** 3 });
        res.write('%PDF-1.7\n');
        return; // never sends the rest: the client must refuse it unread
      }
      if (id === 'endless') {
        log.push({ path: u.pathname, status: 200, ua });
        res.writeHead(200, { 'content-type': 'application/pdf' });
        const chunk = Buffer.alloc(64 * 1024, 32);
        res.write('%PDF-1.7\n');
        const pump = () => {
          while (!res.destroyed && res.write(chunk));
          if (!res.destroyed) res.once('drain', pump);
        };
        pump();
        return;
      }
      if (id === 'loop-a') return send(302, '', 'text/plain', { location: '/v1/file/loop-b' });
      if (id === 'loop-b') return send(302, '', 'text/plain', { location: `${FILES_HOST}/v1/file/loop-a` });
      if (id === 'away') return send(302, '', 'text/plain', { location: `${opts.otherHost ?? 'http://127.0.0.2:9'}/v1/file/50001001` });
      if (id === 'slow') {
        log.push({ path: u.pathname, status: 0, ua });
        hang.push(res);
        return; // never answers
      }
      const name = FILES[id] ?? FILES[id.replace(/^.*[/\\]/, '')];
      if (!name) return send(404, page('Not found', '<h1>Page not found</h1>'));
      if (failOnce.has(id)) {
        failOnce.delete(id);
        return send(500, page('Error', '<h1>Sorry, there is a problem with the service</h1>'));
      }
      const body = readFileSync(fixture(...name.split('/')));
      served[id] = (served[id] ?? 0) + 1;
      const isHtml = name.endsWith('.html');
      const headers = { 'content-disposition': `attachment; filename="../../../${isHtml ? 'x.pdf' : 'evil.pdf'}"` };
      if (!opts.fileDelayMs) return send(200, body, isHtml ? 'text/html' : 'application/pdf', headers);
      log.push({ path: u.pathname, status: 200, ua });
      res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': body.length, ...headers });
      for (let i = 0; i < body.length && !res.destroyed; i += 64 * 1024) {
        res.write(body.subarray(i, i + 64 * 1024));
        await new Promise((r) => setTimeout(r, opts.fileDelayMs));
      }
      res.end();
      return;
    }
    return send(404, page('Not found', '<h1>Page not found</h1>'));
  };

  const server: Server = createServer((req, res) => void handle(req, res).catch(() => res.destroy()));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    downloads: () => ({ ...served }),
    close: () =>
      new Promise<void>((r) => {
        for (const h of hang) h.destroy();
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A provider page whose every link is hostile in one way, and one good one. */
function hostilePage(urn: string, otherHost: string): string {
  const a: SiteAuthority = {
    urn,
    name: 'Knowsley <script>alert(1)</script>',
    days: [
      { date: '01 June 2025', title: "Children's services inspection", publications: [
        { label: "Children's services inspection, pdf - 01 June 2025", href: `${otherHost}/v1/file/50001001` },
        { label: "Children's services inspection, pdf - 02 June 2025", href: '/v1/file/huge' },
        { label: "Children's services inspection, pdf - 03 June 2025", href: '/v1/file/endless' },
        { label: "Children's services inspection, pdf - 04 June 2025", href: '/v1/file/loop-a' },
        { label: "Children's services inspection, pdf - 05 June 2025", href: '/v1/file/slow' },
        { label: "Children's services inspection, pdf - 06 June 2025", href: '/v1/file/away' },
        { label: "Children's services inspection, pdf - 07 June 2025", href: 'javascript:alert(1)' },
      ] },
      { date: '03 December 2021', title: "Children's services inspection", publications: [
        // Markup in the label, and a file name the server would have us use ("../../../evil.pdf", a path of dots).
        { label: "MARKUP", href: '/v1/file/..%2F..%2F50002001' },
      ] },
    ],
  };
  return providerPage(a, (label) =>
    label === 'MARKUP' ? `Children&#39;s <b>services</b> focused visit<script>document.write("x")</script><img src=x onerror=alert(1)>, pdf - <i>12 January 2026</i>` : esc(label),
  );
}
