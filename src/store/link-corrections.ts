/**
 * A plan item's link to a report item, set by a person (a correction of field `link`, issue 29):
 * which report item a link names, found in the database, and the step that puts it in force after
 * the linker has made its own links (Linker.linkPlan, so on every import, --force, and every
 * relinking of the authority).
 *
 * The link is stored by stable keys, not row ids: the report by its bytes (sha256; its path the
 * fallback when no stored document has those bytes, as for the corrections' own documents), the
 * report item by its natural key as the extractor made it (src/store/correction-fields.ts), and
 * its number to show. The linker's link it replaced is kept beside it (`original`, with the report
 * item's row at the last linking, for the tracker's marks). A link whose report item is gone (the
 * report read again without it, or the item removed) is kept, marked orphaned, applied nowhere; the
 * linker's link stands. A link set to none leaves the plan item linked to nothing.
 */
import type { DB } from '../db/types.js';
import { CorrectionTables } from '../db/corrections.js';
import type { OfstedDocument } from '../model/document.js';
import { enc, extractorKeys, type LinkForm } from './correction-fields.js';

/** A report item as a link names it. */
export interface LinkRef {
  report: string;
  path: string | null;
  key: unknown[];
  number: string;
}

type Resolved = { ok: true; value: LinkRef | null } | { ok: false; reason: string; status: 400 | 404 };

/** The stored document a person names: its id (all digits: an id, never a path, as the CLI's documentArg says), its sha256 or its path. */
export function findDocument(db: DB, ref: string | number): number | undefined {
  const t = new CorrectionTables(db);
  const s = String(ref).trim();
  if (/^\d+$/.test(s)) return t.document(Number(s)) ? Number(s) : undefined;
  if (/^[0-9a-f]{64}$/i.test(s)) return t.documentIdBySha(s.toLowerCase());
  return t.documentIdsByPath(s)[0];
}

interface ReportItem {
  row: number;
  ref: LinkRef;
}

/** Report items already read during one pass over a plan's links (a report's JSON is parsed once, not once per link). */
type ItemsRead = Map<number, ReportItem[] | undefined>;

/** The items of a stored report, each with its stable reference; undefined: no such document, or a plan (whose items link to nothing). */
function reportItems(t: CorrectionTables, documentId: number, read?: ItemsRead): ReportItem[] | undefined {
  if (read?.has(documentId)) return read.get(documentId);
  const items = readReportItems(t, documentId);
  read?.set(documentId, items);
  return items;
}

function readReportItems(t: CorrectionTables, documentId: number): ReportItem[] | undefined {
  const d = t.document(documentId);
  if (!d) return undefined;
  const doc = JSON.parse(d.json) as OfstedDocument;
  if (doc.document.kind === 'action_plan' || doc.document.kind === 'progress_report') return undefined;
  const rows = t.rowIds(documentId, 'item');
  const applied = t.ofDocument(d.sha256, d.path).filter((c) => c.state === 'applied' && c.document_id === documentId);
  const keys = extractorKeys(doc, 'item', applied, rows);
  return rows.map((row, i) => ({ row, ref: { report: d.sha256, path: d.path, key: JSON.parse(keys[i]!) as unknown[], number: String(doc.recommendations[i]?.id ?? '') } }));
}

/**
 * The report item a stored link names (its row), if it is still in a stored document. Of a report
 * held in several files (a PDF and its Markdown), the item of the file that stands for the inspection
 * (the one the tracker shows, src/db/inspections.ts), where that file has it.
 */
function locate(t: CorrectionTables, ref: LinkRef, read?: ItemsRead): ReportItem | undefined {
  const id = t.documentIdBySha(ref.report) ?? (ref.path !== null ? t.documentIdsByPath(ref.path)[0] : undefined);
  if (id === undefined) return undefined;
  const key = JSON.stringify(ref.key);
  const find = (doc: number) => reportItems(t, doc, read)?.find((x) => JSON.stringify(x.ref.key) === key);
  const standing = t.standingFile(id);
  return (standing !== undefined ? find(standing) : undefined) ?? find(id);
}

