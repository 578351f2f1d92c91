/**
 * JTAI letter scorer (issue 27): extracts each letter of ../shared/corpus/jtai with the project's own
 * pipeline (src/ingest.ts extractFile, as `ofsted extract` does) and scores it against
 * fixtures/jtai/truth.json (written by reading each letter, not from the program's output). Per letter:
 *   jtai       inspection_report + framework jtai
 *   authority  the DfE code of the folder name (<la>/<date>.pdf) through the register
 *   date       publicationDate = the letter's date as printed
 *   dates      inspectionStart and inspectionEnd = truth
 *   theme      document.focus = truth
 *   items      number of improvement items and their first words = truth
 *   headings   each item's subheading = truth (letters with subheadings only)
 *   pa         number of priority actions = truth (none invented)
 *   agencies   document.agencies = truth (as a set)
 *   inspectors document.inspectors = truth (as a set)
 *   due        document.nextSteps.due = truth
 * Sets: dev and held (the split is in the truth file's `held` flags; held was scored before any fix).
 *
 *   npx tsx scripts/eval/jtai-score.ts [--set dev|held|all] [--corpus DIR] [--verbose]
 */
import { corpusDir, option } from './cli-args.js';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFile } from '../../src/ingest.js';
import { resolveName } from '../../src/register/match.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name: string) => option(name, args);
const verbose = args.includes('--verbose');
const corpus = resolve(opt('--corpus') ?? corpusDir('jtai'));
const set = opt('--set') ?? 'held';

interface Truth {
  held?: boolean;
  date: string;
  start: string;
  end: string;
  theme: string;
  pa: number;
  afi: string[];
  afiHeadings?: string[];
  agencies: string[];
  inspectors: string[];
  due: string | null;
}
const all = JSON.parse(readFileSync(join(HERE, '../../fixtures/jtai/truth.json'), 'utf8')) as Record<string, Truth | string>;
const truth = Object.entries(all).filter((e): e is [string, Truth] => typeof e[1] === 'object');
const keys = truth.filter(([, t]) => (set === 'all' ? true : set === 'held' ? t.held : !t.held)).map(([k]) => k);

const firstWords = (s: string) => s.toLowerCase().replace(/[’']/g, '').replace(/[^a-z0-9 ]+/g, ' ').split(/\s+/).filter(Boolean).slice(0, 4).join(' ');
const norm = (s: string) => s.toLowerCase().replace(/[’']/g, "'").replace(/\s+/g, ' ').trim();
const sameSet = (a: string[], b: string[]) => a.length === b.length && [...a].map(norm).sort().join('|') === [...b].map(norm).sort().join('|');

const CHECKS = ['jtai', 'authority', 'date', 'dates', 'theme', 'items', 'headings', 'pa', 'agencies', 'inspectors', 'due'] as const;
type Check = (typeof CHECKS)[number];
const tally = Object.fromEntries(CHECKS.map((c) => [c, { ok: 0, n: 0 }])) as Record<Check, { ok: number; n: number }>;

for (const key of keys) {
  const t = Object.fromEntries(truth)[key]!;
  const [la, date] = key.split('/') as [string, string];
  const doc = await extractFile(join(corpus, la, `${date}.pdf`));
  const d = doc.document;
  const r = resolveName(la.replace(/-/g, ' '), date);
  const wantCode = r.ok ? r.authority.code : null;
  const pas = doc.recommendations.filter((x) => x.kind === 'priority_action');
  const afis = doc.recommendations.filter((x) => x.kind === 'area_for_improvement');
  const res: Partial<Record<Check, boolean>> = {
    jtai: d.kind === 'inspection_report' && d.framework === 'jtai',
    authority: wantCode !== null && d.localAuthorityCode === wantCode,
    date: d.publicationDate === t.date,
    dates: d.inspectionStart === t.start && d.inspectionEnd === t.end,
    theme: d.focus === t.theme,
    items: afis.length === t.afi.length && afis.every((a, i) => firstWords(a.text) === firstWords(t.afi[i]!)),
    pa: pas.length === t.pa,
    agencies: sameSet(d.agencies ?? [], t.agencies),
    inspectors: sameSet(d.inspectors, t.inspectors),
    due: (d.nextSteps?.due ?? null) === t.due,
  };
  if (t.afiHeadings) res.headings = afis.length === t.afiHeadings.length && afis.every((a, i) => norm(a.heading ?? '') === norm(t.afiHeadings![i]!));
  for (const c of CHECKS) {
    if (res[c] === undefined) continue;
    tally[c].n++;
    if (res[c]) tally[c].ok++;
  }
  const bad = CHECKS.filter((c) => res[c] === false);
  console.log(
    `${bad.length ? 'MISS' : 'ok  '} ${key.padEnd(36)} ${d.framework ?? d.kind} pub=${d.publicationDate ?? '-'} insp=${d.inspectionStart ?? '-'}..${d.inspectionEnd ?? '-'} theme=${d.focus ?? '-'} afi=${afis.length}/${t.afi.length} pa=${pas.length}/${t.pa} due=${d.nextSteps?.due ?? '-'}${bad.length ? '  <- ' + bad.join(',') : ''}`,
  );
  if (verbose) {
    console.log(`     focusAsWritten: ${d.focusAsWritten ?? '-'}`);
    console.log(`     agencies: ${(d.agencies ?? []).join('; ')} | inspectors: ${d.inspectors.join('; ')} | partnership: ${d.partnership ?? '-'}`);
    console.log(`     next steps: ${d.nextSteps?.text.slice(0, 160) ?? '-'}`);
    for (const x of [...pas, ...afis]) console.log(`     ${x.kind === 'priority_action' ? 'PA ' : 'AFI'} p${x.loc.page} [${x.heading ?? ''}]${x.responsible.length ? ` {${x.responsible.join(', ')}}` : ''} ${x.text.slice(0, 90)}`);
    for (const w of doc.warnings) console.log(`     warning ${w.code}: ${w.message.slice(0, 150)}`);
  }
}
console.log(`\n${set} (${keys.length} letters)`);
for (const c of CHECKS) {
  const { ok, n } = tally[c];
  console.log(`  ${c.padEnd(10)} ${n ? `${ok}/${n} = ${(ok / n).toFixed(3)}` : 'not scored'}`);
}
