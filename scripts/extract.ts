// Debug: print the document JSON of a file (same as `ofsted extract <file>`, without building).
import { extractFile } from '../src/ingest.js';
const doc = await extractFile(process.argv[2]!);
console.log(JSON.stringify(doc, null, 1));
