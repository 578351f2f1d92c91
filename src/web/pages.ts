/**
 * Server-rendered pages. Every value goes through hono's `html` tagged template, which
 * escapes it (& < > " '); document text is never put in an attribute that the browser
 * follows (hrefs are built from database ids and authority keys, URI-encoded). No inline
 * script or style: the Content-Security-Policy allows only this app's own files.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { frameworkName, itemKindName, label, leadsText as leads } from '../query/labels.js';
import { AREAS, FRAMEWORKS, SEARCH_KINDS, type AuthoritySummary, type LatestRow, type Row, type SearchHit } from '../query/access.js';
import type { DocumentDeadline } from '../query/deadlines.js';
import type { PlanHistory, PlanVersionRow } from '../query/plan-versions.js';

type H = HtmlEscapedString | Promise<HtmlEscapedString>;

export const authorityHref = (key: string) => `/authority/${encodeURIComponent(key)}`;
export const documentHref = (id: unknown, anchor?: string) => `/document/${Number(id)}${anchor ? `#${anchor}` : ''}`;

export function where(r: Record<string, unknown> | SearchHit): string {
  const l = r as Record<string, unknown>;
  if (l.page != null) return `page ${String(l.page)}`;
  if (l.line != null) return `line ${String(l.line)}`;
  if (l.block != null) return `block ${String(l.block)}`;
  return '';
}

const grade = (g: unknown): H => (g ? html`<span class="grade g-${String(g)}">${label(g)}</span>` : html`<span class="grade g-none">–</span>`);

const directionBadge = (d: LatestRow['direction']): H =>
  d ? html`<span class="dir dir-${d}" title="${label(d)}">${d === 'improved' ? '▲ ' : d === 'declined' ? '▼ ' : '= '}${label(d)}</span>` : html``;

export function layout(title: string, active: string, body: H): H {
  const nav = (href: string, name: string) => html`<a href="${href}" ${active === name ? html`aria-current="page"` : ''}>${name}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Ofsted workbench</title>
<link rel="stylesheet" href="/assets/style.css">
<link rel="icon" href="data:,">
</head>
<body>
<a class="skip" href="#main">Skip to main content</a>
<header class="top"><span class="brand">Ofsted workbench</span><nav>${nav('/', 'Overview')}${nav('/search', 'Search')}${nav('/themes', 'Themes')}${nav('/review', 'Review')}<a href="/api">API</a></nav></header>
<main id="main" tabindex="-1">${body}</main>
<script src="/assets/chart.js"></script>
<script src="/assets/app.js"></script>
</body>
</html>`;
}

function select(name: string, title: string, options: Array<[string, string]>, current: string | undefined): H {
  return html`<label>${title} <select name="${name}"><option value="">All</option>${options.map(
    ([v, t]) => html`<option value="${v}" ${v === current ? html`selected` : ''}>${t}</option>`,
  )}</select></label>`;
}

/** The judgement areas graded in any of these rows, in the model's order. */
function areasIn(rows: Array<Partial<Record<string, string>>>): string[] {
  return AREAS.filter((a) => rows.some((g) => g[a]));
}

