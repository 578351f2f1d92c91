// Debug: the units report extractors walk over, with heading / recommendations-heading flags.
// npx tsx scripts/dbg-units.ts <file> [from] [to]
import { readFileSync } from 'node:fs';
import { readLayout, sniffFormat } from '../src/readers/index.js';
import { toUnits } from '../src/extract/units.js';
import { isHeading, isRecommendationsHeading } from '../src/extract/sections.js';

const path = process.argv[2]!;
const bytes = readFileSync(path);
const units = toUnits(await readLayout(sniffFormat(path, bytes), bytes));
const [from, to] = [Number(process.argv[3] ?? 0), Number(process.argv[4] ?? 60)];
for (const u of units.slice(from, to)) {
  console.log(u.index, u.kind, isHeading(u) ? 'H' : ' ', isRecommendationsHeading(u.text) ? 'R' : ' ', `p${u.loc.page ?? ''}L${u.loc.line ?? ''}`, u.text.slice(0, 110));
}
