import { describe, expect, it, beforeAll } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, fixture, tmp } from './helpers.js';

const SEED = 'fixtures/seeds/004_b1cb188c35d1ae0d.md';
const HTML_PDF = 'fixtures/bad/birmingham_2012-10-19-html-saved-as.pdf';
const BIN_MD = 'fixtures/bad/pdf-bytes-saved-as.md';

describe('ofsted extract', () => {
  it('prints one file as document JSON on stdout, identical to its golden', async () => {
    const r = await cli(['extract', SEED]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(fixture('expected', '004_b1cb188c35d1ae0d.md.json'), 'utf8')));
  });

  it('writes <sha256>.json per file with --out, and fails with exit 2 naming a bad file', async () => {
    const out = tmp();
    const r = await cli(['extract', SEED, HTML_PDF, '--out', out, '--quiet']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`${HTML_PDF}: not a PDF (looks like HTML)`);
    expect(readdirSync(out)).toEqual(['d5b1e580000520aba9866d5252676b17b6ecff5dae240bb099b9dbf50c6faee8.json']);
  });
});

describe('ofsted import', () => {
  let db: string;
  let first: ReturnType<typeof cli>;
  beforeAll(async () => {
    db = join(tmp(), 'ofsted.sqlite');
    first = await cli(['import', 'fixtures/seeds', HTML_PDF, BIN_MD, '--db', db, '--json', '--quiet']);
  });

  it('loads the good files, lists each bad one on stderr as "<path>: <reason>", exits 2', async () => {
    expect(first.code).toBe(2);
    expect(first.stderr.trim().split('\n').sort()).toEqual([`${HTML_PDF}: not a PDF (looks like HTML)`, `${BIN_MD}: not a Markdown text file (looks like a PDF)`]);
    const s = JSON.parse(first.stdout);
    expect(s).toMatchObject({ files: 4, loaded: 2, unchanged: 0, documents: { inspection_report: 1, progress_report: 1 } });
    expect(s.failed).toHaveLength(2);
    const conn = new Database(db, { readonly: true });
    expect(conn.prepare('SELECT path, code, reason FROM import_errors ORDER BY path').all()).toEqual([
      { path: HTML_PDF, code: 'not_pdf', reason: 'not a PDF (looks like HTML)' },
      { path: BIN_MD, code: 'not_text', reason: 'not a Markdown text file (looks like a PDF)' },
    ]);
    conn.close();
  });

  it('re-importing unchanged files changes nothing', async () => {
    const before = await cli(['query', 'sql', 'SELECT count(*) AS n FROM paragraphs', '--db', db, '--format', 'json']);
    const again = await cli(['import', 'fixtures/seeds', '--db', db, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ loaded: 0, unchanged: 2, failed: [] });
    expect((await cli(['query', 'sql', 'SELECT count(*) AS n FROM paragraphs', '--db', db, '--format', 'json'])).stdout).toBe(before.stdout);
    expect(JSON.parse(before.stdout)).toEqual([{ n: 158 }]);
  });

  it('prints a readable summary by default', async () => {
    const r = await cli(['import', 'fixtures/seeds', '--db', db]);
    expect(r.stdout).toContain('files: 2  loaded: 0  replaced: 0  unchanged: 2 (skipped unparsed: 2)  failed: 0');
    expect(r.stdout).toContain('documents: inspection_report 1, progress_report 1');
  });

  it('queries judgements for one LA as CSV and recommendations by full-text search', async () => {
    const j = await cli(['query', 'judgements', '--la', 'BRENT', '--format', 'csv', '--db', db]);
    expect(j.code).toBe(0);
    const lines = j.stdout.trim().split('\n');
    expect(lines[0]).toBe('la,framework,inspected,area,grade,label,wording,path,page,line,block');
    expect(lines).toHaveLength(8);
    expect(lines[4]).toBe('Brent,sif,2015-10-08,adoption,good,Adoption performance,,fixtures/seeds/004_b1cb188c35d1ae0d.md,,75,');
    const r = JSON.parse((await cli(['query', 'recommendations', '--search', 'virtual school', '--format', 'json', '--db', db])).stdout);
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ id: '10', paragraphs: '48', cited: [{ number: 48, section: 'The experiences and progress of children looked after and achieving permanence' }] });
  });

  it('query sql is read-only and takes one SELECT only', async () => {
    expect(await cli(['query', 'sql', 'DELETE FROM documents', '--db', db])).toMatchObject({ code: 1, stderr: 'ofsted: only a single SELECT or WITH statement is allowed\n' });
    const multi = await cli(['query', 'sql', 'SELECT 1; DROP TABLE documents', '--db', db]);
    expect(multi.code).toBe(1);
    const sneaky = await cli(['query', 'sql', 'WITH x AS (SELECT 1) DELETE FROM documents', '--db', db]);
    expect(sneaky.code).toBe(1);
    expect(JSON.parse((await cli(['query', 'sql', 'SELECT count(*) AS n FROM documents', '--db', db, '--format', 'json'])).stdout)).toEqual([{ n: 2 }]);
  });

  it('--strict refuses a document with validation errors', async () => {
    const dir = tmp();
    const text = readFileSync(fixture('seeds', '004_b1cb188c35d1ae0d.md'), 'utf8').replace('(paragraph 93)', '(paragraph 930)');
    writeFileSync(join(dir, 'broken.md'), text);
    const r = await cli(['import', join(dir, 'broken.md'), '--db', join(dir, 'x.sqlite'), '--strict']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('broken.md: refused by --strict: 1 validation error (first: recommendation 2 cites paragraph 930, not found in the document)');
    const lax = await cli(['import', join(dir, 'broken.md'), '--db', join(dir, 'y.sqlite'), '--json']);
    expect(lax.code).toBe(0);
  });
});

describe('ofsted validate and usage errors', () => {
  it('validates golden JSON (exit 0) and reports a broken one (exit 1)', async () => {
    const ok = await cli(['validate', 'fixtures/expected/004_b1cb188c35d1ae0d.md.json']);
    expect(ok).toMatchObject({ code: 0, stdout: 'fixtures/expected/004_b1cb188c35d1ae0d.md.json: ok (0 errors, 0 warnings)\n' });
    const dir = tmp();
    const doc = JSON.parse(readFileSync(fixture('expected', '004_b1cb188c35d1ae0d.md.json'), 'utf8'));
    doc.paragraphs.splice(5, 1);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(doc));
    const bad = await cli(['validate', join(dir, 'bad.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('error: paragraph_gap: paragraphs jump from 5 to 7 (missing 6) (line 188)');
  });

  it('exits 1 on usage errors', async () => {
    expect((await cli(['frobnicate'])).code).toBe(1);
    expect((await cli(['import'])).code).toBe(1);
    expect((await cli(['query', 'actions', '--as-of', 'tomorrow', '--db', 'nowhere.sqlite'])).code).toBe(1);
  });
});