export function overviewPage(o: { rows: LatestRow[]; regions: string[]; years: number[]; filters: { region?: string; framework?: string; year?: number } }): H {
  const areas = areasIn(o.rows.map((r) => r.grades));
  const f = o.filters;
  return layout(
    'Overview',
    'Overview',
    html`<h1>Local authorities: latest grades</h1>
<form class="filters" method="get" action="/">
${select('region', 'Region', o.regions.map((r) => [r, r]), f.region)}
${select('framework', 'Framework', FRAMEWORKS.map((x) => [x, frameworkName(x)]), f.framework)}
${select('year', 'Year', o.years.map((y) => [String(y), String(y)]), f.year ? String(f.year) : undefined)}
<button type="submit">Filter</button>
</form>
<section class="chart"><h2>Overall effectiveness by year</h2><div class="chart-box"><canvas id="grade-chart" data-src="/api/grade-distribution" aria-label="Overall effectiveness grades by year"></canvas></div></section>
<p class="count">${o.rows.length} authorit${o.rows.length === 1 ? 'y' : 'ies'}</p>
<table class="grid" id="authorities">
<thead><tr><th>Authority</th><th>Region</th><th>Latest inspection</th><th>Framework</th>${areas.map((a) => html`<th>${label(a)}</th>`)}<th>Previous overall</th><th>Direction</th><th>Latest event</th><th>SEND outcome</th></tr></thead>
<tbody>${o.rows.map(
      (r) => html`<tr data-key="${r.key}"><td><a href="${authorityHref(r.key)}">${r.name}</a></td><td>${r.region ?? ''}</td>
<td>${r.documentId ? html`<a href="${documentHref(r.documentId)}">${r.date ?? 'undated'}</a>` : html`<span class="loc">no graded report</span>`}</td><td>${frameworkName(r.framework)}</td>
${areas.map((a) => html`<td data-area="${a}">${r.documentId ? grade(r.grades[a as keyof typeof r.grades]) : ''}</td>`)}
<td>${r.prevGrades.overall_effectiveness ? grade(r.prevGrades.overall_effectiveness) : ''}</td><td>${directionBadge(r.direction)}</td>
<td class="event">${r.latestEvent ? html`<a href="${documentHref(r.latestEvent.documentId)}">${r.latestEvent.date ?? 'undated'}</a> ${frameworkName(r.latestEvent.framework)}` : ''}</td>
<td class="send">${r.send ? html`<a href="${documentHref(r.send.documentId)}">${r.send.date ?? 'undated'}</a> ${r.send.outcome ? html`<span class="outcome o-${r.send.outcome}">${label(r.send.outcome)}</span>` : html`<span class="loc">outcome not read</span>`}` : ''}</td></tr>`,
    )}</tbody>
</table>`,
  );
}

function cited(c: Row): H {
  return html`<li class="cited"><span class="pnum">¶${String(c.label ?? c.number)}</span> ${c.text ? html`<span class="ptext">${String(c.text)}</span> <span class="loc">(${where(c)})</span>` : html`<span class="missing">paragraph not found in the report</span>`}</li>`;
}

function responsible(v: unknown): H | string {
  let a: unknown = [];
  try {
    a = JSON.parse(String(v ?? '[]'));
  } catch {
    a = [];
  }
  return Array.isArray(a) && a.length ? html` <span class="loc">(responsible: ${a.map(String).join(', ')})</span>` : '';
}

export function recommendationItem(r: Row & { cited: Row[] }, mark: H | string = ''): H {
  const kind = String(r.kind ?? 'recommendation');
  return html`<li class="rec kind-${kind}" id="recommendation-${Number(r.id)}"><div>${kind !== 'recommendation' ? html`<span class="tag kind kind-${kind}">${itemKindName(kind)}</span> ` : ''}<span class="recid">${String(r.rec_id)}</span> <span class="rectext">${String(r.text)}</span> <span class="loc">(${where(r)})</span>${r.timescale ? html` <span class="tag">${label(r.timescale)}</span>` : ''}${r.scope !== 'local_authority' ? html` <span class="tag">${label(r.scope)}</span>` : ''}${r.national_framework_ref ? html` <span class="tag">${String(r.national_framework_ref)}</span>` : ''}${responsible(r.responsible)}${mark}</div>
${r.cited.length ? html`<ul class="cites">${r.cited.map(cited)}</ul>` : ''}</li>`;
}

/** An authority's page: the query layer's summary (DataAccess.authoritySummary), and the link to another page of its tracker. */
export type AuthorityView = Omit<AuthoritySummary, 'authority'> & {
  authority: Pick<AuthoritySummary['authority'], 'key' | 'name' | 'region' | 'laType' | 'neighbours'>;
  pageHref?: (page: number) => string;
};

function docTitle(d: Row): string {
  return `${label(d.kind)}${d.framework ? ` (${frameworkName(d.framework)})` : ''}, ${String(d.date ?? d.publication_date ?? d.inspection_end ?? 'undated')}`;
}

const num = (v: unknown) => Number(v ?? 0);

/** Judgements in the model's order of areas (overall effectiveness first). */
const byArea = (js: Row[]) => [...js].sort((a, b) => AREAS.indexOf(a.area as never) - AREAS.indexOf(b.area as never));

