/**
 * Quick read-back check of drafted plans over already-extracted document JSON (ofsted extract --out DIR):
 * each draft rendered, filled (fixtures/make/fill-draft.ts), read back with extractBytes; prints where the
 * plan read back differs from the draft (kind, authority, title, item numbers, item texts, actions).
 *   npx tsx scripts/debug/draft-readback.ts DIR [--empty]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OfstedDocument } from '../../src/model/document.js';
import { buildDraft, renderDraft } from '../../src/draft/index.js';
import { extractBytes } from '../../src/ingest.js';
import { fillDraft } from '../../fixtures/make/fill-draft.js';

const dir = process.argv[2]!;
const empty = process.argv.includes('--empty');
let n = 0;
let bad = 0;
for (const f of readdirSync(dir)) {
  const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as OfstedDocument;
  if (doc.document.kind !== 'inspection_report' || doc.recommendations.length === 0) continue;
  const draft = buildDraft(doc);
  for (const format of ['docx', 'xlsx'] as const) {
    n++;
    let bytes = await renderDraft(draft, format);
    let filled: { item: number; action: string }[] = [];
    if (!empty) ({ bytes, filled } = await fillDraft(bytes, format));
    const back = await extractBytes(`plan.${format}`, bytes);
    const problems: string[] = [];
    if (back.document.kind !== 'action_plan') problems.push(`kind ${back.document.kind}`);
    if (back.document.localAuthorityCode !== doc.document.localAuthorityCode) problems.push(`authority ${back.document.localAuthority} (${back.document.localAuthorityCode}) want ${doc.document.localAuthority} (${doc.document.localAuthorityCode})`);
    if (!back.document.title?.startsWith('Action plan')) problems.push(`title "${back.document.title}"`);
    const want = draft.items.map((i) => i.rows[0]!.replace(/\.1$/, '')).join(' ');
    const got = back.recommendations.map((r) => r.id).join(' ');
    if (want !== got) problems.push(`ids [${got}] want [${want}]`);
    draft.items.forEach((it, k) => {
      const r = back.recommendations[k];
      const flat = (x: string) => x.replace(/[•\s]+/g, ' ').trim();
      if (r && flat(r.text) !== flat(it.text)) problems.push(`text ${it.ref}: "${r.text.slice(0, 80)}" want "${it.text.slice(0, 80)}"`);
    });
    const right = filled.filter((a) => back.actions.some((x) => x.description === a.action && x.recommendationRef === back.recommendations[a.item]?.id)).length;
    if (right !== filled.length || back.actions.length !== filled.length) problems.push(`actions ${right}/${filled.length} (read ${back.actions.length})`);
    if (problems.length) {
      bad++;
      console.log(`${doc.document.framework} ${doc.source.path.replace(/^.*corpus\//, '')} ${format}:\n  ${problems.join('\n  ')}`);
    }
  }
}
console.log(`read back right: ${n - bad} of ${n}`);
