// Summarise a V8 .cpuprofile (node --cpu-prof): self time by area and the top functions.
// usage: node scripts/bench/cpuprofile-summary.mjs <file.cpuprofile> [top=25]
import { readFileSync } from 'node:fs';

export function summarise(path, top = 25) {
  const prof = JSON.parse(readFileSync(path, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = prof.timeDeltas;
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const area = (url, name) => {
    if (name === '(garbage collector)') return 'GC';
    if (name === '(idle)' || name === '(program)') return name;
    if (!url) return 'native/other';
    if (url.includes('pdfjs-dist')) return 'pdfjs-dist';
    if (url.includes('better-sqlite3')) return 'better-sqlite3';
    const m = /\/dist\/([^/]+(?:\/[^/]+)?)\//.exec(url) ?? /\/dist\/([^/]+)\.js/.exec(url);
    if (m && !url.includes('node_modules')) return `ours: ${m[1]}`;
    const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
    if (nm) return nm[1];
    if (url.startsWith('node:')) return 'node internals';
    return url;
  };
  const areas = new Map();
  const fns = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const a = area(cf.url, cf.functionName);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const key = `${cf.functionName || '(anonymous)'} ${cf.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${cf.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const pct = (us) => ((100 * us) / total).toFixed(1);
  return {
    totalSeconds: total / 1e6,
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([k, us]) => ({ area: k, seconds: +(us / 1e6).toFixed(2), pct: +pct(us) })),
    top: [...fns].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, us]) => ({ fn: k, seconds: +(us / 1e6).toFixed(2), pct: +pct(us) })),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const s = summarise(process.argv[2], Number(process.argv[3] ?? 25));
  console.log(`total ${s.totalSeconds.toFixed(2)} s sampled`);
  for (const a of s.areas.slice(0, 15)) console.log(`${String(a.pct).padStart(5)}%  ${a.seconds.toFixed(2).padStart(7)} s  ${a.area}`);
  console.log('top functions (self time):');
  for (const f of s.top) console.log(`${String(f.pct).padStart(5)}%  ${f.seconds.toFixed(2).padStart(7)} s  ${f.fn}`);
}
