import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import Database from 'better-sqlite3';
import type { OfstedDocument } from '../src/model/document.js';
import { buildDraft, draftPlan, planDueDate, addWorkingDays, renderDraft, type DraftFormat, type DraftPlan } from '../src/draft/index.js';
import { extractBytes, extractFile } from '../src/ingest.js';
import { importFiles } from '../src/index.js';
import type { OfstedDocument } from '../src/model/document.js';
import { cli, fixture, tmp } from './helpers.js';

/**
 * `ofsted plan draft` (src/draft/): the template answers a report item by item, in its own
 * numbering; filled in as a person would (only the empty Action, Lead, Due and RAG cells) and
 * imported before or after the report, every item links to the report's by number with
 * exactly the actions written for it.
 */
const REPORT = fixture('reports', 'brent_2023-04-11.pdf');
/** Actions written under each item, in order (item k gets COUNTS[k]). */
const COUNTS = [2, 1, 3, 2];
const RAGS = ['G', 'A', 'R', 'B'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fill = (item: number, k: number): [string, string, string, string] => [
  `Action ${k + 1} answering item ${item + 1}: audit a sample of cases & report to the board`,
  'Head of Service',
  `${10 + k}/03/2024`,
  RAGS[(item + k) % 4]!,
];

/** Fill the empty Action, Lead, Due and RAG cells of the first COUNTS[t] rows of each table of a drafted DOCX. */
async function fillDocx(bytes: Buffer, edit?: (xml: string) => string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(bytes);
  let xml = await zip.file('word/document.xml')!.async('string');
  let t = -1;
  xml = xml.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, (tbl) => {
    t++;
    let r = -1;
    return tbl.replace(/<w:tr>[\s\S]*?<\/w:tr>/g, (tr) => {
      r++;
      if (r === 0 || r > (COUNTS[t] ?? 0)) return tr;
      const values = fill(t, r - 1);
      let c = -1;
      return tr.replace(/<w:tc>[\s\S]*?<\/w:tc>/g, (tc) => {
        c++;
        if (c < 1 || c > 4) return tc;
        expect(tc).toContain('<w:t xml:space="preserve"></w:t>'); // only empty cells are filled
        return tc.replace('<w:t xml:space="preserve"></w:t>', `<w:t xml:space="preserve">${esc(values[c - 1]!)}</w:t>`);
      });
    });
  });
  if (edit) xml = edit(xml);
  zip.file('word/document.xml', xml);
  return zip.generateAsync({ type: 'nodebuffer' });
}

