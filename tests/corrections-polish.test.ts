/**
 * Corrections, the loose ends (issue 29): the lists and the audit log are read a page at a time
 * under the web app's time limit, with a visible "more" note; a plan item's link set by a person
 * settles the linker's warnings about it in the review queue (they stay recorded); a report's page
 * marks the links people moved to and away from its items; `ofsted corrections` shows a link in
 * words. On the Barking and Dagenham 2014 report and the council's plan answering it (the linker
 * links plan item N to report item 27+N), item 13's text replaced by unrelated words so that the
 * linker leaves it unlinked (`link_below_threshold`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { DB } from '../src/db/types.js';
import { openDatabase, openForQuery as openReadOnly } from '../src/store/open.js';
import { correct } from '../src/store/corrections.js';
import { createApp } from '../src/web/server.js';
import { documentArg } from '../src/cli/options.js';
import { cli, fixture, tmp, sqlValue } from './helpers.js';

const UNRELATED = 'Paint the town hall railings blue and plant more oak trees along the river walk.';

/** The Barking plan with the text of some areas for improvement replaced by words no report item shares. */
function planWithUnrelated(dest: string, numbers: number[], keep?: number): void {
  let s = readFileSync(fixture('plans', 'barking-dagenham-2014-action-plan.md'), 'utf8');
  if (keep !== undefined) s = s.slice(0, s.indexOf(`Area for Improvement (${keep + 1}):`));
  for (const n of numbers) s = s.replace(new RegExp(`Area for Improvement \\(${n}\\):[^\\n]*`), `Area for Improvement (${n}): ${UNRELATED} Number ${'x'.repeat(n)}.`);
  writeFileSync(dest, s);
}

interface ReviewJson {
  documents: Array<{ id: number; issues: Array<{ code: string; message: string }> }>;
}

const sqlOf = sqlValue;

