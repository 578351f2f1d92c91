import { createHash } from 'node:crypto';
import type { DB } from '../db/types.js';
import { viewDefinitions } from '../query/views.js';
import { viewToPostgres } from './dialect.js';

/**
 * The PostgreSQL mirror of the SQLite database, from one table spec: the DDL, the copy and
 * the drift check (`schemaDrift`, run by every publish and by tests/publish.test.ts against a
 * freshly migrated database) all derive from it. A table or column added to SQLite without
 * an entry here makes publish refuse with a message naming it: add it below (and to the
 * views if they should show it).
 */

/** PostgreSQL types the SQLite columns map to. A trailing '!' in a spec means NOT NULL. */
export type PgType = 'bigint' | 'integer' | 'double precision' | 'text' | 'date' | 'timestamptz' | 'jsonb' | 'boolean';

export interface ColumnSpec {
  name: string;
  type: PgType;
  notNull: boolean;
}

export interface TableSpec {
  name: string;
  columns: ColumnSpec[];
  primaryKey: string[];
  unique?: string[][];
  references?: Array<{ column: string; table: string; column2: string; onDelete?: 'CASCADE' | 'SET NULL' }>;
  indexes?: Array<{ name: string; columns: string[] }>;
  /**
   * 'document': rows belong to one document and are copied with it, in its transaction; `ofDocument`
   * is the SQLite condition selecting a document's rows (its one parameter: the document id).
   * 'global': copied as a whole table (upserted by primary key, rows gone from SQLite deleted).
   */
  scope: 'document' | 'global';
  ofDocument?: string;
  /** A tsvector column generated from text columns, with a GIN index (the SQLite FTS5 table it stands for). */
  search?: { fts: string; columns: string[] };
}

const cols = (spec: Record<string, string>): ColumnSpec[] =>
  Object.entries(spec).map(([name, t]) => ({ name, type: t.replace(/!$/, '') as PgType, notNull: t.endsWith('!') }));

const LOC = { page: 'integer', line: 'integer', block: 'integer' };
const CASCADE = 'CASCADE' as const;
/** A row that belongs to another (by that one's id) goes with it. */
const belongsTo = (column: string, table = 'documents') => ({ column, table, column2: 'id', onDelete: CASCADE });

/** A link between two rows of one table, found by `how` with a score: one per pair (and `how` when `perHow`), gone with either end, looked up from its `to` end. */
function linkTable(name: string, table: string, [from, to]: [string, string], how: string, perHow: boolean, index: string): TableSpec {
  return {
    name,
    scope: 'global',
    columns: cols({ id: 'bigint!', [from]: 'bigint!', [to]: 'bigint!', [how]: 'text!', score: 'double precision' }),
    primaryKey: ['id'],
    unique: [perHow ? [from, to, how] : [from, to]],
    references: [belongsTo(from, table), belongsTo(to, table)],
    indexes: [{ name: index, columns: [to] }],
  };
}

