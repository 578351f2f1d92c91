/**
 * The fetcher's HTTP client (node:http / node:https, nothing else): a good citizen of the site and
 * safe against a hostile one.
 * - only the site's own hosts (site.ts: the base's host and hosts under SITE_DOMAIN) or the `--site`
 *   host (and `allowHosts`) are asked; with `--site`, a link to one of the site's hosts is read from
 *   the `--site` origin; any other host is refused, redirects included;
 * - at most `maxRedirects` hops, a loop refused;
 * - a time limit per request (no answer or no bytes for `timeoutMs`; the whole response within 10x);
 * - a size cap (the body is streamed and cut off past it; a larger Content-Length is refused unread);
 * - `parallel` requests at once (default 1), a pause after each, retries with exponential backoff on
 *   403, 429, 5xx, network errors and time-outs (a Retry-After honoured up to maxBackoffMs);
 * - a User-Agent naming the program.
 */
import http from 'node:http';
import https from 'node:https';
import { DEFAULTS, RETRY_STATUS, SITE_BASE, SITE_DOMAIN, USER_AGENT } from './site.js';

export type FetchErrorKind = 'http' | 'network' | 'timeout' | 'too_large' | 'refused' | 'redirect' | 'aborted';

export class FetchError extends Error {
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly status?: number,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'FetchError';
  }
  get retryable(): boolean {
    return this.kind === 'network' || this.kind === 'timeout' || (this.kind === 'http' && this.status !== undefined && RETRY_STATUS(this.status));
  }
}

export interface ClientOptions {
  /** The site's base URL (default SITE_BASE). */
  site?: string;
  /** More hosts (host or host:port) that may be followed. */
  allowHosts?: string[];
  userAgent?: string;
  parallel?: number;
  pauseMs?: number;
  timeoutMs?: number;
  attempts?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  maxRedirects?: number;
  /** Aborted: no new request starts, waits end at once (the request in flight finishes). */
  signal?: AbortSignal;
  /** Each retry, as it is decided. */
  onRetry?: (r: { url: string; attempt: number; reason: string; waitMs: number }) => void;
}

