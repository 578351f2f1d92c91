/**
 * One inspection, one document: which stored documents are another file of an inspection already
 * held. The storage layer's linker links plans to the file that stands for an inspection, and the
 * query layer counts each inspection once (src/query/rules.ts oneInspection), from this one rule.
 */
import { PUBLICATION_SOURCES } from '../model/document.js';

/**
 * The documents that are another file of an inspection already held: the same kind, authority,
 * framework and inspection dates as a document that stands for it (a PDF and its Markdown). The one
 * that stands is the one whose publication date is best known (PUBLICATION_SOURCES order: the listing
 * first, none last), else Ofsted's own PDF, else the first by path and bytes: the same whatever order
 * the files were imported in (links and counts do not depend on it). Documents without an
 * authority or without inspection dates (plans, papers) are never another file of anything.
 */
const sourceRank = (d: string) => `CASE ${d}.publication_date_source ${PUBLICATION_SOURCES.map((x, i) => `WHEN '${x}' THEN ${i}`).join(' ')} ELSE ${PUBLICATION_SOURCES.length} END`;
/** What makes two documents files of one inspection (the partition of OTHER_FILES_SQL). */
const sameInspection = (d: string) => [`${d}.kind`, `coalesce(${d}.local_authority_code, ${d}.local_authority)`, `${d}.framework`, `${d}.inspection_start`, `${d}.inspection_end`];
export const OTHER_FILES_SQL = `SELECT id FROM (
  SELECT d.id, row_number() OVER (
    PARTITION BY ${sameInspection('d').join(', ')}
    ORDER BY ${sourceRank('d')}, d.format = 'pdf' DESC, d.path, d.sha256) AS n
  FROM documents d
  WHERE d.kind = 'inspection_report' AND coalesce(d.local_authority_code, d.local_authority) IS NOT NULL AND (d.inspection_start IS NOT NULL OR d.inspection_end IS NOT NULL))
WHERE n > 1`;

/**
 * The file that stands for the inspection a document is another file of (its one parameter: the
 * document id); no row for a document that stands for itself or is not a file of an inspection.
 */
export const STANDING_FILE_SQL = `SELECT s.id FROM documents s JOIN documents o ON o.id = ?
WHERE o.id IN (${OTHER_FILES_SQL}) AND s.id NOT IN (${OTHER_FILES_SQL}) AND ${sameInspection('s')
  .map((x, i) => `${x} IS ${sameInspection('o')[i]}`)
  .join(' AND ')}`;
