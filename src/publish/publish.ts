import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import type pg from 'pg';
import type { DB } from '../db/types.js';
import { openForQuery } from '../store/open.js';
import { log } from '../util/log.js';
import { connect, explain, target, type Target } from './connect.js';
import { checkSchemaName, ddlHash, LINK_TABLES, pgViews, quoteIdent, schemaDrift, TABLES, tablesDdl, viewsDdl, type TableSpec } from './spec.js';

/**
 * `ofsted publish`: mirror the SQLite database into a PostgreSQL schema.
 *
 * - The schema is made (or rebuilt, when this program's table spec differs from the one that made
 *   it) in one transaction, under a session advisory lock that every publish to the schema takes:
 *   two publishes at once run one after the other, and the second finds nothing left to do.
 * - Documents are compared by id, sha256 and a fingerprint of all their rows (publish_documents):
 *   each added, replaced or removed document is written in its own transaction (its row, its
 *   child rows and its fingerprint), so a reader sees a document whole or not at all, and a
 *   publish killed half-way leaves whole documents behind; the next one finishes the job.
 * - The register, themes, links and import errors are whole-table copies, each in one transaction,
 *   made when their fingerprint (publish_state) differs.
 * - SQLite is read in one read transaction (a snapshot: an import running meanwhile is not half-seen).
 * Rows travel as one jsonb parameter per table and document (jsonb_to_recordset): no SQL is built
 * from data, and identifiers come from the spec or a checked schema name.
 */

export interface PublishOptions {
  /** The SQLite database to publish. */
  db: string;
  /** postgresql://user[:password]@host[:port]/database[?sslmode=...]; absent: the PG* environment variables. */
  to?: string;
  /** The PostgreSQL schema (made if missing). Default "ofsted". */
  schema?: string;
  /** Called after each document written or removed (progress). */
  onDocument?: (e: { path: string; change: 'added' | 'replaced' | 'removed' }) => void;
}

export interface PublishResult {
  /** The server and database, without the password. */
  target: string;
  schema: string;
  /** The schema was made (first publish) or rebuilt (another version of the table spec). */
  schemaCreated: boolean;
  /** The views alone were remade (this program's view SQL differs from theirs). */
  viewsRemade: boolean;
  added: number;
  replaced: number;
  removed: number;
  unchanged: number;
  /** Whole tables copied again (register, themes, links, import errors). */
  tables: string[];
  /** Documents in PostgreSQL after the publish. */
  documents: number;
  /** False: the server already matched the database; nothing was written. */
  changed: boolean;
  seconds: number;
}

export const DEFAULT_SCHEMA = 'ofsted';
const STATE = 'publish_state';
const DOCS = 'publish_documents';

type Row = unknown[];

function hashRows(h: ReturnType<typeof createHash>, table: string, rows: Row[]): void {
  h.update(table);
  h.update('\u0001');
  h.update(JSON.stringify(rows));
  h.update('\u0002');
}

const NUL = /\u0000/g;
const noNul = (s: string) => (s.includes('\u0000') ? s.replace(NUL, '\uFFFD') : s);

/** SQLite values as jsonb_to_recordset input: JSON columns parsed, 0/1 as booleans, no NUL characters (PostgreSQL text cannot hold them). */
function toRecords(t: TableSpec, rows: Row[], where: string): Array<Record<string, unknown>> {
  return rows.map((r) => {
    const o: Record<string, unknown> = {};
    t.columns.forEach((c, i) => {
      const v = r[i];
      if (v === null || v === undefined) o[c.name] = null;
      else if (c.type === 'boolean') o[c.name] = v !== 0;
      else if (c.type === 'jsonb') {
        try {
          const text = String(v);
          // As JSON text, cast to jsonb in the SELECT (selectList): a JSON null stays a JSON null, not SQL NULL
          // (jsonb_to_recordset reads a null member of a jsonb column as SQL NULL: a correction to none has the value null).
          o[c.name] = JSON.stringify(text.includes('\\u0000') ? JSON.parse(text, (_k, x) => (typeof x === 'string' ? noNul(x) : x)) : JSON.parse(text));
        } catch {
          throw new Error(`${where}: ${t.name}.${c.name} is not valid JSON`);
        }
      } else if (typeof v === 'string') o[c.name] = noNul(v);
      else if (typeof v === 'bigint') o[c.name] = Number(v);
      else o[c.name] = v;
    });
    return o;
  });
}

