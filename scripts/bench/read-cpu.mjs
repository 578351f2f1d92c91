// CPU of the PDF reader alone (dist/readers/pdf.js readPdf) over a list of files, in this one
// process (this thread, V8's helper threads included), for A/B runs of reader changes or V8 flags.
// usage: node [v8 flags] scripts/bench/read-cpu.mjs <file-list.txt> [--dist DIR] [--rounds R]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';

const args = process.argv.slice(2);
const opt = (n, d) => (args.indexOf(n) >= 0 ? args[args.indexOf(n) + 1] : d);
const dist = resolve(opt('--dist', 'dist'));
const rounds = Number(opt('--rounds', '1'));
const files = readFileSync(args[0], 'utf8').split('\n').filter(Boolean);
const { readPdf, opStats } = await import(pathToFileURL(`${dist}/readers/pdf.js`).href);
// As in the batch workers: pdfjs inflates synchronously (src/readers/pdf/inflate.ts).
(await import(pathToFileURL(`${dist}/readers/pdf/inflate.js`).href)).installSyncInflate();
let gcMs = 0;
new PerformanceObserver((l) => l.getEntries().forEach((e) => (gcMs += e.duration))).observe({ entryTypes: ['gc'] });
const limits = { maxBytes: 1e9, maxPages: 500, maxExpandedBytes: 1e9, maxChars: 1e9 };
const out = [];
for (let r = 0; r < rounds; r++) {
  const c0 = process.cpuUsage();
  gcMs = 0;
  let pages = 0;
  for (const f of files) {
    try {
      const d = await readPdf(new Uint8Array(readFileSync(f)), limits);
      pages += d.pageCount;
    } catch {}
  }
  const c = process.cpuUsage(c0);
  await new Promise((r) => setTimeout(r, 10));
  out.push(`${((c.user + c.system) / 1e6).toFixed(2)} (gc ${(gcMs / 1000).toFixed(2)})`);
  if (r === 0) out.push(`pages ${pages} ops ${JSON.stringify(opStats)}`);
}
process.stdout.write(out.join(' ') + '\n');
