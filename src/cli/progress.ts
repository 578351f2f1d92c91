/**
 * Progress for batch commands, on stderr (stdout is for results):
 * - stderr a terminal: a cli-progress bar with files done/total, pages/s and ETA;
 * - otherwise: NDJSON events, one JSON object per line:
 *     {"event":"start","total":10,"jobs":2}
 *     {"event":"file","path":"a.pdf","status":"loaded","pages":12,"ms":812,"timing":{"readMs":1,...},"done":3,"total":10}
 *   (`timing`: where the file's time went, see Timing in batch.ts; milliseconds)
 *     {"event":"file","path":"b.pdf","status":"failed","reason":"...","done":4,"total":10}
 *     {"event":"stopping","signal":"SIGINT","inFlight":2}
 *     {"event":"end","done":10,"total":10,"pages":120,"seconds":9.1}
 * - `quiet`: neither.
 * A failed file is always also printed as the plain line `<path>: <reason>`.
 */
import cliProgress from 'cli-progress';
import type { Timing } from '../pipeline/batch.js';
import type { BatchEvent, FileEvent } from '../pipeline/run.js';
import type { ImportSummary } from '../pipeline/import.js';

export type { FileEvent, FileStatus } from '../pipeline/run.js';

const rounded = (t: Timing | undefined) =>
  t && Object.fromEntries(Object.entries(t).flatMap(([k, v]) => (typeof v === 'number' ? [[k, Math.round(v * 10) / 10]] : [])));

export interface Progress {
  start(total: number, jobs: number): void;
  file(ev: FileEvent): void;
  stopping(signal: string, inFlight: number): void;
  end(): void;
}

/** The batch engine's events rendered by a progress reporter. */
export function renderEvents(progress: Progress): (e: BatchEvent) => void {
  return (e) => {
    if (e.event === 'start') progress.start(e.total, e.jobs);
    else if (e.event === 'file') {
      const { event: _e, ...ev } = e;
      progress.file(ev);
    } else if (e.event === 'stopping') progress.stopping(e.reason, e.inFlight);
    else progress.end();
  };
}

/** A path on one line, whatever characters its name holds. */
export function oneLine(s: string): string {
  return /[\n\r\t]/.test(s) ? JSON.stringify(s) : s;
}

/** Progress on stderr: nothing but failures (`quiet`), a bar (a terminal), or NDJSON events (otherwise). */
export function createProgress(opts: { quiet?: boolean; stream?: NodeJS.WriteStream; tty?: boolean } = {}): Progress {
  const stream = opts.stream ?? process.stderr;
  const tty = opts.tty ?? Boolean(stream.isTTY);
  if (opts.quiet) return quietProgress(stream);
  if (!tty) return ndjsonProgress(stream);
  return barProgress(stream);
}

const failureLine = (ev: FileEvent) => `${oneLine(ev.path)}: ${ev.reason ?? 'failed'}\n`;
const stoppingLine = (signal: string, inFlight: number) => `${signal}: stopping after ${inFlight} file${inFlight === 1 ? '' : 's'} in flight (again to abort)\n`;

/** Files done and pages read of a batch, and its time since `start`. */
class Counts {
  total = 0;
  done = 0;
  pages = 0;
  private t0 = performance.now();
  start(total: number): void {
    this.total = total;
    this.t0 = performance.now();
  }
  file(ev: FileEvent): void {
    this.done++;
    this.pages += ev.pages ?? 0;
  }
  elapsed(): number {
    return (performance.now() - this.t0) / 1000;
  }
}

/** `quiet`: only the failures and the stopping line. */
function quietProgress(stream: NodeJS.WriteStream): Progress {
  return {
    start() {},
    file(ev) {
      if (ev.status === 'failed') stream.write(failureLine(ev));
    },
    stopping(signal, inFlight) {
      stream.write(stoppingLine(signal, inFlight));
    },
    end() {},
  };
}

/** Not a terminal: one JSON event per line (and each failure as its plain line too). */
function ndjsonProgress(stream: NodeJS.WriteStream): Progress {
  const n = new Counts();
  const emit = (o: Record<string, unknown>) => stream.write(JSON.stringify(o) + '\n');
  return {
    start(total, jobs) {
      n.start(total);
      emit({ event: 'start', total, jobs });
    },
    file(ev) {
      n.file(ev);
      if (ev.status === 'failed') stream.write(failureLine(ev));
      emit({ event: 'file', path: ev.path, status: ev.status, pages: ev.pages ?? null, ms: ev.ms === undefined ? undefined : Math.round(ev.ms), timing: rounded(ev.timing), reason: ev.reason, done: n.done, total: n.total });
    },
    stopping(signal, inFlight) {
      emit({ event: 'stopping', signal, inFlight });
    },
    end() {
      emit({ event: 'end', done: n.done, total: n.total, pages: n.pages, seconds: Number(n.elapsed().toFixed(3)) });
    },
  };
}

/** A terminal: a cli-progress bar with files done/total, pages/s and ETA; failures logged above it. */
function barProgress(stream: NodeJS.WriteStream): Progress {
  const n = new Counts();
  const multi = new cliProgress.MultiBar(
    {
      stream,
      format: ' {bar} {value}/{total} files | {pages} pages | {pps} pages/s | ETA {eta_formatted} | {failed} failed',
      barsize: 20,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      gracefulExit: false,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  let failed = 0;
  const payload = () => ({ pages: n.pages, pps: n.elapsed() > 0 ? (n.pages / n.elapsed()).toFixed(1) : '0.0', failed });
  return {
    start(total) {
      n.start(total);
      bar = multi.create(n.total, 0, payload());
    },
    file(ev) {
      n.file(ev);
      if (ev.status === 'failed') {
        failed++;
        multi.log(failureLine(ev));
      }
      bar?.update(n.done, payload());
    },
    stopping(signal, inFlight) {
      multi.log(stoppingLine(signal, inFlight));
    },
    end() {
      bar?.update(n.done, payload());
      multi.stop();
    },
  };
}

/** The import summary as the CLI prints it on stdout. */
export function formatSummary(s: ImportSummary, dbPath: string): string {
  const lines = [
    `Imported into ${dbPath}${s.interrupted ? ` (stopped by ${s.interrupted}: ${s.notStarted} file${s.notStarted === 1 ? '' : 's'} not started; run again to finish)` : ''}`,
    `  files: ${s.files}  loaded: ${s.loaded}  replaced: ${s.replaced}  unchanged: ${s.unchanged} (skipped unparsed: ${s.skipped})${s.datesUpdated ? `  publication dates updated: ${s.datesUpdated}` : ''}  failed: ${s.failed.length}`,
    `  pages: ${s.pages}  time: ${s.seconds.toFixed(2)} s${s.pages && s.seconds ? `  (${(s.pages / s.seconds).toFixed(1)} pages/s)` : ''}  jobs: ${s.jobs}`,
    `Database now holds:`,
    `  documents: ${Object.entries(s.documents).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`,
    `  judgements: ${s.totals.judgements}  recommendations: ${s.totals.recommendations}  paragraphs: ${s.totals.paragraphs}  actions: ${s.totals.actions}  warnings: ${s.totals.warnings}  plan->report links: ${s.totals.recommendationLinks}`,
  ];
  if (s.failed.length) {
    lines.push('Failed:');
    for (const f of s.failed) lines.push(`  ${oneLine(f.path)}: ${f.reason}`);
  }
  return lines.join('\n');
}
