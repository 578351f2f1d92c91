/**
 * One set of deadline facts (issue 28 item 2): for every inspection of fixtures/ (reports, letters,
 * area SEND reports; the file that stands for it, where one is held in two formats), the plan due
 * date a drafted plan's header gives equals the one `query deadlines` gives, draft date too, and both
 * say the same basis. (Checked on the corpus too when this
 * was written: 204 documents, 151 with a deadline, all agreeing.) And the Stockton case on a real
 * report: a report printing no publication date, imported alone, gets a deadline marked as an estimate
 * within a working week of the true one; with --published, exactly the true one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { importFiles } from '../src/index';
import { openReadOnly } from '../src/db/database';
import { documentJson } from '../src/query/document-json';
import { documentDeadlines } from '../src/query/deadlines';
import { OTHER_FILES_SQL } from '../src/db/inspections';
import { buildDraft, planDueDate } from '../src/draft/index';
import { queryDeadlines } from '../src/query/canned-queries';
import { addWorkingDays } from '../src/util/working-days';
import { cli, fixture, tmp } from './helpers';

describe('a drafted plan and query deadlines give the same due date', () => {
  const db = join(tmp('ofsted-agree-'), 'db.sqlite');
  beforeAll(async () => {
    const s = await importFiles([fixture('reports'), fixture('letters'), fixture('send')], { db, jobs: 1, inProcess: true });
    expect(s.failed).toEqual([]);
    expect(s.loaded).toBeGreaterThanOrEqual(30);
  }, 240_000);

  it('for every document of fixtures/', () => {
    const conn = openReadOnly(db);
    try {
      const dl = new Map(documentDeadlines(conn, '2026-12-01').map((x) => [x.documentId, x]));
      // One deadline per inspection: a file that is another copy of an inspection held (a report as PDF
      // and as Markdown) has none of its own; its inspection's is the standing file's, compared below.
      const others = new Set(conn.prepare(OTHER_FILES_SQL).pluck().all() as number[]);
      for (const id of others) expect(dl.has(id), `another file of an inspection, ${id}`).toBe(false);
      const ids = (conn.prepare('SELECT id FROM documents ORDER BY id').all() as Array<{ id: number }>).map((r) => r.id).filter((id) => !others.has(id));
      let drafted = 0;
      for (const id of ids) {
        const doc = documentJson(conn, id)!;
        const due = doc.recommendations.length ? (drafted++, buildDraft(doc).due) : planDueDate(doc);
        const q = dl.get(id);
        expect({ path: doc.source.path, plan: due.date, draft: due.draftDate, estimated: due.estimated }).toEqual({
          path: doc.source.path,
          plan: q?.planDue ?? null,
          draft: q?.draftDue ?? null,
          estimated: q?.estimated ?? false,
        });
      }
      expect(drafted).toBeGreaterThan(20);
      // Full reports, focused visits with priority actions, a JTAI letter, a 2016-2022 local area SEND report: each kind had a deadline.
      expect(new Set([...dl.values()].map((x) => x.rule))).toEqual(new Set(['full-inspection-plan', 'focused-visit-priority-actions', 'jtai-written-statement', 'local-area-send-written-statement']));
    } finally {
      conn.close();
    }
  });
});

describe('the Stockton case, on a real report that prints no publication date', () => {
  // Brent's ILACS report: inspection ended 24 February 2023, published 11 April 2023 (its corpus file name),
  // its PDF made 6 April 2023. 70 working days from 11 April 2023: 21 July 2023 (counted in plan-draft.test.ts).
  const REPORT = fixture('reports', 'brent_2023-04-11.pdf');
  const TRUE_DUE = '2023-07-21';

  it('imported alone: an estimate, within a working week of the true date; with --published: exactly the true date', async () => {
    const db = join(tmp('ofsted-stockton-'), 'db.sqlite');
    expect((await importFiles([REPORT], { db, jobs: 1, inProcess: true })).failed).toEqual([]);
    const read = () => {
      const conn = openReadOnly(db);
      try {
        return queryDeadlines(conn, { asOf: '2023-06-01' })[0]!;
      } finally {
        conn.close();
      }
    };
    const est = read();
    expect(est).toMatchObject({ basis: 'pdf_created', estimated: true, working_days: 70 });
    // Within a working week: from Friday 14 July (5 working days before) to 5 working days after.
    const due = String(est.plan_due);
    expect(due >= '2023-07-14' && due <= addWorkingDays(TRUE_DUE, 5), due).toBe(true);
    const r = await cli(['import', '--quiet', '--db', db, '--published', '2023-04-11', REPORT]);
    expect(r.code).toBe(0);
    expect(read()).toMatchObject({ plan_due: TRUE_DUE, basis: 'user', estimated: false, from: '2023-04-11' });
    const shown = await cli(['query', 'deadlines', '--db', db, '--format', 'json', '--as-of', '2023-06-01']);
    expect(JSON.parse(shown.stdout)).toMatchObject([{ plan_due: TRUE_DUE, basis: 'user', estimated: false }]);
  });
});