describe('corrections: a link a person set, in the review queue, on the report page and in the CLI', () => {
  let dir: string;
  let db: string;
  let plan: string;
  let report: string;
  beforeAll(async () => {
    dir = tmp('ofsted-corrections-polish-');
    plan = join(dir, 'plan.md');
    report = join(dir, 'report.pdf');
    planWithUnrelated(plan, [13]);
    copyFileSync(fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), report);
    db = join(dir, 'db.sqlite');
    const r = await cli(['import', plan, report, '--db', db, '--jobs', '1', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  const withApp = async <T>(fn: (app: ReturnType<typeof createApp>) => Promise<T>): Promise<T> => {
    const h = openReadOnly(db);
    try {
      return await fn(createApp(h));
    } finally {
      h.close();
    }
  };
  const planId = () => Number(sqlOf(db, "SELECT id FROM documents WHERE kind = 'action_plan'"));
  const reportId = () => Number(sqlOf(db, "SELECT id FROM documents WHERE kind = 'inspection_report'"));
  const planIssues = () =>
    withApp(async (app) => {
      const r = await app.request('/api/review?kind=action_plan');
      expect(r.status).toBe(200);
      return ((await r.json()) as ReviewJson).documents.find((d) => d.id === planId())?.issues.map((i) => `${i.code}: ${i.message}`) ?? [];
    });

  it("the linker's warning about an item leaves the review queue once a person sets the item's link; it stays recorded", async () => {
    const before = (await planIssues()).filter((i) => i.startsWith('link_below_threshold'));
    expect(before).toHaveLength(1);
    expect(before[0]).toMatch(/plan recommendation 13 is not linked/);

    // Setting another item's link settles nothing about item 13.
    expect((await cli(['correct', plan, '--item', '2', '--set', 'link=30', '--db', db])).code).toBe(0);
    expect((await planIssues()).filter((i) => i.startsWith('link_below_threshold'))).toHaveLength(1);

    const fix = await cli(['correct', plan, '--item', '13', '--set', 'link=40', '--db', db]);
    expect(fix.code, fix.stderr).toBe(0);
    expect((await planIssues()).filter((i) => i.startsWith('link_'))).toEqual([]);
    // Still recorded: the document page lists it.
    const warnings = await withApp(async (app) => ((await (await app.request(`/api/documents/${planId()}`)).json()) as { warnings: Array<{ code: string }> }).warnings);
    expect(warnings.map((w) => w.code)).toContain('link_below_threshold');
    // Read again (the linker warns again): still settled.
    expect((await cli(['import', plan, '--force', '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    expect(sqlOf(db, "SELECT count(*) FROM warnings WHERE code = 'link_below_threshold'")).toBe(1);
    expect((await planIssues()).filter((i) => i.startsWith('link_'))).toEqual([]);
  });

  it("the report's page marks the item a plan item's link was moved away from and the one it was moved to, with the tracker's mark", async () => {
    const row = (n: string) => Number(sqlOf(db, 'SELECT id FROM recommendations WHERE document_id = ? AND rec_id = ?', reportId(), n));
    const page = await withApp(async (app) => (await app.request(`/document/${reportId()}`)).text());
    const item = (n: string) => page.match(new RegExp(`<li class="rec[^"]*" id="recommendation-${row(n)}">[\\s\\S]*?</li>`))![0];
    expect(item('29')).toMatch(/class="tag corrected" title="Corrected by [^"]*: link of plan item 2 was item 29"/);
    expect(item('30')).toMatch(/class="tag corrected" title="Corrected by [^"]*: link of plan item 2 was item 29"/);
    // Item 13 was linked to nothing by the linker: item 40 shows where its link came from.
    expect(item('40')).toMatch(/link of plan item 13 was none/);
    expect(item('31')).not.toMatch(/corrected/);
    // The plan's own page marks its items as before.
    const planPage = await withApp(async (app) => (await app.request(`/document/${planId()}`)).text());
    expect(planPage).toMatch(/title="Corrected by [^"]*: link was item 29"/);
  });

  it('ofsted corrections prints a link in words (the report item and the report); --format json keeps the value as stored', async () => {
    const table = await cli(['corrections', '--db', db]);
    expect(table.code, table.stderr).toBe(0);
    const line = table.stdout.split('\n').find((l) => l.includes('\titem ["recommendation"') && l.includes('\tlink\t') && l.includes('item 30 of'))!;
    expect(line).toContain(`item 29 of ${report} -> item 30 of ${report}`);
    expect(table.stdout).toContain(`none -> item 40 of ${report}`);
    expect(table.stdout).not.toContain('"key"');
    const log = await cli(['corrections', '--log', '--db', db]);
    expect(log.stdout).toContain(`item 29 of ${report} -> item 30 of ${report}`);
    const json = JSON.parse((await cli(['corrections', '--format', 'json', '--db', db])).stdout) as Array<{ field: string; value: { key: unknown; number: string } | null }>;
    const link = json.find((c) => c.field === 'link' && c.value?.number === '30')!;
    expect(link.value).toEqual(expect.objectContaining({ number: '30', key: expect.any(Array) }));
  });
});

describe('corrections: a plan linked to no report, every item linked by a person', () => {
  it('link_no_report leaves the review queue once each item of the plan has a link a person set', async () => {
    const dir = tmp('ofsted-corrections-polish-');
    const plan = join(dir, 'plan.md');
    const report = join(dir, 'report.pdf');
    planWithUnrelated(plan, [1, 2], 2);
    copyFileSync(fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), report);
    const db = join(dir, 'db.sqlite');
    expect((await cli(['import', plan, report, '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    const planId = Number(sqlOf(db, "SELECT id FROM documents WHERE kind = 'action_plan'"));
    const codes = async () => {
      const h = openReadOnly(db);
      try {
        const r = (await (await createApp(h).request('/api/review?kind=action_plan')).json()) as ReviewJson;
        return r.documents.find((d) => d.id === planId)?.issues.map((i) => i.code) ?? [];
      } finally {
        h.close();
      }
    };
    expect(await codes()).toContain('link_no_report');
    const w: DB = openDatabase(db);
    try {
      const one = correct(w, { document: planId, target: 'item:1', field: 'link', value: JSON.stringify({ report, item: '28' }), by: 'analyst', via: 'cli' });
      expect(one.ok, JSON.stringify(one)).toBe(true);
    } finally {
      w.close();
    }
    // One item of two settled: the plan as a whole is still linked to no report by the linker.
    expect(await codes()).toContain('link_no_report');
    // Item 2: the person confirms the linker's answer, linked to nothing (a confirmation is a correction, logged once).
    const two = await cli(['correct', String(planId), '--item', '2', '--set', 'link=none', '--db', db]);
    expect(two.code, two.stderr).toBe(0);
    expect(two.stdout).toMatch(/link none -> none/);
    expect((await cli(['correct', String(planId), '--item', '2', '--set', 'link=none', '--db', db])).stdout).toMatch(/nothing changed/);
    expect(sqlOf(db, "SELECT count(*) FROM correction_log WHERE field = 'link'")).toBe(2);
    expect(await codes()).not.toContain('link_no_report');
    expect(sqlOf(db, "SELECT count(*) FROM warnings WHERE code = 'link_no_report'")).toBe(1);
  }, 60_000);
});

describe('corrections: the lists and the audit log are bounded like every query', () => {
  let db: string;
  const N = 150;
  beforeAll(() => {
    db = join(tmp('ofsted-corrections-many-'), 'db.sqlite');
    const h = openDatabase(db);
    try {
      // Corrections made on documents not loaded here (pending), as `ofsted corrections --import` keeps them.
      const add = h.prepare(`INSERT INTO corrections (document_sha256, document_path, target_type, target_key, field, value, state, created_by, created_at, updated_by, updated_at)
        VALUES (?, ?, 'document', '[]', 'authority', '"Barking and Dagenham"', 'pending', 'analyst', ?, 'analyst', ?)`);
      const log = h.prepare(`INSERT INTO correction_log (correction_id, at, who, via, document_sha256, target_type, target_key, field, old, new)
        VALUES (?, ?, 'analyst', 'import', ?, 'document', '[]', 'authority', NULL, '"Barking and Dagenham"')`);
      h.transaction(() => {
        for (let i = 0; i < N; i++) {
          const sha = i.toString(16).padStart(64, '0');
          const at = `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.${String(i).padStart(3, '0')}Z`;
          const id = Number(add.run(sha, `plans/plan-${i}.md`, at, at).lastInsertRowid);
          log.run(id, at, sha);
        }
      })();
    } finally {
      h.close();
    }
  });

  const withApp = async <T>(opts: { queryTimeMs?: number }, fn: (app: ReturnType<typeof createApp>) => Promise<T>): Promise<T> => {
    const h = openReadOnly(db);
    try {
      return await fn(createApp(h, opts));
    } finally {
      h.close();
    }
  };

  it('GET /api/corrections and /api/corrections/log answer a page of 100 with the total and whether more follow', async () => {
    await withApp({}, async (app) => {
      const first = (await (await app.request('/api/corrections')).json()) as { corrections: unknown[]; total: number; page: number; pageSize: number; more: boolean };
      expect(first).toEqual(expect.objectContaining({ total: N, page: 1, pageSize: 100, more: true }));
      expect(first.corrections).toHaveLength(100);
      const second = (await (await app.request('/api/corrections?page=2')).json()) as { corrections: Array<{ id: number }>; more: boolean };
      expect(second.corrections).toHaveLength(N - 100);
      expect(second.more).toBe(false);
      const ids = new Set([...(first.corrections as Array<{ id: number }>), ...second.corrections].map((c) => c.id));
      expect(ids.size).toBe(N);
      const log = (await (await app.request('/api/corrections/log')).json()) as { log: unknown[]; total: number; more: boolean };
      expect(log.log).toHaveLength(100);
      expect(log).toEqual(expect.objectContaining({ total: N, more: true }));
      const orphaned = (await (await app.request('/api/corrections?orphaned=1')).json()) as { corrections: unknown[]; total: number; more: boolean };
      expect(orphaned).toEqual(expect.objectContaining({ corrections: [], total: 0, more: false }));
      for (const bad of ['0', '51', 'x']) expect((await app.request(`/api/corrections?page=${bad}`)).status).toBe(400);
    });
  });

  it('the pages show a page of 100 with a "more" note and a link to the next page', async () => {
    await withApp({}, async (app) => {
      const page = await (await app.request('/corrections')).text();
      expect(page.match(/<tr class="state-pending">/g)).toHaveLength(100);
      expect(page).toContain(`Showing 1–100 of ${N} corrections; ${N - 100} more on later pages.`);
      expect(page).toContain('<a rel="next" href="/corrections?page=2">');
      const last = await (await app.request('/corrections?page=2')).text();
      expect(last.match(/<tr class="state-pending">/g)).toHaveLength(N - 100);
      expect(last).toContain(`Showing 101–${N} of ${N} corrections.`);
      expect(last).not.toContain('rel="next"');
      const log = await (await app.request('/corrections/log')).text();
      expect(log).toContain(`Showing 1–100 of ${N} changes; ${N - 100} more on later pages.`);
      expect(log).toContain('<a rel="next" href="/corrections/log?page=2">');
    });
  });

  it('a statement past the time limit is stopped: 503, as every other query', async () => {
    await withApp({ queryTimeMs: 0 }, async (app) => {
      for (const url of ['/api/corrections', '/api/corrections/log', '/corrections', '/corrections/log']) expect((await app.request(url)).status, url).toBe(503);
    });
  });
});

describe('one rule for what document a command-line argument names (src/cli/options.ts documentArg)', () => {
  it('all digits: an id; 64 hex digits: a sha256; an existing file: its bytes; anything else: a stored path', async () => {
    const dir = tmp('ofsted-document-arg-');
    const file = join(dir, 'plan.md');
    writeFileSync(file, 'x');
    writeFileSync(join(dir, '12'), 'y');
    expect(await documentArg('12')).toEqual(expect.objectContaining({ kind: 'id', id: 12 }));
    const hex = 'AB'.repeat(32);
    expect(await documentArg(hex)).toEqual(expect.objectContaining({ kind: 'sha256', sha256: hex.toLowerCase() }));
    expect(await documentArg(file)).toEqual(expect.objectContaining({ kind: 'file', path: file, sha256: createHash('sha256').update('x').digest('hex') }));
    // A file named only by digits is named with its folder.
    expect(await documentArg(join(dir, '12'))).toEqual(expect.objectContaining({ kind: 'file', sha256: createHash('sha256').update('y').digest('hex') }));
    expect(await documentArg(join(dir, 'gone.md'))).toEqual(expect.objectContaining({ kind: 'path', path: join(dir, 'gone.md') }));
    expect(await documentArg(dir)).toEqual(expect.objectContaining({ kind: 'path' }));
  });

  it('`ofsted correct` and `ofsted plan current` read "2" as document 2 even where a file named 2 exists, and "./2" as that file', async () => {
    const dir = tmp('ofsted-document-arg-');
    const plan = join(dir, 'plan.md');
    copyFileSync(fixture('plans', 'barking-dagenham-2014-action-plan.md'), plan);
    copyFileSync(fixture('reports', 'barking-and-dagenham_2014-07-07.pdf'), join(dir, 'report.pdf'));
    const db = join(dir, 'db.sqlite');
    expect((await cli(['import', plan, join(dir, 'report.pdf'), '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    const planId = Number(sqlOf(db, "SELECT id FROM documents WHERE kind = 'action_plan'"));
    const reportId = Number(sqlOf(db, "SELECT id FROM documents WHERE kind = 'inspection_report'"));
    // A file in the current folder named by the report's id, holding the plan's bytes.
    copyFileSync(plan, join(dir, String(reportId)));

    const current = await cli(['plan', 'current', String(reportId), '--db', db], { cwd: dir });
    expect(current.code).not.toBe(0);
    expect(current.stderr).toMatch(/is not an action plan/);
    const byFile = await cli(['plan', 'current', `./${reportId}`, '--db', db], { cwd: dir });
    expect(byFile.code, byFile.stderr).toBe(0);
    expect(byFile.stdout).toContain(`(document ${planId}) is the current version`);

    const onReport = await cli(['correct', String(reportId), '--document', '--set', 'publication_date=2014-07-08', '--db', db], { cwd: dir });
    expect(onReport.code, onReport.stderr).toBe(0);
    expect(onReport.stdout).toContain(`of document ${reportId}:`);
    const onPlan = await cli(['correct', `./${reportId}`, '--action', '1.1', '--set', 'rag=red', '--db', db], { cwd: dir });
    expect(onPlan.code, onPlan.stderr).toBe(0);
    expect(onPlan.stdout).toContain(`of document ${planId}:`);
    // By sha256, and a path it was imported from that is no longer a file.
    const sha = String(sqlOf(db, 'SELECT sha256 FROM documents WHERE id = ?', planId));
    expect((await cli(['plan', 'current', sha, '--db', db])).stdout).toContain(`(document ${planId})`);
    renameSync(plan, join(dir, 'moved.md'));
    const byPath = await cli(['correct', plan, '--action', '1.2', '--set', 'rag=amber', '--db', db]);
    expect(byPath.code, byPath.stderr).toBe(0);
    expect(byPath.stdout).toContain(`of document ${planId}:`);
    // None stored: one line, nothing written.
    const none = await cli(['correct', '999', '--document', '--set', 'kind=other', '--db', db]);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/999: no stored document has the id 999/);
    const gone = await cli(['plan', 'current', join(dir, 'nowhere.md'), '--db', db]);
    expect(gone.stderr).toMatch(/no such file, and no stored document was imported from that path/);
  }, 60_000);
});

describe('edit sessions are signed with the edit token (serve --edit)', () => {
  const TOKEN = 'polish-test-token-0123456789abcdef';
  let db: string;
  let planId: number;
  beforeAll(async () => {
    const dir = tmp('ofsted-corrections-sessions-');
    const plan = join(dir, 'plan.md');
    copyFileSync(fixture('plans', 'barking-dagenham-2014-action-plan.md'), plan);
    db = join(dir, 'db.sqlite');
    expect((await cli(['import', plan, '--db', db, '--jobs', '1', '--quiet'])).code).toBe(0);
    planId = Number(sqlOf(db, "SELECT id FROM documents WHERE kind = 'action_plan'"));
  }, 60_000);

  /** A server over the database with corrections on and this token: started afresh each call (a restart). */
  const server = async <T>(token: string, fn: (app: ReturnType<typeof createApp>) => Promise<T>): Promise<T> => {
    const read = openReadOnly(db);
    const write = openDatabase(db);
    try {
      return await fn(createApp(read, { edit: { db: write, token } }));
    } finally {
      read.close();
      write.close();
    }
  };
  const signIn = (app: ReturnType<typeof createApp>, token: string) =>
    app.request('/sign-in', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: new URLSearchParams({ who: 'Ann Analyst', token, next: `/document/${planId}` }).toString() });
  const csrfOf = async (app: ReturnType<typeof createApp>, cookie: string) => {
    const page = await (await app.request(`/document/${planId}`, { headers: { cookie } })).text();
    return { signedIn: page.includes('Signed in as Ann Analyst.'), csrf: /name="csrf" value="([^"]+)"/.exec(page)?.[1] ?? '' };
  };
  const write = (app: ReturnType<typeof createApp>, headers: Record<string, string>, rag: string) =>
    app.request('/api/corrections', { method: 'POST', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'same-origin', ...headers }, body: JSON.stringify({ document: planId, target: 'action:1.1', field: 'rag', value: rag }) });
  const logged = () => Number(sqlOf(db, 'SELECT count(*) FROM correction_log'));

  it('a session outlives a restart with the same token; another token, a forged cookie or a signed-out session is refused (401); CSRF still checked', async () => {
    let cookie = '';
    let csrf = '';
    await server(TOKEN, async (app) => {
      expect((await signIn(app, 'not-the-token-at-all')).status).toBe(401);
      const r = await signIn(app, TOKEN);
      expect(r.status).toBe(303);
      cookie = /^(ofsted_edit=[^;]+)/.exec(r.headers.get('set-cookie') ?? '')![1]!;
      expect(r.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
      ({ csrf } = await csrfOf(app, cookie));
    });
    // Restarted with the same token: still signed in, the same CSRF token, a write goes through.
    await server(TOKEN, async (app) => {
      const again = await csrfOf(app, cookie);
      expect(again).toEqual({ signedIn: true, csrf });
      // Without the session's CSRF token: refused (403), nothing written.
      expect((await write(app, { cookie }, 'red')).status).toBe(403);
      expect(logged()).toBe(0);
      const ok = await write(app, { cookie, 'x-csrf-token': csrf }, 'red');
      expect(ok.status).toBe(201);
      expect(((await ok.json()) as { correction: { createdBy: string } }).correction.createdBy).toBe('Ann Analyst');
      expect(logged()).toBe(1);
    });
    // Another token (a printed one is new on every start): every session ended.
    await server('another-token-0123456789abcdef', async (app) => {
      expect((await csrfOf(app, cookie)).signedIn).toBe(false);
      expect((await write(app, { cookie, 'x-csrf-token': csrf }, 'amber')).status).toBe(401);
    });
    // A cookie with another name in it and the old signature: refused.
    await server(TOKEN, async (app) => {
      const [payload, sig] = cookie.slice('ofsted_edit='.length).split('.');
      const p = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as { w: string };
      const forged = `ofsted_edit=${Buffer.from(JSON.stringify({ ...p, w: 'Mallory' })).toString('base64url')}.${sig}`;
      expect((await csrfOf(app, forged)).signedIn).toBe(false);
      expect((await write(app, { cookie: forged, 'x-csrf-token': csrf }, 'amber')).status).toBe(401);
      // Signed out: the cookie is deleted and the session refused from then on.
      const out = await app.request('/sign-out', { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' }, body: new URLSearchParams({ csrf }).toString() });
      expect(out.status).toBe(303);
      expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
      expect((await write(app, { cookie, 'x-csrf-token': csrf }, 'amber')).status).toBe(401);
    });
    expect(logged()).toBe(1);
  });
});
