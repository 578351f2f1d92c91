// CPU seconds of `ofsted import --jobs 1` against `pdftotext -layout` on the same files, in the
// same run (rounds interleaved), for a busy machine where wall times mean little.
// usage: node scripts/bench/cpu-ratio.mjs <dir> [--slice N --seed S] [--rounds R] [--jobs N]
//          [--cli dist/cli.js] [--baseline <other cli.js>] [--node-args "--max-semi-space-size=32"] [--layers]
// --layers: also time, in each round, pdfjs getTextContent alone (pdfjs-text.mjs) and the PDF
// reader alone (read-cpu.mjs), each in a fresh process, so the import's cost can be split.
// Each phase runs under GNU time (/usr/bin/time): user + system CPU of the process and its
// children, peak RSS. Prints one line per round and the medians, and the load average.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { seededSlice } from './seeded-slice.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const dir = resolve(args[0] ?? '.');
const slice = Number(opt('--slice', '40'));
const seed = Number(opt('--seed', '7'));
const rounds = Number(opt('--rounds', '3'));
const jobs = opt('--jobs', '1');
const cli = resolve(opt('--cli', 'dist/cli.js'));
const baseline = opt('--baseline');
const nodeArgs = (opt('--node-args', '') ?? '').split(' ').filter(Boolean);
const layers = args.includes('--layers');
const here = new URL('.', import.meta.url).pathname;

function walk(d) {
  const out = [];
  for (const e of readdirSync(d, { withFileTypes: true })) {
    const p = join(d, e.name);
    if (e.isDirectory()) out.push(...walk(p));
    else if (/\.pdf$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}
function timed(cmd, argv) {
  return new Promise((res, rej) => {
    const t0 = performance.now();
    const c = spawn('/usr/bin/time', ['-f', '%U %S %M', cmd, ...argv], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    c.stderr.on('data', (d) => (err += d));
    c.on('error', rej);
    c.on('close', () => {
      const m = /(\d+\.\d+) (\d+\.\d+) (\d+)\s*$/.exec(err);
      if (!m) return rej(new Error(`${cmd}: no time output: ${err.slice(-500)}`));
      res({ cpu: Number(m[1]) + Number(m[2]), rssMb: Number(m[3]) / 1024, wall: (performance.now() - t0) / 1000 });
    });
  });
}
async function pdftotext(files) {
  let cpu = 0;
  let rss = 0;
  const t0 = performance.now();
  for (const f of files) {
    const r = await timed('pdftotext', ['-q', '-layout', f, '/dev/null']);
    cpu += r.cpu;
    rss = Math.max(rss, r.rssMb);
  }
  return { cpu, rssMb: rss, wall: (performance.now() - t0) / 1000 };
}
async function importRun(cliPath, files) {
  const tmp = mkdtempSync(join(tmpdir(), 'cpu-ratio-'));
  try {
    return await timed(process.execPath, [...nodeArgs, cliPath, 'import', '--jobs', jobs, '--quiet', '--db', join(tmp, 'db.sqlite'), ...files]);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

const files = seededSlice(walk(dir), slice, seed).filter((f) => statSync(f).size > 0);
const la0 = loadavg().map((x) => x.toFixed(2));
const rows = { pdftotext: [], import: [], baseline: [], pdfjsText: [], reader: [] };
const listFile = join(mkdtempSync(join(tmpdir(), 'cpu-ratio-list-')), 'files.txt');
writeFileSync(listFile, files.join('\n') + '\n');
for (let r = 0; r < rounds; r++) {
  const p = await pdftotext(files);
  const i = await importRun(cli, files);
  const b = baseline ? await importRun(resolve(baseline), files) : null;
  if (layers) {
    const t = await timed(process.execPath, [join(here, 'pdfjs-text.mjs'), listFile]);
    const rd = await timed(process.execPath, [join(here, 'read-cpu.mjs'), listFile, '--dist', resolve(cli, '..')]);
    rows.pdfjsText.push(t);
    rows.reader.push(rd);
    process.stdout.write(`round ${r + 1}: pdfjs getTextContent alone ${t.cpu.toFixed(2)} s CPU = ${(t.cpu / p.cpu).toFixed(3)}x; readPdf alone ${rd.cpu.toFixed(2)} s = ${(rd.cpu / p.cpu).toFixed(3)}x\n`);
  }
  rows.pdftotext.push(p);
  rows.import.push(i);
  if (b) rows.baseline.push(b);
  const f = (x) => `${x.cpu.toFixed(2)} s CPU (wall ${x.wall.toFixed(1)}, ${x.rssMb.toFixed(0)} MB)`;
  process.stdout.write(
    `round ${r + 1}: pdftotext -layout ${f(p)}; import --jobs ${jobs} ${f(i)} = ${(i.cpu / p.cpu).toFixed(3)}x` +
      (b ? `; baseline ${f(b)} = ${(b.cpu / p.cpu).toFixed(3)}x` : '') +
      ` load ${loadavg()[0].toFixed(2)}\n`,
  );
}
const med = (xs) => xs.slice().sort((a, b) => a - b)[(xs.length - 1) >> 1];
const ratios = rows.import.map((x, k) => x.cpu / rows.pdftotext[k].cpu);
const bratios = rows.baseline.map((x, k) => x.cpu / rows.pdftotext[k].cpu);
process.stdout.write(
  `${files.length} files; load before ${la0.join('/')}, after ${loadavg().map((x) => x.toFixed(2)).join('/')}\n` +
    `median CPU: pdftotext -layout ${med(rows.pdftotext.map((x) => x.cpu)).toFixed(2)} s, import ${med(rows.import.map((x) => x.cpu)).toFixed(2)} s, ratio ${med(ratios).toFixed(3)}x` +
    (baseline ? `, baseline ratio ${med(bratios).toFixed(3)}x` : '') +
    (layers
      ? `, pdfjs text alone ${med(rows.pdfjsText.map((x, k) => x.cpu / rows.pdftotext[k].cpu)).toFixed(3)}x, reader alone ${med(rows.reader.map((x, k) => x.cpu / rows.pdftotext[k].cpu)).toFixed(3)}x`
      : '') +
    `; peak RSS import ${Math.max(...rows.import.map((x) => x.rssMb)).toFixed(0)} MB\n`,
);