/** In copy order: a table comes after those it refers to. */
export const TABLES: TableSpec[] = [
  {
    name: 'local_authorities',
    scope: 'global',
    columns: cols({
      code: 'text!', ofsted_urn: 'text', ons_code: 'text', name: 'text!', also_known_as: 'jsonb!', region: 'text',
      la_type: 'text', stat_neighbours: 'jsonb!', website: 'text',
    }),
    primaryKey: ['code'],
  },
  {
    name: 'themes',
    scope: 'global',
    columns: cols({ id: 'text!', name: 'text!', definition: 'text!' }),
    primaryKey: ['id'],
  },
  {
    name: 'documents',
    scope: 'document',
    ofDocument: 'id = ?',
    columns: cols({
      id: 'bigint!', sha256: 'text!', path: 'text!', format: 'text!', bytes: 'bigint!', pages: 'integer', kind: 'text!', title: 'text',
      framework: 'text', inspection_type: 'text', local_authority: 'text', inspection_start: 'date', inspection_end: 'date',
      publication_date: 'date', lead_inspector: 'text', schema_version: 'text!', has_errors: 'boolean!', imported_at: 'timestamptz!',
      json: 'jsonb!', local_authority_code: 'text', local_authority_as_written: 'text', inspectors: 'jsonb!', focus: 'text',
      focus_as_written: 'text', partnership: 'text', previous_inspection_date: 'date', previous_inspection_text: 'text',
      next_inspection_raw: 'text', next_inspection_date: 'date', publication_date_source: 'text', agencies: 'jsonb!',
      next_steps_text: 'text', next_steps_due: 'date',
    }),
    primaryKey: ['id'],
    unique: [['sha256']],
    references: [{ column: 'local_authority_code', table: 'local_authorities', column2: 'code' }],
    indexes: [
      { name: 'documents_path', columns: ['path'] },
      { name: 'documents_la', columns: ['local_authority'] },
      { name: 'documents_framework', columns: ['framework'] },
      { name: 'documents_la_code', columns: ['local_authority_code'] },
    ],
  },
  {
    name: 'judgements',
    scope: 'document',
    ofDocument: 'document_id = ?',
    columns: cols({ id: 'bigint!', document_id: 'bigint!', area: 'text!', label: 'text!', grade: 'text!', ...LOC, wording: 'text' }),
    primaryKey: ['id'],
    references: [belongsTo('document_id')],
    indexes: [{ name: 'judgements_document', columns: ['document_id'] }],
  },
  {
    name: 'paragraphs',
    scope: 'document',
    ofDocument: 'document_id = ?',
    columns: cols({ id: 'bigint!', document_id: 'bigint!', number: 'integer!', label: 'text', section: 'text', text: 'text!', ...LOC }),
    primaryKey: ['id'],
    references: [belongsTo('document_id')],
    indexes: [{ name: 'paragraphs_document', columns: ['document_id', 'number'] }],
    search: { fts: 'paragraphs_fts', columns: ['text'] },
  },
  {
    name: 'recommendations',
    scope: 'document',
    ofDocument: 'document_id = ?',
    columns: cols({
      id: 'bigint!', document_id: 'bigint!', rec_id: 'text!', scope: 'text!', text: 'text!', timescale: 'text', ...LOC,
      kind: 'text!', national_framework_ref: 'text', responsible: 'jsonb!', heading: 'text',
    }),
    primaryKey: ['id'],
    references: [belongsTo('document_id')],
    indexes: [
      { name: 'recommendations_document', columns: ['document_id'] },
      { name: 'recommendations_kind', columns: ['kind'] },
    ],
    search: { fts: 'recommendations_fts', columns: ['text'] },
  },
  {
    name: 'recommendation_paragraph_refs',
    scope: 'document',
    ofDocument: 'recommendation_id IN (SELECT id FROM recommendations WHERE document_id = ?)',
    columns: cols({ recommendation_id: 'bigint!', paragraph_number: 'integer!', paragraph_id: 'bigint' }),
    primaryKey: ['recommendation_id', 'paragraph_number'],
    references: [
      belongsTo('recommendation_id', 'recommendations'),
      { column: 'paragraph_id', table: 'paragraphs', column2: 'id', onDelete: 'SET NULL' },
    ],
    indexes: [{ name: 'refs_paragraph', columns: ['paragraph_id'] }],
  },
  {
    name: 'recommendation_themes',
    scope: 'document',
    ofDocument: 'recommendation_id IN (SELECT id FROM recommendations WHERE document_id = ?)',
    columns: cols({ recommendation_id: 'bigint!', rank: 'integer!', theme_id: 'text!', words: 'jsonb!' }),
    primaryKey: ['recommendation_id', 'theme_id'],
    references: [belongsTo('recommendation_id', 'recommendations')],
    indexes: [{ name: 'recommendation_themes_theme', columns: ['theme_id'] }],
  },
  {
    name: 'actions',
    scope: 'document',
    ofDocument: 'document_id = ?',
    columns: cols({
      id: 'bigint!', document_id: 'bigint!', recommendation_ref: 'text', action_id: 'text', description: 'text!', leads: 'jsonb!',
      due_raw: 'text', due_date: 'date', outcome: 'text', progress: 'text', rag: 'text', rag_raw: 'text', ...LOC,
      state: 'text', state_from: 'text',
    }),
    primaryKey: ['id'],
    references: [belongsTo('document_id')],
    indexes: [
      { name: 'actions_document', columns: ['document_id'] },
      { name: 'actions_rag', columns: ['rag'] },
      { name: 'actions_state', columns: ['state'] },
    ],
    search: { fts: 'actions_fts', columns: ['description', 'outcome', 'progress'] },
  },
  {
    name: 'warnings',
    scope: 'document',
    ofDocument: 'document_id = ?',
    columns: cols({
      id: 'bigint!', document_id: 'bigint!', origin: 'text!', severity: 'text!', code: 'text!', message: 'text!', ...LOC,
    }),
    primaryKey: ['id'],
    references: [belongsTo('document_id')],
    indexes: [{ name: 'warnings_document', columns: ['document_id'] }],
  },
  linkTable('recommendation_links', 'recommendations', ['plan_recommendation_id', 'report_recommendation_id'], 'method', false, 'recommendation_links_report'),
  linkTable('document_links', 'documents', ['from_document_id', 'to_document_id'], 'kind', true, 'document_links_to'),
  {
    name: 'plan_claims',
    scope: 'global',
    columns: cols({ document_id: 'bigint!', claimed_at: 'timestamptz!' }),
    primaryKey: ['document_id'],
    references: [belongsTo('document_id')],
  },
  {
    name: 'plan_versions',
    scope: 'global',
    columns: cols({
      plan_document_id: 'bigint!', report_document_id: 'bigint!', version: 'integer!', versions: 'integer!', is_current: 'integer!', plan_date: 'date', basis: 'text!',
    }),
    primaryKey: ['plan_document_id'],
    references: [
      belongsTo('plan_document_id'),
      belongsTo('report_document_id'),
    ],
    indexes: [{ name: 'plan_versions_report', columns: ['report_document_id'] }],
  },
  {
    name: 'corrections',
    scope: 'global',
    columns: cols({
      id: 'bigint!', document_sha256: 'text!', document_path: 'text', target_type: 'text!', target_key: 'jsonb!', field: 'text!', value: 'jsonb!', original: 'jsonb',
      state: 'text!', document_id: 'bigint', row_id: 'bigint', target_index: 'integer', created_by: 'text!', created_at: 'timestamptz!', updated_by: 'text!', updated_at: 'timestamptz!', applied_at: 'timestamptz',
      applied_sha256: 'text',
    }),
    primaryKey: ['id'],
    unique: [['document_sha256', 'target_type', 'target_key', 'field']],
    references: [{ column: 'document_id', table: 'documents', column2: 'id', onDelete: 'SET NULL' }],
    indexes: [
      { name: 'corrections_document', columns: ['document_id'] },
      { name: 'corrections_path', columns: ['document_path'] },
      { name: 'corrections_applied_sha256', columns: ['applied_sha256'] },
    ],
  },
  {
    name: 'correction_log',
    scope: 'global',
    columns: cols({
      id: 'bigint!', correction_id: 'bigint!', at: 'timestamptz!', who: 'text!', via: 'text!', document_sha256: 'text!', target_type: 'text!', target_key: 'jsonb!', field: 'text!', old: 'jsonb', new: 'jsonb!',
    }),
    primaryKey: ['id'],
    indexes: [{ name: 'correction_log_correction', columns: ['correction_id'] }],
  },
  {
    name: 'import_errors',
    scope: 'global',
    columns: cols({ id: 'bigint!', path: 'text!', sha256: 'text', code: 'text!', reason: 'text!', occurred_at: 'timestamptz!' }),
    primaryKey: ['id'],
    indexes: [{ name: 'import_errors_path', columns: ['path'] }],
  },
];

