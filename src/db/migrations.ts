/** A change of the schema: SQL only. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Schema migrations, applied in order. Those a database lacks run together in one write-locked
 * transaction (see migrate). A migration changes the schema and nothing else: it runs no domain
 * code, so what it does never changes with the resolver or the linker. The data that follows from
 * the stored documents (an older document version's authority, its version-3 fields, the links) is
 * re-derived after migrating, by its own named step (rederiveStoredDocuments, src/store/rederive.ts).
 * Never edit a migration that has shipped: add the next one.
 */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'initial',
    sql: `
CREATE TABLE documents (
  id               INTEGER PRIMARY KEY,
  sha256           TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  path             TEXT NOT NULL,
  format           TEXT NOT NULL CHECK (format IN ('pdf','docx','markdown')),
  bytes            INTEGER NOT NULL,
  pages            INTEGER,
  kind             TEXT NOT NULL,
  title            TEXT,
  framework        TEXT,
  inspection_type  TEXT,
  local_authority  TEXT,
  inspection_start TEXT,
  inspection_end   TEXT,
  publication_date TEXT,
  lead_inspector   TEXT,
  schema_version   TEXT NOT NULL,
  has_errors       INTEGER NOT NULL DEFAULT 0,
  imported_at      TEXT NOT NULL,
  json             TEXT NOT NULL
);
CREATE INDEX documents_path ON documents(path);
CREATE INDEX documents_la ON documents(local_authority COLLATE NOCASE);
CREATE INDEX documents_framework ON documents(framework);

CREATE TABLE judgements (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  area        TEXT NOT NULL,
  label       TEXT NOT NULL,
  grade       TEXT NOT NULL,
  page INTEGER, line INTEGER, block INTEGER
);
CREATE INDEX judgements_document ON judgements(document_id);

CREATE TABLE paragraphs (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  number      INTEGER NOT NULL,
  label       TEXT,
  section     TEXT,
  text        TEXT NOT NULL,
  page INTEGER, line INTEGER, block INTEGER
);
CREATE INDEX paragraphs_document ON paragraphs(document_id, number);

CREATE TABLE recommendations (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  rec_id      TEXT NOT NULL,
  scope       TEXT NOT NULL,
  text        TEXT NOT NULL,
  timescale   TEXT,
  page INTEGER, line INTEGER, block INTEGER
);
CREATE INDEX recommendations_document ON recommendations(document_id);

CREATE TABLE recommendation_paragraph_refs (
  recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  paragraph_number  INTEGER NOT NULL,
  paragraph_id      INTEGER REFERENCES paragraphs(id) ON DELETE SET NULL,
  PRIMARY KEY (recommendation_id, paragraph_number)
);
CREATE INDEX refs_paragraph ON recommendation_paragraph_refs(paragraph_id);

CREATE TABLE actions (
  id                 INTEGER PRIMARY KEY,
  document_id        INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  recommendation_ref TEXT,
  action_id          TEXT,
  description        TEXT NOT NULL,
  leads              TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(leads)),
  due_raw            TEXT,
  due_date           TEXT,
  outcome            TEXT,
  progress           TEXT,
  rag                TEXT,
  rag_raw            TEXT,
  page INTEGER, line INTEGER, block INTEGER
);
CREATE INDEX actions_document ON actions(document_id);
CREATE INDEX actions_rag ON actions(rag);

CREATE TABLE warnings (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  origin      TEXT NOT NULL CHECK (origin IN ('extract','validate')),
  severity    TEXT NOT NULL CHECK (severity IN ('error','warning')),
  code        TEXT NOT NULL,
  message     TEXT NOT NULL,
  page INTEGER, line INTEGER, block INTEGER
);
CREATE INDEX warnings_document ON warnings(document_id);

CREATE TABLE import_errors (
  id          INTEGER PRIMARY KEY,
  path        TEXT NOT NULL,
  sha256      TEXT,
  code        TEXT NOT NULL,
  reason      TEXT NOT NULL,
  occurred_at TEXT NOT NULL
);
CREATE INDEX import_errors_path ON import_errors(path);

-- Full-text search (external content tables kept in step by triggers).
CREATE VIRTUAL TABLE recommendations_fts USING fts5(text, content='recommendations', content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER recommendations_ai AFTER INSERT ON recommendations BEGIN
  INSERT INTO recommendations_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER recommendations_ad AFTER DELETE ON recommendations BEGIN
  INSERT INTO recommendations_fts(recommendations_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE VIRTUAL TABLE paragraphs_fts USING fts5(text, content='paragraphs', content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER paragraphs_ai AFTER INSERT ON paragraphs BEGIN
  INSERT INTO paragraphs_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER paragraphs_ad AFTER DELETE ON paragraphs BEGIN
  INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE VIRTUAL TABLE actions_fts USING fts5(description, outcome, progress, content='actions', content_rowid='id', tokenize='porter unicode61');
CREATE TRIGGER actions_ai AFTER INSERT ON actions BEGIN
  INSERT INTO actions_fts(rowid, description, outcome, progress) VALUES (new.id, new.description, new.outcome, new.progress);
END;
CREATE TRIGGER actions_ad AFTER DELETE ON actions BEGIN
  INSERT INTO actions_fts(actions_fts, rowid, description, outcome, progress) VALUES ('delete', old.id, old.description, old.outcome, old.progress);
END;
`,
  },
  {
    version: 2,
    name: 'register and links',
    sql: `
-- The register of local authorities (data/local-authorities.csv; kept in step with it on every open).
CREATE TABLE local_authorities (
  code            TEXT PRIMARY KEY,
  ofsted_urn      TEXT,
  ons_code        TEXT,
  name            TEXT NOT NULL,
  also_known_as   TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(also_known_as)),
  region          TEXT,
  la_type         TEXT,
  stat_neighbours TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(stat_neighbours)),
  website         TEXT
);

ALTER TABLE documents ADD COLUMN local_authority_code TEXT REFERENCES local_authorities(code);
ALTER TABLE documents ADD COLUMN local_authority_as_written TEXT;
CREATE INDEX documents_la_code ON documents(local_authority_code);

CREATE TABLE recommendation_links (
  id                        INTEGER PRIMARY KEY,
  plan_recommendation_id    INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  report_recommendation_id  INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  method                    TEXT NOT NULL CHECK (method IN ('number','text')),
  score                     REAL,
  UNIQUE (plan_recommendation_id, report_recommendation_id)
);
CREATE INDEX recommendation_links_report ON recommendation_links(report_recommendation_id);

CREATE TABLE document_links (
  id                INTEGER PRIMARY KEY,
  from_document_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  to_document_id    INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  kind              TEXT NOT NULL,
  score             REAL,
  UNIQUE (from_document_id, to_document_id, kind)
);
CREATE INDEX document_links_to ON document_links(to_document_id);

-- Warnings gain the origin 'link' (made by the linker, remade with the links).
CREATE TABLE warnings_v2 (
  id          INTEGER PRIMARY KEY,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  origin      TEXT NOT NULL CHECK (origin IN ('extract','validate','link')),
  severity    TEXT NOT NULL CHECK (severity IN ('error','warning')),
  code        TEXT NOT NULL,
  message     TEXT NOT NULL,
  page INTEGER, line INTEGER, block INTEGER
);
INSERT INTO warnings_v2 SELECT id, document_id, origin, severity, code, message, page, line, block FROM warnings;
DROP TABLE warnings;
ALTER TABLE warnings_v2 RENAME TO warnings;
CREATE INDEX warnings_document ON warnings(document_id);
`,
  },
  {
    version: 3,
    name: 'the family of inspection documents, item kinds, themes, xlsx sources',
    // Rebuilds documents (its format CHECK gains 'xlsx'): migrate() runs migrations with foreign keys
    // off, then checks them (SQLite's twelve-step procedure), so dropping the old table cascades nothing.
    sql: `
DROP VIEW IF EXISTS v_tracker;
DROP VIEW IF EXISTS v_latest_judgements;
CREATE TABLE documents_v3 (
  id               INTEGER PRIMARY KEY,
  sha256           TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  path             TEXT NOT NULL,
  format           TEXT NOT NULL CHECK (format IN ('pdf','docx','markdown','xlsx')),
  bytes            INTEGER NOT NULL,
  pages            INTEGER,
  kind             TEXT NOT NULL,
  title            TEXT,
  framework        TEXT,
  inspection_type  TEXT,
  local_authority  TEXT,
  inspection_start TEXT,
  inspection_end   TEXT,
  publication_date TEXT,
  lead_inspector   TEXT,
  schema_version   TEXT NOT NULL,
  has_errors       INTEGER NOT NULL DEFAULT 0,
  imported_at      TEXT NOT NULL,
  json             TEXT NOT NULL,
  local_authority_code TEXT REFERENCES local_authorities(code),
  local_authority_as_written TEXT,
  inspectors       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(inspectors)),
  focus            TEXT,
  focus_as_written TEXT,
  partnership      TEXT,
  previous_inspection_date TEXT,
  previous_inspection_text TEXT,
  next_inspection_raw  TEXT,
  next_inspection_date TEXT
);
INSERT INTO documents_v3 (id, sha256, path, format, bytes, pages, kind, title, framework, inspection_type, local_authority,
  inspection_start, inspection_end, publication_date, lead_inspector, schema_version, has_errors, imported_at, json,
  local_authority_code, local_authority_as_written, inspectors)
SELECT id, sha256, path, format, bytes, pages, kind, title, framework, inspection_type, local_authority,
  inspection_start, inspection_end, publication_date, lead_inspector, schema_version, has_errors, imported_at, json,
  local_authority_code, local_authority_as_written, CASE WHEN lead_inspector IS NULL THEN '[]' ELSE json_array(lead_inspector) END
FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v3 RENAME TO documents;
CREATE INDEX documents_path ON documents(path);
CREATE INDEX documents_la ON documents(local_authority COLLATE NOCASE);
CREATE INDEX documents_framework ON documents(framework);
CREATE INDEX documents_la_code ON documents(local_authority_code);

ALTER TABLE judgements ADD COLUMN wording TEXT;

ALTER TABLE recommendations ADD COLUMN kind TEXT NOT NULL DEFAULT 'recommendation'
  CHECK (kind IN ('recommendation','area_for_improvement','priority_action'));
ALTER TABLE recommendations ADD COLUMN national_framework_ref TEXT;
ALTER TABLE recommendations ADD COLUMN responsible TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(responsible));
CREATE INDEX recommendations_kind ON recommendations(kind);

-- The taxonomy of recommendation themes (data/themes.csv) and the themes given to each item, strongest first.
CREATE TABLE themes (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  definition  TEXT NOT NULL
);
CREATE TABLE recommendation_themes (
  recommendation_id INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  rank              INTEGER NOT NULL,
  theme_id          TEXT NOT NULL,
  words             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(words)),
  PRIMARY KEY (recommendation_id, theme_id)
);
CREATE INDEX recommendation_themes_theme ON recommendation_themes(theme_id);
`,
  },
  {
    version: 4,
    name: 'publication date source, next steps, agencies, item headings',
    sql: `
-- Where a document's publication date came from (model PUBLICATION_SOURCES), what it asks of the authority next and by when.
ALTER TABLE documents ADD COLUMN publication_date_source TEXT
  CHECK (publication_date_source IN ('printed','ofsted_listing','user','pdf_created','inspection_end'));
ALTER TABLE documents ADD COLUMN agencies TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(agencies));
ALTER TABLE documents ADD COLUMN next_steps_text TEXT;
ALTER TABLE documents ADD COLUMN next_steps_due TEXT;
UPDATE documents SET publication_date_source = 'printed' WHERE publication_date IS NOT NULL;
ALTER TABLE recommendations ADD COLUMN heading TEXT;
`,
  },
  {
    version: 6,
    name: 'action states, plan versions',
    sql: `
-- Each action's state, decided once at load time from the plan vocabulary (src/extract/plan/state.ts):
-- NULL until derived (a database upgraded from version 5 gets it filled by its own named step,
-- deriveActionStates in src/store/rederive.ts). state_from: the rating, or the status word of the rating cell.
ALTER TABLE actions ADD COLUMN state TEXT CHECK (state IN ('done','open','not_started','unknown'));
ALTER TABLE actions ADD COLUMN state_from TEXT CHECK (state_from IN ('rag','status'));
CREATE INDEX actions_state ON actions(state);

-- A plan the person importing said is the current version (ofsted import --current, ofsted plan current), and when.
CREATE TABLE plan_claims (
  document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  claimed_at  TEXT NOT NULL
);

-- Versions of one plan: the plans answering the same report for the same authority, remade by the linker
-- with the links. version 1 is the oldest; exactly one of a report's plans is current.
CREATE TABLE plan_versions (
  plan_document_id   INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
  report_document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  version            INTEGER NOT NULL,
  versions           INTEGER NOT NULL,
  is_current         INTEGER NOT NULL CHECK (is_current IN (0, 1)),
  plan_date          TEXT,
  basis              TEXT NOT NULL CHECK (basis IN ('only','claimed','plan_date','imported'))
);
CREATE INDEX plan_versions_report ON plan_versions(report_document_id);
`,
  },
  {
    version: 7,
    name: 'documents: the JSON last, a covering index of the facts the read queries scan',
    // Rebuilds documents (as migration 3 did: migrate() runs with foreign keys off, then checks them).
    // A row's columns are stored in order and only its first ~4 KB on the table's own page: with the
    // JSON (tens of KB) in the middle, reading local_authority_code or any later column of one
    // document walked the JSON's overflow pages. With the JSON last, every other column is on the
    // row's page. The index covers the columns the whole-archive scans read (one inspection per
    // document, latest grades and events, themes, years), so those scan it, not the table.
    // Measured with scripts/bench/web-scale.ts (docs/performance.md, "Web app at scale").
    sql: `
DROP VIEW IF EXISTS v_tracker;
DROP VIEW IF EXISTS v_latest_judgements;
CREATE TABLE documents_v7 (
  id               INTEGER PRIMARY KEY,
  sha256           TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
  path             TEXT NOT NULL,
  format           TEXT NOT NULL CHECK (format IN ('pdf','docx','markdown','xlsx')),
  bytes            INTEGER NOT NULL,
  pages            INTEGER,
  kind             TEXT NOT NULL,
  title            TEXT,
  framework        TEXT,
  inspection_type  TEXT,
  local_authority  TEXT,
  inspection_start TEXT,
  inspection_end   TEXT,
  publication_date TEXT,
  lead_inspector   TEXT,
  schema_version   TEXT NOT NULL,
  has_errors       INTEGER NOT NULL DEFAULT 0,
  imported_at      TEXT NOT NULL,
  local_authority_code TEXT REFERENCES local_authorities(code),
  local_authority_as_written TEXT,
  inspectors       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(inspectors)),
  focus            TEXT,
  focus_as_written TEXT,
  partnership      TEXT,
  previous_inspection_date TEXT,
  previous_inspection_text TEXT,
  next_inspection_raw  TEXT,
  next_inspection_date TEXT,
  publication_date_source TEXT
    CHECK (publication_date_source IN ('printed','ofsted_listing','user','pdf_created','inspection_end')),
  agencies         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(agencies)),
  next_steps_text  TEXT,
  next_steps_due   TEXT,
  json             TEXT NOT NULL
);
INSERT INTO documents_v7 (id, sha256, path, format, bytes, pages, kind, title, framework, inspection_type, local_authority, inspection_start, inspection_end, publication_date, lead_inspector, schema_version, has_errors, imported_at, local_authority_code, local_authority_as_written, inspectors, focus, focus_as_written, partnership, previous_inspection_date, previous_inspection_text, next_inspection_raw, next_inspection_date, publication_date_source, agencies, next_steps_text, next_steps_due, json)
SELECT id, sha256, path, format, bytes, pages, kind, title, framework, inspection_type, local_authority, inspection_start, inspection_end, publication_date, lead_inspector, schema_version, has_errors, imported_at, local_authority_code, local_authority_as_written, inspectors, focus, focus_as_written, partnership, previous_inspection_date, previous_inspection_text, next_inspection_raw, next_inspection_date, publication_date_source, agencies, next_steps_text, next_steps_due, json FROM documents;
DROP TABLE documents;
ALTER TABLE documents_v7 RENAME TO documents;
CREATE INDEX documents_path ON documents(path);
CREATE INDEX documents_la ON documents(local_authority COLLATE NOCASE);
CREATE INDEX documents_framework ON documents(framework);
CREATE INDEX documents_la_code ON documents(local_authority_code);
CREATE INDEX documents_facts ON documents(kind, local_authority_code, local_authority, framework,
  inspection_start, inspection_end, publication_date_source, publication_date);

-- The actions of one plan row (the tracker counts them per plan document and recommendation).
CREATE INDEX actions_document_ref ON actions(document_id, recommendation_ref);
`,
  },
  {
    version: 8,
    name: 'corrections and their audit log',
    sql: `
-- Corrections a person made to what the extractor produced, kept apart from it and keyed so that they
-- outlive re-extraction: the document by its bytes (sha256; its path the fallback), the item by its
-- natural key (JSON text, src/store/corrections.ts), the field; value and original as JSON text.
-- state: applied (to document_id's row row_id), orphaned (the target is gone), pending (its document is not loaded).
CREATE TABLE corrections (
  id              INTEGER PRIMARY KEY,
  document_sha256 TEXT NOT NULL CHECK (length(document_sha256) = 64),
  document_path   TEXT,
  target_type     TEXT NOT NULL CHECK (target_type IN ('document','item','action')),
  target_key      TEXT NOT NULL CHECK (json_valid(target_key)),
  field           TEXT NOT NULL,
  value           TEXT NOT NULL CHECK (json_valid(value)),
  original        TEXT CHECK (original IS NULL OR json_valid(original)),
  state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','applied','orphaned')),
  document_id     INTEGER REFERENCES documents(id) ON DELETE SET NULL,
  row_id          INTEGER,
  target_index    INTEGER,
  created_by      TEXT NOT NULL,
  created_at      TEXT NOT NULL,
  updated_by      TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  applied_at      TEXT,
  UNIQUE (document_sha256, target_type, target_key, field)
);
CREATE INDEX corrections_document ON corrections(document_id);
CREATE INDEX corrections_path ON corrections(document_path);

-- Every change made to a correction: who, when, through what, the target, the value before and after.
CREATE TABLE correction_log (
  id              INTEGER PRIMARY KEY,
  correction_id   INTEGER NOT NULL,
  at              TEXT NOT NULL,
  who             TEXT NOT NULL,
  via             TEXT NOT NULL CHECK (via IN ('cli','api','web','import')),
  document_sha256 TEXT NOT NULL,
  target_type     TEXT NOT NULL,
  target_key      TEXT NOT NULL,
  field           TEXT NOT NULL,
  old             TEXT,
  new             TEXT NOT NULL
);
CREATE INDEX correction_log_correction ON correction_log(correction_id);
`,
  },
  {
    version: 9,
    name: 'recommendation_links: a link a person set; corrections follow a moved file',
    // Rebuilds recommendation_links (its method CHECK gains 'person': a plan item's link set by a
    // correction, src/store/link-corrections.ts; score NULL). The views reading it are dropped first
    // and remade after the migrations (ensureViews).
    sql: `
DROP VIEW IF EXISTS v_tracker;
CREATE TABLE recommendation_links_v9 (
  id                        INTEGER PRIMARY KEY,
  plan_recommendation_id    INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  report_recommendation_id  INTEGER NOT NULL REFERENCES recommendations(id) ON DELETE CASCADE,
  method                    TEXT NOT NULL CHECK (method IN ('number','text','person')),
  score                     REAL,
  UNIQUE (plan_recommendation_id, report_recommendation_id)
);
INSERT INTO recommendation_links_v9 (id, plan_recommendation_id, report_recommendation_id, method, score)
SELECT id, plan_recommendation_id, report_recommendation_id, method, score FROM recommendation_links;
DROP TABLE recommendation_links;
ALTER TABLE recommendation_links_v9 RENAME TO recommendation_links;
CREATE INDEX recommendation_links_report ON recommendation_links(report_recommendation_id);

-- The bytes of the document a correction was last applied to: it follows that document when its file
-- is moved (read again at another path), also after it was found by the path it was made on.
ALTER TABLE corrections ADD COLUMN applied_sha256 TEXT;
CREATE INDEX corrections_applied_sha256 ON corrections(applied_sha256);
`,
  },
];