/** Reads SQLite through statements prepared once. */
class Source {
  private readonly docRows = new Map<string, Statement>();
  constructor(readonly db: DB) {
    for (const t of TABLES) {
      const list = t.columns.map((c) => quoteIdent(c.name)).join(', ');
      const order = t.primaryKey.map(quoteIdent).join(', ');
      const sql = t.scope === 'document' ? `SELECT ${list} FROM ${quoteIdent(t.name)} WHERE ${t.ofDocument} ORDER BY ${order}` : `SELECT ${list} FROM ${quoteIdent(t.name)} ORDER BY ${order}`;
      this.docRows.set(t.name, db.prepare(sql).raw(true));
    }
  }
  rows(t: TableSpec, docId?: number): Row[] {
    const st = this.docRows.get(t.name)!;
    return (t.scope === 'document' ? st.all(docId) : st.all()) as Row[];
  }
  documents(): Array<{ id: number; sha256: string; path: string }> {
    return this.db.prepare('SELECT id, sha256, path FROM documents ORDER BY id').all() as Array<{ id: number; sha256: string; path: string }>;
  }
  /** A document's rows in every document table, and their fingerprint. */
  document(id: number): { rows: Map<string, Row[]>; fingerprint: string } {
    const h = createHash('sha256');
    const rows = new Map<string, Row[]>();
    for (const t of TABLES) {
      if (t.scope !== 'document') continue;
      const r = this.rows(t, id);
      rows.set(t.name, r);
      hashRows(h, t.name, r);
    }
    return { rows, fingerprint: h.digest('hex') };
  }
  table(t: TableSpec): { rows: Row[]; fingerprint: string } {
    const h = createHash('sha256');
    const rows = this.rows(t);
    hashRows(h, t.name, rows);
    return { rows, fingerprint: h.digest('hex') };
  }
}

/** The recordset's columns: jsonb travels as JSON text (see toRecords), cast back by selectList. */
const recordsetType = (t: TableSpec) => t.columns.map((c) => `${quoteIdent(c.name)} ${c.type === 'jsonb' ? 'text' : c.type}`).join(', ');
const columnList = (t: TableSpec) => t.columns.map((c) => quoteIdent(c.name)).join(', ');
const selectList = (t: TableSpec) => t.columns.map((c) => (c.type === 'jsonb' ? `${quoteIdent(c.name)}::jsonb` : quoteIdent(c.name))).join(', ');

async function insertRows(client: pg.Client, schema: string, t: TableSpec, records: Array<Record<string, unknown>>): Promise<void> {
  if (records.length === 0) return;
  const q = quoteIdent(schema);
  await client.query(
    `INSERT INTO ${q}.${quoteIdent(t.name)} (${columnList(t)}) SELECT ${selectList(t)} FROM jsonb_to_recordset($1::jsonb) AS x(${recordsetType(t)})`,
    [JSON.stringify(records)],
  );
}

async function inTransaction<T>(client: pg.Client, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const r = await fn();
    await client.query('COMMIT');
    return r;
  } catch (e) {
    // A rollback on a broken connection fails too; the error that stopped the run is rethrown next.
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  }
}

