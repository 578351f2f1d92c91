import { describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/open.js';
import { queryJudgements } from '../src/query/canned-queries.js';

function dbWith(las: string[]) {
  const db = openDatabase(':memory:');
  const doc = db.prepare(
    `INSERT INTO documents (sha256, path, format, bytes, kind, local_authority, schema_version, imported_at, json)
     VALUES (?, ?, 'pdf', 1, 'inspection_report', ?, '1', 'now', '{}')`,
  );
  const j = db.prepare(`INSERT INTO judgements (document_id, area, label, grade) VALUES (?, 'overall_effectiveness', 'Overall effectiveness', 'good')`);
  las.forEach((la, i) => j.run(doc.run(String(i).padStart(64, '0'), `${i}.pdf`, la).lastInsertRowid));
  return db;
}
const las = (db: ReturnType<typeof dbWith>, la: string) => queryJudgements(db, { la }).map((r) => r.la);

describe('query --la', () => {
  const db = dbWith(['Newcastle', 'Newcastle upon Tyne', 'East Riding of Yorkshire', 'North Yorkshire', 'Brent', '50%_off']);

  it('matches any case, and the authority named shorter or longer on whole words', () => {
    expect(las(db, 'BRENT')).toEqual(['Brent']);
    expect(las(db, 'Newcastle upon Tyne').sort()).toEqual(['Newcastle', 'Newcastle upon Tyne']);
    expect(las(db, 'Newcastle').sort()).toEqual(['Newcastle', 'Newcastle upon Tyne']);
    expect(las(db, 'East Riding')).toEqual(['East Riding of Yorkshire']);
    // Whole words from the start only; a name of none is refused (src/query/authority.ts).
    expect(() => las(db, 'Yorkshire')).toThrow('--la: no authority in the register or the database is called "Yorkshire"');
    expect(() => las(db, 'Bren')).toThrow('--la: no authority in the register or the database is called "Bren"');
  });

  it('reads a name as words: LIKE wildcards are punctuation, never patterns', () => {
    expect(las(db, '50%_off')).toEqual(['50%_off']);
    expect(las(db, '50 off')).toEqual(['50%_off']);
    expect(las(db, '50%')).toEqual(['50%_off']); // "50", its first word
    expect(() => las(db, '%')).toThrow('--la: "%" has no words to name an authority by');
    expect(() => las(db, '_')).toThrow('--la: "_" has no words to name an authority by');
  });
});
