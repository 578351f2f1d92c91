// Benchmark phase 2: pdfjs-dist getTextContent over every page, sequentially (our raw text layer).
// usage: node scripts/bench/pdfjs-text.mjs <file-list.txt>   (one path per line)
import { readFileSync } from 'node:fs';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const files = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
let pages = 0;
let items = 0;
let failed = 0;
for (const f of files) {
  try {
    const task = getDocument({ data: new Uint8Array(readFileSync(f)), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
    const doc = await task.promise;
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const tc = await page.getTextContent();
      items += tc.items.length;
      page.cleanup();
      pages++;
    }
    await doc.destroy();
  } catch {
    failed++;
  }
}
process.stdout.write(JSON.stringify({ files: files.length, pages, items, failed }) + '\n');
