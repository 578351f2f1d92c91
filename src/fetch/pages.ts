/**
 * Reading the site's pages by the facts of site.ts: the listing's provider links, a provider page's
 * publications. A page whose shape has changed throws ShapeError, naming the selector that found
 * nothing (or the label it could not read) and the page's URL.
 */
import { parseLongDate } from '../extract/dates.js';
import { attr, parsePage, selectAll, selectOne, textOf } from './select.js';
import {
  EVENT_SELECTOR,
  KIND_TITLES,
  LABEL_FORMAT,
  LABEL_PATTERN,
  LABEL_SELECTOR,
  PROVIDER_LINK_HREF,
  PROVIDER_URN_IN_PATH,
  PUBLICATION_SELECTOR,
  TIMELINE_SELECTOR,
  type Kind,
} from './site.js';

export class ShapeError extends Error {
  constructor(
    readonly selector: string,
    readonly url: string,
    detail: string,
  ) {
    super(`${detail} (selector '${selector}' on ${url}): the site's pages may have changed, see docs/fetch.md`);
    this.name = 'ShapeError';
  }
}

/** Text from a page, made safe to print on one line and store: control characters out, at most `max` characters. */
export function clean(s: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const t = s.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, ' ').replace(/\s+/g, ' ').trim();
  return t.length > max ? t.slice(0, max - 1) + '…' : t;
}

export interface ProviderLink {
  urn: string;
  href: string;
  name: string;
}

/** The provider links of one listing page (`a` whose href contains PROVIDER_LINK_HREF), each URN once. */
export function readListing(html: string): ProviderLink[] {
  const page = parsePage(html);
  const out = new Map<string, ProviderLink>();
  for (const a of selectAll(page, 'a')) {
    const href = attr(a, 'href');
    if (!href.includes(PROVIDER_LINK_HREF)) continue;
    const m = PROVIDER_URN_IN_PATH.exec(href);
    if (!m || out.has(m[1]!)) continue;
    out.set(m[1]!, { urn: m[1]!, href, name: clean(textOf(a), 120) });
  }
  return [...out.values()];
}

export interface Publication {
  /** The label as a reader sees it (markup dropped, one line). */
  label: string;
  /** The label's title ("Children's services inspection"). */
  title: string;
  /** Its kind, or null for another event ("Academy conversion letter"). */
  kind: Kind | null;
  format: string;
  /** The publication date of the label, ISO. */
  date: string;
  /** The link as the page gives it. */
  href: string;
}

export function kindOf(title: string): Kind | null {
  const t = title.replace(/[’‘`]/g, "'").replace(/\s+/g, ' ').trim();
  for (const [re, kind] of KIND_TITLES) if (re.test(t)) return kind;
  return null;
}

/** A label -> its title, format and date; null when it does not read as one. */
export function readLabel(label: string): { title: string; format: string; date: string } | null {
  const m = LABEL_PATTERN.exec(label);
  if (!m?.groups) return null;
  const date = parseLongDate(m.groups.date!);
  if (!date) return null;
  return { title: m.groups.title!.trim(), format: m.groups.format!.toLowerCase(), date };
}

/**
 * The publications of a provider page, in page order. Throws ShapeError when the page has no
 * timeline, or a publication link has no label or one that does not read as "<title>, <format> -
 * <date>". Events without a publication (the day an inspection opened, ...) are passed over.
 */
export function readProviderPage(html: string, url: string): Publication[] {
  const page = parsePage(html);
  const timeline = selectOne(page, TIMELINE_SELECTOR);
  if (!timeline) throw new ShapeError(TIMELINE_SELECTOR, url, 'no timeline of events');
  const out: Publication[] = [];
  const seen = new Set<string>();
  for (const day of selectAll(timeline, EVENT_SELECTOR)) {
    for (const a of selectAll(day, PUBLICATION_SELECTOR)) {
      const span = selectOne(a, LABEL_SELECTOR);
      const sel = `${PUBLICATION_SELECTOR} ${LABEL_SELECTOR}`;
      if (!span) throw new ShapeError(sel, url, `a publication link (${clean(attr(a, 'href'), 120)}) has no label`);
      const label = clean(textOf(span));
      const parts = readLabel(label);
      if (!parts) throw new ShapeError(sel, url, `a label it cannot read: ${JSON.stringify(label)}`);
      const href = attr(a, 'href').trim();
      if (!href || seen.has(href)) continue;
      seen.add(href);
      out.push({ label, title: parts.title, kind: kindOf(parts.title), format: parts.format, date: parts.date, href });
    }
  }
  return out;
}

/** Only PDFs of the kinds asked (and on or after `since`). */
export function wanted(p: Publication, kinds: readonly Kind[], since: string | null): p is Publication & { kind: Kind } {
  return p.kind !== null && kinds.includes(p.kind) && p.format === LABEL_FORMAT && (!since || p.date >= since);
}
