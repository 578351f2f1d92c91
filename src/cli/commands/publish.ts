import type { Command } from 'commander';
import { DEFAULT_DB } from '../options.js';

/** `ofsted publish`: the database mirrored into PostgreSQL (src/publish/). */
export function addPublishCommand(program: Command): void {
  program
    .command('publish')
    .description('mirror the database into a PostgreSQL schema (only what changed since the last publish), for shared use and BI tools')
    .option('--to <url>', 'postgresql://user@host:port/database (password: PGPASSWORD or ~/.pgpass; default: the PG* environment variables)')
    .option('--db <path>', 'database file', DEFAULT_DB)
    .option('--schema <name>', 'PostgreSQL schema (made if missing)', 'ofsted')
    .action(async (o) => {
      const { publish, formatPublish } = await import('../../publish/publish.js');
      process.stdout.write(formatPublish(await publish({ db: o.db, to: o.to, schema: o.schema })) + '\n');
    });
}
