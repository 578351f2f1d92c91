/**
 * The CLI's canned queries (`ofsted query judgements|recommendations|paragraphs|actions`), built
 * from the read model's rules (rules.ts): every user value a bound parameter.
 */
import type { DB } from '../db/types.js';
import { InputError } from '../util/errors.js';
import { regions, withNeighbours } from '../register/lookup.js';
import { documentDeadlines } from './deadlines.js';
import { authoritySql, named, registerAuthorityIn, selectAuthorityIn } from './authority.js';
import { docDate, documentFilters, ftsMatch, ftsQuery, isOverdue, SENDS, today, VISITS } from './rules.js';
import { isCurrentPlan } from './plan-versions.js';
import { ACTION_STATES } from '../model/action-state.js';

export interface QueryFilters {
  /** A name, an alias or a DfE code. */
  la?: string;
  /** An ONS region of the register ("London"). */
  region?: string;
  /** An authority (name, alias or code): it and its statistical neighbours. */
  neighboursOf?: string;
  framework?: string;
  search?: string;
  rag?: string;
  overdue?: boolean;
  asOf?: string;
  /** Actions in this state (done, open, not_started, unknown: actions.state, decided at load time). */
  state?: string;
  /** Actions: of every version of a plan, not only the current one. */
  allVersions?: boolean;
  area?: string;
  grade?: string;
  limit?: number;
}

interface Built {
  where: string[];
  params: Record<string, unknown>;
}

/** Filters on the document of each row: `d` is the documents table's alias. */
export function docFilters(db: DB, f: QueryFilters, d = 'd'): Built {
  const where: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.la) where.push(authoritySql(named('--la', () => selectAuthorityIn(db, f.la!)), d, params));
  let region: string | undefined;
  if (f.region) {
    region = regions().find((r) => r.toLowerCase() === f.region!.trim().toLowerCase());
    if (!region) throw new InputError('usage', `unknown region "${f.region}"; the register's regions: ${regions().join(', ')}`);
  }
  if (f.neighboursOf) {
    const codes = withNeighbours(named('--neighbours-of', () => registerAuthorityIn(db, f.neighboursOf!)));
    where.push(`${d}.local_authority_code IN (${codes.map((_, i) => `@nb${i}`).join(', ')})`);
    codes.forEach((c, i) => (params[`nb${i}`] = c));
  }
  documentFilters({ region, framework: f.framework }, d, where, params);
  return { where, params };
}

/** The full-text search filter of a table (the words of --search, all required). */
function searched(table: 'recommendations' | 'paragraphs' | 'actions', alias: string, f: QueryFilters, b: Built): void {
  if (!f.search) return;
  b.where.push(ftsMatch(table, `${alias}.id`));
  b.params.q = ftsQuery(f.search);
}

const whereSql = (w: string[]) => (w.length ? `WHERE ${w.join(' AND ')}` : '');
const limitSql = (f: QueryFilters) => `LIMIT ${Math.max(1, Math.min(f.limit ?? 1000, 100000))}`;

export function queryJudgements(db: DB, f: QueryFilters): Record<string, unknown>[] {
  const { where, params } = docFilters(db, f);
  if (f.area) {
    where.push('j.area = @area');
    params.area = f.area;
  }
  if (f.grade) {
    where.push('j.grade = @grade');
    params.grade = f.grade;
  }
  if (f.search) {
    where.push("j.label LIKE '%' || @search || '%'");
    params.search = f.search;
  }
  return db
    .prepare(
      `SELECT d.local_authority AS la, d.framework, d.inspection_end AS inspected, j.area, j.grade, j.label, j.wording,
              d.path, j.page, j.line, j.block
       FROM judgements j JOIN documents d ON d.id = j.document_id
       ${whereSql(where)}
       ORDER BY d.local_authority, ${docDate('d')}, j.id ${limitSql(f)}`,
    )
    .all(params) as Record<string, unknown>[];
}

export function queryRecommendations(db: DB, f: QueryFilters, withParagraphs = false): Record<string, unknown>[] {
  const built = docFilters(db, f);
  const { where, params } = built;
  searched('recommendations', 'r', f, built);
  // A plan's items: of the current version of each plan only (plan-versions.ts), unless all versions are asked for.
  if (!f.allVersions) where.push(isCurrentPlan('d.id'));
  const rows = db
    .prepare(
      `SELECT r.id AS _rid, d.local_authority AS la, d.framework, d.kind, d.inspection_end AS inspected, r.rec_id AS id, r.kind AS item_kind, r.scope,
              r.timescale, r.text,
              (SELECT group_concat(paragraph_number, ',') FROM (SELECT paragraph_number FROM recommendation_paragraph_refs WHERE recommendation_id = r.id ORDER BY paragraph_number)) AS paragraphs,
              d.path, r.page, r.line, r.block
       FROM recommendations r JOIN documents d ON d.id = r.document_id
       ${whereSql(where)}
       ORDER BY d.local_authority, ${docDate('d')}, r.id ${limitSql(f)}`,
    )
    .all(params) as Array<Record<string, unknown>>;
  const cited = db.prepare(
    `SELECT x.paragraph_number AS number, p.section, p.text, p.page, p.line, p.block
     FROM recommendation_paragraph_refs x LEFT JOIN paragraphs p ON p.id = x.paragraph_id
     WHERE x.recommendation_id = ? ORDER BY x.paragraph_number`,
  );
  return rows.map(({ _rid, ...r }) => (withParagraphs ? { ...r, cited: cited.all(_rid) } : r));
}