export interface Got {
  /** The URL finally answered (after redirects). */
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
  attempts: number;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((res) => {
    if (ms <= 0 || signal?.aborted) return res();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      res();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

/** A host under the site's domain (files.ofsted.gov.uk, reports.ofsted.gov.uk, ...). */
const onSiteDomain = (hostname: string) => hostname === SITE_DOMAIN || hostname.endsWith('.' + SITE_DOMAIN);

export class SiteClient {
  readonly base: URL;
  /** True when `site` is not Ofsted's own (a mirror, a proxy, a test server). */
  readonly mirrored: boolean;
  private readonly o: Required<Omit<ClientOptions, 'site' | 'allowHosts' | 'signal' | 'onRetry'>>;
  private readonly allow: Set<string>;
  private slots: number;
  private readonly queue: Array<() => void> = [];
  /** Requests sent (each attempt and each redirect hop), for the summary and the tests. */
  requests = 0;

  constructor(private readonly opts: ClientOptions = {}) {
    this.base = new URL(opts.site ?? SITE_BASE);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') throw new Error(`--site must be an http(s) URL: ${opts.site}`);
    if (this.base.username || this.base.password) throw new Error('--site must not carry a user name or password');
    this.mirrored = !onSiteDomain(this.base.hostname);
    this.allow = new Set([this.base.host.toLowerCase(), ...(opts.allowHosts ?? []).map((h) => h.toLowerCase())]);
    this.o = {
      userAgent: opts.userAgent ?? USER_AGENT,
      parallel: Math.max(1, opts.parallel ?? DEFAULTS.parallel),
      pauseMs: opts.pauseMs ?? DEFAULTS.pauseMs,
      timeoutMs: opts.timeoutMs ?? DEFAULTS.timeoutMs,
      attempts: Math.max(1, opts.attempts ?? DEFAULTS.attempts),
      backoffMs: opts.backoffMs ?? DEFAULTS.backoffMs,
      maxBackoffMs: opts.maxBackoffMs ?? DEFAULTS.maxBackoffMs,
      maxRedirects: opts.maxRedirects ?? DEFAULTS.maxRedirects,
    };
    this.slots = this.o.parallel;
  }

  /** A path of the site as a URL (e.g. the listing, a provider page). */
  at(pathAndQuery: string): URL {
    return new URL(pathAndQuery, this.base);
  }

  /**
   * A link of a page (`href` relative to `page`) -> the URL to ask, or the reason it is refused:
   * another host, another scheme, credentials in the URL.
   */
  resolve(href: string, page: URL | string): { ok: true; url: URL; listed: string } | { ok: false; reason: string } {
    let u: URL;
    try {
      u = new URL(href.trim(), page);
    } catch {
      return { ok: false, reason: `not a URL: ${JSON.stringify(href.slice(0, 100))}` };
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return { ok: false, reason: `not an http(s) link (${u.protocol}) not followed` };
    if (u.username || u.password) return { ok: false, reason: `a link carrying a user name or password not followed (${u.host})` };
    u.hash = '';
    const listed = u.href;
    if (this.allow.has(u.host.toLowerCase())) return { ok: true, url: u, listed };
    if (onSiteDomain(u.hostname.toLowerCase())) {
      if (!this.mirrored) return { ok: true, url: u, listed };
      const m = new URL(u.pathname + u.search, this.base);
      return { ok: true, url: m, listed };
    }
    return { ok: false, reason: `link to another host (${u.host}) not followed` };
  }

  private async acquire(): Promise<void> {
    if (this.slots > 0) {
      this.slots--;
      return;
    }
    await new Promise<void>((res) => this.queue.push(res));
  }

  private async release(): Promise<void> {
    await sleep(this.o.pauseMs, this.opts.signal);
    const next = this.queue.shift();
    if (next) next();
    else this.slots++;
  }

  /**
   * GET a URL (already allowed by `resolve` or `at`), following allowed redirects, with retries.
   * Resolves with a 2xx response's body (at most `maxBytes`); throws FetchError otherwise.
   */
  async get(url: URL, opts: { maxBytes: number; accept?: string }): Promise<Got> {
    let attempt = 0;
    for (;;) {
      attempt++;
      if (this.opts.signal?.aborted) throw new FetchError('aborted', 'stopped before the request');
      await this.acquire();
      let err: FetchError;
      try {
        const got = await this.follow(url, opts);
        return { ...got, attempts: attempt };
      } catch (e) {
        err = e instanceof FetchError ? e : new FetchError('network', (e as Error).message);
      } finally {
        await this.release();
      }
      if (!err.retryable || attempt >= this.o.attempts || this.opts.signal?.aborted) {
        if (attempt > 1 && err.retryable) err.message += ` (after ${attempt} attempts)`;
        throw err;
      }
      const backoff = this.o.backoffMs * 2 ** (attempt - 1);
      const wait = Math.min(this.o.maxBackoffMs, Math.max(err.retryAfterMs ?? 0, backoff + Math.random() * backoff * 0.25));
      this.opts.onRetry?.({ url: url.href, attempt, reason: err.message, waitMs: Math.round(wait) });
      await sleep(wait, this.opts.signal);
    }
  }

  private async follow(start: URL, opts: { maxBytes: number; accept?: string }): Promise<Omit<Got, 'attempts'>> {
    const seen = new Set<string>();
    let url = start;
    for (let hop = 0; ; hop++) {
      if (seen.has(url.href)) throw new FetchError('redirect', `redirect loop at ${url.href}`);
      seen.add(url.href);
      const r = await this.once(url, opts);
      if (r.location === undefined) return { url: url.href, status: r.status, contentType: r.contentType, body: r.body };
      if (hop >= this.o.maxRedirects) throw new FetchError('redirect', `more than ${this.o.maxRedirects} redirects from ${start.href}`);
      const next = this.resolve(r.location, url);
      if (!next.ok) throw new FetchError('refused', `redirect from ${url.href} refused: ${next.reason}`);
      url = next.url;
    }
  }

  private once(url: URL, opts: { maxBytes: number; accept?: string }): Promise<{ status: number; contentType: string; body: Buffer; location?: string }> {
    const timeoutMs = this.o.timeoutMs;
    return new Promise((resolve, reject) => {
      this.requests++;
      const mod = url.protocol === 'https:' ? https : http;
      let settled = false;
      const finish = (f: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        f();
      };
      const fail = (e: FetchError) => {
        finish(() => reject(e));
        req.destroy();
      };
      const req = mod.request(url, {
        method: 'GET',
        headers: { 'user-agent': this.o.userAgent, accept: opts.accept ?? '*/*', 'accept-encoding': 'identity', 'accept-language': 'en-GB,en;q=0.8' },
        timeout: timeoutMs,
      });
      const deadline = setTimeout(() => fail(new FetchError('timeout', `no complete answer from ${url.host} within ${(timeoutMs * 10) / 1000} s`)), timeoutMs * 10);
      req.on('timeout', () => fail(new FetchError('timeout', `no answer from ${url.host} for ${timeoutMs / 1000} s`)));
      req.on('error', (e) => fail(new FetchError('network', `${url.host}: ${(e as NodeJS.ErrnoException).code ?? e.message}`)));
      req.on('response', (res) => {
        const status = res.statusCode ?? 0;
        const contentType = String(res.headers['content-type'] ?? '');
        if (status >= 300 && status < 400 && res.headers.location) {
          res.resume();
          finish(() => resolve({ status, contentType, body: Buffer.alloc(0), location: res.headers.location! }));
          req.destroy();
          return;
        }
        if (status < 200 || status >= 300) {
          const ra = res.headers['retry-after'];
          const secs = ra !== undefined && /^\d+$/.test(String(ra)) ? Number(ra) * 1000 : undefined;
          fail(new FetchError('http', `HTTP ${status} from ${url.href}`, status, secs));
          return;
        }
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > opts.maxBytes) {
          fail(new FetchError('too_large', `${url.href} is ${declared} bytes, over the cap of ${opts.maxBytes}: not downloaded`));
          return;
        }
        const chunks: Buffer[] = [];
        let total = 0;
        res.on('data', (c: Buffer) => {
          total += c.length;
          if (total > opts.maxBytes) {
            fail(new FetchError('too_large', `${url.href} passed the cap of ${opts.maxBytes} bytes: cut off`));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => finish(() => resolve({ status, contentType, body: Buffer.concat(chunks, total) })));
        res.on('aborted', () => fail(new FetchError('network', `${url.host}: the answer was cut short`)));
        res.on('error', (e) => fail(new FetchError('network', `${url.host}: ${e.message}`)));
      });
      req.end();
    });
  }
}
