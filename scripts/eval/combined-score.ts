// Score combined reports (a report with the LSCB review bound in as a second document, issue 20)
// against the truth written beside each rendering by fixtures/make/make-combined.ts:
//   npx tsx scripts/eval/combined-score.ts <dir or .pdf>...
// Per file: recommendation counts local authority / LSCB (got vs truth), LSCB kinds and ids, each
// item's paragraph references (as printed) and whether every reference resolves inside its own
// document (the semantic validator), and the validator's other errors.
import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { extractFile } from '../../src/ingest.js';
import { validateDocument } from '../../src/validate/semantic.js';

const files = process.argv.slice(2).flatMap((a) => (statSync(a).isDirectory() ? readdirSync(a).filter((f) => f.endsWith('.pdf')).map((f) => join(a, f)) : [a]));
let ok = 0;
let refsOk = 0;
let refsAll = 0;
for (const f of files.sort()) {
  const truthPath = f.replace(/\.pdf$/, '.truth.json');
  if (!existsSync(truthPath)) continue;
  const truth = JSON.parse(readFileSync(truthPath, 'utf8'));
  const doc = await extractFile(f);
  const la = doc.recommendations.filter((r) => r.scope !== 'lscb');
  const lscb = doc.recommendations.filter((r) => r.scope === 'lscb');
  const errors = validateDocument(doc).filter((i) => i.severity === 'error');
  const unresolved = errors.filter((e) => e.code === 'unresolved_paragraph_ref').length;
  const counts = la.length === truth.localAuthority.recommendations && lscb.length === truth.lscb.recommendations;
  const kinds = JSON.stringify(lscb.map((r) => r.kind)) === JSON.stringify(truth.lscb.kinds);
  // References: every item of the truth (LA then LSCB) with its refs, matched in order; right when the
  // numbers are the printed ones and each resolves to a paragraph of the item's own document (the LSCB
  // items' is document 2).
  const partOf = (x: { part?: number }) => x.part ?? 1;
  const inPart = (part: number, n: number) => doc.paragraphs.some((p) => partOf(p) === part && p.number === n);
  const want: Array<[number[], number]> = [...truth.localAuthority.refs.map((r: number[]) => [r, 1]), ...truth.lscb.refs.map((r: number[]) => [r, 2])];
  const got = [...la, ...lscb];
  const withRefs = want.map(([w, part], i) => ({ w, part, g: got[i] })).filter((x) => x.w.length > 0);
  const refsRight = withRefs.filter(({ w, part, g }) => g && JSON.stringify(w) === JSON.stringify(g.paragraphRefs) && partOf(g) === part && w.every((n) => inPart(part, n))).length;
  refsAll += withRefs.length;
  refsOk += refsRight;
  const parts = new Map<number, number>();
  for (const p of doc.paragraphs) parts.set((p as { part?: number }).part ?? 1, (parts.get((p as { part?: number }).part ?? 1) ?? 0) + 1);
  const paras = parts.get(1) === truth.paragraphs.document1 && parts.get(2) === truth.paragraphs.document2;
  const good = counts && kinds && paras && unresolved === 0 && errors.length === 0;
  if (good) ok++;
  console.log(
    [
      good ? 'OK  ' : 'MISS',
      f,
      `LA ${la.length}/${truth.localAuthority.recommendations}`,
      `LSCB ${lscb.length}/${truth.lscb.recommendations}${kinds ? '' : ' (kinds differ)'}`,
      `refs ${refsRight}/${withRefs.length} unresolved ${unresolved}`,
      `paragraphs ${[...parts].map(([k, n]) => `${k}:${n}`).join(' ')} (truth ${truth.paragraphs.document1}+${truth.paragraphs.document2})`,
      `errors ${errors.map((e) => e.code).join('|') || '-'}`,
    ].join('\t'),
  );
}
console.log(`\n${ok}/${files.length} combined reports right; references right and resolved ${refsOk}/${refsAll}`);