export function queryActions(db: DB, f: QueryFilters): Record<string, unknown>[] {
  const built = docFilters(db, f);
  const { where, params } = built;
  searched('actions', 'a', f, built);
  if (f.rag) {
    where.push('a.rag = @rag');
    params.rag = f.rag.toLowerCase();
  }
  if (f.state) {
    if (!(ACTION_STATES as readonly string[]).includes(f.state)) throw new InputError('usage', `--state must be one of ${ACTION_STATES.join(', ')}`);
    where.push('a.state = @state');
    params.state = f.state;
  }
  if (f.overdue) {
    where.push(isOverdue('a', '@asOf'));
    params.asOf = f.asOf ?? today();
  }
  // The current version of each plan only (plan-versions.ts), unless all versions are asked for.
  if (!f.allVersions) where.push(isCurrentPlan('d.id'));
  return db
    .prepare(
      `SELECT d.local_authority AS la, a.recommendation_ref AS recommendation, a.action_id AS id, a.description, a.leads,
              a.due_raw AS due, a.due_date, a.rag, a.rag_raw, a.state, a.progress, d.path, a.page, a.line, a.block
       FROM actions a JOIN documents d ON d.id = a.document_id
       ${whereSql(where)}
       ORDER BY d.local_authority, a.id ${limitSql(f)}`,
    )
    .all(params) as Record<string, unknown>[];
}

export function queryParagraphs(db: DB, f: QueryFilters): Record<string, unknown>[] {
  const built = docFilters(db, f);
  const { where, params } = built;
  searched('paragraphs', 'p', f, built);
  return db
    .prepare(
      `SELECT d.local_authority AS la, d.framework, p.number, p.label, p.section, p.text, d.path, p.page, p.line, p.block
       FROM paragraphs p JOIN documents d ON d.id = p.document_id
       ${whereSql(where)}
       ORDER BY d.local_authority, d.id, p.number ${limitSql(f)}`,
    )
    .all(params) as Record<string, unknown>[];
}


/**
 * `query visits`: the inspection events between full inspections (focused and monitoring visits,
 * JTAIs) and the area SEND inspections, newest first: date, authority, framework, focus, the
 * number of priority actions and of areas for improvement, and a SEND report's outcome.
 */
export function queryVisits(db: DB, f: QueryFilters): Record<string, unknown>[] {
  const { where, params } = docFilters(db, f);
  where.push(`d.framework IN (${VISITS}, ${SENDS})`);
  return db
    .prepare(
      `SELECT ${docDate('d')} AS date, d.local_authority AS la, d.local_authority_code AS code, d.framework, d.focus,
              d.inspection_start, d.inspection_end, d.publication_date,
              (SELECT count(*) FROM recommendations r WHERE r.document_id = d.id AND r.kind = 'priority_action') AS priority_actions,
              (SELECT count(*) FROM recommendations r WHERE r.document_id = d.id AND r.kind = 'area_for_improvement') AS areas_for_improvement,
              (SELECT j.grade FROM judgements j WHERE j.document_id = d.id AND j.area = 'send_outcome' ORDER BY j.id LIMIT 1) AS send_outcome,
              d.partnership, d.focus_as_written, d.path
       FROM documents d
       ${whereSql(where)}
       ORDER BY ${docDate('d')} DESC, d.local_authority, d.id ${limitSql(f)}`,
    )
    .all(params) as Record<string, unknown>[];
}

/** `query deadlines`: each inspection document's plan deadline, plan on file and lateness as of a date (deadlines.ts). */
export function queryDeadlines(db: DB, f: QueryFilters): Record<string, unknown>[] {
  const { where, params } = docFilters(db, f);
  const asOf = f.asOf ?? today();
  return documentDeadlines(db, asOf, where.length ? where.join(' AND ') : '1', params).map((x) => ({
    la: x.authority,
    framework: x.framework,
    from: x.from,
    basis: x.basis,
    estimated: x.estimated,
    working_days: x.workingDays,
    draft_due: x.draftDue,
    plan_due: x.planDue,
    plan_on_file: x.plan?.path ?? null,
    plan_date: x.plan?.date ?? null,
    late: x.late,
    as_of: asOf,
    rule: x.rule,
    stated: x.stated,
    due_printed: x.statedDue,
    path: x.path,
  }));
}
