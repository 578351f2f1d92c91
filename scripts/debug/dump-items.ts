/**
 * Print a PDF page's text runs as pdf.js gives them (after the reader's clean-up): x, baseline y,
 * width, font size, bold, and the text in quotes (trailing spaces shown), for writing unit tests on real geometry.
 *   npx tsx scripts/debug/dump-items.ts <file.pdf> <page> [--json]
 */
import { readFileSync } from 'node:fs';
import { openPdf, pageItems, pageOperators } from '../../src/readers/pdf/load.js';

const [file, pageArg] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: tsx scripts/debug/dump-items.ts <file.pdf> [page] [--json]');
  process.exit(2);
}
const doc = await openPdf(new Uint8Array(readFileSync(file)));
const page = await doc.getPage(Number(pageArg ?? 1));
const bold = new Map<string, boolean>();
const rules = await pageOperators(page, bold);
const { items } = await pageItems(page, bold);
if (process.argv.includes('--json')) console.log(JSON.stringify({ items, rules }));
else for (const it of items) console.log(`${it.x.toFixed(2).padStart(7)} ${it.y.toFixed(2).padStart(7)} w${it.width.toFixed(2).padStart(7)} fs${it.fontSize}${it.bold ? ' B' : '  '} ${JSON.stringify(it.text)}`);
await doc.destroy();
