/**
 * The review queue page: the documents the program was unsure of, worst first, each issue in plain
 * words with where it is in the document, filtered by authority and kind (src/query/review.ts).
 * Every value goes through hono's `html` template (escaped); hrefs are built from ids and URI-encoded keys.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { KINDS } from '../model/document.js';
import { frameworkName, label } from '../query/labels.js';
import type { ReviewDocument, ReviewIssue } from '../query/review.js';
import { authorityHref, documentHref, layout } from './pages.js';

type H = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface ReviewView {
  documents: ReviewDocument[];
  total: number;
  page: number;
  pageSize: number;
  filters: { la?: string; kind?: string };
  /** Authorities to choose from: [key, name]. */
  authorities: Array<[string, string]>;
  pageHref: (page: number) => string;
}

const WORST = ['', 'detail', 'check', 'serious', 'error'];

/** Where in the document: a page (PDF), a line (Markdown), a block (Word); a workbook's page and line are its sheet and row. */
export function placeIn(format: string, i: Pick<ReviewIssue, 'page' | 'line' | 'block'>): string {
  if (format === 'xlsx') return [i.page != null ? `sheet ${i.page}` : '', i.line != null ? `row ${i.line}` : ''].filter(Boolean).join(', ');
  if (i.page != null) return `page ${i.page}`;
  if (i.line != null) return `line ${i.line}`;
  if (i.block != null) return `block ${i.block}`;
  return '';
}

function issue(d: ReviewDocument, i: ReviewIssue): H {
  const place = placeIn(d.format, i);
  const target = i.warningId != null ? documentHref(d.id, `warning-${i.warningId}`) : documentHref(d.id);
  return html`<li class="issue w${i.weight}"><span class="tag">${WORST[i.weight]}</span> ${i.plain || i.message}${i.plain ? html` <span class="meta">(${i.message})</span>` : ''} <a href="${target}">${place || 'see the document'}</a></li>`;
}

export function reviewPage(v: ReviewView): H {
  const pages = Math.ceil(v.total / v.pageSize);
  return layout(
    'Review',
    'Review',
    html`<h1>Review: what the program was unsure of</h1>
<p>Documents with warnings, worst first: errors, then what may file a document under the wrong authority or leave items out, then guessed fields (dates, columns), then details. Each links to the place in the document.</p>
<form class="filters" method="get" action="/review">
<label>Authority <select name="la"><option value="">All</option>${v.authorities.map(([k, n]) => html`<option value="${k}" ${k === v.filters.la ? html`selected` : ''}>${n}</option>`)}</select></label>
<label>Kind <select name="kind"><option value="">All</option>${KINDS.map((k) => html`<option value="${k}" ${k === v.filters.kind ? html`selected` : ''}>${label(k)}</option>`)}</select></label>
<button type="submit">Show</button>
</form>
<p class="count">${v.total} document${v.total === 1 ? '' : 's'} to review${pages > 1 ? html`, page ${v.page} of ${pages}` : ''}</p>
<ol class="review">${v.documents.map(
      (d) => html`<li class="review-doc"><h2><a href="${documentHref(d.id)}">${d.path}</a></h2>
<p class="meta">${label(d.kind)}${d.framework ? html` · ${frameworkName(d.framework)}` : ''} · ${d.authorityKey ? html`<a href="${authorityHref(d.authorityKey)}">${d.authority ?? d.authorityKey}</a>` : 'no authority'}${d.date ? html` · ${d.date}` : ''} · ${d.issues.length} issue${d.issues.length === 1 ? '' : 's'} · <a href="${documentHref(d.id, 'corrections')}">Correct it<span class="visually-hidden">: ${d.path}</span></a></p>
<ul class="issues">${d.issues.map((i) => issue(d, i))}</ul></li>`,
    )}</ol>
<nav class="pager">${v.page > 1 ? html`<a rel="prev" href="${v.pageHref(v.page - 1)}">← Previous</a>` : ''} ${v.page < pages ? html`<a rel="next" href="${v.pageHref(v.page + 1)}">Next →</a>` : ''}</nav>`,
  );
}
