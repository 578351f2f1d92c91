import { readFileSync } from 'node:fs';
import { readMarkdown } from '../src/readers/markdown.js';
import { DEFAULT_LIMITS } from '../src/readers/limits.js';
import { blockText } from '../src/layout/types.js';
const doc = await readMarkdown(readFileSync(process.argv[2]!), DEFAULT_LIMITS);
for (const b of doc.blocks) {
  if (b.type === 'table') { console.log(`L${b.loc.line} TABLE ${b.rows.length} rows`); for (const r of b.rows.slice(0, 50)) console.log('   | ' + r.cells.map(c => c.text.slice(0, 40).replace(/\n/g,' / ')).join(' | ')); }
  else console.log(`L${b.loc.line} ${b.type}${b.type==='heading'?b.level:''}${b.type==='list_item'?'d'+b.depth:''}: ${blockText(b).slice(0, 110)}`);
}
