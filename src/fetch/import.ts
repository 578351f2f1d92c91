/**
 * Fetched files into the database: the import pipeline (src/pipeline/import.ts) run over the files
 * of the manifest, each with its label's publication date, source `ofsted_listing`.
 */
import { runImport, type ImportOptions, type ImportSummary } from '../pipeline/import.js';
import { DEFAULT_LIMITS } from '../readers/limits.js';
import type { FetchSummary } from './run.js';

export { publicationDatesFromManifests } from './manifest.js';

export type FetchImportOptions = Pick<ImportOptions, 'db' | 'jobs' | 'signal' | 'onEvent'> & Partial<ImportOptions>;

/** Publication dates by absolute path -> the import's given dates, source `ofsted_listing`. */
export function listingDates(files: Map<string, string>): NonNullable<ImportOptions['published']> {
  return new Map([...files].map(([path, date]) => [path, { date, source: 'ofsted_listing' as const }]));
}

/** Every fetched file of the authorities the run read (already loaded files are skipped by their sha256, their date kept current). */
export function importFetched(summary: Pick<FetchSummary, 'files'>, opts: FetchImportOptions): Promise<ImportSummary> {
  return runImport([...summary.files.keys()], {
    strict: false,
    force: false,
    limits: DEFAULT_LIMITS,
    ...opts,
    published: listingDates(summary.files),
  });
}
