/** Print the units extractors walk (index, page, kind, level, bullet, first lines x/size, text): npx tsx scripts/debug/dump-units.ts <file> [from] [to] */
import { readFileSync } from 'node:fs';
import { readLayout } from '../../src/readers/index.js';
import { toUnits } from '../../src/extract/units.js';
const f = process.argv[2]!; const from = Number(process.argv[3] ?? 0), to = Number(process.argv[4] ?? 9999);
const layout = await readLayout(f.endsWith('.md') ? 'markdown' : 'pdf', new Uint8Array(readFileSync(f)));
const units = toUnits(layout);
for (const u of units.slice(from, to)) {
  const b: any = u.block; const ls = b.lines ?? [];
  console.log(u.index, `p${u.loc.page}`, u.kind, u.level, u.bullet ? 'B' : ' ', ls.slice(0, 2).map((l: any) => `${l.x?.toFixed(0)}/${l.fontSize?.toFixed(1)}${l.bold ? 'b' : ''}`).join(' '), '|', u.text.slice(0, 80));
}