/** A row of the publish state table (`key` -> `value`) written, or overwritten. */
const setState = (client: pg.Client, q: string, key: string, value: string) =>
  client.query(`INSERT INTO ${q}.${STATE} (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, [key, value]);

/**
 * Make the schema, or rebuild it when the table spec that made it differs ('made'); remake only the
 * views when theirs differ ('views'); 'same' when nothing was to do.
 */
async function ensureSchema(client: pg.Client, schema: string): Promise<'made' | 'views' | 'same'> {
  const q = quoteIdent(schema);
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${q}`);
  const hasState = (await client.query('SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = $2', [schema, STATE])).rowCount! > 0;
  const tables = ddlHash(tablesDdl(schema));
  const views = ddlHash(viewsDdl(schema));
  if (hasState) {
    const have = new Map(((await client.query(`SELECT key, value FROM ${q}.${STATE} WHERE key IN ('ddl', 'views')`)).rows as Array<{ key: string; value: string }>).map((r) => [r.key, r.value]));
    if (have.get('ddl') === tables) {
      if (have.get('views') === views) return 'same';
      await inTransaction(client, async () => {
        for (const sql of viewsDdl(schema)) await client.query(sql);
        await setState(client, q, 'views', views);
      });
      return 'views';
    }
  } else {
    // Never drop tables this program did not make: a schema that holds one of our names is refused.
    const names = [...TABLES.map((t) => t.name), ...Object.keys(pgViews(schema)), DOCS];
    const clash = await client.query('SELECT relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND relname = ANY($2) LIMIT 1', [schema, names]);
    if (clash.rowCount! > 0) {
      throw new Error(`schema "${schema}" already holds "${clash.rows[0].relname}", not made by ofsted publish: choose another --schema`);
    }
  }
  await inTransaction(client, async () => {
    for (const v of Object.keys(pgViews(schema))) await client.query(`DROP VIEW IF EXISTS ${q}.${quoteIdent(v)}`);
    await client.query(`DROP TABLE IF EXISTS ${q}.${DOCS}`);
    // Not CASCADE: a view of someone else's on these tables stops the rebuild (rolled back, with
    // PostgreSQL's message naming it) rather than vanish.
    for (const t of [...TABLES].reverse()) await client.query(`DROP TABLE IF EXISTS ${q}.${quoteIdent(t.name)}`);
    for (const sql of tablesDdl(schema)) await client.query(sql);
    await client.query(`CREATE TABLE ${q}.${DOCS} (
  document_id bigint PRIMARY KEY REFERENCES ${q}.documents (id) ON DELETE CASCADE,
  fingerprint text NOT NULL
)`);
    for (const sql of viewsDdl(schema)) await client.query(sql);
    await client.query(`CREATE TABLE IF NOT EXISTS ${q}.${STATE} (key text PRIMARY KEY, value text NOT NULL)`);
    await client.query(`DELETE FROM ${q}.${STATE}`);
    await setState(client, q, 'ddl', tables);
    await setState(client, q, 'views', views);
  });
  return 'made';
}

/** Publish the SQLite database to PostgreSQL (see the module comment). Throws one-line, password-free errors. */
export async function publish(options: PublishOptions): Promise<PublishResult> {
  const started = performance.now();
  const schema = checkSchemaName(options.schema ?? DEFAULT_SCHEMA);
  const t: Target = target(options.to);
  if (!existsSync(options.db)) throw new Error(`no database at ${options.db} (import some documents first)`);
  const db = openForQuery(options.db);
  let client: pg.Client | undefined;
  try {
    const drift = schemaDrift(db);
    if (drift.length) throw new Error(`cannot publish ${options.db}: this program's PostgreSQL table spec is out of step with the database: ${drift.join('; ')}`);
    // One snapshot of SQLite for the whole publish.
    db.exec('BEGIN');
    const source = new Source(db);
    const docs = source.documents();
    client = await connect(t);
    const c = client;
    try {
      return await run(c, source, docs, schema, t, options, started);
    } catch (e) {
      throw new Error(`publish to ${t.display} (schema ${schema}) stopped: ${explain(t, e)}`);
    }
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
    db.close();
    // The connection may be broken already; the run's result, or the error that stopped it, stands.
    await client?.end().catch(() => {});
  }
}

type SourceDoc = { id: number; sha256: string; path: string };
/** A document the server has: its id, file and the fingerprint it was published with. */
type ServerDoc = { id: number; sha256: string; path: string; fingerprint: string | null };
/** A document to write, the server's documents it takes the place of, and whether one of those had its path. */
type DocPlan = { doc: SourceDoc; drop: number[]; replaces: boolean };

/** Under the schema's advisory lock: the schema made or checked, then the global tables before the documents, the documents, the global tables after them. */
async function run(client: pg.Client, source: Source, docs: SourceDoc[], schema: string, t: Target, options: PublishOptions, started: number): Promise<PublishResult> {
  const lockKey = `ofsted-publish:${schema}`;
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
  try {
    const made = await ensureSchema(client, schema);
    const result: PublishResult = {
      target: t.display, schema, schemaCreated: made === 'made', viewsRemade: made === 'views', added: 0, replaced: 0, removed: 0, unchanged: 0, tables: [], documents: 0,
      changed: made !== 'same', seconds: 0,
    };
    const p = new PublishRun(client, source, schema, result, options);
    await p.loadState();
    const docIndex = TABLES.findIndex((x) => x.name === 'documents');
    for (const spec of TABLES.slice(0, docIndex)) if (spec.scope === 'global') await p.syncTable(spec);
    await p.syncDocuments(docs);
    for (const spec of TABLES.slice(docIndex + 1)) if (spec.scope === 'global') await p.syncTable(spec);
    await p.finish(started);
    return result;
  } finally {
    // A failed unlock is harmless: the lock belongs to the session, released when the connection ends.
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch(() => {});
  }
}

