import { describe, expect, it } from 'vitest';
import { extractBytes, extractFile } from '../src/ingest.js';
import { validateDocument } from '../src/validate/semantic.js';
import type { OfstedDocument } from '../src/model/document.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../src/store/open.js';
import { Loader } from '../src/store/loader.js';
import { fixture, tmp } from './helpers.js';

// Issue 20, item 2: a SIF report with the LSCB review bound in as a second document, its own title page
// and its own paragraph numbering restarting at 1.
const md = (text: string) => extractBytes('report.md', Buffer.from(text));
const paras = (from: number, to: number, text = 'Inspectors found that practice is improving across the service.') =>
  Array.from({ length: to - from + 1 }, (_, i) => `${from + i}. ${text}`).join('\n\n');

const laReport = `# Wigan

### Inspection of services for children in need of help and protection, children looked after and care leavers

### Inspection dates: 3 March 2015 to 26 March 2015

Children's services in Wigan are good

| 1. Children who need help and protection | Good |
| --- | --- |
| 2. Children looked after and achieving permanence | Good |
| 2.1 Adoption performance | Good |
| 2.2 Experiences and progress of care leavers | Good |
| 3. Leadership, management and governance | Good |

## What does the local authority need to improve?

### Recommendations

1. Ensure that return home interviews are offered to every child who goes missing (paragraph 4).

2. Improve the timeliness of initial health assessments (paragraphs 5, 6).

## Inspection findings

${paras(3, 12)}
`;

const review = (numbering: (from: number, to: number) => string) => `# Wigan

## Review of the effectiveness of the Local Safeguarding Children Board

### The Local Safeguarding Children Board requires improvement

## Areas for improvement

${numbering(1, 1).replace(/Inspectors.*$/, 'Evaluate the impact of multi-agency training (paragraph 9).')}

${numbering(2, 2).replace(/Inspectors.*$/, 'Extend the multi-agency audit programme (paragraphs 7, 8).')}

${numbering(3, 3).replace(/Inspectors.*$/, 'Publish the annual report on time.')}

## Inspection judgement about the LSCB

${numbering(4, 10)}
`;

const errors = (doc: OfstedDocument) => validateDocument(doc).filter((i) => i.severity === 'error');