export function authorityPage(v: AuthorityView): H {
  const a = v.authority;
  // Every inspection event: full inspections, focused and monitoring visits, JTAIs, area SEND inspections.
  const reports = v.documents.filter((d) => d.kind !== 'action_plan' && d.kind !== 'progress_report');
  const byId = new Map(v.documents.map((d) => [d.id, d]));
  const deadlineOf = new Map(v.deadlines.map((x) => [x.documentId, x]));
  const neighbourAreas = areasIn(v.neighbours.map((n) => n.grades));
  return layout(
    a.name,
    '',
    html`<h1>${a.name}</h1>
<p class="meta">${[a.region, a.laType].filter(Boolean).join(' · ')}</p>
<section><h2>Inspections and visits</h2>
${reports.length ? '' : html`<p class="loc">No inspection report of this authority in the database.</p>`}<ol class="timeline" id="timeline">${reports.map(
      (d) => html`<li data-document="${d.id}" data-framework="${String(d.framework ?? '')}" class="${num(d.priority_actions) ? 'has-priority' : ''}"><div class="when">${String(d.date ?? 'undated')}</div>
<div class="what"><a href="${documentHref(d.id)}">${docTitle(d)}</a> <span class="tag">${String(d.format)}</span>${d.focus ? html` <span class="tag focus">${label(d.focus)}</span>` : ''}
${num(d.priority_actions) ? html` <span class="priority-badge">${num(d.priority_actions)} priority action${num(d.priority_actions) === 1 ? '' : 's'}</span>` : ''}${num(d.areas_for_improvement) ? html` <span class="tag">${num(d.areas_for_improvement)} area${num(d.areas_for_improvement) === 1 ? '' : 's'} for improvement</span>` : ''}${num(d.recommendations) ? html` <span class="tag">${num(d.recommendations)} recommendation${num(d.recommendations) === 1 ? '' : 's'}</span>` : ''}
${d.partnership ? html`<div class="loc">${String(d.partnership)}</div>` : ''}
<div class="grades">${byArea(d.judgements).map((j) => html`<span class="judgement" data-area="${String(j.area)}"><span class="area">${label(j.area)}</span> ${grade(j.grade)}</span>`)}</div>
${d.next_inspection_raw ? html`<div class="loc">Next inspection: ${String(d.next_inspection_raw)}</div>` : ''}${deadlineLine(deadlineOf.get(d.id), v.asOf)}</div></li>`,
    )}</ol></section>
${a.neighbours.length ? html`<section id="neighbours"><h2>Statistical neighbours: latest grades</h2>
<table class="grid"><thead><tr><th>Authority</th><th>Latest inspection</th><th>Framework</th>${neighbourAreas.map((x) => html`<th>${label(x)}</th>`)}</tr></thead>
<tbody>${v.neighbours.map((n) => html`<tr><td><a href="${authorityHref(n.key)}">${n.name}</a></td><td>${n.documentId ? (n.date ?? 'undated') : html`<span class="loc">no graded report</span>`}</td><td>${frameworkName(n.framework)}</td>${neighbourAreas.map((x) => html`<td>${n.documentId ? grade(n.grades[x as keyof typeof n.grades]) : ''}</td>`)}</tr>`)}</tbody></table></section>` : ''}
<section id="tracker"><h2>Tracker: what Ofsted asked (recommendations, priority actions, areas for improvement) and the plan actions linked to them</h2><p class="loc">Overdue as of <span id="as-of">${v.asOf}</span>.${v.trackerPage.pages > 1 ? html` Rows ${(v.trackerPage.page - 1) * v.trackerPage.pageSize + 1} to ${(v.trackerPage.page - 1) * v.trackerPage.pageSize + v.tracker.length} of ${v.trackerPage.total}, the newest report first (page ${v.trackerPage.page} of ${v.trackerPage.pages}).` : ''}</p>${trackerTable(v.tracker)}${trackerPager(v)}</section>
${v.plans.length ? html`<section id="plans"><h2>Action plans</h2><p class="loc">Overdue as of ${v.asOf}. The current version of each plan.</p>${planTables(v.plans)}</section>` : ''}
${v.planVersions.some((p) => p.versions > 1) ? html`<section id="plan-versions"><h2>Plan versions</h2><ul>${v.planVersions.filter((p) => p.current && p.versions > 1).map(
  (p) => html`<li><a href="${documentHref(p.documentId)}">${p.path}</a> is the current of ${p.versions} version(s) (${versionBasis(p.basis)}) · <a href="${historyHref(p.documentId)}">what changed between versions</a></li>`,
)}</ul></section>` : ''}
${v.findings.map(({ documentId, recommendations }) => {
  const d = byId.get(documentId)!;
  return html`<section class="recs"><h2>${d.kind === 'inspection_report' && !num(d.priority_actions) && !num(d.areas_for_improvement) ? 'Recommendations' : 'Findings to act on'}: <a href="${documentHref(d.id)}">${docTitle(d)}</a></h2><ol class="reclist">${recommendations.map((r) => recommendationItem(r))}</ol></section>`;
})}
${v.findingsElsewhere.length ? html`<section id="earlier-findings"><h2>Findings of earlier inspections</h2><p>Each with its cited paragraphs on the document's own page.</p><ul>${v.findingsElsewhere.map((id) => {
  const d = byId.get(id)!;
  return html`<li><a href="${documentHref(d.id, 'recommendations')}">${docTitle(d)}</a>: ${itemCounts(d)}</li>`;
})}</ul></section>` : ''}`,
  );
}

