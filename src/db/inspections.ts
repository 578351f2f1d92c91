/**
 * One inspection, one document: which stored documents are another file of an inspection already
 * held. The storage layer's linker links plans to the file that stands for an inspection, and the
 * query layer counts each inspection once (src/query/rules.ts oneInspection), from this one rule.
 */
import { PUBLICATION_SOURCES } from '../model/document.js';

/** The order in which the files of one inspection stand for it (first stands): best-known publication date, Ofsted's PDF, path, bytes. */
const standing = (d: string) =>
  `(CASE ${d}.publication_date_source ${PUBLICATION_SOURCES.map((x, i) => `WHEN '${x}' THEN ${i}`).join(' ')} ELSE ${PUBLICATION_SOURCES.length} END, ${d}.format <> 'pdf', ${d}.path, ${d}.sha256)`;

/**
 * `d` (a documents row, by its alias) is another file of an inspection already held: an inspection
 * report with the same authority (its key: the register's code, else the stored name), framework and
 * inspection dates as a document that stands for it (a PDF and its Markdown). The one that stands is
 * the one whose publication date is best known (PUBLICATION_SOURCES order: the listing first, none
 * last), else Ofsted's own PDF, else the first by path and bytes (sha256 is unique): the same whatever
 * order the files were imported in (links and counts do not depend on it). Documents without an
 * authority or without inspection dates (plans, papers) are never another file of anything.
 *
 * A test of one row (an index search of documents_facts for the few files of the same authority and
 * kind); queries use it through OTHER_FILES_SQL (rules.ts oneInspection), which tests only the files
 * of inspections held more than once. Plain SQL that PostgreSQL reads too (the published views use it).
 */
export const isOtherFile = (d: string): string => {
  const key = `coalesce(${d}.local_authority_code, ${d}.local_authority)`;
  return `(${d}.kind = 'inspection_report' AND (${d}.inspection_start IS NOT NULL OR ${d}.inspection_end IS NOT NULL)
  AND EXISTS (SELECT 1 FROM documents same_inspection WHERE same_inspection.kind = 'inspection_report'
    AND (same_inspection.local_authority_code = ${key} OR (same_inspection.local_authority_code IS NULL AND same_inspection.local_authority = ${key}))
    AND same_inspection.framework IS NOT DISTINCT FROM ${d}.framework
    AND same_inspection.inspection_start IS NOT DISTINCT FROM ${d}.inspection_start
    AND same_inspection.inspection_end IS NOT DISTINCT FROM ${d}.inspection_end
    AND ${standing('same_inspection')} < ${standing(d)}))`;
};

/**
 * The ids of the documents that are another file of an inspection held (isOtherFile), as a subquery
 * that SQLite computes once per statement: the inspections held in more than one file are found first
 * (grouped on the covering index documents_facts, no row read), and only their files are tested. So a
 * count over the whole archive does not test every row (~3 ms at 5,184 documents, where ranking every
 * report's files took ~10 ms and testing every row ~30 ms), and neither does a page of one authority.
 */
export const OTHER_FILES_SQL = `SELECT other_file.id FROM (
  SELECT candidate.* FROM (
      SELECT coalesce(local_authority_code, local_authority) AS k, framework AS f, inspection_start AS s, inspection_end AS e FROM documents
      WHERE kind = 'inspection_report' AND coalesce(local_authority_code, local_authority) IS NOT NULL AND (inspection_start IS NOT NULL OR inspection_end IS NOT NULL)
      GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) held_twice
    JOIN documents candidate ON candidate.kind = 'inspection_report'
      AND (candidate.local_authority_code = held_twice.k OR (candidate.local_authority_code IS NULL AND candidate.local_authority = held_twice.k))
      AND candidate.framework IS NOT DISTINCT FROM held_twice.f AND candidate.inspection_start IS NOT DISTINCT FROM held_twice.s
      AND candidate.inspection_end IS NOT DISTINCT FROM held_twice.e) other_file
  WHERE ${isOtherFile('other_file')}`;

/**
 * The file that stands for the inspection a document is another file of (its one parameter: the
 * document id); no row for a document that stands for itself or is not a file of an inspection.
 */
export const STANDING_FILE_SQL = `SELECT s.id FROM documents s JOIN documents o ON o.id = ?
WHERE ${isOtherFile('o')} AND NOT ${isOtherFile('s')}
  AND s.kind = o.kind AND coalesce(s.local_authority_code, s.local_authority) = coalesce(o.local_authority_code, o.local_authority)
  AND s.framework IS NOT DISTINCT FROM o.framework AND s.inspection_start IS NOT DISTINCT FROM o.inspection_start
  AND s.inspection_end IS NOT DISTINCT FROM o.inspection_end`;