describe('a report binding in the LSCB review as a second document', () => {
  it('reads the second document as its own numbered sequence, its items scoped lscb', async () => {
    const doc = await md(`${laReport}\n${review(paras)}`);
    const first = doc.paragraphs.filter((p) => !p.part);
    const second = doc.paragraphs.filter((p) => p.part === 2);
    expect(first.map((p) => p.number)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(second.map((p) => p.number)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    const la = doc.recommendations.filter((r) => r.scope === 'local_authority');
    const lscb = doc.recommendations.filter((r) => r.scope === 'lscb');
    expect(la.map((r) => [r.id, r.kind, r.paragraphRefs, r.part])).toEqual([
      ['1', 'recommendation', [4], undefined],
      ['2', 'recommendation', [5, 6], undefined],
    ]);
    expect(lscb.map((r) => [r.id, r.kind, r.paragraphRefs, r.part])).toEqual([
      ['1', 'area_for_improvement', [9], 2],
      ['2', 'area_for_improvement', [7, 8], 2],
      ['3', 'area_for_improvement', [], 2],
    ]);
    expect(errors(doc)).toEqual([]);
  });

  it('reads a bound-in review whose items are bullets under theme lines', async () => {
    const themed = `# Wigan\n\n## Review of the effectiveness of the Local Safeguarding Children Board\n\n### Areas for improvement\n\nManaging the response to child sexual exploitation\n\n- Revise the action plan so that it measures impact.\n\nEffectiveness of scrutiny and challenge\n\n- Complete a multi-agency data set.\n- Complete Section 11 audits every year.\n\n### Inspection judgement about the LSCB\n\n${paras(1, 6)}\n`;
    const doc = await md(`${laReport}\n${themed}`);
    expect(doc.recommendations.filter((r) => r.scope === 'lscb').map((r) => [r.id, r.kind, r.part, r.text])).toEqual([
      ['1', 'area_for_improvement', 2, 'Revise the action plan so that it measures impact.'],
      ['2', 'area_for_improvement', 2, 'Complete a multi-agency data set.'],
      ['3', 'area_for_improvement', 2, 'Complete Section 11 audits every year.'],
    ]);
    expect(doc.paragraphs.filter((p) => p.part === 2).map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(errors(doc)).toEqual([]);
  });

  it('reads the board’s grade from the review’s own title page, where it is the review’s overall effectiveness', async () => {
    const plain = `Wigan Local Safeguarding Children Board\n\nReview of the Local Safeguarding Children Board\n\n| Overall effectiveness | Requires improvement |\n| --- | --- |\n\n## Recommendations\n\n${paras(1, 2, 'Strengthen the board’s scrutiny of partners (paragraph 4).')}\n\n## Inspection findings\n\n${paras(3, 8)}\n`;
    const doc = await md(`${laReport}\n${plain}`);
    expect(doc.judgements.map((j) => [j.area, j.grade])).toContainEqual(['lscb', 'requires_improvement']);
    expect(doc.judgements.find((j) => j.area === 'overall_effectiveness')?.grade).toBe('good');
    expect(doc.recommendations.filter((r) => r.scope === 'lscb').map((r) => [r.id, r.kind, r.paragraphRefs, r.part])).toEqual([
      ['1', 'recommendation', [4], 2],
      ['2', 'recommendation', [4], 2],
    ]);
    expect(errors(doc)).toEqual([]);
  });

  it('finds the review’s title in a box a reader took for a table', async () => {
    const boxed = `| Review of the effectiveness of the Local Safeguarding Children Board |\n| --- |\n\n## Areas for improvement\n\n${paras(1, 2, 'Evaluate the impact of training (paragraph 3).')}\n\n## Inspection judgement\n\n${paras(3, 6)}\n`;
    const doc = await md(`${laReport}\n${boxed}`);
    expect(doc.paragraphs.filter((p) => p.part === 2).map((p) => p.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(doc.recommendations.filter((r) => r.scope === 'lscb').map((r) => [r.id, r.kind, r.part])).toEqual([
      ['1', 'area_for_improvement', 2],
      ['2', 'area_for_improvement', 2],
    ]);
    expect(errors(doc)).toEqual([]);
  });

  it('keeps one sequence where the LSCB section numbers on from the local authority', async () => {
    const doc = await md(`${laReport}\n## The Local Safeguarding Children Board (LSCB)\n\n### The Local Safeguarding Children Board is good\n\n${paras(13, 20)}\n`);
    expect(doc.paragraphs.some((p) => p.part)).toBe(false);
    expect(doc.paragraphs.map((p) => p.number).at(-1)).toBe(20);
    expect(errors(doc)).toEqual([]);
  });

  it('does not split on a short numbered list after an LSCB heading', async () => {
    const doc = await md(`${laReport}\n## The LSCB\n\n1. First point made about the board.\n\n2. Second point made about the board.\n`);
    expect(doc.paragraphs.some((p) => p.part)).toBe(false);
  });
});

describe('the validator with two numbered sequences', () => {
  const base = async () => md(`${laReport}\n${review(paras)}`);

  it('resolves an item’s references inside its own document only', async () => {
    const doc = await base();
    const item = doc.recommendations.find((r) => r.part === 2)!;
    item.paragraphRefs = [11]; // paragraph 11 exists in the first document, not in the second
    expect(errors(doc).map((e) => [e.code, e.message])).toEqual([['unresolved_paragraph_ref', 'recommendation 1 cites paragraph 11, not found in document part 2']]);
  });

  it('checks that each document runs 1..N and that the parts come in order', async () => {
    const gap = await base();
    gap.paragraphs = gap.paragraphs.filter((p) => !(p.part === 2 && p.number === 1));
    expect(errors(gap).map((e) => e.code)).toContain('paragraph_gap');
    const order = await base();
    const i = order.paragraphs.findIndex((p) => p.part === 2);
    order.paragraphs.push({ ...order.paragraphs[0]!, number: 13 });
    expect(errors(order).map((e) => e.code)).toContain('paragraph_part_order');
    expect(i).toBeGreaterThan(0);
  });
});

describe('the combined report fixture (fixtures/reports/)', () => {
  it('counts the local authority’s and the board’s items apart and resolves references in their own document', async () => {
    const doc = await extractFile(fixture('reports/combined-isles-of-scilly-2016.pdf'));
    const la = doc.recommendations.filter((r) => r.scope === 'local_authority');
    const lscb = doc.recommendations.filter((r) => r.scope === 'lscb');
    expect([la.length, lscb.length]).toEqual([6, 6]);
    expect(lscb.every((r) => r.part === 2 && r.kind === 'recommendation')).toBe(true);
    expect(doc.paragraphs.filter((p) => p.part === 2).map((p) => p.number)).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(errors(doc)).toEqual([]);
  });
});

describe('a combined report whose board list is bulleted and indented as a whole (fixtures/reports/)', () => {
  // combined-wolverhampton-2017-bullets.pdf: make-combined.ts --bullets on wolverhampton/2017-03-31.pdf. Every
  // bullet of the board's list sits one level in: each is an item of its own, not a sub-bullet of the first.
  it('reads each bullet as an item with its references resolved in document 2', async () => {
    const doc = await extractFile(fixture('reports/combined-wolverhampton-2017-bullets.pdf'));
    const lscb = doc.recommendations.filter((r) => r.scope === 'lscb');
    expect(doc.recommendations.filter((r) => r.scope === 'local_authority')).toHaveLength(11);
    expect(lscb.map((r) => [r.id, r.part, r.paragraphRefs])).toEqual([
      ['1', 2, [4]], ['2', 2, [5]], ['3', 2, [6, 7]], ['4', 2, [14]], ['5', 2, [15]],
    ]);
    expect(lscb.every((r) => !r.text.includes('•'))).toBe(true);
    expect(errors(doc)).toEqual([]);
  });
});

describe('loading a combined report', () => {
  it('links each reference to the paragraph of the item’s own document', () => {
    const doc = JSON.parse(readFileSync(fixture('expected', 'combined-isles-of-scilly-2016.pdf.json'), 'utf8')) as OfstedDocument;
    const db = openDatabase(join(tmp(), 'combined.sqlite'));
    expect(new Loader(db).load(doc, [])).toBe('loaded');
    const rows = db
      .prepare(
        `SELECT r.scope, r.rec_id, x.paragraph_number AS n, p.page FROM recommendation_paragraph_refs x
         JOIN recommendations r ON r.id = x.recommendation_id LEFT JOIN paragraphs p ON p.id = x.paragraph_id ORDER BY r.id, n`,
      )
      .all() as Array<{ scope: string; rec_id: string; n: number; page: number | null }>;
    const second = doc.paragraphs.filter((p) => p.part === 2);
    for (const r of rows) {
      const want = doc.paragraphs.find((p) => (r.scope === 'lscb' ? p.part === 2 : !p.part) && p.number === r.n)!;
      expect([r.scope, r.rec_id, r.n, r.page]).toEqual([r.scope, r.rec_id, r.n, want.loc.page]);
    }
    // The board's references land in its own document (pages after its title page), not in the local authority's.
    expect(rows.filter((r) => r.scope === 'lscb').every((r) => r.page! >= second[0]!.loc.page!)).toBe(true);
    db.close();
  });
});