/** The counts of a document's items, in words ("2 priority actions, 3 recommendations"). */
function itemCounts(d: Row): string {
  const n = (k: string, one: string, many: string) => (num(d[k]) ? `${num(d[k])} ${num(d[k]) === 1 ? one : many}` : null);
  return [n('priority_actions', 'priority action', 'priority actions'), n('areas_for_improvement', 'area for improvement', 'areas for improvement'), n('recommendations', 'recommendation', 'recommendations')].filter(Boolean).join(', ');
}

/** Links to the tracker's other pages (the same address and as-of date, another `page`). */
function trackerPager(v: AuthorityView): H | string {
  const { page, pages } = v.trackerPage;
  if (pages <= 1 || !v.pageHref) return '';
  const href = (p: number) => `${v.pageHref!(p)}#tracker`;
  return html`<nav class="pager" aria-label="Tracker pages">${page > 1 ? html`<a rel="prev" href="${href(page - 1)}">← Newer items</a>` : ''} ${page < pages ? html`<a rel="next" href="${href(page + 1)}">Older items →</a>` : ''}</nav>`;
}

/** A document's plan deadline: draft and plan due by, the plan on file (linked) or not, late as of the as-of date. */
function deadlineLine(x: DocumentDeadline | undefined, asOf: string): H | string {
  if (!x) return '';
  return html`<div class="deadline" data-plan-due="${x.planDue}">${x.draftDue ? html`Draft plan due by ${x.draftDue}; ` : ''}Plan due by <strong>${x.planDue}</strong> (${x.basisText}${x.stated ? html`, as the report asks: “${x.stated}”` : ''}) · ${
    x.plan ? html`plan on file: <a href="${documentHref(x.plan.documentId)}">${x.plan.path}</a>${x.plan.date ? ` (${x.plan.date})` : ''}` : html`no plan on file`
  }${x.late ? html` · <span class="late">late as of ${asOf}</span>` : ''}</div>`;
}

export const historyHref = (id: unknown) => `/plan/${Number(id)}/history`;

const BASIS: Record<string, string> = {
  only: 'the only version',
  claimed: 'said to be current when imported',
  plan_date: "latest by the plan's own date",
  imported: 'latest imported',
};
const versionBasis = (b: unknown): string => BASIS[String(b)] ?? String(b ?? '');

/** One version's rating as shown: the rating as written (or the rating), and the state decided at load time. */
const stateText = (x: { rag: string | null; ragRaw: string | null; state: string | null }): string =>
  [x.ragRaw ?? x.rag, x.state ? `(${label(x.state)})` : null].filter(Boolean).join(' ');

