/**
 * SQL safety: `query sql` opens the database read-only and runs one SELECT/WITH statement
 * only; the canned queries bind every user value as a parameter.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { cli, tmp } from './helpers.js';
import { MIGRATIONS } from '../src/db/migrations.js';

/** The schema version of a database this program made or upgraded: its last migration's. */
const LATEST = MIGRATIONS[MIGRATIONS.length - 1]!.version;
import { queryActions, queryJudgements, queryParagraphs, queryRecommendations } from '../src/query/canned-queries.js';
import { querySql, querySqlLimited, runSql, withDb } from '../src/query/sql.js';

let dir: string;
let db: string;
const snapshot = () => {
  const conn = new Database(db, { readonly: true });
  try {
    return {
      version: conn.pragma('user_version', { simple: true }),
      journal: conn.pragma('journal_mode', { simple: true }),
      documents: conn.prepare('SELECT count(*) n FROM documents').get(),
      errors: conn.prepare('SELECT count(*) n FROM import_errors').get(),
      tables: conn.prepare("SELECT name FROM sqlite_master ORDER BY name").all(),
    };
  } finally {
    conn.close();
  }
};

beforeAll(async () => {
  dir = tmp('ofsted-sql-');
  db = join(dir, 'db.sqlite');
  const r = await cli(['import', 'fixtures/seeds', '--db', db, '--quiet', '--jobs', '1']);
  expect(r.code).toBe(0);
});

const refused = (sql: string) => {
  let err: unknown = null;
  try {
    querySql(db, sql);
  } catch (e) {
    err = e;
  }
  return err as Error | null;
};

