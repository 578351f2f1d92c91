/**
 * Draft one extracted document (JSON from `ofsted extract --out DIR`), fill it, read it back and print what came back.
 *   EXDIR=DIR [EMPTY=1] [RECS=1] npx tsx scripts/debug/draft-one.ts <path part> [authority name to put in its place]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { buildDraft, renderDraft } from '../../src/draft/index.js';
import { extractBytes } from '../../src/ingest.js';
import { fillDraft } from '../../fixtures/make/fill-draft.js';
const dir = process.env.EXDIR;
if (!dir) throw new Error('EXDIR: the folder of extracted document JSON');
const want = process.argv[2] ?? 'cheshire-east/2024-05-16';
for (const f of readdirSync(dir)) {
  const doc = JSON.parse(readFileSync(`${dir}/${f}`, 'utf8'));
  if (!doc.source.path.includes(want)) continue;
  if (process.argv[3]) {
    doc.document.localAuthority = process.argv[3];
    doc.document.title = `Inspection of ${process.argv[3]} local authority children's services`;
  }
  const d = buildDraft(doc);
  for (const format of ['docx', 'xlsx'] as const) {
    let bytes = await renderDraft(d, format);
    if (!process.env.EMPTY) bytes = (await fillDraft(bytes, format)).bytes;
    const back = await extractBytes(`p.${format}`, bytes);
    console.log(format, JSON.stringify({ title: back.document.title, la: back.document.localAuthority, code: back.document.localAuthorityCode, asw: back.document.localAuthorityAsWritten, ids: back.recommendations.map((r) => r.id).join(' '), recs: process.env.RECS ? back.recommendations.map((r) => `${r.id}: ${r.text.slice(0, 100)}`) : undefined, actions: back.actions.map((a) => `${a.recommendationRef}/${a.id}: ${a.description.slice(0, 30)} | ${a.leads} | ${a.due.date} | ${a.rag}`), w: back.warnings.map((w) => w.code + ': ' + w.message) }, null, 1));
  }
}
