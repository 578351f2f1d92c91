/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temp folder, a free loopback port,
 * password (SCRAM) authentication, stopped and removed by `stop()`. Uses Debian's server binaries
 * (/usr/lib/postgresql/<version>/bin, package `postgresql`) or initdb/pg_ctl on PATH; none: an error
 * saying so (the tests fail, they are not skipped). PostgreSQL refuses to run as root: as root, the
 * cluster runs as the `postgres` user (runuser). Every child process is run asynchronously.
 */
import { spawn } from 'node:child_process';
import { chmodSync, chownSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { tmp } from './helpers.js';

export interface Cluster {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** postgresql://user:password@127.0.0.1:port/database */
  url: string;
  urlFor(database: string, password?: string): string;
  client(): Promise<pg.Client>;
  stop(): Promise<void>;
}

export function run(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    p.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    p.on('error', reject);
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function findBin(): string {
  const base = '/usr/lib/postgresql';
  if (existsSync(base)) {
    const versions = readdirSync(base)
      .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(base, versions[0]!, 'bin');
  }
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  throw new Error(
    'PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or on PATH: ' +
      'install them (Debian/Ubuntu: apt-get install postgresql) to run the publish tests',
  );
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function postgresIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'));
  if (!line) throw new Error('running as root and there is no "postgres" user to run the test cluster as (PostgreSQL refuses root)');
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

export async function startCluster(): Promise<Cluster> {
  const bin = findBin();
  const dir = tmp('ofsted-pg-');
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot ? postgresIds() : null;
  if (ids) {
    chownSync(dir, ids.uid, ids.gid);
    chmodSync(dir, 0o700);
  }
  const as = (cmd: string, args: string[]) => (ids ? run('runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args], { cwd: dir }) : run(join(bin, cmd), args, { cwd: dir }));
  const user = 'ofsted_test';
  const password = 'Pw-' + Math.random().toString(36).slice(2, 12) + '-secret';
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (ids) chownSync(pwfile, ids.uid, ids.gid);
  const data = join(dir, 'data');
  const init = await as('initdb', ['-D', data, '-U', user, '--pwfile', pwfile, '--auth', 'scram-sha-256', '--no-sync', '-E', 'UTF8', '--locale', 'C.UTF-8']);
  if (init.code !== 0) throw new Error(`initdb failed: ${init.stderr.trim().split('\n').slice(-3).join(' ')}`);
  rmSync(pwfile);
  const port = await freePort();
  const opts = `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c fsync=off -c full_page_writes=off -c synchronous_commit=off`;
  const start = await as('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', '-t', '120', 'start']);
  if (start.code !== 0) {
    const logText = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8').trim().split('\n').slice(-3).join(' ') : '';
    throw new Error(`pg_ctl start failed: ${start.stderr.trim()} ${logText}`);
  }
  const host = '127.0.0.1';
  const database = 'ofsted_test';
  const urlFor = (db: string, pw = password) => `postgresql://${user}:${encodeURIComponent(pw)}@${host}:${port}/${db}`;
  const admin = new pg.Client({ connectionString: urlFor('postgres') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  await admin.end();
  return {
    host,
    port,
    user,
    password,
    database,
    url: urlFor(database),
    urlFor,
    async client() {
      const c = new pg.Client({
        connectionString: urlFor(database),
        // Plain values to compare with SQLite's: bigint as number, date and timestamps as text.
        types: {
          getTypeParser: ((oid: number, format?: string) => {
            if (oid === 20) return (v: string) => Number(v);
            if (oid === 1082 || oid === 1114 || oid === 1184) return (v: string) => v;
            return pg.types.getTypeParser(oid, format as 'text');
          }) as typeof pg.types.getTypeParser,
        },
      });
      await c.connect();
      return c;
    },
    async stop() {
      await as('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
