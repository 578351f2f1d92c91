import { openDatabase } from '../db/database.js';
import { Loader } from '../db/loader.js';
import { validateDocument } from '../validate/semantic.js';
import type { Limits } from '../readers/limits.js';
import { expandInputs } from './files.js';
import { extractSequential } from './batch.js';
import { log } from '../util/log.js';

export interface ImportOptions {
  db: string;
  jobs: number;
  strict: boolean;
  force: boolean;
  limits: Limits;
}

export interface ImportSummary {
  files: number;
  loaded: number;
  replaced: number;
  unchanged: number;
  failed: Array<{ path: string; reason: string }>;
  pages: number;
  seconds: number;
  documents: Record<string, number>;
  totals: { judgements: number; recommendations: number; paragraphs: number; actions: number; warnings: number };
}

/** Extract, validate and load. One transaction per document; one bad file never stops the batch. */
export async function runImport(inputs: string[], opts: ImportOptions): Promise<ImportSummary> {
  const t0 = performance.now();
  const { files, problems } = await expandInputs(inputs);
  const db = openDatabase(opts.db);
  const loader = new Loader(db);
  const summary: ImportSummary = {
    files: files.length,
    loaded: 0,
    replaced: 0,
    unchanged: 0,
    failed: [],
    pages: 0,
    seconds: 0,
    documents: {},
    totals: { judgements: 0, recommendations: 0, paragraphs: 0, actions: 0, warnings: 0 },
  };
  const fail = (path: string, code: string, reason: string, sha: string | null) => {
    summary.failed.push({ path, reason });
    loader.recordError(path, sha, code, reason);
    process.stderr.write(`${oneLine(path)}: ${reason}\n`);
  };
  for (const p of problems) fail(p.path, 'input', p.reason, null);

  try {
    for await (const r of extractSequential(files, { limits: opts.limits, skip: opts.force ? undefined : (sha) => loader.has(sha) })) {
      if (r.ok === 'skipped') {
        summary.unchanged++;
        continue;
      }
      if (r.ok === false) {
        fail(r.path, r.code, r.reason, r.sha256);
        continue;
      }
      const issues = validateDocument(r.doc);
      const errors = issues.filter((i) => i.severity === 'error');
      if (opts.strict && errors.length) {
        fail(r.path, 'validation', `refused by --strict: ${errors.length} validation error${errors.length > 1 ? 's' : ''} (first: ${errors[0]!.message})`, r.doc.source.sha256);
        continue;
      }
      try {
        const outcome = loader.load(r.doc, issues, { force: opts.force });
        if (outcome === 'unchanged') summary.unchanged++;
        else if (outcome === 'replaced') summary.replaced++;
        else summary.loaded++;
        summary.pages += r.doc.source.pages ?? 0;
        log.info({ path: r.path, outcome, ms: Math.round(r.ms) }, 'loaded');
      } catch (e) {
        fail(r.path, 'load_failed', `database write failed: ${(e as Error).message}`, r.doc.source.sha256);
      }
    }
    for (const row of db.prepare('SELECT kind, count(*) n FROM documents GROUP BY kind ORDER BY kind').all() as Array<{ kind: string; n: number }>) {
      summary.documents[row.kind] = row.n;
    }
    const count = (t: string) => (db.prepare(`SELECT count(*) n FROM ${t}`).get() as { n: number }).n;
    summary.totals = {
      judgements: count('judgements'),
      recommendations: count('recommendations'),
      paragraphs: count('paragraphs'),
      actions: count('actions'),
      warnings: count('warnings'),
    };
  } finally {
    db.close();
  }
  summary.seconds = (performance.now() - t0) / 1000;
  return summary;
}

/** A path on one line, whatever characters its name holds. */
export function oneLine(s: string): string {
  return /[\n\r\t]/.test(s) ? JSON.stringify(s) : s;
}

export function formatSummary(s: ImportSummary, dbPath: string): string {
  const lines = [
    `Imported into ${dbPath}`,
    `  files: ${s.files}  loaded: ${s.loaded}  replaced: ${s.replaced}  unchanged: ${s.unchanged}  failed: ${s.failed.length}`,
    `  pages: ${s.pages}  time: ${s.seconds.toFixed(2)} s${s.pages && s.seconds ? `  (${(s.pages / s.seconds).toFixed(1)} pages/s)` : ''}`,
    `Database now holds:`,
    `  documents: ${Object.entries(s.documents).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  judgements: ${s.totals.judgements}  recommendations: ${s.totals.recommendations}  paragraphs: ${s.totals.paragraphs}  actions: ${s.totals.actions}  warnings: ${s.totals.warnings}`,
  ];
  if (s.failed.length) {
    lines.push('Failed:');
    for (const f of s.failed) lines.push(`  ${oneLine(f.path)}: ${f.reason}`);
  }
  return lines.join('\n');
}
