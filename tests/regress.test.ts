import { describe, expect, it } from 'vitest';
import { diffJson, fixtureInputs, regress } from '../src/regress.js';
import { cli, ROOT } from './helpers.js';

describe('golden-file regression', () => {
  it('every fixture extracts to exactly its golden JSON', async () => {
    const r = await regress({ root: ROOT, update: false });
    const report = r.failures.map((f) => `${f.file}\n  ${f.diff.join('\n  ')}`).join('\n');
    expect(report).toBe('');
    expect(r.checked).toBe(fixtureInputs(ROOT).length);
    expect(r.checked).toBeGreaterThanOrEqual(2);
  });

  it('prints a field-level diff of what changed and where', async () => {
    const before = { recommendations: [{ id: '4', paragraphRefs: [18, 19] }], document: { framework: 'sif' } };
    const after = { recommendations: [{ id: '4', paragraphRefs: [18, 19, 23] }], document: { framework: 'ilacs' } };
    expect(diffJson(before, after, '', 40)).toEqual([
      'recommendations[0].paragraphRefs: length 2 -> 3',
      'recommendations[0].paragraphRefs[2]: (missing) -> 23',
      'document.framework: "sif" -> "ilacs"',
    ]);
  });

  it('`ofsted regress` exits 0 on the committed goldens and filters by path', async () => {
    const r = await cli(['regress', '--filter', 'seeds/']);
    expect(r.stdout).toMatch(/^2 fixtures: 2 ok, 0 drifted$/m);
    expect(r.code).toBe(0);
  });
});
