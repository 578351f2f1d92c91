/**
 * Print the layout blocks of a PDF (or any supported file), one block per line group:
 *   npx tsx scripts/debug/dump-layout.ts <file> [--json] [--lines] [--no-bold] [--paras]
 * Each block: "p<page> <type>[level|marker] | text"; tables print one row per line with
 * cells separated by " ‖ " (--paras: a cell's paragraphs each after a ¶).
 */
import { readFileSync } from 'node:fs';
import { sniffFormat } from '../../src/readers/sniff.js';
import { readPdf } from '../../src/readers/pdf.js';
import { readLayout } from '../../src/readers/index.js';
import { DEFAULT_LIMITS } from '../../src/readers/limits.js';
import type { Block, LayoutDocument } from '../../src/layout/types.js';
import { reasonOf } from '../../src/util/errors.js';

const args = process.argv.slice(2);
const files = args.filter((a) => !a.startsWith('--'));
const json = args.includes('--json');
const showLines = args.includes('--lines');
const noBold = args.includes('--no-bold');
const showParas = args.includes('--paras');

function describe(b: Block): string {
  const p = `p${b.loc.page ?? '-'}`;
  switch (b.type) {
    case 'heading':
      return `${p} H${b.level} | ${b.text}`;
    case 'paragraph':
      return `${p} P  | ${b.text}`;
    case 'list_item':
      return `${p} LI${b.depth} ${b.marker} | ${b.text}`;
    case 'table':
      return `${p} TABLE ${b.rows.length}x${Math.max(0, ...b.rows.map((r) => r.cells.length))}\n` + b.rows.map((r) => `     | ${r.cells.map((c) => (showParas && c.paragraphs.length > 1 ? c.paragraphs.map((x) => `¶${x}`).join(' ') : c.text) || '∅').join(' ‖ ')}`).join('\n');
  }
}

if (files.length === 0) {
  console.error('usage: tsx scripts/debug/dump-layout.ts <file.pdf> [--json] [--lines] [--no-bold]');
  process.exit(2);
}
let status = 0;
for (const file of files) {
  const bytes = new Uint8Array(readFileSync(file));
  const t0 = performance.now();
  let doc: LayoutDocument;
  try {
    const format = sniffFormat(file, bytes);
    doc = format === 'pdf' ? await readPdf(bytes, DEFAULT_LIMITS, { bold: !noBold }) : await readLayout(format, bytes, DEFAULT_LIMITS);
  } catch (err) {
    console.log(`${file}: ERROR ${reasonOf(err)}`);
    status = 1;
    continue;
  }
  const ms = performance.now() - t0;
  if (json) {
    console.log(JSON.stringify(doc, null, 1));
    continue;
  }
  console.log(`# ${file}: ${doc.pageCount} pages, ${doc.blocks.length} blocks, ${ms.toFixed(0)} ms`);
  for (const w of doc.warnings) console.log(`# warning ${w.code}: ${w.message}`);
  for (const b of doc.blocks) {
    console.log(describe(b));
    if (showLines && b.type !== 'table') {
      for (const l of b.lines) console.log(`        [x=${l.x} y=${l.y} w=${l.width} fs=${l.fontSize}${l.bold ? ' bold' : ''}] ${l.text}`);
    }
  }
}
process.exit(status);
