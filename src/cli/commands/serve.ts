import type { Command } from 'commander';
import { asOfDate } from '../../query/rules.js';
import { InputError, reasonOf } from '../../util/errors.js';
import { DEFAULT_DB, portNumber } from '../options.js';
import { availableParallelism } from 'node:os';

/** Default --workers: one per core, 2 to 4 (0 on a single core, where threads gain nothing). */
const defaultWorkers = () => (availableParallelism() < 2 ? 0 : Math.min(4, availableParallelism()));

function workerCount(v: string): number {
  if (!/^\d{1,2}$/.test(v) || Number(v) > 32) throw new InputError('usage', '--workers must be a number from 0 to 32');
  return Number(v);
}

/** `ofsted serve`: the read-only web app (src/web/), until SIGINT or SIGTERM. */
export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('read-only web app over the database (overview, authorities, search, documents, JSON API under /api/)')
    .option('--db <path>', 'database file (opened read-only)', DEFAULT_DB)
    .option('--port <n>', 'port (0: any free port)', portNumber, 8080)
    .option('--host <host>', 'address to bind (127.0.0.1: this machine only)', '127.0.0.1')
    .option('--as-of <date>', 'date for "overdue" (YYYY-MM-DD, default today; a page takes ?as_of= too)')
    .option('--workers <n>', 'threads answering requests, each with its own read-only connection (0: the main thread)', (v) => workerCount(v), defaultWorkers())
    .action(async (o) => {
      if (o.asOf) asOfDate(o.asOf);
      const { startServer } = await import('../../web/server.js');
      let server;
      try {
        server = await startServer({ db: o.db, port: o.port, host: o.host, asOf: o.asOf, workers: o.workers });
      } catch (e) {
        throw new InputError('usage', `cannot serve ${o.db}: ${reasonOf(e)}`);
      }
      process.stdout.write(`Serving ${o.db} (read-only) at ${server.url}/\n`);
      await new Promise<void>((res) => {
        const stop = () => void server.close().then(res);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
