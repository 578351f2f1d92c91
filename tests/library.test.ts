import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREAS } from '../src/model/document';
import { ROOT, tmp } from './helpers';

// Needs dist/ (npm test builds it first). The package imports itself by name through its
// `exports` map (self-reference), as a user's project would after `npm install`.
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
  const dir = join(ROOT, 'out', 'library-check');
  mkdirSync(dir, { recursive: true });
  const ts = join(dir, 'use.ts');
  writeFileSync(ts, USE);

  it('type-checks against the published types (dist/index.d.ts through the exports map)', () => {
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--types', 'node', ts],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs: extracts a file, imports it into a database, and reads it back', () => {
    const js = join(dir, 'use.mjs');
    writeFileSync(js, USE.replace(/: OfstedDocument|: ImportSummary|, type \w+/g, '').replace(/ as \{ n: number \}/, '').replace(/!/g, ''));
    const db = join(tmp('ofsted-lib-'), 'lib.sqlite');
    const md = join(ROOT, 'fixtures', 'plans', 'brent-2011-action-plan.md');
    const r = spawnSync(process.execPath, [js, md, db], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, OFSTED_LOG_LEVEL: 'warn' } });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ kind: 'action_plan', la: 'Brent', loaded: 1, areas: AREAS.length });
    expect(out.recs).toBeGreaterThan(0);
    expect(out.n).toBe(out.recs);
  });
});
