/**
 * `ofsted plan draft`: a plan template answering one report, focused-visit letter or SEND
 * report, as DOCX or XLSX. The document comes from a file (extracted on the spot) or from the
 * database by its id. Nothing is written when the document has nothing to answer.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname } from 'node:path';
import type { OfstedDocument } from '../model/document.js';
import { extractFile } from '../ingest.js';
import { openForQuery } from '../store/open.js';
import { documentJson } from '../query/document-json.js';
import { InputError, reasonOf } from '../util/errors.js';
import { buildDraft, type DraftPlan } from './template.js';
import { draftDocx, draftXlsx } from './write.js';

export { buildDraft, DRAFT_COLUMNS, NothingToDraft, type DraftItem, type DraftPlan } from './template.js';
export { planDueDate, addWorkingDays, type PlanDue } from './due.js';
export { draftDocx, draftXlsx } from './write.js';

export type DraftFormat = 'docx' | 'xlsx';

export interface DraftOptions {
  format?: DraftFormat;
  /** Where to write; default `<document name>-plan-draft.<format>` in the current folder. */
  out?: string;
  /** Database for a document given by id (default out/ofsted.sqlite). */
  db?: string;
}

/**
 * The document to draft for: `{ id }`, a stored document; a string, a file to extract, except all
 * digits: a document id (the CLI's rule, src/cli/options.ts documentArg: a file named only by digits
 * is given with its folder, "./12").
 */
export async function loadDraftSource(source: string | { id: number }, db = 'out/ofsted.sqlite'): Promise<OfstedDocument> {
  const id = typeof source === 'object' ? source.id : /^\d+$/.test(source.trim()) ? Number(source.trim()) : null;
  if (id !== null) {
    if (!existsSync(db)) throw new InputError('no_database', `no database at ${db} to read document ${id} from`);
    const handle = openForQuery(db);
    try {
      const doc = documentJson(handle, id);
      if (!doc) throw new InputError('no_document', `no document with id ${id} in ${db}`);
      return doc;
    } finally {
      handle.close();
    }
  }
  const file = source as string;
  try {
    return await extractFile(file);
  } catch (e) {
    throw new InputError('unreadable', `${file}: ${reasonOf(e)}`);
  }
}

/** The bytes of a draft in a format. */
export async function renderDraft(draft: DraftPlan, format: DraftFormat): Promise<Buffer> {
  return format === 'xlsx' ? draftXlsx(draft) : draftDocx(draft);
}

/** Draft a plan for a document and write it; returns where and what. Throws (writing nothing) when there is nothing to answer. */
export async function draftPlan(source: string | { id: number }, opts: DraftOptions = {}): Promise<{ path: string; draft: DraftPlan }> {
  const format = opts.format ?? 'docx';
  const doc = await loadDraftSource(source, opts.db);
  const draft = buildDraft(doc);
  const bytes = await renderDraft(draft, format);
  const name = basename(doc.source.path, extname(doc.source.path)) || 'document';
  const path = opts.out ?? `${name}-plan-draft.${format}`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return { path, draft };
}
