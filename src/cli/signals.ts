/**
 * Ctrl-C / SIGTERM for batch commands: the first signal asks the batch to stop taking new
 * files (the files in flight finish and are written, the database is closed, the summary
 * is printed, exit 130); a second one exits at once (130). Exiting mid-write is safe: each
 * document is one SQLite transaction, rolled back from the WAL on the next open.
 */
export interface StopControl {
  /** The signal that asked to stop, or null. */
  readonly reason: string | null;
  /** Aborted at the first signal, with the signal's name as its reason (for the batch engine). */
  readonly signal: AbortSignal;
  onStop(cb: (signal: string) => void): void;
  dispose(): void;
}

export const EXIT_INTERRUPTED = 130;

export function trapSignals(signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): StopControl {
  let reason: string | null = null;
  const abort = new AbortController();
  const callbacks: Array<(s: string) => void> = [];
  const handler = (sig: NodeJS.Signals) => {
    if (reason) {
      process.stderr.write(`${sig}: aborting now\n`);
      process.exit(EXIT_INTERRUPTED);
    }
    reason = sig;
    abort.abort(sig);
    for (const cb of callbacks) cb(sig);
  };
  for (const s of signals) process.on(s, handler);
  return {
    get reason() {
      return reason;
    },
    signal: abort.signal,
    onStop(cb) {
      callbacks.push(cb);
    },
    dispose() {
      for (const s of signals) process.off(s, handler);
    },
  };
}