/** A plan's versions and, between each and the next, what changed per action. */
export function planHistoryPage(h: PlanHistory & { authority: string | null; authorityKey: string | null; report: { documentId: number; path: string } }): H {
  return layout(
    `Plan versions: ${h.authority ?? ''}`,
    '',
    html`<h1>${h.authority ?? 'Unknown authority'}: versions of the plan answering <a href="${documentHref(h.report.documentId)}">${h.report.path}</a></h1>
${h.authorityKey ? html`<p><a href="${authorityHref(h.authorityKey)}">All documents of ${h.authority ?? h.authorityKey}</a></p>` : ''}
<table class="grid" id="versions"><thead><tr><th>Version</th><th>Plan</th><th>Plan date</th><th>Imported</th><th>Current</th></tr></thead><tbody>${h.versions.map(
      (v) => html`<tr><td class="num">${v.version}</td><td><a href="${documentHref(v.documentId)}">${v.path}</a></td><td class="date">${v.planDate ?? ''}</td><td class="date">${v.importedAt.slice(0, 10)}</td><td>${v.current ? html`<strong>current</strong> (${versionBasis(v.basis)})` : ''}</td></tr>`,
    )}</tbody></table>
${h.steps.map(
  (st) => html`<section class="version-step"><h2>Version ${st.from.version} → ${st.to.version}</h2><p class="loc">${st.changed.length} action(s) changed, ${st.unchanged} unchanged, ${st.added.length} added, ${st.removed.length} no longer in the plan.</p>
${st.changed.length ? html`<table class="grid"><thead><tr><th>Rec.</th><th>Id</th><th>Action</th><th>What changed</th><th>RAG / status before</th><th>after</th><th>Progress before</th><th>after</th></tr></thead><tbody>${st.changed.map(
    (c) => html`<tr><td>${c.recommendationRef ?? ''}</td><td>${c.actionId ?? ''}</td><td>${c.description}${c.matchedBy === 'text' ? html` <span class="loc">(matched by its words, ${c.score.toFixed(2)})</span>` : ''}</td><td>${c.changed.join(', ')}</td><td>${stateText(c.before)}</td><td>${stateText(c.after)}</td><td class="progress">${c.before.progress ?? ''}</td><td class="progress">${c.after.progress ?? ''}</td></tr>`,
  )}</tbody></table>` : ''}
${st.added.length ? html`<h3>Added</h3><ul>${st.added.map((a) => html`<li>${a.recommendationRef ?? ''} ${a.actionId ?? ''} ${a.description}</li>`)}</ul>` : ''}
${st.removed.length ? html`<h3>No longer in the plan</h3><ul>${st.removed.map((a) => html`<li>${a.recommendationRef ?? ''} ${a.actionId ?? ''} ${a.description}</li>`)}</ul>` : ''}</section>`,
)}`,
  );
}

const ragCell = (r: Row, k: string): H => html`<td class="num ${num(r[k]) ? `rag-${k}` : ''}">${num(r[k])}</td>`;
const ragCells = (r: Row): H =>
  html`<td class="num">${num(r.actions)}</td>${['red', 'amber', 'green', 'complete'].map((k) => ragCell(r, k))}<td class="num ${num(r.overdue) ? 'overdue' : ''}">${num(r.overdue)}</td><td class="progress">${String(r.latest_progress ?? '')}</td>`;
const ragHead = html`<th>Actions</th><th>Red</th><th>Amber</th><th>Green</th><th>Complete</th><th>Overdue</th><th>Latest progress</th>`;

/** One table per plan: per recommendation, RAG counts, overdue actions, latest progress. */
function planTables(rows: Row[]): H {
  const plans = [...new Set(rows.map((r) => Number(r.document_id)))];
  return html`${plans.map((id) => {
    const mine = rows.filter((r) => Number(r.document_id) === id);
    return html`<h3><a href="${documentHref(id)}">${String(mine[0]!.path)}</a></h3><table class="grid plan"><thead><tr><th>Recommendation</th>${ragHead}</tr></thead><tbody>${mine.map(
      (r) => html`<tr><td>${r.recommendation_ref == null ? html`<span class="loc">no recommendation</span>` : String(r.recommendation_ref)}</td>${ragCells(r)}</tr>`,
    )}</tbody></table>`;
  })}`;
}

function trackerTable(rows: Row[]): H {
  if (!rows.length) return html`<p>No plan is linked to this authority's report recommendations yet.</p>`;
  return html`<table class="grid"><thead><tr><th>Report or visit</th><th>Item</th><th>Plan</th><th>Plan recommendation</th><th>Link</th>${ragHead}</tr></thead><tbody>${rows.map(
    (r) => html`<tr class="kind-${String(r.item_kind ?? 'recommendation')}"><td><a href="${documentHref(r.report_document_id)}">${String(r.report_date ?? 'undated')}</a> ${frameworkName(r.framework)}</td><td>${r.item_kind && r.item_kind !== 'recommendation' ? html`<span class="tag kind kind-${String(r.item_kind)}">${itemKindName(r.item_kind)}</span> ` : ''}<span class="recid">${String(r.rec_id)}</span> ${String(r.text ?? '')}</td>
<td>${r.plan_document_id ? html`<a href="${documentHref(r.plan_document_id)}">${String(r.plan_path ?? '')}</a>` : 'no plan linked'}</td><td>${String(r.plan_rec_id ?? '')}</td><td>${r.method === 'person' ? 'set by a person' : String(r.method ?? '')}${r.score != null ? ` ${Number(r.score).toFixed(2)}` : ''}${r.corrected ? html` <span class="tag corrected" title="${String(r.corrected)}">corrected<span class="visually-hidden"> (${String(r.corrected)})</span></span>` : ''}</td>${ragCells(r)}</tr>`,
  )}</tbody></table>`;
}