/** One publish into a made schema: the state read, each table and document brought in step, the result counted. */
class PublishRun {
  private readonly q: string;
  private state = new Map<string, string>();
  private readonly linkKeys = LINK_TABLES.map((n) => `table:${n}`);

  constructor(
    private readonly client: pg.Client,
    private readonly source: Source,
    private readonly schema: string,
    private readonly result: PublishResult,
    private readonly options: PublishOptions,
  ) {
    this.q = quoteIdent(schema);
  }

  async loadState(): Promise<void> {
    const rows = (await this.client.query(`SELECT key, value FROM ${this.q}.${STATE}`)).rows as Array<{ key: string; value: string }>;
    this.state = new Map(rows.map((r) => [r.key, r.value]));
  }

  /** A global table copied again when its fingerprint changed. */
  async syncTable(spec: TableSpec): Promise<void> {
    const { client, q } = this;
    const { rows, fingerprint } = this.source.table(spec);
    const key = `table:${spec.name}`;
    if (this.state.get(key) === fingerprint) return;
    const records = toRecords(spec, rows, spec.name);
    const referenced = TABLES.some((o) => o.references?.some((r) => r.table === spec.name));
    await inTransaction(client, async () => {
      if (referenced) await this.upsertRows(spec, records);
      else {
        await client.query(`DELETE FROM ${q}.${quoteIdent(spec.name)}`);
        await insertRows(client, this.schema, spec, records);
      }
      await setState(client, q, key, fingerprint);
    });
    this.state.set(key, fingerprint);
    this.result.tables.push(spec.name);
    this.result.changed = true;
  }

  /** Rows other tables refer to are updated in place, never deleted and re-made. */
  private async upsertRows(spec: TableSpec, records: Array<Record<string, unknown>>): Promise<void> {
    const name = `${this.q}.${quoteIdent(spec.name)}`;
    const pk = spec.primaryKey[0]!;
    const pkType = spec.columns.find((c) => c.name === pk)!.type;
    await this.client.query(`DELETE FROM ${name} WHERE NOT (${quoteIdent(pk)} = ANY($1::${pkType}[]))`, [records.map((r) => r[pk])]);
    const set = spec.columns.filter((c) => c.name !== pk).map((c) => `${quoteIdent(c.name)} = excluded.${quoteIdent(c.name)}`).join(', ');
    if (records.length) {
      await this.client.query(
        `INSERT INTO ${name} (${columnList(spec)}) SELECT ${selectList(spec)} FROM jsonb_to_recordset($1::jsonb) AS x(${recordsetType(spec)})
               ON CONFLICT (${quoteIdent(pk)}) DO UPDATE SET ${set}`,
        [JSON.stringify(records)],
      );
    }
  }

  /** Documents: what the server has, against what SQLite has; the removed dropped, the added and replaced written. */
  async syncDocuments(docs: SourceDoc[]): Promise<void> {
    const { q } = this;
    const have = (await this.client.query(`SELECT d.id::float8 AS id, d.sha256, d.path, p.fingerprint FROM ${q}.documents d LEFT JOIN ${q}.${DOCS} p ON p.document_id = d.id`))
      .rows as ServerDoc[];
    const haveById = new Map(have.map((h) => [h.id, h]));
    const wantIds = new Set(docs.map((d) => d.id));
    const consumed = new Set<number>();
    const plans = this.planDocuments(docs, have, haveById, wantIds, consumed);
    // Removed from SQLite (and not replaced by a document at the same path): one transaction each.
    for (const h of have) {
      if (wantIds.has(h.id) || consumed.has(h.id)) continue;
      await inTransaction(this.client, () => this.dropStale([h.id]));
      this.result.removed++;
      this.result.changed = true;
      this.options.onDocument?.({ path: h.path, change: 'removed' });
    }
    await this.writeDocuments(plans, haveById);
  }

