/**
 * The app's own static files, served from memory under /assets/ (an allowlist: no path
 * from a URL ever reaches the file system). Chart.js is read once from node_modules.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const STYLE = `
:root { --ink:#1d2733; --muted:#5b6775; --line:#d8dee6; --bg:#f6f8fa; --accent:#1f5fa8;
  --outstanding:#0d5c2e; --good:#2e7d32; --ri:#e0a100; --inadequate:#c62828; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--ink); background:#fff; }
header.top { display:flex; gap:2rem; align-items:center; padding:.6rem 1.5rem; background:#102a43; color:#fff; }
header.top .brand { font-weight:700; letter-spacing:.02em; }
header.top nav a { color:#cfe3ff; margin-right:1.2rem; text-decoration:none; }
header.top nav a[aria-current] { color:#fff; border-bottom:2px solid #fff; }
/* Keyboard users: a skip link first (shown when focused) and a focus ring that shows on light and dark. */
a.skip { position:absolute; left:-10000px; top:.4rem; z-index:10; background:#fff; color:var(--ink); padding:.4rem .8rem; border-radius:4px; font-weight:700; }
a.skip:focus { left:1rem; }
.tag.corrected { background:#fff0c2; color:#5a4300; font-weight:700; }
.visually-hidden { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
form.correct { border:1px solid #c9d3de; border-radius:4px; padding:.4rem .8rem; margin:.6rem 0; max-width:48rem; }
form.correct h3 { margin:.2rem 0; font-size:1rem; } form.inline { display:inline; } .problem { color:#7a1010; font-weight:700; }
a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible, [tabindex]:focus-visible { outline:3px solid #ffbf47; outline-offset:2px; box-shadow:0 0 0 5px #0b0c0c; }
main:focus { outline:none; }
main { padding:1rem 1.5rem 3rem; max-width:1400px; }
h1 { font-size:1.5rem; margin:.4rem 0 .8rem; } h2 { font-size:1.15rem; margin:1.6rem 0 .6rem; } h3 { font-size:1rem; margin:1.1rem 0 .3rem; font-weight:600; }
a { color:var(--accent); }
form.filters { display:flex; flex-wrap:wrap; gap:.8rem; align-items:end; background:var(--bg); padding:.7rem; border:1px solid var(--line); border-radius:6px; }
form.filters label { display:flex; flex-direction:column; font-size:.8rem; color:var(--muted); }
form.filters input[type=search] { min-width:20rem; padding:.35rem .5rem; font-size:1rem; }
select, button { padding:.3rem .5rem; font-size:.9rem; }
table.grid { border-collapse:collapse; width:100%; margin:.5rem 0; font-size:.9rem; }
table.grid th, table.grid td { border-bottom:1px solid var(--line); padding:.3rem .5rem; text-align:left; vertical-align:top; }
table.grid thead th { background:var(--bg); position:sticky; top:0; }
td.date, .when { white-space:nowrap; }
td.num { text-align:right; font-variant-numeric:tabular-nums; }
.grade { display:inline-block; padding:.05rem .45rem; border-radius:3px; font-size:.8rem; color:#fff; white-space:nowrap; }
.g-outstanding { background:var(--outstanding); } .g-good { background:var(--good); }
.g-requires_improvement, .g-adequate { background:var(--ri); color:#1d2733; } .g-inadequate { background:var(--inadequate); }
.g-none { color:var(--muted); }
.g-positive_experiences, .g-written_statement_not_required { background:var(--good); } .g-inconsistent_experiences { background:var(--ri); color:#1d2733; }
.g-significant_concerns, .g-written_statement_required { background:var(--inadequate); }
.dir-improved { color:var(--outstanding); } .dir-declined { color:var(--inadequate); } .dir-same { color:var(--muted); }
section.chart { max-width:900px; } .chart-box { position:relative; height:260px; width:100%; }
.chart-box.tall { height:420px; max-width:900px; }
.count, .meta, .loc, .source { color:var(--muted); font-size:.85rem; }
ol.timeline { list-style:none; padding:0; border-left:3px solid var(--line); margin-left:.5rem; }
ol.timeline li { position:relative; padding:.2rem 0 .9rem 1.2rem; display:flex; gap:1rem; }
ol.timeline li::before { content:""; position:absolute; left:-8px; top:.45rem; width:13px; height:13px; border-radius:50%; background:var(--accent); }
ol.timeline .when { min-width:6.5rem; font-variant-numeric:tabular-nums; font-weight:600; }
.grades { display:flex; flex-wrap:wrap; gap:.3rem .9rem; margin-top:.25rem; }
.judgement .area { font-size:.8rem; color:var(--muted); }
ol.reclist { list-style:none; padding-left:0; } li.rec { margin:.5rem 0 .9rem; }
.recid { font-weight:700; } .tag { font-size:.72rem; background:#e8eef5; border-radius:3px; padding:.05rem .35rem; color:#334; }
ul.cites { margin:.3rem 0 0; padding-left:1rem; border-left:3px solid #e8eef5; list-style:none; font-size:.88rem; }
li.cited { margin:.25rem 0; } .pnum { font-weight:700; color:var(--accent); margin-right:.2rem; }
.missing { color:var(--inadequate); }
ol.hits { list-style:none; padding:0; } li.hit { border-bottom:1px solid var(--line); padding:.6rem 0; }
.snippet { margin:.25rem 0; } mark { background:#ffe58a; padding:0 .1rem; }
.pager { display:flex; gap:1.5rem; margin-top:1rem; }
table.fields th { text-align:left; padding-right:1rem; color:var(--muted); font-weight:500; }
ul.warnings li { margin:.2rem 0; } .sev-error .tag { background:#fbd5d5; }
.rag { padding:.05rem .35rem; border-radius:3px; font-size:.8rem; }
.rag-red { background:#fbd5d5; } .rag-amber { background:#ffe8b3; } .rag-green { background:#d4f0d8; } .rag-complete, .rag-blue { background:#d6e6fb; }
td.overdue { color:var(--inadequate); font-weight:700; }
.priority-badge { font-size:.75rem; font-weight:700; color:#fff; background:var(--inadequate); border-radius:3px; padding:.05rem .4rem; white-space:nowrap; }
ol.timeline li.has-priority::before { background:var(--inadequate); }
.tag.kind-priority_action { background:#fbd5d5; color:#7a1010; font-weight:700; } .tag.kind-area_for_improvement { background:#ffe8b3; }
.outcome { font-size:.8rem; padding:.05rem .4rem; border-radius:3px; white-space:nowrap; }
.o-positive_experiences, .o-written_statement_not_required { background:#d4f0d8; } .o-inconsistent_experiences { background:#ffe8b3; } .o-significant_concerns, .o-written_statement_required { background:#fbd5d5; }
.late { color:var(--inadequate); font-weight:700; } .deadline { font-size:.88rem; margin-top:.3rem; }
ol.paras { list-style:none; padding:0; } ol.paras li { margin:.35rem 0; }
ol.review { list-style:none; padding:0; } li.review-doc { border-bottom:1px solid var(--line); padding:.4rem 0 .8rem; } li.review-doc h2 { font-size:1rem; margin:.4rem 0 .1rem; word-break:break-all; }
ul.issues { margin:.3rem 0 0; padding-left:1.1rem; } li.issue { margin:.2rem 0; }
li.issue.w4 .tag, li.issue.w3 .tag { background:#fbd5d5; color:#7a1010; } li.issue.w2 .tag { background:#ffe8b3; }
`;

/** Draws the overview chart from the JSON API (no inline script: CSP script-src 'self'). */
const APP = `
(function () {
  var canvas = document.getElementById('grade-chart');
  if (!canvas || typeof Chart === 'undefined') return;
  var colours = { outstanding: '#0d5c2e', good: '#2e7d32', requires_improvement: '#e0a100', adequate: '#f2c94c', inadequate: '#c62828' };
  var name = function (g) { var t = g.replace(/_/g, ' '); return t.charAt(0).toUpperCase() + t.slice(1); };
  fetch(canvas.getAttribute('data-src'), { headers: { accept: 'application/json' } })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var years = [], grades = [];
      data.rows.forEach(function (r) {
        if (years.indexOf(r.year) < 0) years.push(r.year);
        if (grades.indexOf(r.grade) < 0) grades.push(r.grade);
      });
      years.sort();
      grades = data.grades.filter(function (g) { return grades.indexOf(g) >= 0; });
      var datasets = grades.map(function (g) {
        return {
          label: name(g),
          backgroundColor: colours[g] || '#888',
          data: years.map(function (y) {
            var hit = data.rows.filter(function (r) { return r.year === y && r.grade === g; })[0];
            return hit ? hit.n : 0;
          })
        };
      });
      new Chart(canvas, {
        type: 'bar',
        data: { labels: years.map(String), datasets: datasets },
        options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 }, title: { display: true, text: 'reports' } } } }
      });
      canvas.setAttribute('data-ready', '1');
    });
})();
(function () {
  if (typeof Chart === 'undefined') return;
  var palette = ['#1f5fa8', '#c62828', '#2e7d32', '#e0a100', '#6a3d9a', '#00838f', '#ad1457', '#8d6e63', '#455a64', '#9e9d24',
    '#ef6c00', '#283593', '#00695c', '#d81b60', '#5d4037', '#0277bd', '#827717'];
  var draw = function (id, build) {
    var canvas = document.getElementById(id);
    if (!canvas) return;
    fetch(canvas.getAttribute('data-src'), { headers: { accept: 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (data) { new Chart(canvas, build(data)); canvas.setAttribute('data-ready', '1'); });
  };
  draw('theme-chart', function (data) {
    return {
      type: 'bar',
      data: { labels: data.years, datasets: data.themes.map(function (t, i) { return { label: t.name, backgroundColor: palette[i % palette.length], data: t.counts }; }) },
      options: { animation: false, responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'right', labels: { boxWidth: 12, font: { size: 11 } } } },
        scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 }, title: { display: true, text: 'items' } } } }
    };
  });
  draw('theme-compare', function (data) {
    var pc = function (x) { return Math.round(1000 * x) / 10; };
    return {
      type: 'bar',
      data: { labels: data.rows.map(function (r) { return r.name; }), datasets: [
        { label: data.authority.name, backgroundColor: '#1f5fa8', data: data.rows.map(function (r) { return pc(r.authorityShare); }) },
        { label: 'Statistical neighbours', backgroundColor: '#9aa7b5', data: data.rows.map(function (r) { return pc(r.neighboursShare); }) }] },
      options: { indexAxis: 'y', animation: false, responsive: true, maintainAspectRatio: false, scales: { x: { title: { display: true, text: '% of items' } } } }
    };
  });
})();
`;

export interface Asset {
  type: string;
  body: string | Buffer;
}

let chart: Buffer | null = null;
function chartJs(): Buffer {
  if (!chart) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    chart = readFileSync(join(dirname(main), 'chart.umd.min.js'));
  }
  return chart;
}

/** The allowlist: asset name -> content. */
export function asset(name: string): Asset | null {
  switch (name) {
    case 'style.css':
      return { type: 'text/css; charset=utf-8', body: STYLE };
    case 'app.js':
      return { type: 'text/javascript; charset=utf-8', body: APP };
    case 'chart.js':
      return { type: 'text/javascript; charset=utf-8', body: chartJs() };
    default:
      return null;
  }
}
