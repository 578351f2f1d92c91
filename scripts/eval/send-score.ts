/**
 * Score area SEND extraction against fixtures/send/truth.json:
 *   npx tsx scripts/eval/send-score.ts [--split develop|holdout|all] [--corpus DIR] [--json]
 * Per report: recognised (framework), authority code, inspection start and end, outcome grade,
 * number of priority actions and their first words, number of areas for improvement and their
 * first words. Prints a line per report (failed checks named) and the share of reports passing each check.
 */
import { corpusDir, option } from './cli-args.js';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { extractFile } from '../../src/ingest.js';
import { comparable } from '../../src/util/text.js';

interface Truth {
  file: string;
  split: string;
  root?: string;
  code: string | null;
  framework: string;
  start: string | null;
  end: string | null;
  outcome: string | null;
  priority: string[];
  improvement: string[];
}

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) => option(name, args) || dflt;
const split = opt('--split', 'all');
const corpus = opt('--corpus', corpusDir('area-send'));
const repo = resolve(import.meta.dirname, '..', '..');
const truth = (JSON.parse(readFileSync(join(repo, 'fixtures', 'send', 'truth.json'), 'utf8')) as { reports: Truth[] }).reports.filter((t) => split === 'all' || t.split === split);

const words = (s: string, n: number) => comparable(s).toLowerCase().replace(/[^\p{L}\p{N}' ]+/gu, ' ').split(/\s+/).filter(Boolean).slice(0, n).join(' ');
const sameFirst = (got: string[], want: string[]) => got.length === want.length && want.every((w, i) => `${words(got[i]!, 99)} `.startsWith(`${words(w, 99)} `));

const CHECKS = ['recognised', 'authority', 'start', 'end', 'outcome', 'priorityCount', 'priorityWords', 'improvementCount', 'improvementWords'] as const;
const passed: Record<string, number> = Object.fromEntries(CHECKS.map((c) => [c, 0]));
const rows: unknown[] = [];
for (const t of truth) {
  const path = t.root === 'fixtures' ? join(repo, 'fixtures', 'send', t.file) : join(corpus, t.file);
  let fails: string[] = [];
  try {
    const doc = await extractFile(path);
    const d = doc.document;
    const pa = doc.recommendations.filter((r) => r.kind === 'priority_action').map((r) => r.text);
    const afi = doc.recommendations.filter((r) => r.kind === 'area_for_improvement').map((r) => r.text);
    const outcome = doc.judgements.find((j) => j.area === 'send_outcome')?.grade ?? null;
    const got: Record<(typeof CHECKS)[number], [unknown, unknown]> = {
      recognised: [d.framework, t.framework],
      authority: [d.localAuthorityCode, t.code],
      start: [d.inspectionStart, t.start],
      end: [d.inspectionEnd, t.end],
      outcome: [outcome, t.outcome],
      priorityCount: [pa.length, t.priority.length],
      priorityWords: [sameFirst(pa, t.priority), true],
      improvementCount: [afi.length, t.improvement.length],
      improvementWords: [sameFirst(afi, t.improvement), true],
    };
    for (const c of CHECKS) {
      if (got[c][0] === got[c][1]) passed[c]!++;
      else fails.push(`${c}: got ${JSON.stringify(got[c][0])}, want ${JSON.stringify(got[c][1])}`);
    }
    if (fails.some((f) => f.startsWith('improvementWords'))) fails.push(`  improvement items: ${JSON.stringify(afi.map((x) => words(x, 5)))}`);
    if (fails.some((f) => f.startsWith('priorityWords'))) fails.push(`  priority items: ${JSON.stringify(pa.map((x) => words(x, 5)))}`);
  } catch (err) {
    fails = [`error: ${err instanceof Error ? err.message : String(err)}`];
  }
  rows.push({ file: t.file, split: t.split, fails });
  console.log(`${fails.length ? 'FAIL' : 'ok  '} ${t.file} (${t.split})${fails.map((f) => `\n     ${f}`).join('')}`);
}
const n = truth.length;
console.log(`\n${n} reports (${split})`);
for (const c of CHECKS) console.log(`  ${c.padEnd(18)} ${passed[c]}/${n} = ${(n ? passed[c]! / n : 0).toFixed(2)}`);
if (args.includes('--json')) console.log(JSON.stringify({ split, n, passed, rows }));
