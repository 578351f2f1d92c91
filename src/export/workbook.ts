/**
 * `ofsted export`: the database as a workbook an analyst can filter at once (exceljs):
 * "Latest by authority", "Judgements", "Recommendations", "Actions", "SEND outcomes" when the
 * database holds an area SEND inspection, and, when it links plans to reports, "Tracker" (a
 * row for each report recommendation and each visit's or SEND report's priority action and
 * area for improvement). Frozen header row, auto-filter, real Excel
 * dates, widths fitted to the text. CSV: the same sheets, one file each, in a folder.
 */
import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { openForQuery } from '../store/open.js';
import { AREAS, DataAccess, type Row } from '../query/access.js';
import { correctionMarks, markText, trackerCorrections, type Marks, type TrackerIds } from '../query/corrections.js';
import { frameworkName, itemKindName, label, leadsText as leads } from '../query/labels.js';
import { today } from '../query/rules.js';
import { themeItems } from '../query/themes.js';
import type { AuthoritySelection } from '../query/authority.js';
import { deadlineBasisText, type DocumentDeadline } from '../query/deadlines.js';

export interface ExportOptions {
  db: string;
  format: 'xlsx' | 'csv';
  /** The workbook file (xlsx) or the folder (csv). */
  out: string;
  /** Only these authorities: names, aliases, spellings, first words or DfE codes (src/query/authority.ts); one naming none or several is refused. */
  la?: string[];
  /** Date for "overdue" (default today). */
  asOf?: string;
}

export interface ExportResult {
  out: string;
  files: string[];
  sheets: Array<{ name: string; rows: number }>;
}

type Kind = 'text' | 'long' | 'date' | 'number';
interface Column {
  header: string;
  key: string;
  kind?: Kind;
  /** How a stored value reads (a code as its display name); the value as stored when none. */
  show?: (v: unknown) => unknown;
}
interface Sheet {
  name: string;
  columns: Column[];
  rows: Row[];
}

const MAX_WIDTH = 60;
const loc: Column[] = [
  { header: 'Source', key: 'path' },
  { header: 'Page', key: 'page', kind: 'number' },
  { header: 'Line', key: 'line', kind: 'number' },
  { header: 'Block', key: 'block', kind: 'number' },
];

