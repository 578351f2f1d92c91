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

/** `ofsted serve`: the read-only web app (src/web/), until SIGINT or SIGTERM; --edit: corrections behind a sign-in. */
export function addServeCommand(program: Command): void {
  program
    .command('serve')
    .description('read-only web app over the database (overview, authorities, search, documents, JSON API under /api/)')
    .option('--db <path>', 'database file (read through a read-only handle; a file of an older version is upgraded first)', DEFAULT_DB)
    .option('--port <n>', 'port (0: any free port)', portNumber, 8080)
    .option('--host <host>', 'address to bind (127.0.0.1: this machine only)', '127.0.0.1')
    .option('--as-of <date>', 'date for "overdue" (YYYY-MM-DD, default today; a page takes ?as_of= too)')
    .option('--edit', 'allow corrections (the document page\'s forms, POST /api/corrections) behind a sign-in with an edit token: OFSTED_EDIT_TOKEN, else one printed once at start')
    .option('--workers <n>', 'threads answering requests, each with its own read-only connection (0: the main thread)', (v) => workerCount(v), defaultWorkers())
    .action(async (o) => {
      if (o.asOf) asOfDate(o.asOf);
      let edit: { token: string } | undefined;
      let printed = false;
      if (o.edit) {
        const given = process.env.OFSTED_EDIT_TOKEN?.trim();
        if (given !== undefined && given !== '' && given.length < 16) throw new InputError('usage', 'OFSTED_EDIT_TOKEN must be at least 16 characters');
        const { randomBytes } = await import('node:crypto');
        edit = { token: given || randomBytes(24).toString('base64url') };
        printed = !given;
      }
      const { startServer } = await import('../../web/server.js');
      let server;
      try {
        server = await startServer({ db: o.db, port: o.port, host: o.host, asOf: o.asOf, edit, workers: o.workers });
      } catch (e) {
        throw new InputError('usage', `cannot serve ${o.db}: ${reasonOf(e)}`);
      }
      if (edit) {
        process.stdout.write(printed ? `Edit token (shown once): ${edit.token}\n` : 'Edit token: the value of OFSTED_EDIT_TOKEN\n');
        process.stdout.write(`Serving ${o.db} with corrections on (sign in at /sign-in) at ${server.url}/\n`);
      } else process.stdout.write(`Serving ${o.db} (read-only) at ${server.url}/\n`);
      await new Promise<void>((res) => {
        const stop = () => void server.close().then(res);
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
    });
}
