/**
 * Item counts of every letter and report under a corpus folder, to compare before and after a change to
 * how lists are read (issue 27): per file, the number of priority actions, areas for improvement and
 * recommendations, and the total length of their text (a list that now continues over a page break
 * keeps its count but grows).
 *   npx tsx scripts/eval/item-counts.ts <dir>... > counts.tsv
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile } from '../../src/ingest.js';

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const f of readdirSync(dir).sort()) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (f.endsWith('.pdf')) out.push(p);
  }
  return out;
}
for (const dir of process.argv.slice(2)) {
  for (const file of walk(dir)) {
    try {
      const doc = await extractFile(file);
      const by = (k: string) => doc.recommendations.filter((r) => r.kind === k);
      const chars = doc.recommendations.reduce((n, r) => n + r.text.length, 0);
      console.log([file.replace(/^.*corpus\//, ''), by('priority_action').length, by('area_for_improvement').length, by('recommendation').length, chars].join('\t'));
    } catch (e) {
      console.log([file, 'error', String(e).slice(0, 80)].join('\t'));
    }
  }
}