/** 'YYYY-MM-DD' -> a Date at UTC midnight (Excel shows the same calendar day). */
function excelDate(v: unknown): Date | null {
  if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return null;
  const d = new Date(`${v}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** What every sheet reads: the query layer, the authorities selected (none: all), the date for "overdue", the corrections, the plan deadlines. */
interface SheetQuery {
  data: DataAccess;
  la: readonly AuthoritySelection[] | undefined;
  asOf: string;
  marks?: Marks;
  deadlines: DocumentDeadline[];
}

/** A sheet that is data: its columns (`{asOf}` in a header is the date for "overdue") and the query of its rows; an optional one is left out when it has none. */
interface SheetSpec {
  name: string;
  columns: Column[];
  rows: (q: SheetQuery) => Row[];
  optional?: boolean;
}

/** How a stored value reads on a sheet. */
const labelOrNull = (v: unknown) => (v ? label(v) : null);
const yesNo = (v: unknown) => (v ? 'Yes' : 'No');
const AUTHORITY: Column = { header: 'Authority', key: 'authority' };
/** A framework by its usual name (the framework registry's), on every sheet. */
const FRAMEWORK: Column = { header: 'Framework', key: 'framework', show: frameworkName };
const PUBLISHED: Column = { header: 'Published', key: 'publication_date', kind: 'date' };
const ITEM_KIND: Column = { header: 'Item kind', key: 'item_kind', show: itemKindName };
// What a person corrected (src/store/corrections.ts): a column beside the values on the Actions and Tracker sheets.
const corrected = (...t: Array<string | null | undefined>) => t.filter(Boolean).join('; ') || null;

/** The sheets between "Latest by authority" and "Tracker", in their order. */
const SHEETS: SheetSpec[] = [
  {
    name: 'Judgements',
    columns: [
      AUTHORITY,
      FRAMEWORK,
      { header: 'Inspection end', key: 'inspection_end', kind: 'date' },
      PUBLISHED,
      { header: 'Area', key: 'area', show: label },
      { header: 'Judgement as written', key: 'label', kind: 'long' },
      { header: 'Grade', key: 'grade', show: label },
      ...loc,
    ],
    rows: (q) => q.data.judgements(q.la),
  },
  {
    name: 'Recommendations',
    columns: [
      AUTHORITY,
      { header: 'Document kind', key: 'kind', show: label },
      FRAMEWORK,
      PUBLISHED,
      { header: 'Recommendation', key: 'rec_id' },
      ITEM_KIND,
      { header: 'Scope', key: 'scope', show: label },
      { header: 'Timescale', key: 'timescale', show: labelOrNull },
      { header: 'Text', key: 'text', kind: 'long' },
      { header: 'Cited paragraphs', key: 'paragraphs' },
      ...loc,
    ],
    rows: (q) => q.data.recommendations(q.la),
  },
  {
    name: 'Actions',
    columns: [
      AUTHORITY,
      { header: 'Recommendation', key: 'recommendation_ref' },
      { header: 'Action', key: 'action_id' },
      { header: 'Description', key: 'description', kind: 'long' },
      { header: 'Leads', key: 'leads', show: leads },
      { header: 'Due (as written)', key: 'due_raw' },
      { header: 'Due', key: 'due_date', kind: 'date' },
      { header: 'RAG', key: 'rag', show: labelOrNull },
      { header: 'RAG (as written)', key: 'rag_raw' },
      { header: 'State', key: 'state', show: labelOrNull },
      { header: 'Overdue at {asOf}', key: 'overdue', show: yesNo },
      { header: 'Progress', key: 'progress', kind: 'long' },
      { header: 'Outcome', key: 'outcome', kind: 'long' },
      { header: 'Corrected (was)', key: 'corrected' },
      ...loc,
    ],
    rows: ({ data, la, asOf, marks }) =>
      data.actions(la, asOf).map((r) => ({
        ...r,
        corrected: marks ? corrected(markText(marks.document(Number(r.document_id))), markText(marks.row('action', Number(r.action_row)))) : null,
      })),
  },
  {
    name: 'SEND outcomes',
    optional: true,
    columns: [
      AUTHORITY,
      { header: 'Partnership', key: 'partnership' },
      FRAMEWORK,
      { header: 'Inspection start', key: 'inspection_start', kind: 'date' },
      { header: 'Inspection end', key: 'inspection_end', kind: 'date' },
      PUBLISHED,
      { header: 'Outcome', key: 'outcome', show: labelOrNull },
      { header: 'Outcome as written', key: 'outcome_wording', kind: 'long' },
      { header: 'Priority actions', key: 'priority_actions', kind: 'number' },
      { header: 'Areas for improvement', key: 'areas_for_improvement', kind: 'number' },
      { header: 'Previous inspection', key: 'previous_inspection_date', kind: 'date' },
      { header: 'Previous inspection (as written)', key: 'previous_inspection_text', kind: 'long' },
      { header: 'Next inspection by', key: 'next_inspection_date', kind: 'date' },
      { header: 'Next inspection (as written)', key: 'next_inspection_raw', kind: 'long' },
      { header: 'Source', key: 'path' },
    ],
    rows: (q) => q.data.sendOutcomes(q.la),
  },
  {
    name: 'Plan deadlines',
    optional: true,
    columns: [
      AUTHORITY,
      FRAMEWORK,
      { header: 'Document', key: 'path' },
      { header: 'Counted from', key: 'from', kind: 'date' },
      { header: 'Counted from (what)', key: 'basis' },
      { header: 'Estimated', key: 'estimated', show: yesNo },
      { header: 'Working days', key: 'workingDays', kind: 'number' },
      { header: 'Draft plan due by', key: 'draftDue', kind: 'date' },
      { header: 'Plan due by', key: 'planDue', kind: 'date' },
      { header: 'Plan on file', key: 'planPath' },
      { header: 'Plan date', key: 'planDate', kind: 'date' },
      { header: 'Late at {asOf}', key: 'late', show: yesNo },
      { header: 'Rule', key: 'rule' },
      { header: 'As the report asks', key: 'stated', kind: 'long' },
    ],
    rows: (q) => q.deadlines.map((x) => ({ ...x, basis: deadlineBasisText(x), planPath: x.plan?.path ?? null, planDate: x.plan?.date ?? null })),
  },
];

/** A sheet with its rows, each value read as its column shows it (`{asOf}` in a header: the date for "overdue"). */
function sheetOf(name: string, columns: Column[], rows: Row[], asOf = ''): Sheet {
  const shown = columns.filter((c) => c.show);
  return {
    name,
    columns: columns.map(({ show: _, ...c }) => ({ ...c, header: c.header.replace('{asOf}', asOf) })),
    rows: rows.map((r) => ({ ...r, ...Object.fromEntries(shown.map((c) => [c.key, c.show!(r[c.key])])) })),
  };
}

/** "Latest by authority": one row per authority, a column per graded area any of them has. */
function latestSheet({ data, la }: SheetQuery): Sheet {
  const latest = data.latest({ la });
  const areas = AREAS.filter((a) => latest.some((r) => r.grades[a] || r.prevGrades[a]));
  return {
    name: 'Latest by authority',
    columns: [
      { header: 'Authority', key: 'name' },
      { header: 'Code', key: 'key' },
      { header: 'Region', key: 'region' },
      { header: 'Latest inspection', key: 'date', kind: 'date' as const },
      { header: 'Framework', key: 'framework' },
      ...areas.map((a) => ({ header: label(a), key: a })),
      { header: 'Previous inspection', key: 'prev_date', kind: 'date' as const },
      { header: 'Previous framework', key: 'prev_framework' },
      ...areas.map((a) => ({ header: `Previous ${label(a).toLowerCase()}`, key: `prev_${a}` })),
      { header: 'Direction of travel', key: 'direction' },
      { header: 'Latest event', key: 'event_date', kind: 'date' as const },
      { header: 'Latest event framework', key: 'event_framework' },
      { header: 'Latest SEND inspection', key: 'send_date', kind: 'date' as const },
      { header: 'Latest SEND outcome', key: 'send_outcome' },
    ],
    rows: latest.map((r) => ({
      name: r.name,
      key: r.key,
      region: r.region,
      date: r.date,
      framework: frameworkName(r.framework),
      ...Object.fromEntries(areas.map((a) => [a, r.grades[a] ? label(r.grades[a]) : null])),
      prev_date: r.prevDate,
      prev_framework: frameworkName(r.prevFramework),
      ...Object.fromEntries(areas.map((a) => [`prev_${a}`, r.prevGrades[a] ? label(r.prevGrades[a]) : null])),
      direction: r.direction ? label(r.direction) : null,
      event_date: r.latestEvent?.date ?? null,
      event_framework: frameworkName(r.latestEvent?.framework),
      send_date: r.send?.date ?? null,
      send_outcome: r.send?.outcome ? label(r.send.outcome) : null,
    })),
  };
}

/** "Tracker": every report recommendation with its plan's actions and the plan's deadline; there once a plan is linked to one (null: none is). */
function trackerSheet({ data, la, asOf, marks, deadlines }: SheetQuery): Sheet | null {
  const due = new Map(deadlines.map((x) => [x.documentId, x]));
  const tracker: Row[] = data.tracker(asOf, la).map((r) => {
    const x = due.get(Number(r.report_document_id));
    const fixes = marks ? trackerCorrections(marks, r as unknown as TrackerIds) : null;
    return { ...r, plan_due: x?.planDue ?? null, plan_due_basis: x ? deadlineBasisText(x) : null, plan_on_file: x ? (x.plan?.path ?? 'none') : null, late: x ? (x.late ? 'Yes' : 'No') : null, corrected: fixes };
  });
  // Every report recommendation has a tracker row; the sheet is there once a plan is linked to one.
  if (!tracker.some((r) => r.plan_document_id != null)) return null;
  const keys = Object.keys(tracker[0]!);
  return {
    name: 'Tracker',
    columns: keys.map((k) => ({ header: k === 'overdue' ? `Overdue at ${asOf}` : k === 'late' ? `Late at ${asOf}` : label(k), key: k, kind: /date$|_due$/.test(k) ? 'date' : k === 'text' || k === 'latest_progress' ? 'long' : undefined })),
    rows: tracker,
  };
}

/** The sheets, of the authorities selected (src/query/authority.ts; all: none given): each sheet takes the same documents. */
export function buildSheets(data: DataAccess, la: readonly AuthoritySelection[] | undefined, asOf: string, marks?: Marks): Sheet[] {
  const q: SheetQuery = { data, la, asOf, marks, deadlines: data.deadlines(asOf, la) };
  const sheets = [latestSheet(q), ...SHEETS.map((s) => sheetOf(s.name, s.columns, s.rows(q), q.asOf)).filter((s, i) => s.rows.length || !SHEETS[i]!.optional), trackerSheet(q)];
  return sheets.filter((s): s is Sheet => s !== null);
}

/** "Themes": one row per item and theme (src/query/themes.ts), strongest theme first. */
const THEME_COLUMNS: Column[] = [
  AUTHORITY,
  { header: 'Code', key: 'authority_key' },
  FRAMEWORK,
  { header: 'Date', key: 'date', kind: 'date' },
  { header: 'Item', key: 'rec_id' },
  ITEM_KIND,
  { header: 'Rank', key: 'rank', kind: 'number' },
  { header: 'Theme', key: 'theme' },
  { header: 'Theme name', key: 'theme_name' },
  { header: 'Words that gave it', key: 'words', kind: 'long' },
  { header: 'Text', key: 'text', kind: 'long' },
  { header: 'Source', key: 'path' },
  { header: 'Page', key: 'page', kind: 'number' },
];

function addSheet(wb: ExcelJS.Workbook, s: Sheet): void {
  const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = s.columns.map((c) => ({ header: c.header, key: c.key }));
  for (const r of s.rows) {
    ws.addRow(Object.fromEntries(s.columns.map((c) => [c.key, c.kind === 'date' ? (excelDate(r[c.key]) ?? r[c.key] ?? null) : (r[c.key] ?? null)])));
  }
  ws.getRow(1).font = { bold: true };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, s.rows.length + 1), column: s.columns.length } };
  s.columns.forEach((c, i) => {
    const col = ws.getColumn(i + 1);
    if (c.kind === 'date') col.numFmt = 'yyyy-mm-dd';
    let width = c.header.length;
    for (const r of s.rows) {
      const v = r[c.key];
      if (v != null) width = Math.max(width, c.kind === 'date' ? 10 : String(v).length);
      if (width >= MAX_WIDTH) break;
    }
    col.width = Math.min(MAX_WIDTH, width) + 2;
    if (c.kind === 'long') col.alignment = { wrapText: true, vertical: 'top' };
  });
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export async function exportWorkbook(o: ExportOptions): Promise<ExportResult> {
  const db = openForQuery(o.db);
  let sheets: Sheet[];
  try {
    const data = new DataAccess(db, { timeMs: 60_000 });
    const la = o.la?.map((x) => data.select(x));
    sheets = buildSheets(data, la, o.asOf ?? today(), correctionMarks(db));
    sheets.push(sheetOf('Themes', THEME_COLUMNS, themeItems(db, la) as unknown as Row[]));
  } finally {
    db.close();
  }
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ofsted-ingest';
  for (const s of sheets) addSheet(wb, s);
  const files: string[] = [];
  if (o.format === 'xlsx') {
    mkdirSync(dirname(o.out), { recursive: true });
    await wb.xlsx.writeFile(o.out);
    files.push(o.out);
  } else {
    mkdirSync(o.out, { recursive: true });
    for (const s of sheets) {
      const file = join(o.out, `${slug(s.name)}.csv`);
      await wb.csv.writeFile(file, { sheetName: s.name, dateFormat: 'YYYY-MM-DD', dateUTC: true });
      files.push(file);
    }
  }
  return { out: o.out, files, sheets: sheets.map((s) => ({ name: s.name, rows: s.rows.length })) };
}