export interface SearchView {
  q: string;
  filters: { la?: string; region?: string; framework?: string; year?: number; kind?: string };
  authorities: Array<[string, string]>;
  regions: string[];
  years: number[];
  result: { hits: SearchHit[]; total: number; totalCapped: boolean; page: number; pageSize: number } | null;
  pageHref: (page: number) => string;
}

const snippet = (s: SearchHit['snippet']): H => html`${s.map((p) => (p.match ? html`<mark>${p.text}</mark>` : html`${p.text}`))}`;

export function searchPage(v: SearchView): H {
  const f = v.filters;
  const r = v.result;
  const pages = r ? Math.ceil(r.total / r.pageSize) : 0;
  return layout(
    v.q ? `Search: ${v.q}` : 'Search',
    'Search',
    html`<h1>Search recommendations, paragraphs and actions</h1>
<form class="filters" method="get" action="/search" role="search">
<input type="search" name="q" value="${v.q}" placeholder="e.g. supervision" maxlength="200" aria-label="Search text">
${select('kind', 'Kind', SEARCH_KINDS.map((k) => [k, label(k)]), f.kind)}
${select('la', 'Authority', v.authorities, f.la)}
${select('region', 'Region', v.regions.map((x) => [x, x]), f.region)}
${select('framework', 'Framework', FRAMEWORKS.map((x) => [x, frameworkName(x)]), f.framework)}
${select('year', 'Year', v.years.map((y) => [String(y), String(y)]), f.year ? String(f.year) : undefined)}
<button type="submit">Search</button>
</form>
${r
  ? html`<p class="count">${r.total}${r.totalCapped ? '+' : ''} result${r.total === 1 ? '' : 's'}${pages > 1 ? html`, page ${r.page} of ${pages}` : ''}</p>
<ol class="hits" id="hits">${r.hits.map(
      (h) => html`<li class="hit hit-${h.kind}"><div class="hit-head"><span class="tag">${label(h.kind)}</span> <a href="${documentHref(h.documentId, `${h.kind}-${h.id}`)}">${h.label}</a> · ${h.authority ?? 'unknown authority'}${h.framework ? html` · ${frameworkName(h.framework)}` : ''}${h.date ? html` · ${h.date}` : ''}</div>
<p class="snippet">${snippet(h.snippet)}</p><div class="source">${h.path}${where(h) ? `, ${where(h)}` : ''}</div></li>`,
    )}</ol>
<nav class="pager">${r.page > 1 ? html`<a rel="prev" href="${v.pageHref(r.page - 1)}">← Previous</a>` : ''} ${r.page < pages ? html`<a rel="next" href="${v.pageHref(r.page + 1)}">Next →</a>` : ''}</nav>`
  : ''}`,
  );
}

export interface DocumentView {
  doc: Row & { id: number };
  judgements: Row[];
  recommendations: Array<Row & { cited: Row[] }>;
  paragraphs: Row[];
  actions: Row[];
  warnings: Row[];
  /** A plan's place among the versions of its plan (null: not one of a series). */
  planVersion?: PlanVersionRow | null;
  /** The marks beside corrected values (src/web/corrections.ts), by row id. */
  marks?: { document: H | string; item(rowId: number): H | string; action(rowId: number): H | string };
  /** The document's corrections and, in edit mode, the forms to correct it (src/web/corrections.ts). */
  corrections?: H;
}

