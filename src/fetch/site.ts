/**
 * Everything `ofsted fetch` knows about Ofsted's reports site, each fact a named setting, in one
 * place: when the site changes, the fix is one line here (docs/fetch.md says which fact is which
 * and how to check it). Nothing else in src/fetch/ holds a URL, a selector or a label's wording.
 */

/** The site's home (`--site` replaces it: a mirror, a proxy, the tests' local server). */
export const SITE_BASE = 'https://reports.ofsted.gov.uk';

/**
 * The site's own hosts: the base's host and every host under this domain (files are on
 * files.ofsted.gov.uk today, older ones on other hosts of the same site). With `--site`, a link to
 * one of these hosts is read from the `--site` origin instead (same path and query), so a mirror
 * serves the whole site and nothing is ever asked of ofsted.gov.uk. Any other host is refused.
 */
export const SITE_DOMAIN = 'ofsted.gov.uk';

/** The search listing of local authority children's services providers (level_1_types=3: children's
 * social care; level_2_types[]=12: local authority children's services). */
export const LISTING_PATH = '/search?q=&location=&lat=&lon=&radius=&level_1_types=3&level_2_types%5B%5D=12';
/** Paging of the listing: `&start=0&rows=100`, then start=100, ... until a page has fewer than ROWS providers. */
export const LISTING_START_PARAM = 'start';
export const LISTING_ROWS_PARAM = 'rows';
export const LISTING_ROWS = 100;
/** The most listing pages read (a site that never ends a listing is stopped here). */
export const LISTING_MAX_PAGES = 20;
/** A provider link on the listing: an `<a>` whose href contains this. */
export const PROVIDER_LINK_HREF = '/provider/';
/** The provider page of an authority by its Ofsted URN (44: local authority children's services). */
export const providerPath = (urn: string) => `/provider/44/${encodeURIComponent(urn)}`;
/** The URN in a provider link's path. */
export const PROVIDER_URN_IN_PATH = /\/provider\/\d+\/(\d+)(?:[/?#]|$)/;

/** The provider page's events: `li.timeline__day` items of `ol.timeline`. */
export const TIMELINE_SELECTOR = 'ol.timeline';
export const EVENT_SELECTOR = 'li.timeline__day';
/** A publication of an event: `a.publication-link`, its label in `span.nonvisual`. */
export const PUBLICATION_SELECTOR = 'a.publication-link';
export const LABEL_SELECTOR = 'span.nonvisual';

/**
 * A publication's label: "<title>, <format> - <publication date>", e.g. "Children's services
 * inspection, pdf - 09 May 2023". The date in the label is the publication date.
 */
export const LABEL_PATTERN = /^(?<title>.+?),\s*(?<format>[a-z0-9]+)\s+[-–]\s+(?<date>\d{1,2}\s+[A-Za-z]+\.?\s+\d{4})$/i;
/** The only format downloaded. */
export const LABEL_FORMAT = 'pdf';

/** The kinds `--kinds` takes, in order. */
export const KINDS = ['inspection', 'focused_visit', 'monitoring_visit', 'jtai', 'area_send'] as const;
export type Kind = (typeof KINDS)[number];

/**
 * A label's title -> its kind (first match wins; titles are compared with curly apostrophes made
 * straight). Any other title ("Academy conversion letter", ...) is another event and is skipped.
 * Seen on the site: "Children's services inspection", "Children's services focused visit", "Joint
 * area child protection inspection", "Area SEND full inspection". The monitoring-visit title and
 * "Joint targeted area inspection" follow the same pattern (docs/fetch.md).
 */
export const KIND_TITLES: ReadonlyArray<readonly [RegExp, Kind]> = [
  [/^children's services inspection$/i, 'inspection'],
  [/^children's services focused visit$/i, 'focused_visit'],
  [/^children's services monitoring visit$/i, 'monitoring_visit'],
  [/^joint (?:area child protection|targeted area) inspection$/i, 'jtai'],
  [/^area send\b.*inspection$/i, 'area_send'],
];

/** A PDF starts with these bytes (the file is checked by its bytes, never by its name or headers). */
export const PDF_MAGIC = '%PDF-';

/**
 * Manners: the User-Agent names the program (the site may answer 403 to clients without a
 * browser-like one), one request at a time, a pause between requests, retries with backoff.
 */
export const USER_AGENT = 'Mozilla/5.0 (compatible; ofsted-ingest/0.1; nightly fetch of published reports for a local authority)';
export const DEFAULTS = {
  /** Requests at once (`--parallel`). */
  parallel: 1,
  /** Pause between two requests, ms (`--pause` in seconds). */
  pauseMs: 1000,
  /** Time limit of one request, ms: no answer or no bytes for this long, and a whole response past 10x it (`--request-timeout`). */
  timeoutMs: 30_000,
  /** Attempts per request (1 + retries) on 403, 429, 5xx and network errors (`--retries`). */
  attempts: 4,
  /** First backoff, ms; doubled at each retry, plus up to a quarter of it at random; a Retry-After is honoured up to maxBackoffMs. */
  backoffMs: 2000,
  maxBackoffMs: 60_000,
  /** Largest file accepted, bytes (`--max-file-bytes`); a longer download is cut off and fails. */
  maxFileBytes: 50 * 1024 * 1024,
  /** Largest HTML page accepted, bytes. */
  maxPageBytes: 5 * 1024 * 1024,
  /** Redirects followed per request (each to an allowed host). */
  maxRedirects: 5,
} as const;

/** HTTP statuses retried (with network errors and time-outs). */
export const RETRY_STATUS = (status: number) => status === 403 || status === 429 || status >= 500;

/** The output folder and the manifest's name in it. */
export const DEFAULT_OUT = 'out/ofsted-files';
export const MANIFEST_NAME = 'manifest.csv';
