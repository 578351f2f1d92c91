/**
 * The library: the one public surface of `ofsted-ingest`. The CLI (`src/cli.ts`) and the
 * web app (`src/web/`) are thin layers over these functions.
 *
 *   import { extractFile, importFiles, openDatabase } from 'ofsted-ingest';
 */
import { availableParallelism } from 'node:os';
import { DEFAULT_LIMITS, type Limits } from './readers/limits.js';
import { runImport, type ImportOptions, type ImportSummary } from './pipeline/import.js';
import type { ExportOptions, ExportResult } from './export/workbook.js';

export type { ExportOptions, ExportResult };
export type { FetchEvent, FetchOptions, FetchSummary } from './fetch/run.js';
import type { FetchOptions, FetchSummary } from './fetch/run.js';

export { extractFile, extractBytes, sha256 } from './ingest.js';
export { openDatabase, openForQuery } from './store/open.js';
export { openReadOnly } from './db/database.js';
export type { DB } from './db/types.js';
export { validateDocument, validateJson, type Issue, type ValidationResult } from './validate/semantic.js';
/**
 * extractFiles runs a batch, not one file after another: an async generator of one result per
 * file (in the order they finish) over a pool of worker threads, with the per-file time limit and
 * caps; nothing is written. `extractBatch` is the same function under the name that says so.
 */
export { runBatch as extractFiles, runBatch as extractBatch, type RunOptions as ExtractFilesOptions } from './pipeline/pool.js';
export type { FileResult } from './pipeline/batch.js';
export type { BatchEvent, FileEvent, ImportOptions, ImportSummary } from './pipeline/import.js';
export type { GivenPublication, PublishedDates } from './store/publication.js';
export { DEFAULT_LIMITS, type Limits } from './readers/limits.js';
export { InputError } from './util/errors.js';
export { publish, formatPublish, type PublishOptions, type PublishResult } from './publish/publish.js';
export {
  draftPlan,
  buildDraft,
  renderDraft,
  loadDraftSource,
  planDueDate,
  addWorkingDays,
  NothingToDraft,
  DRAFT_COLUMNS,
  type DraftFormat,
  type DraftOptions,
  type DraftPlan,
  type DraftItem,
  type PlanDue,
} from './draft/index.js';
export { createApp, startServer, type ServeOptions, type RunningServer } from './web/server.js';
export {
  AREAS,
  DocumentSchema,
  FRAMEWORKS,
  GRADES,
  KINDS,
  RAGS,
  DOCUMENT_VERSION,
  SCHEMA_VERSION,
  type Action,
  type Area,
  type DocumentInfo,
  type Framework,
  type Grade,
  type Judgement,
  type Loc,
  type OfstedDocument,
  type Paragraph,
  type Rag,
  type Recommendation,
  type Source,
  type Warning,
} from './model/document.js';

/**
 * Extract, validate and load files (directories are walked for .pdf/.docx/.xlsx/.md; globs are
 * expanded) into the SQLite database at `db`, in a pool of worker threads. Never throws
 * for a bad file: failures are listed in the summary (and stored in `import_errors`).
 * Defaults: one worker per core, default caps, 60 s per file, no progress output.
 */
export function importFiles(inputs: string[], options: Partial<ImportOptions> & { db: string }): Promise<ImportSummary> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  return runImport(inputs, {
    jobs: availableParallelism(),
    strict: false,
    force: false,
    ...options,
    limits,
  });
}

/**
 * `ofsted fetch` as a function: new publications of the authorities (register rows; none: every
 * authority on the listing) downloaded from Ofsted's site into `out` with its manifest (docs/fetch.md).
 * Never throws for a page or a file: failures are in the summary. Import them with `importFiles`
 * and the summary's `files` as `published` dates (source `ofsted_listing`).
 */
export async function fetchReports(options: FetchOptions = {}): Promise<FetchSummary> {
  const { runFetch } = await import('./fetch/run.js');
  return runFetch(options);
}

/** Write the database as an xlsx workbook or a folder of CSV files (exceljs is loaded on first use). */
export async function exportWorkbook(options: ExportOptions): Promise<ExportResult> {
  const { exportWorkbook: run } = await import('./export/workbook.js');
  return run(options);
}
