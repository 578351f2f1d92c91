// Debug: the authority (name, code, as written) and item count each plan rendering in a folder gets:
//   npx tsx scripts/eval/la-layouts.ts fixtures/plans
import { readdirSync } from 'node:fs';
import { extractFile } from '../../src/ingest.js';
const dir = process.argv[2]!;
for (const f of readdirSync(dir).filter((x) => /\.(docx|pdf|md|xlsx)$/.test(x)).sort()) {
  const d = await extractFile(`${dir}/${f}`);
  console.log(f.padEnd(40), d.document.kind, d.document.localAuthorityCode ?? '-', JSON.stringify(d.document.localAuthority), JSON.stringify(d.document.localAuthorityAsWritten), d.recommendations.length);
}
