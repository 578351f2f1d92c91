/**
 * A short, fixed-seed run of scripts/fuzz.ts (the full run is `npm run fuzz -- --iterations N`,
 * not part of npm test): mutated real fixtures through extraction in a child process;
 * no crash, no hang, every failure a clean one-line InputError. Then the inputs the fuzzer
 * kept as regression fixtures (fixtures/bad/fuzz/) go through the CLI once more.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, cli, runNode, tmp } from './helpers.js';

describe('fuzz smoke', () => {
  it('30 mutated inputs (seed 1): zero crashes, zero hangs, zero unclean errors', async () => {
    const keep = tmp('ofsted-fuzz-keep-');
    const r = await runNode(['--import', 'tsx', join(ROOT, 'scripts', 'fuzz.ts'), '--iterations', '30', '--seed', '1', '--timeout', '20', '--keep', keep, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.iterations).toBe(30);
    expect(Object.values(report.outcomes as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(30);
    expect(report.outcomes).toMatchObject({ crash: 0, hang: 0, unclean: 0 });
    expect(report.outcomes.ok + report.outcomes.clean).toBe(30);
    expect(report.findings).toEqual([]);
    expect(Object.keys(report.byFormat).sort()).toEqual(['.docx', '.md', '.pdf']);
  });

  const dir = join(ROOT, 'fixtures', 'bad', 'fuzz');
  const kept = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(pdf|docx|md)$/.test(f)) : [];
  it.skipIf(kept.length === 0)('inputs kept by the fuzzer (fixtures/bad/fuzz/) end in ok or one clean line, no crash', async () => {
    const db = join(tmp('ofsted-fuzz-db-'), 'db.sqlite');
    const r = await cli(['import', ...kept.map((f) => join('fixtures', 'bad', 'fuzz', f)), '--db', db, '--quiet', '--json', '--jobs', '2', '--timeout', '20']);
    expect([0, 2]).toContain(r.code);
    const s = JSON.parse(r.stdout);
    expect(s.loaded + s.failed.length).toBe(kept.length);
    for (const f of s.failed as Array<{ reason: string }>) expect(f.reason).not.toMatch(/worker crashed|timed out|\n/);
  });

  it('a PDF whose xref entries are bad (pdfjs leaves a rejected promise per page) loads, on a worker and in-process', async () => {
    const file = join('fixtures', 'bad', 'fuzz', 'pdf-bad-xref-entries-unhandled-rejection.pdf');
    for (const mode of [['--jobs', '1'], ['--in-process']]) {
      const db = join(tmp('ofsted-fuzz-xref-'), 'db.sqlite');
      const r = await cli(['import', file, '--db', db, '--quiet', '--json', ...mode]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).loaded).toBe(1);
    }
    const { isPdfjsLeftover } = await import('../src/readers/pdf/pdfjs.js');
    expect(isPdfjsLeftover(new Error('any other rejection'))).toBe(false); // still ends the thread
    expect(isPdfjsLeftover(Object.assign(new Error('x'), { name: 'XRefEntryException' }))).toBe(false); // not from pdfjs-dist
  });
});
