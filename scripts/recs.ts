import { extractFile } from '../src/ingest.js';
const doc = await extractFile(process.argv[2]!);
for (const r of doc.recommendations) console.log(r.id, r.scope, r.timescale, JSON.stringify(r.paragraphRefs), 'p'+r.loc.page, r.text.slice(0, 100).replace(/\n/g,' / '));
