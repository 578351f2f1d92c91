/**
 * `ofsted fetch`: the authorities' provider pages read, their publications of the kinds asked kept,
 * the new ones downloaded into `<out>/<authority>/<publication date>-<kind>.pdf`, the manifest kept.
 * One authority's fault (a page whose shape changed, a page that cannot be had) never stops the
 * others; one file's fault never stops the rest. Prints nothing: events go to `onEvent`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Authority } from '../model/register-data.js';
import { registerData } from '../model/register-data.js';
import { FetchError, SiteClient, type ClientOptions } from './http.js';
import { Manifest, inside, type ManifestRow } from './manifest.js';
import { ShapeError, clean, readListing, readProviderPage, wanted, type ProviderLink, type Publication } from './pages.js';
import { DEFAULTS, DEFAULT_OUT, KINDS, LISTING_MAX_PAGES, LISTING_PATH, LISTING_ROWS, LISTING_ROWS_PARAM, LISTING_START_PARAM, PDF_MAGIC, providerPath, type Kind } from './site.js';

export type FetchEvent =
  | { event: 'start'; phase: 'pages'; total: number }
  | { event: 'authority'; code: string; name: string; url: string; status: 'read' | 'failed'; listed?: number; new?: number; reason?: string }
  | { event: 'start'; phase: 'files'; total: number }
  | { event: 'file'; code: string; name: string; kind: Kind; date: string; url: string; path: string; status: 'fetched' | 'adopted' | 'failed' | 'not_pdf' | 'planned'; bytes?: number; attempts?: number; reason?: string }
  | { event: 'retry'; url: string; attempt: number; reason: string; waitMs: number }
  | { event: 'stopping'; reason: string }
  | { event: 'end'; seconds: number; requests: number };

export interface FetchOptions extends Omit<ClientOptions, 'onRetry'> {
  /** The output folder (default out/ofsted-files). */
  out?: string;
  /** The authorities (register rows); null or empty: every authority the listing names. */
  authorities?: Authority[] | null;
  kinds?: readonly Kind[];
  /** Only publications on or after this date (ISO). */
  since?: string | null;
  /** List what would be fetched; write nothing. */
  dryRun?: boolean;
  /** Try again the publications recorded not_pdf. */
  recheck?: boolean;
  maxFileBytes?: number;
  maxPageBytes?: number;
  onEvent?: (e: FetchEvent) => void;
}

export interface AuthorityFailure {
  code: string;
  name: string;
  url: string;
  reason: string;
}

export interface FetchSummary {
  site: string;
  out: string;
  dryRun: boolean;
  authorities: number;
  failedAuthorities: AuthorityFailure[];
  /** Providers on the listing whose URN is not in the register (data/local-authorities.csv): passed over. */
  unregistered: Array<{ urn: string; name: string }>;
  /** Publications of the kinds asked on the pages read. */
  listed: number;
  /** Of those, already in the folder (or known not to be PDFs) before this run. */
  known: number;
  /** Written in this run (downloaded, or found complete in the folder from a killed run). */
  fetched: ManifestRow[];
  /** Failed in this run (retried by the next). */
  failed: ManifestRow[];
  /** Found in this run not to be a PDF. */
  notPdf: ManifestRow[];
  /** Publications recorded not_pdf by an earlier run (not tried again without --recheck). */
  knownNotPdf: number;
  /** --dry-run: what would be fetched. */
  planned: Array<Pick<ManifestRow, 'authority' | 'code' | 'kind' | 'publication_date' | 'label' | 'url' | 'file'>>;
  /** Every fetched file of the authorities read (absolute path -> publication date): what --import loads. */
  files: Map<string, string>;
  interrupted: string | null;
  requests: number;
  seconds: number;
  manifest: string;
}

/** The authority's folder name: its register name in lower-case letters, digits and dashes (never text from a page). */
export function folderName(a: Pick<Authority, 'name' | 'code'>): string {
  const slug = a.name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || `la-${a.code.replace(/[^0-9]/g, '')}`;
}

/** `<folder>/<date>-<kind>.pdf`, or with -2, -3, ... when another publication holds that name. */
function fileFor(a: Authority, p: { date: string; kind: Kind }, taken: Set<string>): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.date) || !KINDS.includes(p.kind)) throw new Error('unsafe file name');
  const stem = `${folderName(a)}/${p.date}-${p.kind}`;
  for (let n = 1; ; n++) {
    const f = n === 1 ? `${stem}.pdf` : `${stem}-${n}.pdf`;
    if (!taken.has(f)) return f;
  }
}

