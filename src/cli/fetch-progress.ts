/**
 * `ofsted fetch` progress on stderr, as `import`'s (progress.ts): a bar on a terminal (pages read,
 * then files downloaded), NDJSON events otherwise (the FetchEvent objects of src/fetch/run.ts, one
 * per line), nothing with `quiet`. A failed authority or file is always also printed as one plain line.
 */
import cliProgress from 'cli-progress';
import type { FetchEvent, FetchSummary } from '../fetch/run.js';
import { oneLine } from './progress.js';

export function fetchProgress(opts: { quiet?: boolean; stream?: NodeJS.WriteStream; tty?: boolean } = {}): (e: FetchEvent) => void {
  const stream = opts.stream ?? process.stderr;
  const tty = opts.tty ?? Boolean(stream.isTTY);
  const failureLine = (e: FetchEvent): string | null => {
    if (e.event === 'authority' && e.status === 'failed') return `${e.name}${e.code ? ` (${e.code})` : ''}: ${e.reason}\n`;
    if (e.event === 'file' && (e.status === 'failed' || e.status === 'not_pdf')) return `${e.name} ${e.date} ${e.kind} ${oneLine(e.url)}: ${e.reason}\n`;
    return null;
  };
  if (opts.quiet) {
    return (e) => {
      const f = failureLine(e);
      if (f) stream.write(f);
    };
  }
  if (!tty) {
    return (e) => {
      const f = failureLine(e);
      if (f) stream.write(f);
      stream.write(JSON.stringify(e) + '\n');
    };
  }
  const multi = new cliProgress.MultiBar(
    { stream, format: ' {bar} {value}/{total} {what} | {note}', barsize: 20, hideCursor: true, clearOnComplete: false, stopOnComplete: false, gracefulExit: false, fps: 5 },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  let done = 0;
  return (e) => {
    const f = failureLine(e);
    if (f) multi.log(f);
    if (e.event === 'start') {
      bar?.update(done);
      done = 0;
      bar = multi.create(e.total, 0, { what: e.phase === 'pages' ? 'provider pages' : 'new files', note: '' });
    } else if (e.event === 'authority') bar?.update(++done, { note: e.name });
    else if (e.event === 'file') bar?.update(++done, { note: `${e.name} ${e.date} ${e.kind}` });
    else if (e.event === 'retry') bar?.update(done, { note: `retry ${e.attempt} in ${(e.waitMs / 1000).toFixed(1)} s: ${e.reason}` });
    else if (e.event === 'stopping') multi.log(`${e.reason}: stopping after the file in flight (again to abort)\n`);
    else if (e.event === 'end') multi.stop();
  };
}

/** The fetch summary as the CLI prints it on stdout. */
export function formatFetchSummary(s: FetchSummary): string {
  const lines: string[] = [];
  if (s.dryRun) {
    lines.push(`Would fetch from ${s.site} into ${s.out} (dry run: nothing written)`);
    lines.push(`  authorities read: ${s.authorities}  failed: ${s.failedAuthorities.length}  publications of the kinds asked: ${s.listed}  already had: ${s.known}  new: ${s.planned.length}`);
    for (const p of s.planned) lines.push(`  ${p.authority} (${p.code})  ${p.publication_date}  ${p.kind}  ${p.url}  -> ${p.file}`);
  } else {
    lines.push(`Fetched from ${s.site} into ${s.out}${s.interrupted ? ` (stopped by ${s.interrupted}; run again to finish)` : ''}`);
    lines.push(
      `  authorities read: ${s.authorities}  failed: ${s.failedAuthorities.length}  publications of the kinds asked: ${s.listed}  already had: ${s.known}${s.knownNotPdf ? ` (of which not PDFs on the site: ${s.knownNotPdf}, not tried again without --recheck)` : ''}`,
    );
    lines.push(`  new: fetched ${s.fetched.length}  failed ${s.failed.length}  not a PDF ${s.notPdf.length}  requests: ${s.requests}  time: ${s.seconds.toFixed(1)} s  manifest: ${s.manifest}`);
    if (s.fetched.length) {
      lines.push('New:');
      for (const r of s.fetched) lines.push(`  ${r.authority} (${r.code})  ${r.publication_date}  ${r.kind}  ${r.file}`);
    }
  }
  if (s.unregistered.length) lines.push(`Providers on the listing not in the register (passed over): ${s.unregistered.map((u) => `${u.name || '?'} (URN ${u.urn})`).join(', ')}`);
  if (s.failedAuthorities.length) {
    lines.push('Authorities failed:');
    for (const f of s.failedAuthorities) lines.push(`  ${f.name}${f.code ? ` (${f.code})` : ''}: ${f.reason}`);
  }
  const bad = [...s.failed, ...s.notPdf];
  if (bad.length) {
    lines.push('Files failed (retried by the next run; not PDFs only with --recheck):');
    for (const r of bad) lines.push(`  ${r.authority} (${r.code})  ${r.publication_date}  ${r.kind}  ${oneLine(r.url)}: ${r.reason}`);
  }
  return lines.join('\n');
}