/** Global tables that cascade from documents: a replaced document takes rows of theirs with it. */
export const LINK_TABLES = TABLES.filter((t) => t.scope === 'global' && t.references?.some((r) => r.onDelete === CASCADE)).map((t) => t.name);

/** The generated tsvector column of a table with full-text search. */
export const SEARCH_COLUMN = 'search';

/** A schema name: PostgreSQL's unquoted identifier rules, lower case (so quoting never changes its meaning). */
export function checkSchemaName(name: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name) || name.startsWith('pg_')) {
    throw new Error(`schema name "${name.replace(/[^\x20-\x7e]/g, '?').slice(0, 70)}" is not allowed: use lower-case letters, digits and _ (not starting with pg_)`);
  }
  return name;
}

export const quoteIdent = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The DDL creating every table, index and search column in `schema` (on an empty schema). */
export function tablesDdl(schema: string): string[] {
  const q = quoteIdent(checkSchemaName(schema));
  const out: string[] = [];
  for (const t of TABLES) {
    const lines = t.columns.map((c) => `  ${quoteIdent(c.name)} ${c.type}${c.notNull ? ' NOT NULL' : ''}`);
    if (t.search) {
      const doc = t.search.columns.map((c) => `coalesce(${quoteIdent(c)}, '')`).join(` || ' ' || `);
      lines.push(`  ${SEARCH_COLUMN} tsvector GENERATED ALWAYS AS (to_tsvector('english'::regconfig, ${doc})) STORED`);
    }
    lines.push(`  PRIMARY KEY (${t.primaryKey.map(quoteIdent).join(', ')})`);
    for (const u of t.unique ?? []) lines.push(`  UNIQUE (${u.map(quoteIdent).join(', ')})`);
    for (const r of t.references ?? []) {
      lines.push(`  FOREIGN KEY (${quoteIdent(r.column)}) REFERENCES ${q}.${quoteIdent(r.table)} (${quoteIdent(r.column2)})${r.onDelete ? ` ON DELETE ${r.onDelete}` : ''}`);
    }
    out.push(`CREATE TABLE ${q}.${quoteIdent(t.name)} (\n${lines.join(',\n')}\n)`);
    for (const i of t.indexes ?? []) out.push(`CREATE INDEX ${quoteIdent(i.name)} ON ${q}.${quoteIdent(t.name)} (${i.columns.map(quoteIdent).join(', ')})`);
    if (t.search) out.push(`CREATE INDEX ${quoteIdent(`${t.name}_search`)} ON ${q}.${quoteIdent(t.name)} USING gin (${SEARCH_COLUMN})`);
  }
  return out;
}

