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
    expect(las(db, 'Yorkshire')).toEqual([]); // whole words from the start only
    expect(las(db, 'Bren')).toEqual([]);
  });

  it('treats LIKE wildcards in the name as text', () => {
    expect(las(db, '50%')).toEqual([]);
    expect(las(db, '50%_off')).toEqual(['50%_off']);
    expect(las(db, '%')).toEqual([]);
    expect(las(db, '_')).toEqual([]);
  });
});
