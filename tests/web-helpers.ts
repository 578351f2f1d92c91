import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, fixture, ROOT, tmp } from './helpers';

/** Fixtures for the web app and export tests: Brent's two reports (a timeline with a
 * direction of travel), Bradford's two, the Markdown reports and plans (the hostile-text
 * plan among them). */
export const WEB_FIXTURES = [
  fixture('seeds'),
  fixture('plans', 'barking-dagenham-2014-action-plan.md'),
  fixture('plans', 'brent-2011-action-plan.md'),
  fixture('plans', 'harrow-2012-improvement-plan.md'),
  fixture('plans', 'hostile-text-action-plan.md'),
  fixture('reports', 'brent_2015-11-30.pdf'),
  fixture('reports', 'brent_2023-04-11.pdf'),
  fixture('reports', 'bradford_2018-10-29.pdf'),
  fixture('reports', 'bradford_2026-05-21.pdf'),
];

/** A fresh database of WEB_FIXTURES (through the CLI, as a user would). */
export function buildWebDb(): string {
  const db = join(tmp('ofsted-web-'), 'web.sqlite');
  const r = cli(['import', ...WEB_FIXTURES, '--db', db, '--jobs', '1', '--quiet']);
  if (r.code !== 0) throw new Error(`import failed (${r.code}): ${r.stderr}`);
  return db;
}

/**
 * A copy of `src` with the objects the authority register adds (issue 10), made here
 * with the names and columns that issue gives, so the panels that appear only with them
 * are tested: local_authorities, documents.local_authority_code, recommendation_links,
 * v_tracker (a simple stand-in with the view's columns).
 */
export function withRegister(src: string): string {
  const dest = join(tmp('ofsted-web-reg-'), 'register.sqlite');
  const s = new Database(src, { readonly: true });
  s.pragma('wal_checkpoint(TRUNCATE)');
  s.close();
  copyFileSync(src, dest);
  const db = new Database(dest);
  db.exec(`
    CREATE TABLE local_authorities (code TEXT PRIMARY KEY, ofsted_urn TEXT, ons_code TEXT, name TEXT NOT NULL, also_known_as TEXT,
      region TEXT, la_type TEXT, stat_neighbours TEXT, website TEXT);
    INSERT INTO local_authorities VALUES
      ('brent', '80001', 'E09000005', 'Brent', '[]', 'London', 'London borough', '["harrow","barking-and-dagenham","bradford"]', NULL),
      ('harrow', '80002', 'E09000015', 'Harrow', '[]', 'London', 'London borough', '["brent"]', NULL),
      ('barking-and-dagenham', '80003', 'E09000002', 'Barking and Dagenham', '[]', 'London', 'London borough', '["brent"]', NULL),
      ('bradford', '80004', 'E08000032', 'Bradford', '[]', 'Yorkshire and the Humber', 'Metropolitan district', '["brent"]', NULL),
      ('wessex', '80005', NULL, 'Wessex', '[]', 'South West', 'Unitary', '[]', NULL);
    ALTER TABLE documents ADD COLUMN local_authority_code TEXT REFERENCES local_authorities(code);
    ALTER TABLE documents ADD COLUMN local_authority_as_written TEXT;
    UPDATE documents SET local_authority_as_written = local_authority,
      local_authority_code = (SELECT code FROM local_authorities WHERE name = documents.local_authority);
    CREATE TABLE recommendation_links (id INTEGER PRIMARY KEY, plan_recommendation_id INTEGER, report_recommendation_id INTEGER, method TEXT, score REAL);
    INSERT INTO recommendation_links (plan_recommendation_id, report_recommendation_id, method, score)
      SELECT p.id, r.id, 'test', 0.9 FROM recommendations r JOIN documents rd ON rd.id = r.document_id
      JOIN recommendations p JOIN documents pd ON pd.id = p.document_id
      WHERE rd.kind = 'inspection_report' AND pd.kind = 'action_plan' AND rd.local_authority = 'Brent' AND pd.local_authority = 'Brent'
        AND r.rec_id = '1' AND p.rec_id = (SELECT min(rec_id) FROM recommendations WHERE document_id = pd.id);
    CREATE VIEW v_tracker AS
      SELECT rd.local_authority, rd.local_authority_code, rd.id AS report_document_id, rd.path AS report_path, rd.publication_date,
             r.rec_id, r.scope, r.text, pd.id AS plan_document_id, pd.path AS plan_path, p.rec_id AS plan_rec_id, l.method, l.score,
             (SELECT count(*) FROM actions a WHERE a.document_id = pd.id AND a.recommendation_ref = p.rec_id) AS actions,
             (SELECT count(*) FROM actions a WHERE a.document_id = pd.id AND a.recommendation_ref = p.rec_id AND a.rag = 'red') AS red,
             (SELECT count(*) FROM actions a WHERE a.document_id = pd.id AND a.recommendation_ref = p.rec_id AND a.rag = 'amber') AS amber,
             (SELECT count(*) FROM actions a WHERE a.document_id = pd.id AND a.recommendation_ref = p.rec_id AND a.rag = 'green') AS green,
             (SELECT count(*) FROM actions a WHERE a.document_id = pd.id AND a.recommendation_ref = p.rec_id AND a.rag = 'complete') AS complete,
             (SELECT count(*) FROM actions a WHERE a.document_id = pd.id AND a.recommendation_ref = p.rec_id AND a.rag IS NULL) AS no_rag,
             0 AS overdue, NULL AS latest_progress
      FROM recommendations r JOIN documents rd ON rd.id = r.document_id
      LEFT JOIN recommendation_links l ON l.report_recommendation_id = r.id
      LEFT JOIN recommendations p ON p.id = l.plan_recommendation_id LEFT JOIN documents pd ON pd.id = p.document_id
      WHERE rd.kind = 'inspection_report';
  `);
  db.close();
  return dest;
}

export interface Served {
  url: string;
  child: ChildProcess;
  stdout: string;
  stop(): Promise<void>;
}

/** `ofsted serve --db DB --port 0 [args]`, resolved with its URL once it prints it. */
export function serveCli(db: string, args: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'serve', '--db', db, '--port', '0', ...args], {
    env: { ...process.env, OFSTED_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 60_000);
    child.stderr!.on('data', (b) => (stderr += b));
    child.stdout!.on('data', (b) => {
      stdout += b;
      const m = /at (http:\/\/\S+?)\/?\n/.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          child,
          stdout,
          stop: () =>
            new Promise<void>((res) => {
              if (child.exitCode !== null) return res();
              child.once('exit', () => res());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited ${code}: ${stderr}`));
    });
  });
}

/** Chromium (Debian's) through playwright-core, as CI installs it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
