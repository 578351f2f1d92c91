/**
 * The draft round trip (issue 25 item 6), measured: for each report or letter, `ofsted plan draft`
 * in DOCX and XLSX, filled in as a person would (fixtures/make/fill-draft.ts: two actions under each
 * item with lead, due date and RAG; or left empty), imported with the report in either order into a
 * fresh database; then per round trip:
 *   items     N, the draft's items
 *   linked    plan items linked to the report's item they answer (the k-th item of the draft to the
 *             k-th of the report), by number
 *   authority the plan's authority code = the report's
 *   document  the plan answers the report (document_links)
 *   actions   the plan's actions under the right item with the lead, due date and RAG written (2 per item when filled)
 *   title     the plan's title read back is the draft's
 *
 *   npx tsx scripts/eval/draft-roundtrip.ts [--empty] [--verbose] FILE...
 *   npx tsx scripts/eval/draft-roundtrip.ts --frameworks [--corpus DIR]   # one report per framework of the corpus
 *   npx tsx scripts/eval/draft-roundtrip.ts --authorities [--verbose] REPORT   # the draft's header for every authority of the register
 */
import { corpusDir, option } from './cli-args.js';
import { mkdtempSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, basename, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { extractFile } from '../../src/ingest.js';
import { importFiles } from '../../src/index.js';
import { buildDraft, renderDraft, type DraftFormat } from '../../src/draft/index.js';
import { extractBytes } from '../../src/ingest.js';
import { registerData } from '../../src/register/data.js';
import type { OfstedDocument } from '../../src/model/document.js';
import { fillDraft, type FilledAction } from '../../fixtures/make/fill-draft.js';

export type Order = 'report first' | 'plan first';

/** The rating each RAG the fill writes reads as. */
const RAG_OF: Record<string, string> = { R: 'red', A: 'amber', G: 'green', B: 'blue', Amber: 'amber', Green: 'green' };

export interface RoundTrip {
  report: string;
  format: DraftFormat;
  order: Order;
  filled: boolean;
  items: number;
  linked: number;
  /** Plan items linked, to any report item, by any method. */
  anyLink: number;
  authority: boolean;
  document: boolean;
  /** The plan's title read back is the draft's ("Action plan: X - response to ..."). */
  title: boolean;
  actionsRight: number;
  actionsExpected: number;
  planTitle: string | null;
  planAuthority: string | null;
  warnings: string[];
}

/** One report or letter: one corpus file per framework it holds (the first, by path, with items to answer). */
export const FRAMEWORK_PICKS: Record<string, string> = {
  ilacs: 'reports/cheshire-east/2024-05-16.pdf',
  'ilacs (bulleted item)': 'reports/cornwall/2019-11-05.pdf',
  ilacs2026: 'reports/somerset/2026-06-17.pdf',
  'sif (LSCB numbered afresh)': 'reports/warwickshire/2017-07-14.pdf',
  'sif (LSCB numbered on, timescales)': 'reports/knowsley/2014-06-30.pdf',
  'lac2012 (grouped by timescale)': 'reports/norfolk/2013-08-16.pdf',
  focused_visit: 'focused-visits/plymouth/2023-01-30.pdf',
  'focused_visit (5 items, bullets)': 'focused-visits/sefton/2021-05-10.pdf',
  'focused_visit (authority with a comma)': 'focused-visits/bournemouth-christchurch-poole/2020-11-27.pdf',
  jtai: 'jtai/medway/2018-08-03.pdf',
  area_send: 'area-send/hertfordshire/2023-11-10.pdf',
};

export async function roundTrip(report: string, format: DraftFormat, order: Order, opts: { filled?: boolean; dir?: string } = {}): Promise<RoundTrip> {
  const filledWanted = opts.filled ?? true;
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'draft-rt-'));
  try {
    const doc = await extractFile(report);
    const draft = buildDraft(doc);
    let bytes = await renderDraft(draft, format);
    let filled: FilledAction[] = [];
    if (filledWanted) ({ bytes, filled } = await fillDraft(bytes, format));
    const plan = join(dir, `${basename(report).replace(/\.[^.]+$/, '')}-plan.${format}`);
    writeFileSync(plan, bytes);
    const db = join(dir, 'db.sqlite');
    for (const f of order === 'report first' ? [report, plan] : [plan, report]) {
      const s = await importFiles([f], { db, jobs: 1, inProcess: true });
      if (s.failed.length) throw new Error(`${f}: ${JSON.stringify(s.failed)}`);
    }
    const conn = new Database(db, { readonly: true });
    try {
      const docs = conn.prepare('SELECT id, kind, title, local_authority AS la, local_authority_code AS code, path FROM documents ORDER BY id').all() as { id: number; kind: string; title: string | null; la: string | null; code: string | null; path: string }[];
      const rep = docs.find((d) => d.kind === 'inspection_report' && d.path.endsWith(basename(report)))!;
      const pl = docs.find((d) => d.path === plan || d.path.endsWith(basename(plan)));
      if (!rep) throw new Error(`${report}: not stored as an inspection report`);
      const recs = (id: number) => conn.prepare('SELECT id, rec_id FROM recommendations WHERE document_id = ? ORDER BY id').all(id) as { id: number; rec_id: string }[];
      const reportRecs = recs(rep.id);
      const planRecs = pl ? recs(pl.id) : [];
      const links = conn.prepare('SELECT plan_recommendation_id AS p, report_recommendation_id AS r, method FROM recommendation_links').all() as { p: number; r: number; method: string }[];
      let linked = 0;
      planRecs.forEach((p, k) => {
        const l = links.find((x) => x.p === p.id);
        if (l && reportRecs[k] && l.r === reportRecs[k]!.id && l.method === 'number') linked++;
      });
      const answers = pl ? (conn.prepare("SELECT to_document_id AS t FROM document_links WHERE from_document_id = ? AND kind = 'answers'").all(pl.id) as { t: number }[]) : [];
      const actions = pl
        ? (conn.prepare('SELECT recommendation_ref AS ref, description, leads, due_date AS due, rag FROM actions WHERE document_id = ? ORDER BY id').all(pl.id) as { ref: string | null; description: string; leads: string; due: string | null; rag: string | null }[])
        : [];
      let actionsRight = 0;
      for (const f of filled) {
        const ref = planRecs[f.item]?.rec_id;
        const [d, m, y] = f.due.split('/');
        const right = (a: (typeof actions)[number]) =>
          a.ref === ref && a.description === f.action && JSON.stringify(JSON.parse(a.leads)) === JSON.stringify([f.lead]) && a.due === `${y}-${m}-${d}` && a.rag === RAG_OF[f.rag];
        if (actions.some(right)) actionsRight++;
      }
      const warnings = pl ? (conn.prepare('SELECT code, message FROM warnings WHERE document_id = ?').all(pl.id) as { code: string; message: string }[]).map((w) => `${w.code}: ${w.message}`) : ['plan not stored'];
      return {
        report,
        format,
        order,
        filled: filledWanted,
        items: draft.items.length,
        linked,
        anyLink: planRecs.filter((p) => links.some((l) => l.p === p.id)).length,
        authority: !!pl && pl.code !== null && pl.code === rep.code,
        document: answers.length === 1 && answers[0]!.t === rep.id,
        title: pl?.title === draft.title,
        actionsRight,
        actionsExpected: filled.length,
        planTitle: pl?.title ?? null,
        planAuthority: pl?.la ?? null,
        warnings,
      };
    } finally {
      conn.close();
    }
  } finally {
    if (!opts.dir) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The header of a draft for every authority of the register (data/local-authorities.csv): a draft
 * answering a report of that authority (one item), read back: the authority codes that do not come back.
 */
export async function authorityHeaders(base: OfstedDocument, format: DraftFormat): Promise<{ all: number; wrong: string[] }> {
  const wrong: string[] = [];
  const authorities = registerData().authorities;
  for (const a of authorities) {
    const doc: OfstedDocument = { ...base, document: { ...base.document, localAuthority: a.name, localAuthorityCode: a.code, title: `Inspection of ${a.name} local authority children's services` } };
    const back = await extractBytes(`plan.${format}`, await renderDraft(buildDraft(doc), format));
    if (back.document.localAuthorityCode !== a.code) wrong.push(`${a.name} (${a.code}) -> ${back.document.localAuthority ?? 'none'} (${back.document.localAuthorityCode ?? 'no code'})`);
  }
  return { all: authorities.length, wrong };
}

export const ok = (r: RoundTrip) => r.linked === r.items && r.authority && r.document && r.title && r.actionsRight === r.actionsExpected;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string) => option(name, args);
  const verbose = args.includes('--verbose');
  const filled = !args.includes('--empty');
  const corpus = resolve(opt('--corpus') ?? corpusDir());
  if (args.includes('--authorities')) {
    const base = await extractFile(args.find((a) => !a.startsWith('--'))!);
    for (const format of ['docx', 'xlsx'] as const) {
      const { all, wrong } = await authorityHeaders(base, format);
      console.log(`${format}: ${all - wrong.length} of ${all} authorities read back from the draft's header`);
      if (verbose) for (const w of wrong) console.log(`    ${w}`);
    }
    return;
  }
  let files: Array<[string, string]>;
  if (args.includes('--frameworks')) {
    if (!existsSync(corpus)) throw new Error(`no corpus at ${corpus}`);
    files = Object.entries(FRAMEWORK_PICKS).map(([fw, p]) => [fw, join(corpus, p)]);
  } else files = args.filter((a, i) => !a.startsWith('--') && !['--corpus'].includes(args[i - 1] ?? '')).map((f) => ['', f]);
  let good = 0;
  let all = 0;
  for (const [fw, f] of files) {
    for (const format of ['docx', 'xlsx'] as const) {
      for (const order of ['report first', 'plan first'] as const) {
        const r = await roundTrip(f, format, order, { filled });
        all++;
        if (ok(r)) good++;
        console.log(
          [fw || '-', f.replace(corpus + '/', ''), format, order, `linked ${r.linked}/${r.items}`, `any ${r.anyLink}`, `authority ${r.authority ? 'yes' : 'NO'}`, `document ${r.document ? 'yes' : 'NO'}`, `title ${r.title ? 'yes' : 'NO'}`, `actions ${r.actionsRight}/${r.actionsExpected}`, ok(r) ? 'OK' : 'FAIL'].join(' | '),
        );
        if (verbose && !ok(r)) console.log(`    title: ${r.planTitle}\n    authority: ${r.planAuthority}\n    ${r.warnings.join('\n    ')}`);
      }
    }
  }
  console.log(`round trips complete: ${good} of ${all}`);
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('draft-roundtrip.ts')) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