/** The report item a plan item is linked to now (by the linker, or by a person), as a link names it; null: none. */
export function currentLink(db: DB, planItemRow: number, t = new CorrectionTables(db), read?: ItemsRead): (LinkRef & { row: number }) | null {
  const to = t.linkOf(planItemRow);
  const doc = to === undefined ? undefined : t.itemDocument(to);
  const item = doc === undefined ? undefined : reportItems(t, doc, read)?.find((x) => x.row === to);
  return item ? { ...item.ref, row: item.row } : null;
}

const refuse = (reason: string, status: 400 | 404 = 400): Resolved => ({ ok: false, reason, status });

/** One item of a report by its number; a number that is no item's number: a row id (as for a correction's target). */
function byNumber(t: CorrectionTables, reportId: number, number: string): Resolved {
  const items = reportItems(t, reportId);
  if (!items) return refuse(`document ${reportId} is not a report: a plan item links to a report's item`);
  const hits = items.filter((x) => x.ref.number === number);
  if (hits.length > 1) return refuse(`${hits.length} items of report ${reportId} have the number ${number}: name one by its row (item#<row>, the document page shows them)`);
  if (hits[0]) return { ok: true, value: hits[0].ref };
  const row = /^\d+$/.test(number) ? items.find((x) => x.row === Number(number)) : undefined;
  return row ? { ok: true, value: row.ref } : refuse(`report ${reportId} has no item ${JSON.stringify(number)}`, 404);
}

/**
 * The report item a person names for a plan's item: checked to exist in a stored report (refused
 * with the reason otherwise); a number is read in the report the plan answers.
 */
export function resolveLink(db: DB, planId: number, form: LinkForm): Resolved {
  const t = new CorrectionTables(db);
  if (form === null) return { ok: true, value: null };
  if ('row' in form) {
    const doc = t.itemDocument(form.row);
    const item = doc === undefined ? undefined : reportItems(t, doc)?.find((x) => x.row === form.row);
    return item ? { ok: true, value: item.ref } : refuse(`no report item has the row ${form.row}`, 404);
  }
  if ('key' in form) {
    const item = locate(t, { report: form.report, path: form.path, key: form.key, number: form.number });
    return item ? { ok: true, value: item.ref } : refuse(`the report item ${JSON.stringify(form.key)} of ${form.path ?? form.report} is not in a stored report`, 404);
  }
  if ('item' in form) {
    const id = findDocument(db, form.report);
    return id === undefined ? refuse(`no stored document is ${JSON.stringify(form.report)} (give its id, sha256 or path)`, 404) : byNumber(t, id, form.item);
  }
  const answered = t.answeredReport(planId);
  if (answered === undefined) return refuse(`the plan is linked to no report: name the report item by its row (item#<row>) or as {"report": <document>, "item": "${form.number}"}`);
  return byNumber(t, answered, form.number);
}

/**
 * The plans with a link a person set to an item of this report: after the report is written again
 * (its item rows remade, the links to them gone with them) or an item of it removed, each must be
 * linked again, whatever authority the plan is filed under.
 */
export function plansLinkingTo(db: DB, reportId: number, t = new CorrectionTables(db)): number[] {
  const d = t.document(reportId);
  return d ? t.plansLinkingTo(d.sha256, d.path).filter((id) => id !== reportId) : [];
}

/**
 * The links people set on a plan's items, put in force: run by the linker after it made the plan's
 * own links (so the linker's link each replaces is the one just made, kept as `original`). A link
 * whose report item is gone is orphaned (the linker's link stands); found again later, applied again.
 */
export function applyLinkCorrections(db: DB, planId: number, now = new Date().toISOString(), t = new CorrectionTables(db)): void {
  const read: ItemsRead = new Map();
  for (const c of t.linkCorrections(planId)) {
    // Its plan item removed by another correction of the same load: gone, as any correction whose target is.
    if (t.itemDocument(c.row_id!) !== planId) {
      t.markOrphaned(c.id, planId);
      continue;
    }
    const linker = currentLink(db, c.row_id!, t, read);
    const value = JSON.parse(c.value) as LinkRef | null;
    const to = value === null ? null : (locate(t, value, read)?.row ?? undefined);
    if (to === undefined) {
      t.markLinkOrphaned(c.id);
      continue;
    }
    t.setLink(c.row_id!, to);
    t.markLinkApplied(c.id, enc(linker), now);
  }
}