/** Letters and digits only, lower case: two spellings of one name compared. */
const squash = (s: string) => s.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '');
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
/** A PDF by its bytes: its header within the first 1024 bytes (as the PDF specification allows readers to accept). */
const isPdf = (b: Uint8Array) => Buffer.from(b.subarray(0, 1024)).includes(PDF_MAGIC);

/** What an HTML page sent in place of a PDF says, in a few words (its title or first heading). */
function describeNotPdf(body: Buffer, contentType: string): string {
  const head = body.subarray(0, 64 * 1024).toString('utf8');
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(head)?.[1] ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(head)?.[1];
  const what = /<html|<!doctype html/i.test(head) ? 'an HTML page' : contentType ? `${clean(contentType, 60)} content` : 'not PDF bytes';
  const t = title ? clean(title.replace(/<[^>]*>/g, ' ').replace(/&amp;/g, '&').replace(/&#39;|&apos;/g, "'"), 80) : '';
  return `not a PDF (${what}${t ? `: ${JSON.stringify(t)}` : ''}, ${body.length} bytes)`;
}

/** A publication to fetch: its authority, where it was listed and is fetched from, the file it goes to. */
type Todo = { authority: Authority; pub: Publication & { kind: Kind }; listedUrl: string; fetchUrl: URL; file: string; providerUrl: string };
/** An authority to read, and its provider page's link on the listing (null: from the register's URN). */
type Target = { authority: Authority; href: string | null };
type ProviderUrl = { ok: true; url: URL; listed: string };

export async function runFetch(opts: FetchOptions = {}): Promise<FetchSummary> {
  const run = new FetchRun(opts);
  // 1. The provider pages: straight from the register's URN, or from the listing.
  await run.readPages(await run.targets());
  // 2. The new files, one at a time (the client paces the requests).
  await run.fetchFiles();
  return run.finish();
}

/** One run of `ofsted fetch`: its options, client, manifest and summary, and the steps that fill them. */
class FetchRun {
  private readonly t0 = performance.now();
  private readonly emit: (e: FetchEvent) => void;
  private readonly kinds: readonly Kind[];
  private readonly out: string;
  private readonly dryRun: boolean;
  private readonly client: SiteClient;
  private readonly maxFileBytes: number;
  private readonly maxPageBytes: number;
  private readonly manifest: Manifest;
  private readonly summary: FetchSummary;
  private listing: ProviderLink[] | null = null;
  private listingUrl: string;
  private readonly todo: Todo[] = [];
  /** The authorities whose pages were read. */
  private readonly read = new Set<string>();
  private lastSave = 0;
  private next = 0;
  private halted = false;

  constructor(private readonly opts: FetchOptions) {
    const emit = (this.emit = opts.onEvent ?? (() => {}));
    this.kinds = opts.kinds?.length ? opts.kinds : KINDS;
    this.out = resolve(opts.out ?? DEFAULT_OUT);
    this.dryRun = opts.dryRun === true;
    this.client = new SiteClient({ ...opts, onRetry: (r) => emit({ event: 'retry', ...r }) });
    this.maxFileBytes = opts.maxFileBytes ?? DEFAULTS.maxFileBytes;
    this.maxPageBytes = opts.maxPageBytes ?? DEFAULTS.maxPageBytes;
    this.listingUrl = this.client.at(LISTING_PATH).href;

    if (!this.dryRun) mkdirSync(this.out, { recursive: true });
    this.manifest = Manifest.load(this.out);
    // Leftovers of a killed run: partial downloads and temporary manifests.
    if (!this.dryRun) sweep(this.out);
    this.summary = {
      site: this.client.base.href,
      out: this.out,
      dryRun: this.dryRun,
      authorities: 0,
      failedAuthorities: [],
      unregistered: [],
      listed: 0,
      known: 0,
      fetched: [],
      failed: [],
      notPdf: [],
      knownNotPdf: 0,
      planned: [],
      files: new Map(),
      interrupted: null,
      requests: 0,
      seconds: 0,
      manifest: this.manifest.path,
    };
  }

  private stopped(): string | null {
    return this.opts.signal?.aborted ? String(this.opts.signal.reason ?? 'aborted') : null;
  }

  private async page(url: URL): Promise<{ html: string; url: string }> {
    const got = await this.client.get(url, { maxBytes: this.maxPageBytes, accept: 'text/html,application/xhtml+xml' });
    return { html: got.body.toString('utf8'), url: got.url };
  }

  /** Every provider on the listing (read once, page by page). */
  private async readWholeListing(): Promise<ProviderLink[]> {
    if (this.listing) return this.listing;
    const all = new Map<string, ProviderLink>();
    for (let i = 0; i < LISTING_MAX_PAGES; i++) {
      const u = this.client.at(LISTING_PATH);
      u.searchParams.set(LISTING_START_PARAM, String(i * LISTING_ROWS));
      u.searchParams.set(LISTING_ROWS_PARAM, String(LISTING_ROWS));
      if (i === 0) this.listingUrl = u.href;
      const { html } = await this.page(u);
      const links = readListing(html);
      if (i === 0 && links.length === 0) throw new ShapeError(`a[href*="/provider/"]`, u.href, 'no provider links on the listing');
      const before = all.size;
      for (const l of links) if (!all.has(l.urn)) all.set(l.urn, l);
      // A short page ends the listing; so does a page with nothing new (a site that ignores `start`).
      if (links.length < LISTING_ROWS || all.size === before) break;
    }
    this.listing = [...all.values()];
    return this.listing;
  }

  /** The authorities asked for, or every authority of the register the listing names (the others noted as unregistered). */
  async targets(): Promise<Target[]> {
    const { opts, summary } = this;
    if (opts.authorities && opts.authorities.length) return opts.authorities.map((a) => ({ authority: a, href: null }));
    let links: ProviderLink[];
    try {
      links = await this.readWholeListing();
    } catch (e) {
      // No listing, no authorities: the run fails as one authority would, with the reason.
      const reason = e instanceof Error ? e.message : String(e);
      summary.failedAuthorities.push({ code: '', name: 'the listing of providers', url: this.listingUrl, reason });
      this.emit({ event: 'authority', code: '', name: 'the listing of providers', url: this.listingUrl, status: 'failed', reason });
      links = [];
    }
    const register = registerData().authorities;
    const byUrn = new Map(register.filter((a) => a.ofstedUrn).map((a) => [a.ofstedUrn!, a]));
    const targets: Target[] = [];
    for (const l of links) {
      const a = byUrn.get(l.urn);
      if (a) targets.push({ authority: a, href: l.href });
      else summary.unregistered.push({ urn: l.urn, name: l.name });
    }
    return targets;
  }

  /** Each authority's provider page read and its new publications planned, until the run is stopped. */
  async readPages(targets: Target[]): Promise<void> {
    this.emit({ event: 'start', phase: 'pages', total: targets.length });
    for (const t of targets) {
      if (this.stopped()) break;
      if ((await this.readAuthority(t)) === 'aborted') break;
    }
  }

  private failAuthority(a: Authority, url: string, reason: string): void {
    this.summary.failedAuthorities.push({ code: a.code, name: a.name, url, reason });
    this.emit({ event: 'authority', code: a.code, name: a.name, url, status: 'failed', reason });
  }

  /** One authority: its provider page read (a failure noted, the run goes on) and its publications planned; 'aborted' when the run was. */
  private async readAuthority({ authority: a, href }: Target): Promise<'aborted' | void> {
    const providerUrl = href ? this.client.resolve(href, this.listingUrl) : { ok: true as const, url: this.client.at(providerPath(a.ofstedUrn ?? '')), listed: '' };
    if (!providerUrl.ok) return this.failAuthority(a, href ?? '', providerUrl.reason);
    if (!a.ofstedUrn && !href) return this.failAuthority(a, '', 'the register has no Ofsted URN for this authority');
    // The provider page's address: the listing's once the page has moved (providerPage).
    const at: { providerUrl: ProviderUrl } = { providerUrl };
    let page: { pubs: Publication[]; pageUrl: string };
    try {
      page = await this.providerPage(a, href, at);
    } catch (e) {
      if (e instanceof FetchError && e.kind === 'aborted') return 'aborted';
      return this.failAuthority(a, at.providerUrl.url.href, e instanceof Error ? e.message : String(e));
    }
    this.summary.authorities++;
    this.read.add(a.code);
    let fresh = 0;
    let listed = 0;
    for (const p of page.pubs) {
      if (!wanted(p, this.kinds, this.opts.since ?? null)) continue;
      listed++;
      if (this.plan(a, p, page.pageUrl, at.providerUrl)) fresh++;
    }
    this.emit({ event: 'authority', code: a.code, name: a.name, url: at.providerUrl.url.href, status: 'read', listed, new: fresh });
  }

  /** The publications on an authority's provider page; a page moved (404) is looked for on the listing by URN or name (`at` then holds where it was found). */
  private async providerPage(a: Authority, href: string | null, at: { providerUrl: ProviderUrl }): Promise<{ pubs: Publication[]; pageUrl: string }> {
    let got: { html: string; url: string };
    try {
      got = await this.page(at.providerUrl.url);
    } catch (e) {
      // A provider page moved: look for the authority's URN on the listing.
      if (!(e instanceof FetchError && e.status === 404) || href) throw e;
      const all = await this.readWholeListing();
      const l = all.find((x) => x.urn === a.ofstedUrn) ?? all.find((x) => squash(x.name) === squash(a.name));
      if (!l) throw e;
      const r = this.client.resolve(l.href, this.listingUrl);
      if (!r.ok) throw new Error(r.reason);
      at.providerUrl = r;
      got = await this.page(r.url);
    }
    // links are relative to the page as answered (after any redirect)
    return { pubs: readProviderPage(got.html, got.url), pageUrl: got.url };
  }

  /** A wanted publication counted, and planned for fetching unless the folder has it (or it is known not to be a PDF); true when planned. */
  private plan(a: Authority, p: Publication & { kind: Kind }, pageUrl: string, providerUrl: ProviderUrl): boolean {
    const { summary, manifest } = this;
    const link = this.client.resolve(p.href, pageUrl);
    summary.listed++;
    if (!link.ok) {
      // Another host named by the page: never followed, reported as a failed publication.
      const row: ManifestRow = { authority: a.name, code: a.code, urn: a.ofstedUrn ?? '', kind: p.kind, label: p.label, publication_date: p.date, url: clean(p.href, 500), file: '', sha256: '', fetched_at: '', status: 'failed', reason: link.reason };
      summary.failed.push(row);
      this.emit({ event: 'file', code: a.code, name: a.name, kind: p.kind, date: p.date, url: row.url, path: '', status: 'failed', reason: link.reason });
      return false;
    }
    const known = manifest.get(link.listed);
    if (known?.status === 'fetched' && known.file && existsSync(manifest.fileOf(known))) {
      summary.known++;
      return false;
    }
    if (known?.status === 'not_pdf' && !this.opts.recheck) {
      summary.known++;
      summary.knownNotPdf++;
      return false;
    }
    const file = known?.file || fileFor(a, p, new Set([...manifest.filesTakenExcept(link.listed), ...this.todo.map((t) => t.file)]));
    this.todo.push({ authority: a, pub: p, listedUrl: link.listed, fetchUrl: link.url, file, providerUrl: providerUrl.url.href });
    return true;
  }

  /** The manifest written (at most once a second unless `force`; never in a dry run). */
  private save(force = false): void {
    if (this.dryRun) return;
    if (force || performance.now() - this.lastSave > 1000) {
      this.manifest.save();
      this.lastSave = performance.now();
    }
  }

  /** The planned files fetched: `parallel` lanes take them in order (one by default); the client paces their requests. */
  async fetchFiles(): Promise<void> {
    if (!this.stopped()) this.emit({ event: 'start', phase: 'files', total: this.todo.length });
    const lane = async () => {
      while (!this.halted && !this.stopped() && this.next < this.todo.length) await this.fetchOne(this.todo[this.next++]!);
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.opts.parallel ?? DEFAULTS.parallel, this.todo.length || 1)) }, lane));
    this.save(true);
  }

  /** One planned file: listed (dry run), adopted from a killed run, or downloaded; recorded in the manifest and the summary. */
  private async fetchOne(t: Todo): Promise<void> {
    const { out, summary } = this;
    const a = t.authority;
    const base: ManifestRow = { authority: a.name, code: a.code, urn: a.ofstedUrn ?? '', kind: t.pub.kind, label: t.pub.label, publication_date: t.pub.date, url: t.listedUrl, file: t.file, sha256: '', fetched_at: '', status: 'failed', reason: '' };
    const target = join(out, ...t.file.split('/'));
    if (!inside(out, target)) throw new Error(`refusing to write outside ${out}: ${target}`); // never: names are FILE_NAME's
    const ev = { code: a.code, name: a.name, kind: t.pub.kind, date: t.pub.date, url: t.listedUrl, path: target };
    if (this.dryRun) {
      summary.planned.push({ authority: a.name, code: a.code, kind: t.pub.kind, publication_date: t.pub.date, label: t.pub.label, url: t.listedUrl, file: t.file });
      this.emit({ event: 'file', ...ev, status: 'planned' });
      return;
    }
    if (this.adopt(target, base, ev)) return;
    const got = await this.download(t, target, base);
    if (!got) return;
    const { row, attempts, bytesLen } = got;
    this.manifest.set(row);
    (row.status === 'fetched' ? summary.fetched : row.status === 'not_pdf' ? summary.notPdf : summary.failed).push(row);
    this.save(row.status !== 'fetched');
    this.emit({ event: 'file', ...ev, path: row.file ? target : '', status: row.status, bytes: bytesLen, attempts, reason: row.reason || undefined });
  }

  /** A file a killed run finished writing but did not record: taken as it is (true) when it is a PDF. */
  private adopt(target: string, base: ManifestRow, ev: Omit<Extract<FetchEvent, { event: 'file' }>, 'event' | 'status'>): boolean {
    if (!existsSync(target)) return false;
    const bytes = readFileSync(target);
    if (!isPdf(bytes)) return false;
    const row: ManifestRow = { ...base, sha256: sha256(bytes), fetched_at: new Date().toISOString(), status: 'fetched' };
    this.manifest.set(row);
    this.summary.fetched.push(row);
    this.save();
    this.emit({ event: 'file', ...ev, status: 'adopted', bytes: bytes.length });
    return true;
  }

  /** A file downloaded and written (through a `.part` file), or found not to be a PDF, or failed; null when the run was aborted. */
  private async download(t: Todo, target: string, base: ManifestRow): Promise<{ row: ManifestRow; attempts?: number; bytesLen?: number } | null> {
    let attempts: number | undefined;
    let bytesLen: number | undefined;
    try {
      const got = await this.client.get(t.fetchUrl, { maxBytes: this.maxFileBytes, accept: 'application/pdf,*/*;q=0.5' });
      attempts = got.attempts;
      bytesLen = got.body.length;
      if (!isPdf(got.body)) return { row: { ...base, file: '', fetched_at: new Date().toISOString(), status: 'not_pdf', reason: describeNotPdf(got.body, got.contentType) }, attempts, bytesLen };
      mkdirSync(join(target, '..'), { recursive: true });
      const part = `${target}.part`;
      writeFileSync(part, got.body);
      renameSync(part, target);
      return { row: { ...base, sha256: sha256(got.body), fetched_at: new Date().toISOString(), status: 'fetched' }, attempts, bytesLen };
    } catch (e) {
      if (e instanceof FetchError && e.kind === 'aborted') {
        this.halted = true;
        return null;
      }
      return { row: { ...base, file: '', fetched_at: new Date().toISOString(), status: 'failed', reason: e instanceof Error ? e.message : String(e) }, attempts, bytesLen };
    }
  }

  /** The summary completed: whether the run was stopped, every fetched file of the authorities read, the requests and time. */
  finish(): FetchSummary {
    const { summary, manifest } = this;
    summary.interrupted = this.stopped();
    if (summary.interrupted) this.emit({ event: 'stopping', reason: summary.interrupted });
    for (const r of manifest.all()) {
      if (r.status === 'fetched' && r.file && this.read.has(r.code) && this.kinds.includes(r.kind)) {
        const f = manifest.fileOf(r);
        if (existsSync(f)) summary.files.set(resolve(f), r.publication_date);
      }
    }
    summary.requests = this.client.requests;
    summary.seconds = (performance.now() - this.t0) / 1000;
    this.emit({ event: 'end', seconds: Number(summary.seconds.toFixed(3)), requests: summary.requests });
    return summary;
  }
}

/** Partial downloads (`*.pdf.part`) and temporary manifests a killed run left behind. */
function sweep(out: string): void {
  const walk = (dir: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory() && depth < 1) walk(p, depth + 1);
      else if (e.isFile() && (/\.pdf\.part$/.test(e.name) || /^manifest\.csv\.tmp-\d+$/.test(e.name))) rmSync(p, { force: true });
    }
  };
  walk(out, 0);
}

/** The authorities of a region of the register. */
export function authoritiesOfRegion(region: string): Authority[] {
  const want = region.trim().toLowerCase();
  return registerData().authorities.filter((a) => a.region?.toLowerCase() === want);
}