/** The same for a drafted XLSX: the rows numbered "<ref>.<k>" get their empty cells B-E filled. */
async function fillXlsx(bytes: Buffer, draft: DraftPlan, edit?: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  ws.eachRow((row) => {
    const id = String(row.getCell(1).value ?? '');
    draft.items.forEach((item, t) => {
      const k = item.rows.indexOf(id);
      if (k < 0 || k >= COUNTS[t]!) return;
      fill(t, k).forEach((v, c) => {
        expect(row.getCell(c + 2).value ?? null).toBeNull();
        row.getCell(c + 2).value = v;
      });
    });
  });
  edit?.(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function filledPlan(format: DraftFormat, dir: string, edit?: { docx?: (xml: string) => string; xlsx?: (ws: ExcelJS.Worksheet) => void }): Promise<string> {
  const { path, draft } = await draftPlan(REPORT, { format, out: join(dir, `draft.${format}`) });
  const bytes = readFileSync(path);
  const filled = format === 'docx' ? await fillDocx(bytes, edit?.docx) : await fillXlsx(bytes, draft, edit?.xlsx);
  const out = join(dir, `brent-plan-filled.${format}`);
  writeFileSync(out, filled);
  return out;
}

async function importInOrder(files: string[], db: string): Promise<void> {
  for (const f of files) {
    const s = await importFiles([f], { db, jobs: 1, inProcess: true });
    expect(s.failed).toEqual([]);
  }
}

function linksOf(db: string) {
  const conn = new Database(db, { readonly: true });
  try {
    const links = conn
      .prepare(
        `SELECT p.rec_id AS plan, r.rec_id AS report, l.method FROM recommendation_links l
         JOIN recommendations p ON p.id = l.plan_recommendation_id JOIN recommendations r ON r.id = l.report_recommendation_id ORDER BY p.rec_id`,
      )
      .all() as { plan: string; report: string; method: string }[];
    const actions = conn
      .prepare("SELECT a.recommendation_ref AS ref, a.description, a.leads, a.due_date AS due, a.rag FROM actions a JOIN documents d ON d.id = a.document_id WHERE d.kind = 'action_plan' ORDER BY a.id")
      .all() as { ref: string; description: string; leads: string; due: string; rag: string }[];
    const warnings = conn.prepare("SELECT code, message FROM warnings WHERE origin = 'link'").all() as { code: string; message: string }[];
    const answers = conn.prepare("SELECT count(*) AS n FROM document_links WHERE kind = 'answers'").get() as { n: number };
    return { links, actions, warnings, answers: answers.n };
  } finally {
    conn.close();
  }
}

describe('plan draft: the template comes back', () => {
  let report: OfstedDocument;
  beforeAll(async () => {
    report = await extractFile(REPORT);
  });

  it('drafts one section per item in the document\'s numbering, with the header facts', () => {
    const d = buildDraft(report);
    expect(d.authority).toBe('Brent');
    expect(d.items.map((i) => i.label)).toEqual(['Area for improvement 1', 'Area for improvement 2', 'Area for improvement 3', 'Area for improvement 4']);
    expect(d.items.map((i) => i.text)).toEqual(report.recommendations.map((r) => r.text));
    // The report prints no publication date: estimated as the working day after its PDF's creation
    // date (Thursday 6 April 2023; Good Friday and Easter Monday are holidays): Tuesday 11 April, its real
    // publication date (the corpus file name).
    expect(d.document).toMatchObject({ date: '2023-04-11', dateLabel: "publication estimated from the PDF's creation date" });
    // Apr 12-14 (1-3), 17-21 (4-8), 24-28 (9-13), May 1 holiday, 2-5 (14-17), 8 Coronation, 9-12 (18-21), 15-19 (22-26),
    // 22-26 (27-31), 29 holiday, 30-Jun 2 (32-35), 5-9 (36-40), 12-16 (41-45), 19-23 (46-50), 26-30 (51-55), Jul 3-7 (56-60),
    // 10-14 (61-65), 17-21 (66-70).
    expect(d.due).toMatchObject({ date: '2023-07-21', estimated: true });
    expect(d.due.basis).toContain("(estimate)");
  });

  it.each([
    ['docx', 'report first'],
    ['docx', 'plan first'],
    ['xlsx', 'report first'],
    ['xlsx', 'plan first'],
  ] as const)('%s, %s: every item linked by number, with exactly its actions', async (format, order) => {
    const dir = tmp();
    const plan = await filledPlan(format, dir);
    const db = join(dir, 'db.sqlite');
    await importInOrder(order === 'report first' ? [REPORT, plan] : [plan, REPORT], db);
    const got = linksOf(db);
    expect(got.links).toEqual(['1', '2', '3', '4'].map((n) => ({ plan: n, report: n, method: 'number' })));
    expect(got.answers).toBe(1);
    expect(got.warnings).toEqual([]);
    const expected = COUNTS.flatMap((n, t) => Array.from({ length: n }, (_, k) => ({ ref: String(t + 1), description: fill(t, k)[0] })));
    expect(got.actions.map((a) => ({ ref: a.ref, description: a.description }))).toEqual(expected);
    expect(got.actions.every((a) => JSON.parse(a.leads)[0] === 'Head of Service' && /^2024-03-1\d$/.test(a.due) && a.rag !== null)).toBe(true);
  });

  it.each(['docx', 'xlsx'] as const)('%s with an item renumbered by hand still links, by text, with a warning', async (format) => {
    const dir = tmp();
    const plan = await filledPlan(format, dir, {
      docx: (xml) => xml.replace('Area for improvement 1: ', 'Area for improvement 7: '),
      xlsx: (ws) =>
        ws.eachRow((row) => {
          const v = row.getCell(1).value;
          if (typeof v === 'string' && v.startsWith('Area for improvement 1: ')) row.getCell(1).value = v.replace('Area for improvement 1: ', 'Area for improvement 7: ');
        }),
    });
    const db = join(dir, 'db.sqlite');
    await importInOrder([plan, REPORT], db);
    const got = linksOf(db);
    expect(got.links).toEqual([
      { plan: '2', report: '2', method: 'number' },
      { plan: '3', report: '3', method: 'number' },
      { plan: '4', report: '4', method: 'number' },
      { plan: '7', report: '1', method: 'text' },
    ]);
    expect(got.warnings.map((w) => w.code)).toEqual(['link_by_text']);
    expect(got.warnings[0]!.message).toMatch(/plan recommendation 7 is linked by its text to recommendation 1/);
    expect(got.actions.filter((a) => a.ref === '7')).toHaveLength(COUNTS[0]!);
  });

  it('an unfilled template reads back as the items with no actions', async () => {
    const d = buildDraft(report);
    for (const format of ['docx', 'xlsx'] as const) {
      const doc = await extractBytes(`draft.${format}`, await renderDraft(d, format));
      expect(doc.document.kind).toBe('action_plan');
      expect(doc.recommendations.map((r) => r.id)).toEqual(['1', '2', '3', '4']);
      expect(doc.actions).toEqual([]);
    }
  });

  it('a letter\'s priority actions keep their numbering through the template', async () => {
    const letter: OfstedDocument = { ...report, recommendations: report.recommendations.slice(0, 2).map((r) => ({ ...r, kind: 'priority_action' })) };
    const d = buildDraft(letter);
    expect(d.items.map((i) => i.label)).toEqual(['Priority action 1', 'Priority action 2']);
    for (const format of ['docx', 'xlsx'] as const) {
      const doc = await extractBytes(`draft.${format}`, await renderDraft(d, format));
      expect(doc.recommendations.map((r) => [r.id, r.text])).toEqual(letter.recommendations.map((r) => [r.id, r.text]));
    }
  });

  it('gives each item the text of the paragraphs it cites', async () => {
    const sif = await extractFile(fixture('reports', 'brent_2015-11-30.pdf'));
    const d = buildDraft(sif);
    const cited = sif.recommendations.find((r) => r.paragraphRefs.length > 0)!;
    const item = d.items.find((i) => i.ref === cited.id)!;
    expect(item.evidence.map((e) => e.number)).toEqual(cited.paragraphRefs.filter((n) => sif.paragraphs.some((p) => p.number === n)));
    expect(item.evidence[0]!.text).toBe(sif.paragraphs.find((p) => p.number === item.evidence[0]!.number)!.text);
  });

  it('CLI: a document with no recommendations writes no file and says why', async () => {
    const dir = tmp();
    const out = join(dir, 'plan.docx');
    const r = await cli(['plan', 'draft', fixture('reports', 'thurrock_2024-10-29.pdf'), '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no plan drafted for thurrock_2024-10-29\.pdf: no recommendations/);
    expect(existsSync(out)).toBe(false);
  });

  it('CLI: drafts from a document id in the database', async () => {
    const dir = tmp();
    const db = join(dir, 'db.sqlite');
    await importInOrder([REPORT], db);
    const out = join(dir, 'from-db.xlsx');
    const r = await cli(['plan', 'draft', '1', '--format', 'xlsx', '--out', out, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Wrote .*from-db\.xlsx: 4 item\(s\) for Brent, plan due 2023-07-21/);
    const doc = await extractFile(out);
    expect(doc.recommendations.map((r) => r.id)).toEqual(['1', '2', '3', '4']);
  });
});

describe('planDueDate: the deadline rules of src/query/deadlines.ts', () => {
  const doc = (info: Partial<OfstedDocument['document']>, graded = true) =>
    ({ document: { kind: 'inspection_report', framework: 'ilacs', publicationDate: null, inspectionEnd: null, ...info }, judgements: graded ? [{ area: 'overall_effectiveness', grade: 'good' }] : [], recommendations: [], paragraphs: [] }) as unknown as OfstedDocument;
  it('counts 70 working days, skipping weekends and England\'s bank holidays', () => {
    // 2023: Good Friday 7 April, Easter Monday 10 April, 1 May, the coronation 8 May, 29 May
    expect(addWorkingDays('2023-02-24', 70)).toBe('2023-06-09');
    expect(addWorkingDays('2022-12-23', 1)).toBe('2022-12-28'); // Christmas and Boxing Day substitutes 26 and 27 December
    expect(planDueDate(doc({ publicationDate: '2023-02-24' })).date).toBe('2023-06-09');
    expect(planDueDate(doc({})).date).toBeNull();
    // A focused visit without priority actions obliges no plan.
    expect(planDueDate(doc({ framework: 'focused_visit', publicationDate: '2023-02-24' }, false)).date).toBeNull();
  });
});
