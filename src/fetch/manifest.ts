/**
 * The manifest of a fetch folder (`<out>/manifest.csv`): one row per publication fetched or tried
 * (authority, code, URN, kind, label, publication date, URL, file, sha256, fetched at, status,
 * reason), keyed by the publication's URL as the site lists it. Written whole to a temporary file
 * and renamed over the old one, so a run killed at any moment leaves the old manifest or the new
 * one, never half of one. `ofsted import` of the folder reads it for each file's publication date.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parse } from 'csv-parse/sync';
import { MANIFEST_NAME, KINDS, type Kind } from './site.js';

/** fetched: the PDF is in the folder; failed: retried by the next run; not_pdf: the site sent something else (an HTML "Report not found"): reported, never imported, tried again only with --recheck. */
export const STATUSES = ['fetched', 'failed', 'not_pdf'] as const;
export type Status = (typeof STATUSES)[number];

export interface ManifestRow {
  authority: string;
  code: string;
  urn: string;
  kind: Kind;
  label: string;
  publication_date: string;
  url: string;
  /** The file, relative to the folder, '/'-separated ('' when none). */
  file: string;
  sha256: string;
  fetched_at: string;
  status: Status;
  reason: string;
}

/** The names the fetcher gives files: `<authority folder>/<YYYY-MM-DD>-<kind>[-n].pdf`. */
export const FILE_NAME = /^[a-z0-9-]{1,60}\/\d{4}-\d{2}-\d{2}-[a-z_]{1,20}(?:-\d{1,3})?\.pdf$/;

export const COLUMNS: ReadonlyArray<keyof ManifestRow> = ['authority', 'code', 'urn', 'kind', 'label', 'publication_date', 'url', 'file', 'sha256', 'fetched_at', 'status', 'reason'];

const quote = (v: string) => {
  // A cell a spreadsheet would read as a formula is written as text.
  const s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export class Manifest {
  readonly path: string;
  private readonly rows = new Map<string, ManifestRow>();

  constructor(readonly dir: string) {
    this.path = join(dir, MANIFEST_NAME);
  }

  /** The folder's manifest (empty when there is none). Throws with the file and the reason when it cannot be read. */
  static load(dir: string): Manifest {
    const m = new Manifest(dir);
    if (!existsSync(m.path)) return m;
    let records: Array<Record<string, string>>;
    try {
      records = parse(readFileSync(m.path, 'utf8'), { columns: true, skip_empty_lines: true, relax_column_count: false });
    } catch (e) {
      throw new Error(`${m.path}: not a manifest this program can read (${(e as Error).message.split('\n')[0]}); move it away to start afresh`);
    }
    for (const r of records) {
      if (!r.url || !STATUSES.includes(r.status as Status) || !KINDS.includes(r.kind as Kind)) continue;
      const row = Object.fromEntries(COLUMNS.map((c) => [c, r[c] ?? ''])) as unknown as ManifestRow;
      // Only a name of the fetcher's own making is trusted: an edited manifest never points outside the folder.
      if (row.file && !FILE_NAME.test(row.file)) Object.assign(row, { file: '', status: 'failed', reason: 'file name in the manifest not of this program\'s making: fetched again' });
      m.rows.set(r.url, row);
    }
    return m;
  }

  get(url: string): ManifestRow | undefined {
    return this.rows.get(url);
  }

  all(): ManifestRow[] {
    return [...this.rows.values()];
  }

  set(row: ManifestRow): void {
    this.rows.set(row.url, row);
  }

  /** Files other publications hold (to keep two publications from sharing one name). */
  filesTakenExcept(url: string): Set<string> {
    return new Set(this.all().filter((r) => r.url !== url && r.file).map((r) => r.file));
  }

  /** Written to a temporary file, then renamed over the manifest. */
  save(): void {
    const rows = this.all().sort((a, b) => a.code.localeCompare(b.code) || a.publication_date.localeCompare(b.publication_date) || a.url.localeCompare(b.url));
    const text = [COLUMNS.join(','), ...rows.map((r) => COLUMNS.map((c) => quote(String(r[c] ?? ''))).join(','))].join('\r\n') + '\r\n';
    const tmp = `${this.path}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, this.path);
  }

  /** A row's file as a path on disk. */
  fileOf(row: ManifestRow): string {
    return join(this.dir, ...row.file.split('/'));
  }
}

/**
 * Publication dates for `ofsted import`: for each input that is a fetch folder (holds a manifest),
 * or a file inside one, the absolute path of each fetched file -> its label's publication date.
 */
export function publicationDatesFromManifests(inputs: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  for (const input of inputs) {
    // A folder, a file in it or below it: look up the folders above for a manifest.
    let dir = resolve(input);
    for (let i = 0; i < 4; i++) {
      if (existsSync(join(dir, MANIFEST_NAME))) {
        if (!seen.has(dir)) {
          seen.add(dir);
          let m: Manifest;
          try {
            m = Manifest.load(dir);
          } catch {
            break;
          }
          for (const r of m.all()) if (r.status === 'fetched' && r.file && r.publication_date) out.set(resolve(m.fileOf(r)), r.publication_date);
        }
        break;
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return out;
}

/** True when `p` lies inside `dir` (after resolving both). */
export function inside(dir: string, p: string): boolean {
  const r = relative(resolve(dir), resolve(p));
  return r !== '' && !r.startsWith('..') && !r.includes(':') && !r.startsWith(sep);
}