/** The DDL (re)creating the views (in a transaction: the search_path is set for it). */
export function viewsDdl(schema: string): string[] {
  const q = quoteIdent(checkSchemaName(schema));
  const views = Object.entries(pgViews(schema));
  return [
    ...views.map(([name]) => `DROP VIEW IF EXISTS ${q}.${quoteIdent(name)}`),
    `SET LOCAL search_path TO ${q}`,
    ...views.map(([name, sql]) => `CREATE VIEW ${q}.${quoteIdent(name)} AS ${sql}`),
  ];
}

/** A fingerprint of DDL: a schema made by another version of the spec is rebuilt; other views are remade. */
export const ddlHash = (ddl: string[]): string => createHash('sha256').update(ddl.join(';\n')).digest('hex');

/**
 * v_tracker and v_latest_judgements for PostgreSQL: the SQLite views of this program (src/query/views.ts)
 * rewritten by dialect.ts, created with the schema as search_path (so their table names resolve there).
 */
export function pgViews(schema: string): Record<string, string> {
  checkSchemaName(schema);
  return Object.fromEntries(Object.entries(viewDefinitions()).map(([name, sql]) => [name, viewToPostgres(sql)]));
}

const SQLITE_TYPES: Record<string, PgType[]> = {
  INTEGER: ['bigint', 'integer', 'boolean'],
  REAL: ['double precision'],
  TEXT: ['text', 'date', 'timestamptz', 'jsonb'],
};

/**
 * What the spec does not map, or maps wrongly, in this SQLite database: tables and columns missing
 * on either side, types that do not fit, NOT NULL and primary keys that differ, JSON columns (a
 * json_valid check) not mapped to jsonb, FTS5 tables without a search column. Empty: in step.
 */
export function schemaDrift(db: DB): string[] {
  const problems: string[] = [];
  const where = 'see src/publish/spec.ts';
  const objects = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string; sql: string }>;
  const fts = objects.filter((o) => /CREATE VIRTUAL TABLE/i.test(o.sql ?? '')).map((o) => o.name);
  const isShadow = (n: string) => fts.some((f) => n.startsWith(`${f}_`) && /^(data|idx|docsize|config|content)$/.test(n.slice(f.length + 1)));
  const byName = new Map(TABLES.map((t) => [t.name, t]));
  for (const f of fts) {
    if (!TABLES.some((t) => t.search?.fts === f)) problems.push(`SQLite full-text table ${f} has no PostgreSQL search column (${where})`);
  }
  for (const o of objects) {
    if (fts.includes(o.name) || isShadow(o.name)) continue;
    const spec = byName.get(o.name);
    if (!spec) {
      problems.push(`SQLite table ${o.name} is not published (${where})`);
      continue;
    }
    const info = db.prepare(`PRAGMA table_info(${quoteIdent(o.name)})`).all() as Array<{ name: string; type: string; notnull: number; pk: number }>;
    const specCols = new Map(spec.columns.map((c) => [c.name, c]));
    for (const c of info) {
      const s = specCols.get(c.name);
      if (!s) {
        problems.push(`SQLite column ${o.name}.${c.name} (${c.type}) is not published (${where})`);
        continue;
      }
      if (!(SQLITE_TYPES[c.type.toUpperCase()] ?? []).includes(s.type)) problems.push(`${o.name}.${c.name}: SQLite ${c.type} cannot be PostgreSQL ${s.type}`);
      // A PostgreSQL primary key is NOT NULL (SQLite lets a TEXT key be null: a quirk, not a design).
      const notNull = c.notnull === 1 || c.pk > 0;
      if (notNull !== s.notNull) problems.push(`${o.name}.${c.name}: NOT NULL differs (SQLite ${notNull}, spec ${s.notNull})`);
      const json = new RegExp(`json_valid\\(\\s*"?${c.name}"?\\s*\\)`, 'i').test(o.sql);
      if (json && s.type !== 'jsonb') problems.push(`${o.name}.${c.name} holds JSON (json_valid) but is mapped to ${s.type}, not jsonb`);
    }
    for (const s of spec.columns) {
      if (!info.some((c) => c.name === s.name)) problems.push(`spec column ${o.name}.${s.name} is not in the SQLite database`);
    }
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    if (pk.join(',') !== spec.primaryKey.join(',')) problems.push(`${o.name}: primary key differs (SQLite ${pk.join(', ')}, spec ${spec.primaryKey.join(', ')})`);
  }
  for (const t of TABLES) {
    if (!objects.some((o) => o.name === t.name)) problems.push(`spec table ${t.name} is not in the SQLite database`);
  }
  return problems;
}
