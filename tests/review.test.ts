import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFiles } from '../src/index.js';
import { openReadOnly } from '../src/db/database.js';
import type { DB } from '../src/db/types.js';
import { plainReader } from '../src/query/reader.js';
import { reviewQueue, TOPICS } from '../src/query/review.js';
import { createApp } from '../src/web/server.js';
import { fixture, tmp } from './helpers.js';

// Issue 29 item 1: the review queue. Real fixtures whose warnings are known from their goldens: a letter
// of unknown structure (no authority, an empty list, no dates), the hostile plan (no authority), the
// Brent 2011 plan (a table not read, text dropped, a due date not read), a made-up JTAI letter (an
// unbulleted list) and a report whose publication date is estimated from its PDF (Brent 2023).
const FILES = [
  fixture('letters', 'unknown-structure-letter.md'),
  fixture('plans', 'hostile-text-action-plan.md'),
  fixture('plans', 'brent-2011-action-plan.md'),
  fixture('letters', 'made-up-2019-jtai-unlisted-theme.md'),
  fixture('reports', 'brent_2023-04-11.pdf'),
];

describe('the review queue', () => {
  let db: DB;
  let app: ReturnType<typeof createApp>;
  beforeAll(async () => {
    const path = join(tmp('ofsted-review-'), 'review.sqlite');
    const s = await importFiles(FILES, { db: path, jobs: 1, inProcess: true });
    expect(s.failed).toEqual([]);
    db = openReadOnly(path);
    app = createApp(db);
  }, 120_000);
  afterAll(() => db?.close());

  const name = (p: string) => p.split('/').pop();

  it('lists every document with something to review, worst first, each issue in plain words with its place', () => {
    const q = reviewQueue(plainReader(db));
    expect(q.total).toBe(5);
    const order = q.documents.map((d) => [name(d.path), d.worst]);
    // Weight 3 (filed under no authority, a list or table not read) before 2 (a guessed field) before 1.
    expect(order.slice(0, 3).map(([, w]) => w)).toEqual([3, 3, 3]);
    // Two issues each: the newer document first.
    expect(order.slice(3)).toEqual([['brent_2023-04-11.pdf', 2], ['made-up-2019-jtai-unlisted-theme.md', 2]]);
    // Among the worst, the one with most issues first.
    expect(order[0]![0]).toBe('brent-2011-action-plan.md');
    const letter = q.documents.find((d) => name(d.path) === 'unknown-structure-letter.md')!;
    expect(letter.issues[0]).toMatchObject({ weight: 3, plain: TOPICS[letter.issues[0]!.code]!.plain });
    expect(letter.issues.map((i) => i.code)).toEqual(expect.arrayContaining(['local_authority_unmatched', 'letter_list_empty', 'visit_dates_not_found']));
    // Issues in order of weight within a document.
    const weights = letter.issues.map((i) => i.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    // The estimated publication date is an issue of its own, with no warning row behind it.
    const brent = q.documents.find((d) => name(d.path) === 'brent_2023-04-11.pdf')!;
    expect(brent.issues.find((i) => i.code === 'publication_date_estimated')).toMatchObject({ warningId: null, weight: 2, message: expect.stringMatching(/^publication date \d{4}-\d{2}-\d{2} estimated from the PDF's own creation date$/) });
    // A plan's issues carry the line of the Markdown source they are at.
    const plan = q.documents.find((d) => name(d.path) === 'brent-2011-action-plan.md')!;
    expect(plan.issues.filter((i) => i.line !== null).length).toBeGreaterThan(0);
    expect(plan.issues.every((i) => i.plain !== '')).toBe(true);
  });

  it('filters by authority (any way of naming it) and by kind; refuses what it cannot read', async () => {
    const byCode = reviewQueue(plainReader(db), { la: undefined, kind: 'action_plan' }).documents.map((d) => name(d.path)).sort();
    expect(byCode).toEqual(['brent-2011-action-plan.md', 'hostile-text-action-plan.md']);
    for (const la of ['Brent', '304', 'London Borough of Brent']) {
      const r = await app.request(`/api/review?la=${encodeURIComponent(la)}`);
      expect(r.status, la).toBe(200);
      const body = (await r.json()) as { documents: Array<{ path: string }> };
      expect(body.documents.map((d) => name(d.path)).sort(), la).toEqual(['brent-2011-action-plan.md', 'brent_2023-04-11.pdf']);
    }
    expect((await app.request('/api/review?kind=recommendation')).status).toBe(400);
    expect((await app.request('/api/review?la=Kingston')).status).toBe(400);
    expect((await app.request('/api/review?page=0')).status).toBe(400);
  });

  it('the page shows each document with its issues and links to the place; document text stays text', async () => {
    const r = await app.request('/review');
    expect(r.status).toBe(200);
    const page = await r.text();
    expect(page).toContain('5 documents to review');
    expect(page).toContain(TOPICS.local_authority_unmatched!.plain);
    expect(page).toMatch(/<a href="\/document\/\d+#warning-\d+">line \d+<\/a>/);
    expect(page).not.toMatch(/<script>alert|<img [^>]*onerror/i);
  });
});
