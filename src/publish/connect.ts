import pg from 'pg';

/**
 * Connections to the PostgreSQL server: a URL (postgresql://user:password@host:port/db?sslmode=...)
 * and/or the standard PG* environment variables (PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD,
 * PGSSLMODE), read by the `pg` client itself. The password never appears in what we print:
 * `describe` leaves it out and `redact` blanks it in any message.
 */
export interface Target {
  /** postgresql://user@host:port/db, without the password. */
  display: string;
  /** The passwords to keep out of every message (as given and URL-encoded). */
  secrets: string[];
  config: pg.ClientConfig;
}

export function target(url: string | undefined): Target {
  const secrets: string[] = [];
  const addSecret = (s: string | undefined | null) => {
    if (!s) return;
    secrets.push(s);
    try {
      secrets.push(decodeURIComponent(s));
    } catch {
      /* not URL-encoded */
    }
    secrets.push(encodeURIComponent(s));
  };
  if (process.env.PGPASSWORD) addSecret(process.env.PGPASSWORD);
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//i.test(url)) throw new Error('--to must be a URL postgresql://user@host:port/database');
    const m = /^[a-z]+:\/\/[^:@/]*:([^@/]*)@/i.exec(url);
    if (m) addSecret(m[1]);
  }
  const config: pg.ClientConfig = {
    ...(url !== undefined ? { connectionString: url } : {}),
    connectionTimeoutMillis: 15_000,
    application_name: 'ofsted publish',
  };
  // The client resolves URL, environment and defaults the same way when it connects.
  let p: { user?: string; host?: string; port?: number; database?: string; password?: unknown };
  try {
    p = new pg.Client(config) as unknown as typeof p;
  } catch (e) {
    throw new Error(`--to is not a usable PostgreSQL URL: ${redactWith((e as Error)?.message?.split('\n')[0] ?? String(e), secrets)}`);
  }
  if (typeof p.password === 'string') addSecret(p.password);
  const host = p.host && p.host.startsWith('/') ? `[socket ${p.host}]` : (p.host ?? 'localhost');
  const display = `postgresql://${p.user ? `${encodeURIComponent(p.user)}@` : ''}${host}:${p.port ?? 5432}/${p.database ?? ''}`;
  return { display: redactWith(display, secrets), secrets: [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length), config };
}

function redactWith(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  // A URL with a password in it, whatever the password: never shown.
  return out.replace(/(postgres(?:ql)?:\/\/[^:@/\s]*:)[^@\s]*@/gi, '$1***@');
}

/** The message with every password blanked. */
export const redact = (t: Target, text: string) => redactWith(text, t.secrets);

/** A one-line, password-free reason for a failed connection or statement. */
export function explain(t: Target, err: unknown): string {
  const e = err as { message?: string; code?: string };
  let msg = (e?.message ?? String(err)).split('\n')[0]!.trim();
  if (e?.code === 'ECONNREFUSED') msg = `connection refused (is the server running and listening there?)`;
  else if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') msg = `host not found`;
  else if (/timeout/i.test(msg) && !e?.code) msg = 'no answer from the server (timed out)';
  return redact(t, msg || 'unknown error');
}

/** Connect, or throw one line: "cannot connect to <url without password>: <reason>". */
export async function connect(t: Target): Promise<pg.Client> {
  const client = new pg.Client(t.config);
  // A server gone mid-publish: the error is reported by the query that fails, not thrown unhandled.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (e) {
    // Closing a client that never connected may fail too; the connection error, thrown next, is the one to report.
    await client.end().catch(() => {});
    throw new Error(`cannot connect to ${t.display}: ${explain(t, e)}`);
  }
  return client;
}