describe('query sql refuses anything but one read-only SELECT/WITH', () => {
  const TRICKY: Array<[string, string, RegExp]> = [
    ['ATTACH', `ATTACH DATABASE '${'{dir}'}/evil.sqlite' AS evil`, /only a single SELECT or WITH statement/],
    ['ATTACH after a SELECT', `SELECT 1; ATTACH DATABASE '{dir}/evil.sqlite' AS evil`, /more than one statement/],
    ['PRAGMA write', 'PRAGMA user_version = 99', /only a single SELECT or WITH statement/],
    ['PRAGMA journal_mode write', 'PRAGMA journal_mode = DELETE', /only a single SELECT or WITH statement/],
    ['a pragma function with an argument', "SELECT * FROM pragma_journal_mode('delete')", /unknown database/],
    ['SELECT then DELETE', 'SELECT 1; DELETE FROM documents', /more than one statement/],
    ['SELECT then DELETE, no spaces', 'SELECT 1;DELETE FROM documents;', /more than one statement/],
    ['a second statement after a comment', 'SELECT 1 -- x\n; DROP TABLE documents', /more than one statement/],
    ['CTE with an INSERT', "WITH x AS (SELECT 1) INSERT INTO import_errors(path, code, reason) SELECT 'a', 'b', 'c' FROM x", /only a single SELECT or WITH statement/],
    ['CTE with a DELETE', 'WITH x AS (SELECT 1) DELETE FROM documents', /only a single SELECT or WITH statement/],
    ['CTE with an UPDATE ... RETURNING', "WITH x AS (SELECT 1) UPDATE documents SET path = 'p' RETURNING id", /only a single SELECT or WITH statement/],
    ['load_extension', "SELECT load_extension('/nonexistent/evil.so')", /not authorized/],
    ['load_extension of libc', "SELECT load_extension('libc.so.6', 'system')", /not authorized/],
    ['fts3_tokenizer pointer', "SELECT fts3_tokenizer('simple', x'4141414141414141')", /fts3tokenize disabled/],
    ['writefile (CLI shell only)', "SELECT writefile('{dir}/pwn', 'x')", /no such function/],
    ['readfile (CLI shell only)', "SELECT readfile('/etc/passwd')", /no such function/],
    ['VACUUM INTO', "VACUUM INTO '{dir}/copy.sqlite'", /only a single SELECT or WITH statement/],
    ['a leading comment hides nothing', '/* SELECT */ DELETE FROM documents', /only a single SELECT or WITH statement/],
    ['DETACH', 'DETACH DATABASE main', /only a single SELECT or WITH statement/],
    ['CREATE TEMP TRIGGER', 'CREATE TEMP TRIGGER t AFTER INSERT ON documents BEGIN DELETE FROM documents; END', /only a single SELECT or WITH statement/],
    ['REPLACE', "REPLACE INTO import_errors(path, code, reason) VALUES ('a','b','c')", /only a single SELECT or WITH statement/],
    ['empty', '   ', /only a single SELECT or WITH statement/],
  ];
  for (const [name, sqlTemplate, why] of TRICKY) {
    it(name, async () => {
      const before = snapshot();
      const err = refused(sqlTemplate.replaceAll('{dir}', dir));
      expect(err).not.toBeNull();
      expect(err!.message).toMatch(why);
      expect(err!.message).not.toContain('\n');
      expect(snapshot()).toEqual(before);
      for (const f of ['evil.sqlite', 'pwn', 'copy.sqlite']) expect(existsSync(join(dir, f))).toBe(false);
    });
  }

  it('still runs plain SELECTs, CTEs (recursive too) and read-only pragma functions', async () => {
    expect(querySql(db, 'SELECT count(*) AS n FROM documents')).toEqual([{ n: 2 }]);
    expect(querySql(db, 'with recursive c(x) as (select 1 union all select x + 1 from c limit 3) select x from c')).toEqual([{ x: 1 }, { x: 2 }, { x: 3 }]);
    expect(querySql(db, 'SELECT user_version AS v FROM pragma_user_version')).toEqual([{ v: LATEST }]);
    expect(querySql(db, 'SELECT 1 AS a;')).toEqual([{ a: 1 }]);
  });

  it('opens the database read-only: even a statement that slipped past the checks could not write', async () => {
    const before = statSync(db).mtimeMs;
    expect(() => withDb(db, (conn) => conn.exec("INSERT INTO import_errors(path, code, reason) VALUES ('a','b','c')"))).toThrow(/readonly/);
    expect(statSync(db).mtimeMs).toBe(before);
  });

  it('never creates a database that does not exist', async () => {
    expect(() => querySql(join(dir, 'nope', 'x.sqlite'), 'SELECT 1')).toThrow();
    expect(() => querySql(join(dir, 'missing.sqlite'), 'SELECT 1')).toThrow();
    expect(existsSync(join(dir, 'missing.sqlite'))).toBe(false);
  });

  it('the CLI wiring: exit 1 and the reason on stderr; nothing written', async () => {
    const before = snapshot();
    const r = await cli(['query', 'sql', 'SELECT 1; DELETE FROM documents', '--db', db]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('ofsted: bad SQL: The supplied SQL string contains more than one statement\n');
    expect(snapshot()).toEqual(before);
  });
});

describe('query sql: time limit and row cap', () => {
  const RUNAWAY = 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) AS n FROM c';

  it('a runaway recursive CTE (no row until it ends) is stopped at the time limit with a clear error', async () => {
    await expect(querySqlLimited(db, RUNAWAY, { timeoutMs: 1000, maxRows: 10 })).rejects.toThrow(/^query stopped after 1 s \(time limit; --timeout to change, 0 for none\)$/);
  });

  it('the CLI: exit 1, one line on stderr, nothing on stdout', async () => {
    const r = await cli(['query', 'sql', RUNAWAY, '--db', db, '--timeout', '1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('ofsted: query stopped after 1 s (time limit; --timeout to change, 0 for none)\n');
  });

  it('an endless stream of rows stops at the row cap, with a note on stderr', async () => {
    const r = await cli(['query', 'sql', 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x FROM c', '--db', db, '--max-rows', '5', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('x\n1\n2\n3\n4\n5\n');
    expect(r.stderr).toBe('note: row cap reached: only the first 5 rows are shown (--max-rows to change)\n');
  });

  it('a result within the cap: every row, no note; refusals keep their reason through the child process', async () => {
    expect(await querySqlLimited(db, 'SELECT count(*) AS n FROM documents', { timeoutMs: 30_000, maxRows: 1 })).toEqual({ rows: [{ n: 2 }], truncated: false });
    expect(await querySqlLimited(db, "SELECT x'00ff' AS b", { timeoutMs: 30_000, maxRows: 1 })).toEqual({ rows: [{ b: Buffer.from([0, 255]) }], truncated: false });
    await expect(querySqlLimited(db, 'SELECT 1; DELETE FROM documents', { timeoutMs: 30_000, maxRows: 1 })).rejects.toThrow(/more than one statement/);
    expect(runSql(db, 'SELECT 1 AS a UNION ALL SELECT 2', 1)).toEqual({ rows: [{ a: 1 }], truncated: true });
  });
});

describe('canned queries bind user values as parameters', () => {
  const INJECT = ["Brent' OR '1'='1", 'x"; DROP TABLE documents; --', "') UNION SELECT sql, 1, 1, 1, 1, 1, 1, 1, 1, 1 FROM sqlite_master --"];
  it('filters with quotes and SQL in them match nothing (an authority that is none: refused) and change nothing', async () => {
    const before = snapshot();
    withDb(db, (conn) => {
      for (const v of INJECT) {
        // --la names an authority: text that names none is a usage error, naming the text (src/query/authority.ts).
        expect(() => queryJudgements(conn, { la: v })).toThrow(/--la: no authority in the register or the database is called/);
        expect(() => queryActions(conn, { la: v, rag: v, overdue: true, asOf: v })).toThrow(/--la: no authority/);
        expect(queryJudgements(conn, { framework: v, area: v, grade: v })).toEqual([]);
        expect(queryJudgements(conn, { search: v })).toEqual([]);
        expect(queryActions(conn, { rag: v, overdue: true, asOf: v })).toEqual([]);
      }
    });
    expect(snapshot()).toEqual(before);
  });

  it('full-text search quotes every word: FTS5 syntax in the search text is just words', async () => {
    withDb(db, (conn) => {
      for (const s of ['NEAR(virtual school)', 'virtual* OR "school', 'text:virtual AND ^school', '{text}: -school']) {
        expect(() => queryRecommendations(conn, { search: s })).not.toThrow();
        expect(() => queryParagraphs(conn, { search: s })).not.toThrow();
      }
      expect(queryRecommendations(conn, { search: 'virtual school' })).toHaveLength(1);
    });
  });

  it('--limit is a validated integer, clamped before it reaches the SQL text', async () => {
    withDb(db, (conn) => {
      expect(queryParagraphs(conn, { limit: 3 })).toHaveLength(3);
      expect(queryParagraphs(conn, { limit: 0 })).toHaveLength(1); // clamped to 1
      // a non-number could only come from a programmatic caller; it is not SQL either
      expect(() => queryParagraphs(conn, { limit: '1; DROP TABLE documents' as unknown as number })).toThrow();
    });
    expect(snapshot().tables).toContainEqual({ name: 'documents' });
    expect((await cli(['query', 'paragraphs', '--limit', '1; DROP TABLE documents', '--db', db])).code).toBe(1);
  });
});