  /** The documents to write, each with the server's documents it takes the place of (same id, same bytes, or same path and gone from SQLite); the unchanged counted. */
  private planDocuments(docs: SourceDoc[], have: ServerDoc[], haveById: Map<number, ServerDoc>, wantIds: Set<number>, consumed: Set<number>): DocPlan[] {
    const haveBySha = new Map(have.map((h) => [h.sha256, h]));
    const plans: DocPlan[] = [];
    for (const d of docs) {
      const { fingerprint } = this.source.document(d.id);
      const cur = haveById.get(d.id);
      if (cur && cur.sha256 === d.sha256 && cur.fingerprint === fingerprint) {
        this.result.unchanged++;
        consumed.add(cur.id);
        continue;
      }
      const drop = new Set<number>();
      if (cur) drop.add(cur.id);
      const sameSha = haveBySha.get(d.sha256);
      if (sameSha) drop.add(sameSha.id);
      for (const h of have) if (h.path === d.path && !wantIds.has(h.id) && !consumed.has(h.id)) drop.add(h.id);
      for (const id of drop) consumed.add(id);
      plans.push({ doc: d, drop: [...drop], replaces: [...drop].some((id) => haveById.get(id)!.path === d.path) });
    }
    return plans;
  }

  /** Documents gone from the server; their links went with them (ON DELETE CASCADE): the link tables are copied again. */
  private async dropStale(ids: number[]): Promise<void> {
    if (!ids.length) return;
    await this.client.query(`DELETE FROM ${this.q}.documents WHERE id = ANY($1::bigint[])`, [ids]);
    await this.client.query(`DELETE FROM ${this.q}.${STATE} WHERE key = ANY($1)`, [this.linkKeys]);
    for (const k of this.linkKeys) this.state.delete(k);
  }

  /** Added or replaced: the old version out and the new one in, in one transaction each. */
  private async writeDocuments(plans: DocPlan[], haveById: Map<number, ServerDoc>): Promise<void> {
    const { client, q, result, options } = this;
    const docTables = TABLES.filter((x) => x.scope === 'document');
    const insertDocument =
      'WITH ' +
      docTables
        .map(
          (spec, i) =>
            `t${i} AS (INSERT INTO ${q}.${quoteIdent(spec.name)} (${columnList(spec)}) SELECT ${selectList(spec)} FROM jsonb_to_recordset($${i + 1}::jsonb) AS x(${recordsetType(spec)}))`,
        )
        .join(',\n') +
      `\nINSERT INTO ${q}.${DOCS} (document_id, fingerprint) VALUES ($${docTables.length + 1}, $${docTables.length + 2})`;
    for (const p of plans) {
      const { rows, fingerprint } = this.source.document(p.doc.id);
      const values = [...docTables.map((spec) => JSON.stringify(toRecords(spec, rows.get(spec.name)!, p.doc.path))), p.doc.id, fingerprint];
      await inTransaction(client, async () => {
        await this.dropStale(p.drop);
        // One statement (prepared once) writes the document, its rows and its fingerprint; the foreign
        // keys are checked at its end.
        await client.query({ name: `ofsted-publish-document:${this.schema}`, text: insertDocument, values });
      });
      if (p.replaces) result.replaced++;
      else result.added++;
      // A document that replaced one at another path also removed it.
      result.removed += p.drop.filter((id) => haveById.get(id)!.path !== p.doc.path).length;
      result.changed = true;
      log.debug({ path: p.doc.path, change: p.replaces ? 'replaced' : 'added' }, 'published document');
      options.onDocument?.({ path: p.doc.path, change: p.replaces ? 'replaced' : 'added' });
    }
  }

  /** The time of a publish that changed something recorded; the documents on the server counted. */
  async finish(started: number): Promise<void> {
    const { result, q } = this;
    if (result.changed) await setState(this.client, q, 'published_at', new Date().toISOString());
    result.documents = Number((await this.client.query(`SELECT count(*) AS n FROM ${q}.documents`)).rows[0].n);
    result.seconds = (performance.now() - started) / 1000;
  }
}

/** The one-line summary the CLI prints. */
export function formatPublish(r: PublishResult): string {
  const where = `${r.target} (schema ${r.schema})`;
  if (!r.changed) return `Nothing to publish: ${where} already matches the database (${r.documents} documents).`;
  const parts = [`${r.added} added`, `${r.replaced} replaced`, `${r.removed} removed`, `${r.unchanged} unchanged`];
  const tables = r.tables.length ? `; tables copied: ${r.tables.join(', ')}` : '';
  return `Published to ${where}${r.schemaCreated ? ', schema made' : r.viewsRemade ? ', views remade' : ''}: documents ${parts.join(', ')}${tables}; ${r.documents} documents on the server (${r.seconds.toFixed(1)} s).`;
}
