import { beforeAll, describe, expect, it } from 'vitest';
import type { DB } from '../src/db/types.js';
import { openDatabase } from '../src/store/open.js';
import { Loader } from '../src/store/loader.js';
import { extractFile } from '../src/ingest.js';
import type { OfstedDocument } from '../src/model/document.js';
import { fixture } from './helpers.js';

// The real pair: the Barking and Dagenham 2014 report (areas for improvement 28-40, LSCB
// recommendations 136-140) and the council's action plan answering it (areas 1-13, one to one).
const REPORT = fixture('reports', 'barking-and-dagenham_2014-07-07.pdf');
const PLANS = ['md', 'docx', 'pdf'].map((ext) => fixture('plans', `barking-dagenham-2014-action-plan.${ext}`));

const links = (db: DB) =>
  db
    .prepare(
      `SELECT p.rec_id AS plan, r.rec_id AS report, l.method, l.score, pd.path AS planPath FROM recommendation_links l
       JOIN recommendations p ON p.id = l.plan_recommendation_id JOIN recommendations r ON r.id = l.report_recommendation_id
       JOIN documents pd ON pd.id = p.document_id ORDER BY pd.path, p.id`,
    )
    .all() as Array<{ plan: string; report: string; method: string; score: number; planPath: string }>;

const load = (docs: OfstedDocument[], db: DB = openDatabase(':memory:')) => {
  const loader = new Loader(db);
  for (const d of docs) loader.load(d, []);
  return db;
};

const EXPECTED = Array.from({ length: 13 }, (_, i) => [String(i + 1), String(28 + i)]);

describe('plan recommendations link to the report recommendations they answer', () => {
  let report: OfstedDocument;
  let plans: OfstedDocument[];
  beforeAll(async () => {
    report = await extractFile(REPORT);
    plans = await Promise.all(PLANS.map((p) => extractFile(p)));
  });

  it.each([0, 1, 2])('13 of 13 areas, in order, none to the LSCB, plan format %#, either import order', (i) => {
    for (const order of [[report, plans[i]!], [plans[i]!, report]]) {
      const db = load(order);
      const got = links(db);
      expect(got.map((l) => [l.plan, l.report])).toEqual(EXPECTED);
      expect(got.every((l) => l.method === 'text' && l.score >= 0.9)).toBe(true);
      const lscb = db.prepare("SELECT count(*) AS n FROM recommendation_links l JOIN recommendations r ON r.id = l.report_recommendation_id WHERE r.scope = 'lscb'").get() as { n: number };
      expect(lscb.n).toBe(0);
      const doc = db.prepare("SELECT kind, score FROM document_links WHERE kind = 'answers'").all();
      expect(doc).toEqual([{ kind: 'answers', score: 1 }]);
      expect(db.prepare("SELECT count(*) AS n FROM warnings WHERE origin = 'link'").get()).toEqual({ n: 0 });
    }
  });

  it('are the same after re-importing either document (--force) or replacing it at the same path', () => {
    const db = load([plans[0]!, report]);
    const before = links(db);
    const loader = new Loader(db);
    expect(loader.load(report, [], { force: true })).toBe('replaced');
    expect(links(db)).toEqual(before);
    expect(loader.load(plans[0]!, [], { force: true })).toBe('replaced');
    expect(links(db)).toEqual(before);
    // A changed file at the same path replaces the old rows; the links are remade, not doubled.
    const changed: OfstedDocument = { ...report, source: { ...report.source, sha256: 'f'.repeat(64) } };
    expect(loader.load(changed, [])).toBe('replaced');
    expect(links(db)).toEqual(before);
    expect(db.prepare('SELECT count(*) AS n FROM recommendation_links').get()).toEqual({ n: 13 });
    expect(db.prepare('SELECT count(*) AS n FROM document_links').get()).toEqual({ n: 1 });
  });

  it('are gone with the report and come back with it', () => {
    const db = load([report, plans[0]!]);
    db.prepare('DELETE FROM documents WHERE path = ?').run(REPORT);
    expect(links(db)).toEqual([]);
    // The report comes back: its plan is linked again.
    new Loader(db).load(report, []);
    expect(links(db).map((l) => [l.plan, l.report])).toEqual(EXPECTED);
  });

  it('three renderings of one plan each link the same way', () => {
    const db = load([...plans, report]);
    const got = links(db);
    expect(got).toHaveLength(39);
    for (const p of PLANS) expect(got.filter((l) => p.endsWith(l.planPath.split('/').pop()!)).map((l) => [l.plan, l.report])).toEqual(EXPECTED);
  });

  it('a plan with no report of its authority gets a warning, not a link to another inspection', async () => {
    const harrow = await extractFile(fixture('plans', 'harrow-2012-improvement-plan.md'));
    const db = load([harrow, report]);
    expect(links(db)).toEqual([]);
    const warnings = db.prepare("SELECT code, message FROM warnings WHERE origin = 'link'").all() as Array<{ code: string; message: string }>;
    expect(warnings).toEqual([{ code: 'link_no_report', message: expect.stringMatching(/no inspection report of Harrow/) }]);
  });
});

describe('a progress report links to the plan it reports on', () => {
  it('seed 001 (Brent, 2012) -> the Brent 2011 action plan, either order', async () => {
    const [progress, plan, otherPlan] = await Promise.all([
      extractFile(fixture('seeds', '001_dab7261901101738.md')),
      extractFile(fixture('plans', 'brent-2011-action-plan.md')),
      extractFile(fixture('plans', 'harrow-2012-improvement-plan.md')),
    ]);
    for (const order of [[progress, plan, otherPlan], [otherPlan, plan, progress]]) {
      const db = load(order);
      const rows = db
        .prepare("SELECT f.path AS from_path, t.path AS to_path FROM document_links l JOIN documents f ON f.id = from_document_id JOIN documents t ON t.id = to_document_id WHERE l.kind = 'reports_on'")
        .all();
      expect(rows).toEqual([{ from_path: progress.source.path, to_path: plan.source.path }]);
    }
  });
});
