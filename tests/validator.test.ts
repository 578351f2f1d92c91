import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { validateDocument, validateJson } from '../src/validate/semantic.js';
import type { OfstedDocument } from '../src/model/document.js';
import { fixture } from './helpers.js';

const golden = (): OfstedDocument => JSON.parse(readFileSync(fixture('expected', '004_b1cb188c35d1ae0d.md.json'), 'utf8'));
const codes = (d: OfstedDocument) => validateDocument(d).map((i) => `${i.severity}:${i.code}`);

describe('semantic validator', () => {
  it('accepts the real SIF report', () => {
    expect(codes(golden())).toEqual([]);
  });

  it('flags a paragraph reference that does not resolve', () => {
    const d = golden();
    d.recommendations[0]!.paragraphRefs = [102, 999];
    const issues = validateDocument(d);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'error', code: 'unresolved_paragraph_ref', message: 'recommendation 1 cites paragraph 999, not found in the document' });
    expect(issues[0]!.loc.line).toBe(182);
  });

  it('flags gaps and repeats in paragraph numbering', () => {
    const d = golden();
    d.paragraphs.splice(40, 2); // drop 41 and 42
    d.paragraphs.push({ ...d.paragraphs[d.paragraphs.length - 1]! });
    expect(validateDocument(d).map((i) => i.message)).toEqual(['paragraph 129 appears more than once', 'paragraphs jump from 40 to 43 (missing 41-42)']);
  });

  it('flags duplicate recommendation ids, dates out of order and missing judgements', () => {
    const d = golden();
    d.recommendations[1]!.id = '1';
    d.document.inspectionEnd = '2015-12-31';
    d.judgements = d.judgements.filter((j) => j.area !== 'adoption');
    expect(codes(d)).toEqual(['error:duplicate_recommendation_id', 'error:dates_order', 'error:missing_judgement']);
  });

  it('warns, not errors, on duplicate action ids (real plans reuse numbers)', () => {
    const d = golden();
    const action = { recommendationRef: null, id: '5.1', description: 'x', leads: [], due: { raw: null, date: null }, outcome: null, progress: null, rag: null, ragRaw: null, loc: { page: null, line: 1, block: null } };
    d.actions = [action, { ...action }];
    expect(codes(d)).toEqual(['warning:duplicate_action_id']);
  });

  it('reports structural errors with the path of the bad field', () => {
    const d = golden() as unknown as Record<string, any>;
    d.judgements[0].grade = 'fine';
    delete d.document.framework;
    const r = validateJson(d);
    expect(r.ok).toBe(false);
    expect(r.issues.map((i) => i.message)).toEqual([
      expect.stringMatching(/^document\.framework: /),
      expect.stringMatching(/^judgements\.0\.grade: /),
    ]);
  });
});
