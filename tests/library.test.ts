import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../src/model/document';
import { ROOT, runNode, tmp } from './helpers';

// Runs dist/ (tests/build-dist.ts, vitest's global setup, rebuilds it first when src/ is newer). A user's project in a temporary folder, with the
// package linked into its node_modules as `npm install` would put it: imported by name through
// its `exports` map.
const USE = `
import { extractFile, importFiles, openDatabase, AREAS, type OfstedDocument, type ImportSummary } from 'ofsted-ingest';
const doc: OfstedDocument = await extractFile(process.argv[2]!);
const summary: ImportSummary = await importFiles([process.argv[2]!], { db: process.argv[3]!, jobs: 1 });
const db = openDatabase(process.argv[3]!);
const n = (db.prepare('SELECT count(*) AS n FROM recommendations').get() as { n: number }).n;
db.close();
console.log(JSON.stringify({ kind: doc.document.kind, la: doc.document.localAuthority, recs: doc.recommendations.length, loaded: summary.loaded, n, areas: AREAS.length }));
`;

describe("the library: import { extractFile, importFiles, openDatabase } from 'ofsted-ingest'", () => {
  const dir = tmp('ofsted-library-');
  mkdirSync(join(dir, 'node_modules', '@types'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules', 'ofsted-ingest'), 'dir');
  symlinkSync(join(ROOT, 'node_modules', '@types', 'node'), join(dir, 'node_modules', '@types', 'node'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'uses-ofsted-ingest', private: true, type: 'module' }));
  const ts = join(dir, 'use.ts');
  writeFileSync(ts, USE);

  it('type-checks against the published types (dist/index.d.ts through the exports map)', async () => {
    const r = await runNode(
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', ts],
      { cwd: dir },
    );
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('runs: extracts a file, imports it into a database, and reads it back', async () => {
    const js = join(dir, 'use.mjs');
    writeFileSync(js, USE.replace(/: OfstedDocument|: ImportSummary|, type \w+/g, '').replace(/ as \{ n: number \}/, '').replace(/!/g, ''));
    const db = join(tmp('ofsted-lib-'), 'lib.sqlite');
    const md = join(ROOT, 'fixtures', 'plans', 'brent-2011-action-plan.md');
    const r = await runNode([js, md, db], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ kind: 'action_plan', la: 'Brent', loaded: 1, areas: AREAS.length });
    expect(out.recs).toBeGreaterThan(0);
    expect(out.n).toBe(out.recs);
  });
});
