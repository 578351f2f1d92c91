// Extract every corpus PDF and compare with the peer tool's CSV (a reference, not the truth).
// npx tsx scripts/corpus-check.ts [--corpus DIR] [--json out.json] [--filter substr] [--split dev|holdout] [--strict]
// --split: only the files of that part of the corpus split (scripts/corpus-split.ts).
// --strict (CI): exit 1 unless every PDF yields a framework with no validation error (so every
// expected judgement, every paragraph reference resolved, paragraphs 1..N) and agreement with
// the peer, where it has a value, is at least 98%.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile } from '../src/ingest.js';
import { validateDocument } from '../src/validate/semantic.js';
import { reasonOf } from '../src/util/errors.js';
import { splitOf } from './corpus-split.js';

const args = process.argv.slice(2);
const opt = (name: string, dflt?: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const corpus = opt('--corpus', '../shared/corpus')!;
const filter = opt('--filter');
const split = opt('--split');
const csv = readFileSync(join(corpus, 'peer-extraction.csv'), 'utf8').trim().split('\n');
const header = csv[0]!.split(',');
const rows = csv.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])) as Record<string, string>);

const GRADE: Record<string, string> = { outstanding: 'outstanding', good: 'good', 'requires improvement': 'requires_improvement', inadequate: 'inadequate', adequate: 'adequate' };
const peerDate = (s: string) => (/^\d\d\/\d\d\/\d{4}$/.test(s) ? `${s.slice(6)}-${s.slice(3, 5)}-${s.slice(0, 2)}` : null);
const fields: Array<[string, string]> = [
  ['overall_effectiveness_grade', 'overall_effectiveness'],
  ['impact_of_leaders_grade', 'leadership'],
  ['help_and_protection_grade', 'help_and_protection'],
  ['in_care_grade', 'children_in_care'],
  ['care_leavers_grade', 'care_leavers'],
];

const out: unknown[] = [];
const problems: string[] = [];
let agree = 0;
let compared = 0;
const disagreements: string[] = [];
for (const row of rows) {
  if (filter && !row.file!.includes(filter)) continue;
  if (split && splitOf(row.file!) !== split) continue;
  const path = join(corpus, row.file!);
  const t0 = performance.now();
  try {
    const doc = await extractFile(path);
    const ms = performance.now() - t0;
    const grades = Object.fromEntries(doc.judgements.map((j) => [j.area, j.grade]));
    const issues = validateDocument(doc).filter((i) => i.severity === 'error');
    const d = doc.document;
    const cmp = (field: string, ours: string | null | undefined, peer: string | null | undefined) => {
      if (!peer) return;
      compared++;
      if ((ours ?? '') === peer) agree++;
      else disagreements.push(`${row.file}\t${field}\tours=${ours ?? '(none)'}\tpeer=${peer}`);
    };
    cmp('inspectionType', d.inspectionType, row.inspection_framework || null);
    cmp('leadInspector', d.leadInspector, row.inspector_name || null);
    cmp('inspectionStart', d.inspectionStart, peerDate(row.inspection_start_date!));
    cmp('inspectionEnd', d.inspectionEnd, peerDate(row.inspection_end_date!));
    for (const [col, area] of fields) cmp(area, grades[area], GRADE[row[col]!] ?? null);
    const paraNums = doc.paragraphs.map((p) => p.number);
    if (!d.framework) problems.push(`${row.file}: no framework`);
    for (const i of issues) problems.push(`${row.file}: ${i.code}: ${i.message}`);
    console.log(
      [
        row.file,
        d.framework,
        d.localAuthority,
        d.inspectionStart,
        d.inspectionEnd,
        d.leadInspector,
        doc.judgements.map((j) => `${j.area.slice(0, 6)}=${j.grade.slice(0, 4)}`).join(' '),
        `recs=${doc.recommendations.filter((r) => r.scope !== 'lscb').length}+${doc.recommendations.filter((r) => r.scope === 'lscb').length}lscb`,
        `paras=${paraNums.length}(${paraNums[paraNums.length - 1] ?? '-'})`,
        `err=${issues.map((i) => i.code).join('|') || '-'}`,
        `${Math.round(ms)}ms`,
      ].join('\t'),
    );
    out.push({ file: row.file, document: d, judgements: doc.judgements, recommendations: doc.recommendations, paragraphs: paraNums.length, errors: issues, ms });
  } catch (e) {
    console.log(`${row.file}\tFAILED: ${reasonOf(e)}`);
    if (!/^no /.test(row.is_pdf ?? '')) problems.push(`${row.file}: failed: ${reasonOf(e)}`);
    out.push({ file: row.file, failed: reasonOf(e) });
  }
}
const byFramework = new Map<string, number>();
for (const o of out as Array<{ document?: { framework: string | null } }>) if (o.document) byFramework.set(o.document.framework ?? '(none)', (byFramework.get(o.document.framework ?? '(none)') ?? 0) + 1);
console.log(`\nframeworks: ${[...byFramework].sort().map(([f, n]) => `${f} ${n}`).join(', ')}`);
console.log(`peer agreement: ${agree}/${compared} = ${((100 * agree) / Math.max(1, compared)).toFixed(1)}%`);
for (const d of disagreements) console.log('DISAGREE\t' + d);
const json = opt('--json');
if (json) writeFileSync(json, JSON.stringify(out, null, 1));
if (args.includes('--strict')) {
  const rate = agree / Math.max(1, compared);
  if (rate < 0.98) problems.push(`peer agreement ${(100 * rate).toFixed(1)}% < 98%`);
  for (const p of problems) console.error(`PROBLEM ${p}`);
  console.log(problems.length ? `corpus check: ${problems.length} problems` : 'corpus check: ok');
  process.exitCode = problems.length ? 1 : 0;
}
