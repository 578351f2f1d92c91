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

export async function runFetch(opts: FetchOptions = {}): Promise<FetchSummary> {
  const t0 = performance.now();
  const emit = opts.onEvent ?? (() => {});
  const kinds = opts.kinds?.length ? opts.kinds : KINDS;
  const out = resolve(opts.out ?? DEFAULT_OUT);
  const dryRun = opts.dryRun === true;
  const client = new SiteClient({ ...opts, onRetry: (r) => emit({ event: 'retry', ...r }) });
  const maxFileBytes = opts.maxFileBytes ?? DEFAULTS.maxFileBytes;
  const maxPageBytes = opts.maxPageBytes ?? DEFAULTS.maxPageBytes;
  const stopped = () => (opts.signal?.aborted ? String(opts.signal.reason ?? 'aborted') : null);

  if (!dryRun) mkdirSync(out, { recursive: true });
  const manifest = Manifest.load(out);
  // Leftovers of a killed run: partial downloads and temporary manifests.
  if (!dryRun) sweep(out);

  const summary: FetchSummary = {
    site: client.base.href,
    out,
    dryRun,
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
    manifest: manifest.path,
  };

  // 1. The provider pages: straight from the register's URN, or from the listing.
  const page = async (url: URL) => {
    const got = await client.get(url, { maxBytes: maxPageBytes, accept: 'text/html,application/xhtml+xml' });
    return { html: got.body.toString('utf8'), url: got.url };
  };
  let listing: ProviderLink[] | null = null;
  let listingUrl = client.at(LISTING_PATH).href;
  const readWholeListing = async (): Promise<ProviderLink[]> => {
    if (listing) return listing;
    const all = new Map<string, ProviderLink>();
    for (let i = 0; i < LISTING_MAX_PAGES; i++) {
      const u = client.at(LISTING_PATH);
      u.searchParams.set(LISTING_START_PARAM, String(i * LISTING_ROWS));
      u.searchParams.set(LISTING_ROWS_PARAM, String(LISTING_ROWS));
      if (i === 0) listingUrl = u.href;
      const { html } = await page(u);
      const links = readListing(html);
      if (i === 0 && links.length === 0) throw new ShapeError(`a[href*="/provider/"]`, u.href, 'no provider links on the listing');
      const before = all.size;
      for (const l of links) if (!all.has(l.urn)) all.set(l.urn, l);
      // A short page ends the listing; so does a page with nothing new (a site that ignores `start`).
      if (links.length < LISTING_ROWS || all.size === before) break;
    }
    listing = [...all.values()];
    return listing;
  };

  const register = registerData().authorities;
  let targets: Array<{ authority: Authority; href: string | null }>;
  if (opts.authorities && opts.authorities.length) {
    targets = opts.authorities.map((a) => ({ authority: a, href: null }));
  } else {
    let links: ProviderLink[];
    try {
      links = await readWholeListing();
    } catch (e) {
      // No listing, no authorities: the run fails as one authority would, with the reason.
      const reason = e instanceof Error ? e.message : String(e);
      summary.failedAuthorities.push({ code: '', name: 'the listing of providers', url: listingUrl, reason });
      emit({ event: 'authority', code: '', name: 'the listing of providers', url: listingUrl, status: 'failed', reason });
      links = [];
    }
    const byUrn = new Map(register.filter((a) => a.ofstedUrn).map((a) => [a.ofstedUrn!, a]));
    targets = [];
    for (const l of links) {
      const a = byUrn.get(l.urn);
      if (a) targets.push({ authority: a, href: l.href });
      else summary.unregistered.push({ urn: l.urn, name: l.name });
    }
  }

  emit({ event: 'start', phase: 'pages', total: targets.length });
  type Todo = { authority: Authority; pub: Publication & { kind: Kind }; listedUrl: string; fetchUrl: URL; file: string; providerUrl: string };
  const todo: Todo[] = [];
  const read = new Set<string>();
  for (const { authority: a, href } of targets) {
    if (stopped()) break;
    let providerUrl = href ? client.resolve(href, listingUrl) : { ok: true as const, url: client.at(providerPath(a.ofstedUrn ?? '')), listed: '' };
    const failAuthority = (url: string, reason: string) => {
      summary.failedAuthorities.push({ code: a.code, name: a.name, url, reason });
      emit({ event: 'authority', code: a.code, name: a.name, url, status: 'failed', reason });
    };
    if (!providerUrl.ok) {
      failAuthority(href ?? '', providerUrl.reason);
      continue;
    }
    if (!a.ofstedUrn && !href) {
      failAuthority('', 'the register has no Ofsted URN for this authority');
      continue;
    }
    let pubs: Publication[];
    let pageUrl: string;
    try {
      let got: { html: string; url: string };
      try {
        got = await page(providerUrl.url);
      } catch (e) {
        // A provider page moved: look for the authority's URN on the listing.
        if (!(e instanceof FetchError && e.status === 404) || href) throw e;
        const all = await readWholeListing();
        const l = all.find((x) => x.urn === a.ofstedUrn) ?? all.find((x) => squash(x.name) === squash(a.name));
        if (!l) throw e;
        const r = client.resolve(l.href, listingUrl);
        if (!r.ok) throw new Error(r.reason);
        providerUrl = r;
        got = await page(r.url);
      }
      pubs = readProviderPage(got.html, got.url);
      pageUrl = got.url; // links are relative to the page as answered (after any redirect)
    } catch (e) {
      if (e instanceof FetchError && e.kind === 'aborted') break;
      failAuthority(providerUrl.url.href, e instanceof Error ? e.message : String(e));
      continue;
    }
    summary.authorities++;
    read.add(a.code);
    let fresh = 0;
    let listed = 0;
    for (const p of pubs) {
      if (!wanted(p, kinds, opts.since ?? null)) continue;
      const link = client.resolve(p.href, pageUrl);
      if (!link.ok) {
        // Another host named by the page: never followed, reported as a failed publication.
        const row: ManifestRow = { authority: a.name, code: a.code, urn: a.ofstedUrn ?? '', kind: p.kind, label: p.label, publication_date: p.date, url: clean(p.href, 500), file: '', sha256: '', fetched_at: '', status: 'failed', reason: link.reason };
        summary.listed++;
        listed++;
        summary.failed.push(row);
        emit({ event: 'file', code: a.code, name: a.name, kind: p.kind, date: p.date, url: row.url, path: '', status: 'failed', reason: link.reason });
        continue;
      }
      summary.listed++;
      listed++;
      const known = manifest.get(link.listed);
      if (known?.status === 'fetched' && known.file && existsSync(manifest.fileOf(known))) {
        summary.known++;
        continue;
      }
      if (known?.status === 'not_pdf' && !opts.recheck) {
        summary.known++;
        summary.knownNotPdf++;
        continue;
      }
      const file = known?.file || fileFor(a, p, new Set([...manifest.filesTakenExcept(link.listed), ...todo.map((t) => t.file)]));
      todo.push({ authority: a, pub: p, listedUrl: link.listed, fetchUrl: link.url, file, providerUrl: providerUrl.url.href });
      fresh++;
    }
    emit({ event: 'authority', code: a.code, name: a.name, url: providerUrl.url.href, status: 'read', listed, new: fresh });
  }

  // 2. The new files, one at a time (the client paces the requests).
  if (!stopped()) emit({ event: 'start', phase: 'files', total: todo.length });
  let lastSave = 0;
  const save = (force = false) => {
    if (dryRun) return;
    if (force || performance.now() - lastSave > 1000) {
      manifest.save();
      lastSave = performance.now();
    }
  };
  let next = 0;
  let halted = false;
  const one = async (t: Todo): Promise<void> => {
    const a = t.authority;
    const base: ManifestRow = { authority: a.name, code: a.code, urn: a.ofstedUrn ?? '', kind: t.pub.kind, label: t.pub.label, publication_date: t.pub.date, url: t.listedUrl, file: t.file, sha256: '', fetched_at: '', status: 'failed', reason: '' };
    const target = join(out, ...t.file.split('/'));
    if (!inside(out, target)) throw new Error(`refusing to write outside ${out}: ${target}`); // never: names are FILE_NAME's
    const ev = { code: a.code, name: a.name, kind: t.pub.kind, date: t.pub.date, url: t.listedUrl, path: target };
    if (dryRun) {
      summary.planned.push({ authority: a.name, code: a.code, kind: t.pub.kind, publication_date: t.pub.date, label: t.pub.label, url: t.listedUrl, file: t.file });
      emit({ event: 'file', ...ev, status: 'planned' });
      return;
    }
    // A file a killed run finished writing but did not record: taken as it is.
    if (existsSync(target)) {
      const bytes = readFileSync(target);
      if (isPdf(bytes)) {
        const row: ManifestRow = { ...base, sha256: sha256(bytes), fetched_at: new Date().toISOString(), status: 'fetched' };
        manifest.set(row);
        summary.fetched.push(row);
        save();
        emit({ event: 'file', ...ev, status: 'adopted', bytes: bytes.length });
        return;
      }
    }
    let row: ManifestRow;
    let attempts: number | undefined;
    let bytesLen: number | undefined;
    try {
      const got = await client.get(t.fetchUrl, { maxBytes: maxFileBytes, accept: 'application/pdf,*/*;q=0.5' });
      attempts = got.attempts;
      bytesLen = got.body.length;
      if (!isPdf(got.body)) {
        row = { ...base, file: '', fetched_at: new Date().toISOString(), status: 'not_pdf', reason: describeNotPdf(got.body, got.contentType) };
      } else {
        mkdirSync(join(target, '..'), { recursive: true });
        const part = `${target}.part`;
        writeFileSync(part, got.body);
        renameSync(part, target);
        row = { ...base, sha256: sha256(got.body), fetched_at: new Date().toISOString(), status: 'fetched' };
      }
    } catch (e) {
      if (e instanceof FetchError && e.kind === 'aborted') {
        halted = true;
        return;
      }
      row = { ...base, file: '', fetched_at: new Date().toISOString(), status: 'failed', reason: e instanceof Error ? e.message : String(e) };
    }
    manifest.set(row);
    (row.status === 'fetched' ? summary.fetched : row.status === 'not_pdf' ? summary.notPdf : summary.failed).push(row);
    save(row.status !== 'fetched');
    emit({ event: 'file', ...ev, path: row.file ? target : '', status: row.status, bytes: bytesLen, attempts, reason: row.reason || undefined });
  };
  // `parallel` lanes take the files in order (one by default); the client paces their requests.
  const lane = async () => {
    while (!halted && !stopped() && next < todo.length) await one(todo[next++]!);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.parallel ?? DEFAULTS.parallel, todo.length || 1)) }, lane));
  save(true);

  summary.interrupted = stopped();
  if (summary.interrupted) emit({ event: 'stopping', reason: summary.interrupted });
  for (const r of manifest.all()) {
    if (r.status === 'fetched' && r.file && read.has(r.code) && kinds.includes(r.kind)) {
      const f = manifest.fileOf(r);
      if (existsSync(f)) summary.files.set(resolve(f), r.publication_date);
    }
  }
  summary.requests = client.requests;
  summary.seconds = (performance.now() - t0) / 1000;
  emit({ event: 'end', seconds: Number(summary.seconds.toFixed(3)), requests: summary.requests });
  return summary;
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
