/**
 * The Themes page: national counts of each theme by year (a chart drawn from /api/themes/by-year)
 * and one authority's themes against its statistical neighbours'. Every value goes through hono's
 * `html` template (escaped); hrefs are built from URI-encoded keys.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import type { ThemeComparison, ThemeCountRow } from '../query/themes.js';
import { authorityHref, layout } from './pages.js';

type H = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface ThemesView {
  national: ThemeCountRow[];
  /** Authorities to choose from: [key, name]. */
  authorities: Array<[string, string]>;
  la?: string;
  comparison: ThemeComparison | null;
  /** Why no comparison is shown for the chosen authority. */
  problem?: string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

export function themesPage(v: ThemesView): H {
  const c = v.comparison;
  const total = v.national.reduce((n, r) => n + r.first, 0);
  return layout(
    'Themes',
    'Themes',
    html`<h1>Themes of recommendations and areas for improvement</h1>
<p class="meta">Each recommendation, area for improvement and priority action of an inspection document carries the themes of data/themes.csv its words give (rules in data/theme-rules.json), strongest first.</p>
<section class="chart"><h2>National: items per theme by year</h2><div class="chart-box tall"><canvas id="theme-chart" data-src="/api/themes/by-year" aria-label="Items per theme by year"></canvas></div></section>
<section id="national"><h2>National: all years</h2>
${v.national.length ? '' : html`<p class="loc">No themed item in the database.</p>`}
<table class="grid" id="theme-counts"><thead><tr><th>Theme</th><th>Items</th><th>First theme of</th><th>Documents</th><th>Share of items</th></tr></thead>
<tbody>${v.national.map((r) => html`<tr data-theme="${r.theme}"><td>${r.name}</td><td class="num">${r.items}</td><td class="num">${r.first}</td><td class="num">${r.documents}</td><td class="num">${pct(r.share)}</td></tr>`)}</tbody></table>
<p class="count">${total} item${total === 1 ? '' : 's'} with a theme</p></section>
<section id="compare"><h2>An authority against its statistical neighbours</h2>
<form class="filters" method="get" action="/themes"><label>Authority <select name="la"><option value="">Choose…</option>${v.authorities.map(
      ([k, n]) => html`<option value="${k}" ${k === v.la || k === c?.authority.code ? html`selected` : ''}>${n}</option>`,
    )}</select></label><button type="submit">Compare</button></form>
${v.problem ? html`<p class="missing">${v.problem}</p>` : ''}
${c
  ? html`<p class="meta"><a href="${authorityHref(c.authority.code)}">${c.authority.name}</a>: ${c.authorityTotal} item${c.authorityTotal === 1 ? '' : 's'}. Neighbours (${c.neighbours.length}): ${c.neighboursTotal} item${c.neighboursTotal === 1 ? '' : 's'} — ${c.neighbours.map((n, i) => html`${i ? ', ' : ''}<a href="${authorityHref(n.code)}">${n.name}</a>`)}</p>
<div class="chart-box tall"><canvas id="theme-compare" data-src="/api/themes/compare?la=${encodeURIComponent(c.authority.code)}" aria-label="Share of items per theme: the authority and its neighbours"></canvas></div>
<table class="grid" id="theme-comparison"><thead><tr><th>Theme</th><th>${c.authority.name}: items</th><th>share</th><th>Neighbours: items</th><th>share</th></tr></thead>
<tbody>${c.rows.map((r) => html`<tr data-theme="${r.theme}"><td>${r.name}</td><td class="num">${r.authorityItems}</td><td class="num">${pct(r.authorityShare)}</td><td class="num">${r.neighboursItems}</td><td class="num">${pct(r.neighboursShare)}</td></tr>`)}</tbody></table>`
  : ''}
</section>`,
  );
}
