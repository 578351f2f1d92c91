import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { fixture } from './helpers';

/** The Markdown fixtures: small, quick to extract, varied (reports and plans). */
export const MD_FIXTURES = [
  fixture('seeds', '001_dab7261901101738.md'),
  fixture('seeds', '004_b1cb188c35d1ae0d.md'),
  fixture('plans', 'barking-dagenham-2014-action-plan.md'),
  fixture('plans', 'brent-2011-action-plan.md'),
  fixture('plans', 'harrow-2012-improvement-plan.md'),
];

/** The quicker ones (the 100 KB report left out), for runs of many copies. */
export const MD_LIGHT = MD_FIXTURES.filter((f) => !f.includes('004_'));

/** Copy the Markdown fixtures into `dir`; copies after the first round get a trailing comment so their bytes (sha256) differ. */
export function makeCorpus(dir: string, rounds = 1, set: string[] = MD_FIXTURES): string[] {
  mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (let n = 0; n < rounds; n++) {
    for (const f of set) {
      const dest = join(dir, `${String(n).padStart(3, '0')}-${basename(f)}`);
      if (n === 0) copyFileSync(f, dest);
      else writeFileSync(dest, readFileSync(f, 'utf8') + `\n<!-- copy-${n} -->\n`);
      out.push(dest);
    }
  }
  return out;
}

export type { RunResult } from './helpers';

/** Run the built CLI asynchronously (tests/helpers.ts `cli`, under its batch tests' name). */
export { cli as runCli } from './helpers';

/** NDJSON progress events from stderr (other lines, e.g. `<path>: <reason>`, are left out). */
export function events(stderr: string): Array<Record<string, any>> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l));
}

/** The database's content, independent of row ids and load order. */
export function dbContent(path: string) {
  const db = new Database(path, { readonly: true });
  try {
    const docs = db.prepare('SELECT id, path, sha256, kind, json FROM documents ORDER BY path').all() as Array<{ id: number; path: string; sha256: string; kind: string; json: string }>;
    const child = (table: string, cols: string, id: number) =>
      db.prepare(`SELECT ${cols} FROM ${table} WHERE document_id = ? ORDER BY id`).all(id);
    return docs.map((d) => ({
      path: d.path,
      sha256: d.sha256,
      kind: d.kind,
      json: d.json,
      judgements: child('judgements', 'area, label, grade, page, line, block', d.id),
      paragraphs: child('paragraphs', 'number, label, section, text, page, line, block', d.id),
      recommendations: child('recommendations', 'rec_id, scope, text, timescale, page, line, block', d.id),
      actions: child('actions', 'recommendation_ref, action_id, description, leads, due_raw, due_date, rag, page, line, block', d.id),
      warnings: child('warnings', 'origin, severity, code, message, page, line, block', d.id),
      refs: db
        .prepare(
          `SELECT r.rec_id, x.paragraph_number, p.number AS resolved FROM recommendation_paragraph_refs x
           JOIN recommendations r ON r.id = x.recommendation_id LEFT JOIN paragraphs p ON p.id = x.paragraph_id
           WHERE r.document_id = ? ORDER BY r.id, x.paragraph_number`,
        )
        .all(d.id),
    }));
  } finally {
    db.close();
  }
}

/** Integrity checks of a database after an interrupted run. */
export function dbHealth(path: string) {
  const db = new Database(path);
  try {
    db.pragma('foreign_keys = ON');
    const orphans: Record<string, number> = {};
    for (const t of ['judgements', 'paragraphs', 'recommendations', 'actions', 'warnings']) {
      orphans[t] = (db.prepare(`SELECT count(*) n FROM ${t} WHERE document_id NOT IN (SELECT id FROM documents)`).get() as { n: number }).n;
    }
    orphans.refs = (
      db.prepare('SELECT count(*) n FROM recommendation_paragraph_refs WHERE recommendation_id NOT IN (SELECT id FROM recommendations)').get() as { n: number }
    ).n;
    return {
      integrity: db.pragma('integrity_check', { simple: true }) as string,
      foreignKeyProblems: (db.pragma('foreign_key_check') as unknown[]).length,
      orphans,
      paths: (db.prepare('SELECT path, count(*) n FROM documents GROUP BY path ORDER BY path').all() as Array<{ path: string; n: number }>),
      ftsOk: (() => {
        try {
          db.exec("INSERT INTO recommendations_fts(recommendations_fts) VALUES ('integrity-check')");
          db.exec("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('integrity-check')");
          return true;
        } catch {
          return false;
        }
      })(),
    };
  } finally {
    db.close();
  }
}