export function documentPage(v: DocumentView): H {
  const d = v.doc;
  const fields: Array<[string, unknown]> = [
    ['Kind', label(d.kind)],
    ['Framework', frameworkName(d.framework)],
    ['Title', d.title],
    ['Inspection', [d.inspection_start, d.inspection_end].filter(Boolean).join(' to ')],
    ['Published', d.publication_date],
    ['Lead inspector', d.lead_inspector],
    ['Source', `${String(d.path)} (${String(d.format)}${d.pages ? `, ${String(d.pages)} pages` : ''}, ${String(d.bytes)} bytes)`],
    ['SHA-256', d.sha256],
  ];
  return layout(
    String(d.title ?? d.path),
    '',
    html`<h1>${String(d.local_authority ?? 'Unknown authority')}: ${label(d.kind)}${v.marks?.document ?? ''}</h1>
${d.authority_key ? html`<p><a href="${authorityHref(String(d.authority_key))}">All documents of ${String(d.local_authority)}</a></p>` : ''}
${v.planVersion && v.planVersion.versions > 1 ? html`<p class="plan-version">Version ${v.planVersion.version} of ${v.planVersion.versions} of this plan${v.planVersion.current ? html` · <strong>current</strong>` : html` · not current: the tracker shows another version`} · <a href="${historyHref(d.id)}">what changed between versions</a></p>` : ''}
<table class="fields">${fields.filter(([, x]) => x).map(([k, x]) => html`<tr><th>${k}</th><td>${String(x)}</td></tr>`)}</table>
<section id="warnings"><h2>Warnings (${v.warnings.length})</h2>${v.warnings.length
      ? html`<ul class="warnings">${v.warnings.map((w) => html`<li id="warning-${Number(w.id)}" class="sev-${String(w.severity)}"><span class="tag">${String(w.severity)}</span> <code>${String(w.code)}</code> ${String(w.message)} <span class="loc">${where(w)}</span></li>`)}</ul>`
      : html`<p>None.</p>`}</section>
${v.judgements.length ? html`<section id="judgements"><h2>Judgements</h2><table class="grid"><tbody>${v.judgements.map((j) => html`<tr><th>${String(j.label)}</th><td>${grade(j.grade)}</td><td class="loc">${where(j)}</td></tr>`)}</tbody></table></section>` : ''}
${v.recommendations.length ? html`<section id="recommendations"><h2>Recommendations (${v.recommendations.length})</h2><ol class="reclist">${v.recommendations.map((r) => recommendationItem(r, v.marks?.item(Number(r.id))))}</ol></section>` : ''}
${v.actions.length ? html`<section id="actions"><h2>Actions (${v.actions.length})</h2><table class="grid actions"><thead><tr><th>Rec.</th><th>Id</th><th>Action</th><th>Leads</th><th>Due</th><th>RAG</th><th>State</th><th>Progress</th><th>Where</th></tr></thead><tbody>${v.actions.map(
  (a) => html`<tr id="action-${Number(a.id)}"><td>${String(a.recommendation_ref ?? '')}</td><td>${String(a.action_id ?? '')}</td><td>${String(a.description)}</td><td>${leads(a.leads)}</td><td class="date">${String(a.due_date ?? a.due_raw ?? '')}</td><td>${a.rag ? html`<span class="rag rag-${String(a.rag)}">${String(a.rag_raw ?? a.rag)}</span>` : String(a.rag_raw ?? '')}</td><td>${a.state ? label(a.state) : ''}${v.marks?.action(Number(a.id)) ?? ''}</td><td>${String(a.progress ?? '')}</td><td class="loc">${where(a)}</td></tr>`,
)}</tbody></table></section>` : ''}
${v.corrections ?? ''}
${v.paragraphs.length ? html`<section id="paragraphs"><h2>Paragraphs (${v.paragraphs.length})</h2><ol class="paras">${v.paragraphs.map(
  (p) => html`<li id="paragraph-${Number(p.id)}"><span class="pnum">${String(p.label ?? p.number)}</span> ${String(p.text)} <span class="loc">(${where(p)}${p.section ? `, ${String(p.section)}` : ''})</span></li>`,
)}</ol></section>` : ''}`,
  );
}


export function notFoundPage(message: string): H {
  return layout('Not found', '', html`<h1>Not found</h1><p>${message}</p><p><a href="/">Back to the overview</a></p>`);
}

export function errorPage(status: number, message: string): H {
  return layout(`Error ${status}`, '', html`<h1>Error ${status}</h1><p>${message}</p>`);
}
