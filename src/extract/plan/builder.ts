/**
 * Rows -> actions. Two table shapes are read:
 *
 * - "id" tables (an action-number column: Barking and Dagenham): one row per action; the
 *   recommendation comes from the heading above the table. A row with no number but text
 *   continues the action above (a row broken over a page).
 * - "recommendation" tables (a Recommendation column and no number column: Harrow,
 *   Brent): the recommendation and its outcome are given once for a group of action rows
 *   (vertically merged in Word, on the first row in text); an Actions cell may hold
 *   several numbered actions ("MUST DO (1) ... (2) ... EMBEDDING (3) ...") with their
 *   leads and dates listed one after another in the Lead and By When cells, and the
 *   Progress cell numbered the same way. They are paired up where the counts agree.
 *
 * Quirks of the source are kept as written and reported as warnings, never repaired by
 * inventing text.
 */
import type { Action, Loc, Recommendation, Warning } from '../../model/document.js';
import { normalizeSpace } from '../../util/text.js';
import type { ColumnMap } from './columns.js';
import { parseDue, dueTokens, type Era } from './dates.js';
import { ragOfCell, statusWord, ragFromText, type RagValue } from './rag.js';
import { actionSegments, progressSegments, splitLeads, type LeadLexicon } from './split.js';
import { bracketRef, timescaleOf, TIMESCALE_PREFIX, type RecHeading } from './link.js';
import type { GridRow, Slot } from './grid.js';

const norm = normalizeSpace;
const EMPTY: Slot = { text: '', paragraphs: [], mergedFromAbove: false, fullWidth: false };

interface Draft {
  rec: RecState;
  num: string | null;
  phase: string | null;
  text: string;
  lead: string;
  due: string;
  progress: string[];
  outcome: string[];
  rag: RagValue | null;
  loc: Loc;
  sharedLead?: boolean;
  sharedDue?: boolean;
}

interface RecState {
  ref: string | null;
  section: string;
  timescaleRaw: string | null;
  text: string[];
  outcomes: string[];
  loc: Loc;
  actions: Draft[];
  /** From a heading outside the table (B&D), not from the table's Recommendation column. */
  fromHeading: boolean;
}

export class PlanBuilder {
  private map: ColumnMap | null = null;
  private recs: RecState[] = [];
  private rec: RecState | null = null;
  private sectionName = '';
  private warnings: Warning[] = [];
  // Carried across rows (recommendation tables).
  private pendingTimescale: string | null = null;
  private pendingOutcome: string[] = [];
  private pendingPhase: string | null = null;
  private phase: string | null = null;
  private pendingProgress = new Map<number, { paragraphs: string[]; origin: Draft }>();
  private orphanLead: { lead: string; due: string } | null = null;
  private afterBreak = false;
  private lastAction: Draft | null = null;

  constructor(
    private readonly era: Era,
    private readonly lexicon: LeadLexicon,
    /** First pass: only collect the lead units of rows that hold one action. */
    private readonly collect = false,
  ) {}

  setColumns(map: ColumnMap): void {
    this.map = map;
  }

  pageBreak(): void {
    this.afterBreak = true;
  }

  section(name: string): void {
    this.closeRec();
    this.sectionName = name;
    this.afterBreak = false;
  }

  private refPrefix = '';

  /**
   * A document heading: "Safeguarding Recommendations", "Looked After Children: Additional
   * Areas for Development". Plans that number recommendations afresh in each part get
   * refs prefixed by the part ("S3", "LAC3", "LAC-AD11") so they stay unique.
   */
  heading(text: string): void {
    const t = text.toLowerCase();
    const base = /looked after/.test(t) ? 'LAC' : /safeguarding/.test(t) ? 'S' : null;
    if (base === null) return;
    this.refPrefix = /additional areas?/.test(t) ? `${base}-AD` : base;
  }

  /** A recommendation named outside the table ("Area for Improvement (3): ..."), or in a row of its own. */
  openHeading(h: RecHeading, loc: Loc, prefixed = false): void {
    this.closeRec();
    this.rec = { ref: prefixed ? `${this.refPrefix}${h.ref}` : h.ref, section: this.sectionName, timescaleRaw: h.timescaleRaw, text: h.text ? [h.text] : [], outcomes: [], loc, actions: [], fromHeading: true };
    this.phase = null;
    this.lastAction = null;
  }

  row(row: GridRow): void {
    const map = this.map;
    if (!map) return;
    const slot = (i: number | null): Slot => (i === null ? EMPTY : (row.slots[i] ?? EMPTY));
    const leadText = norm(map.leads.map((i) => slot(i).text).filter(Boolean).join(' / '));
    if (this.collect) {
      this.collectLeads(map, row, leadText);
      return;
    }
    if (map.id !== null && map.recommendation === null) this.idRow(map, row, slot);
    else if (map.recommendation !== null) this.recRow(map, row, slot);
    else this.plainRow(map, row, slot);
  }

  // ---------------------------------------------------------------------------------------
  // Tables with neither a number nor a recommendation column (Brent): the recommendation is
  // a row of its own above the header; an action starts at a numbered Actions cell ("2. ...")
  // or at a row that gives a lead or date; other rows continue the action above (text
  // wrapped over rows by the conversion).

  private plainRow(map: ColumnMap, row: GridRow, slot: (i: number | null) => Slot): void {
    const desc = norm(slot(map.description).paragraphs.join(' '));
    const lead = norm(map.leads.map((i) => slot(i).text).filter(Boolean).join(' / '));
    const due = slot(map.due).text;
    const progress = slot(map.progress).paragraphs;
    const outcome = slot(map.outcome).paragraphs;
    const ragSlot = map.rag !== null ? slot(map.rag) : null;
    let rag = ragSlot && (ragSlot.text || ragSlot.shading) ? ragOfCell(ragSlot.text, ragSlot.shading) : null;
    if (rag && !rag.rag && (rag.ragRaw ?? '').length > 20) {
      this.warn('plan_rag_unreadable', `the RAG cell holds text, not a rating ("${clip(rag.ragRaw!)}"): the row's columns are shifted in the source`, row.loc);
      rag = null;
    }
    if (!this.rec) {
      this.rec = { ref: null, section: this.sectionName, timescaleRaw: null, text: [], outcomes: [], loc: row.loc, actions: [], fromHeading: false };
      this.warn('plan_recommendation_missing', 'action rows before any recommendation: their actions are not linked', row.loc);
    }
    const r = this.rec;
    if (outcome.length) r.outcomes.push(...outcome);
    const numbered = /^(\d{1,2})\s*[.)]\s+(.*)$/s.exec(desc);
    const last = this.lastAction && this.lastAction.rec === r ? this.lastAction : null;
    const starts = numbered || !last || (/^[A-Z]/.test(desc) && (lead !== '' || due !== '' || /[.!?;:)]$/.test(last.text)));
    if (!desc || !starts) {
      if (!last) {
        if (desc || progress.length || lead || due) this.warn('plan_row_unreadable', `a row with no action to attach to was skipped ("${clip([desc, ...progress].join(' '))}")`, row.loc);
        return;
      }
      if (desc) last.text = norm(`${last.text} ${desc}`);
      if (lead) last.lead = [last.lead, lead].filter(Boolean).join(' / ');
      if (due) last.due = norm(`${last.due} ${due}`);
      last.progress.push(...progress);
      if (rag?.rag && !last.rag?.rag) last.rag = rag;
      return;
    }
    const a: Draft = {
      rec: r,
      num: numbered ? numbered[1]! : null,
      phase: null,
      text: numbered ? norm(numbered[2]!) : desc,
      lead,
      due,
      progress: [...progress],
      outcome: [],
      rag,
      loc: row.loc,
    };
    r.actions.push(a);
    this.lastAction = a;
  }

  // ---------------------------------------------------------------------------------------
  // Tables with an action-number column.

  private idRow(map: ColumnMap, row: GridRow, slot: (i: number | null) => Slot): void {
    const id = slot(map.id).text;
    const desc = slot(map.description).paragraphs;
    const leads = map.leads.map((i) => slot(i).text).filter(Boolean);
    const rest = [map.due, map.outcome, map.progress, map.rag].map((i) => slot(i).text).filter(Boolean);
    if (!id && desc.length === 0 && leads.length === 0 && rest.length === 0) return;
    if (!id && this.lastAction && this.lastAction.rec === this.rec) {
      // A row broken over a page: its cells continue the action above.
      const a = this.lastAction;
      if (desc.length) a.text = norm(`${a.text} ${desc.join(' ')}`);
      if (leads.length) a.lead = [a.lead, ...leads].filter(Boolean).join(' | ');
      if (slot(map.due).text) a.due = norm(`${a.due} ${slot(map.due).text}`);
      if (slot(map.outcome).text) a.outcome.push(...slot(map.outcome).paragraphs);
      if (slot(map.progress).text) a.progress.push(...slot(map.progress).paragraphs);
      return;
    }
    if (!this.rec) this.rec = { ref: null, section: this.sectionName, timescaleRaw: null, text: [], outcomes: [], loc: row.loc, actions: [], fromHeading: false };
    const a: Draft = {
      rec: this.rec,
      num: id || null,
      phase: null,
      text: norm(desc.join(' ')),
      // Lead columns (strategic, operational) are kept apart with " | " until split.
      lead: leads.join(' | '),
      due: slot(map.due).text,
      progress: [...slot(map.progress).paragraphs],
      outcome: [...slot(map.outcome).paragraphs],
      rag: map.rag !== null ? ragOfCell(slot(map.rag).text, slot(map.rag).shading) : null,
      loc: row.loc,
    };
    this.rec.actions.push(a);
    this.lastAction = a;
  }

  // ---------------------------------------------------------------------------------------
  // Tables with a Recommendation column (the recommendation given once for its actions).

  private newRec(id: string | null, timescale: string | null, text: string[], outcomes: string[], loc: Loc): RecState {
    const r: RecState = { ref: id, section: this.sectionName, timescaleRaw: timescale, text, outcomes, loc, actions: [], fromHeading: false };
    this.rec = r;
    this.phase = this.pendingPhase;
    this.pendingTimescale = null;
    this.pendingOutcome = [];
    this.pendingPhase = null;
    return r;
  }

  private newAction(num: string | null, text: string, loc: Loc): Draft {
    const a: Draft = { rec: this.rec!, num, phase: this.phase, text, lead: '', due: '', progress: [], outcome: [], rag: null, loc };
    const pend = num ? this.pendingProgress.get(Number(num)) : undefined;
    if (pend) {
      a.progress.push(...pend.paragraphs);
      this.pendingProgress.delete(Number(num));
    }
    this.rec!.actions.push(a);
    return a;
  }

  private recRow(map: ColumnMap, row: GridRow, slot: (i: number | null) => Slot): void {
    const recParas = slot(map.recommendation).paragraphs;
    const outParas = slot(map.outcome).paragraphs;
    // A lead or date merged down over several rows applies to each of them.
    const same = (x: Slot): string => x.text || (x.mergedFromAbove ? (x.origin?.text ?? '') : '');
    const lead = norm(map.leads.map((i) => same(slot(i))).filter(Boolean).join(' '));
    const due = same(slot(map.due));
    const segs = actionSegments(slot(map.description).paragraphs);
    const progress = progressSegments(slot(map.progress).paragraphs);
    const ragSlot = map.rag !== null ? slot(map.rag) : null;
    const ragCell = ragSlot && (ragSlot.text || ragSlot.shading) ? ragOfCell(ragSlot.text, ragSlot.shading) : null;
    const first = norm(recParas.join(' '));
    const onlyLabel = segs.length > 0 && segs.every((s) => s.kind === 'label');

    // A row that only announces the next recommendation: "Within 3 months | <outcome> | | MUST DO | |".
    const preRow =
      (onlyLabel || segs.length === 0) && !lead && !due && progress.length === 0 && (!first || (TIMESCALE_PREFIX.test(first) && !norm(first.replace(TIMESCALE_PREFIX, ''))));
    if (preRow && (segs.length || first)) {
      this.closeRec();
      if (first) this.pendingTimescale = first;
      this.pendingOutcome = outParas;
      if (onlyLabel) this.pendingPhase = segs[segs.length - 1]!.text;
      this.afterBreak = false;
      return;
    }

    // The Recommendation cell: a new recommendation, the rest of the current one after a page break, or empty.
    let continuation = false;
    if (recParas.length) {
      const firstChar = recParas[0]![0] ?? '';
      if (this.rec && !this.rec.fromHeading && this.afterBreak && /[a-z]/.test(firstChar)) {
        continuation = true;
        const r = this.rec;
        r.text[r.text.length - 1] = norm(`${r.text[r.text.length - 1] ?? ''} ${recParas.join(' ')}`);
        this.warn('plan_row_continued', `recommendation ${r.ref ?? '(no id)'}: its text continues after a page break ("${clip(recParas.join(' '))}")`, row.loc);
        if (outParas.length) {
          if (r.outcomes.length) r.outcomes[r.outcomes.length - 1] = norm(`${r.outcomes[r.outcomes.length - 1]} ${outParas.join(' ')}`);
          else r.outcomes.push(...outParas);
        }
      } else {
        this.closeRec();
        let timescale = this.pendingTimescale;
        const text: string[] = [];
        for (const p of recParas) {
          const ts = TIMESCALE_PREFIX.exec(p);
          if (ts && !timescale) {
            timescale = norm(ts[0]).replace(/[.:]$/, '');
            const rest = norm(p.slice(ts[0].length));
            if (rest) text.push(rest);
          } else text.push(p);
        }
        const id = bracketRef(text[0] ?? '');
        const outcomes = [...this.pendingOutcome];
        if (outParas.length) {
          if (outcomes.length && /^[a-z]/.test(outParas[0]!)) outcomes[outcomes.length - 1] = norm(`${outcomes[outcomes.length - 1]} ${outParas.join(' ')}`);
          else outcomes.push(...outParas);
        }
        this.newRec(id, timescale, text, outcomes, row.loc);
        if (!id) this.warn('plan_recommendation_unnumbered', `recommendation without a number ("${clip(text.join(' '))}"): its actions are not linked`, row.loc);
      }
    } else if (!this.rec) {
      this.newRec(null, this.pendingTimescale, [], [...this.pendingOutcome], row.loc);
      this.warn('plan_recommendation_missing', 'action rows before any recommendation (the recommendation row is missing from the source): their actions are not linked', row.loc);
    } else if (outParas.length) {
      this.rec.outcomes.push(...outParas);
    }
    const r = this.rec!;
    this.afterBreak = false;

    // A phase label on its own: it heads the next action; a lead beside it repeats the next action's lead.
    if (onlyLabel) {
      this.phase = segs[segs.length - 1]!.text;
      return;
    }

    // Lead/date rows with no action: fill earlier actions that lack both, else wait for the next one.
    if (segs.length === 0 && progress.length === 0) {
      if (!lead && !due) return;
      const target = r.actions.find((a) => !a.lead && !a.due);
      if (target) {
        target.lead = lead;
        target.due = due;
        target.sharedLead = false;
        target.sharedDue = false;
      } else this.orphanLead = { lead, due };
      return;
    }

    const created: Draft[] = [];
    let leadingCont: string | null = null;
    for (const s of segs) {
      if (s.kind === 'label') {
        this.phase = s.text;
        continue;
      }
      if (s.kind === 'cont') {
        if (created.length === 0 && r.actions.length) leadingCont = s.text;
        else if (created.length) created[created.length - 1]!.text = norm(`${created[created.length - 1]!.text} ${s.text}`);
        else created.push(this.newAction(null, s.text, row.loc));
        continue;
      }
      created.push(this.newAction(s.num, s.text, row.loc));
    }
    const prevAction = r.actions[r.actions.length - 1 - created.length] ?? null;
    if (leadingCont && prevAction) prevAction.text = norm(`${prevAction.text} ${leadingCont}`);
    for (const a of created) if (ragCell) a.rag = ragCell;

    // Leads and dates.
    if (created.length === 1) {
      created[0]!.lead = lead;
      created[0]!.due = due;
    } else if (created.length > 1) {
      const groups = lead ? this.lexicon.groups(lead) : [];
      const dates = due ? dueTokens(due) : [];
      const fits = (n: number | undefined): boolean => n !== undefined && [0, 1, created.length].includes(n);
      if (!groups || !dates || !fits(groups.length) || !fits(dates.length)) {
        this.warn(
          'plan_cell_unpaired',
          `${created.length} actions in one cell but their leads/dates do not pair up ("${clip(lead)}" / "${clip(due)}"): each action keeps the whole cell`,
          row.loc,
        );
        for (const a of created) {
          a.lead = lead;
          a.due = due;
        }
      } else {
        created.forEach((a, k) => {
          if (groups.length === created.length) a.lead = groups[k]!;
          else if (k === 0) a.lead = groups[0] ?? '';
          else if (groups.length === 1) a.sharedLead = true;
          if (dates.length === created.length) a.due = dates[k]!;
          else if (k === 0) a.due = dates[0] ?? '';
          else if (dates.length === 1) a.sharedDue = true;
        });
      }
    } else if (prevAction && (lead || due)) {
      if (lead) prevAction.lead = norm(`${prevAction.lead} ${lead}`);
      if (due) prevAction.due = norm(`${prevAction.due} ${due}`);
    }
    if (this.orphanLead && created.length && !created[0]!.lead && !created[0]!.due) {
      created[0]!.lead = this.orphanLead.lead;
      created[0]!.due = this.orphanLead.due;
      this.orphanLead = null;
    }

    // Progress, matched by its "(n)" number rather than by its row.
    const byNum = new Map(created.filter((a) => a.num).map((a) => [Number(a.num), a]));
    const maxHere = Math.max(0, ...byNum.keys());
    for (const [k, ps] of progress.entries()) {
      if (ps.num === null) {
        if (k === 0 && (leadingCont !== null || continuation) && prevAction) {
          const last = prevAction.progress.length - 1;
          if (last >= 0) prevAction.progress[last] = norm(`${prevAction.progress[last]} ${ps.paragraphs[0]}`);
          else prevAction.progress.push(ps.paragraphs[0]!);
          prevAction.progress.push(...ps.paragraphs.slice(1));
        } else if (created.length) {
          const a = created[0]!;
          const pend = a.num ? this.pendingProgress.get(Number(a.num)) : undefined;
          if (a.progress.length && !pend) {
            const last = a.progress.length - 1;
            a.progress[last] = norm(`${a.progress[last]} ${ps.paragraphs[0]}`);
            a.progress.push(...ps.paragraphs.slice(1));
          } else a.progress.push(...ps.paragraphs);
        } else if (prevAction) prevAction.progress.push(...ps.paragraphs);
        continue;
      }
      const target = byNum.get(ps.num);
      if (target) target.progress.push(...ps.paragraphs);
      else if (ps.num > maxHere && (created.length || prevAction)) {
        const origin = created[created.length - 1] ?? prevAction!;
        this.pendingProgress.set(ps.num, { paragraphs: ps.paragraphs, origin });
      } else {
        const earlier = r.actions.find((a) => a.num === String(ps.num)) ?? created[0] ?? prevAction;
        if (earlier) earlier.progress.push(...ps.paragraphs);
      }
    }
  }

  private collectLeads(map: ColumnMap, row: GridRow, lead: string): void {
    if (map.id !== null && map.recommendation === null) return;
    const slot = (i: number | null): Slot => (i === null ? EMPTY : (row.slots[i] ?? EMPTY));
    const segs = actionSegments(slot(map.description).paragraphs).filter((s) => s.kind === 'action' && s.num);
    const leadSlots = map.leads.map((i) => slot(i));
    // Several paragraphs in a lead cell: one lead group each.
    for (const s of leadSlots) if (s.paragraphs.length > 1) for (const p of s.paragraphs) this.addUnit(p);
    if (segs.length <= 1 && lead) for (const part of lead.split('/')) this.addUnit(part);
  }

  private addUnit(part: string): void {
    for (const p of part.split('/')) {
      const u = norm(p);
      if (!u) continue;
      const known = this.lexicon.tokens(u);
      if (known && known.length) continue;
      this.lexicon.add(u);
    }
  }

  private closeRec(): void {
    const r = this.rec;
    if (!r) return;
    for (const { paragraphs, origin } of this.pendingProgress.values()) origin.progress.push(...paragraphs);
    this.pendingProgress = new Map();
    if (this.orphanLead) this.warn('plan_lead_unused', `lead/date "${this.orphanLead.lead}" / "${this.orphanLead.due}" sits on a row with no action`, r.loc);
    this.orphanLead = null;
    // An action split from a row with one lead/date for several actions keeps that lead/date.
    let lastLead = '';
    let lastDue = '';
    for (const a of r.actions) {
      if (a.sharedLead && !a.lead) a.lead = lastLead;
      else if (!a.sharedLead) lastLead = a.lead;
      if (a.sharedDue && !a.due) a.due = lastDue;
      else if (!a.sharedDue) lastDue = a.due;
    }
    this.recs.push(r);
    this.rec = null;
    this.lastAction = null;
  }

  /** A warning from the table walk outside the builder (a row it reads itself). */
  note(code: string, message: string, loc: Loc): void {
    this.warn(code, message, loc);
  }

  private warn(code: string, message: string, loc: Loc): void {
    this.warnings.push({ code, message, loc });
  }

  finish(): { actions: Action[]; recommendations: Recommendation[]; warnings: Warning[] } {
    this.closeRec();
    const actions: Action[] = [];
    const recommendations: Recommendation[] = [];
    const seenRefs = new Set<string>();
    for (const r of this.recs) {
      if (r.actions.length === 0 && !r.fromHeading && !r.ref) continue;
      if (r.ref && !seenRefs.has(r.ref)) {
        seenRefs.add(r.ref);
        const text = norm(r.text.join(' ').replace(/^\([A-Z]{1,4}\d{1,3}[a-z]?\)\s*/, ''));
        if (text) {
          recommendations.push({
            id: r.ref,
            scope: 'local_authority',
            text,
            timescale: timescaleOf(r.timescaleRaw),
            paragraphRefs: [],
            loc: r.loc,
          });
        } else this.warn('plan_recommendation_text_lost', `recommendation ${r.ref}: its text is missing from the source`, r.loc);
      } else if (r.ref) this.warn('plan_recommendation_repeated', `recommendation ${r.ref} is stated twice; the first statement is kept`, r.loc);
      for (const d of r.actions) actions.push(this.toAction(d, r));
    }
    this.quirks(actions);
    return { actions, recommendations, warnings: this.warnings };
  }

  private toAction(d: Draft, r: RecState): Action {
    const outcome = d.outcome.length ? d.outcome : r.outcomes;
    const progress = d.progress.map(norm).filter(Boolean);
    let rag: RagValue | null = d.rag;
    if (!rag || (!rag.rag && !rag.ragRaw)) {
      // No RAG column: the status word that opens the progress text ("Completed.", "(2) On track: ...").
      const word = statusWord(progress[0] ?? '');
      rag = word ? ragFromText(word) : null;
    }
    const leads = d.lead
      .split(' | ')
      .flatMap((l) => splitLeads(l, this.lexicon))
      .filter(Boolean);
    return {
      recommendationRef: r.ref,
      id: d.num,
      description: d.text || '(no description)',
      leads,
      due: parseDue(d.due, this.era),
      outcome: outcome.length ? norm(outcome.join('\n')) || null : null,
      progress: progress.length ? progress.join('\n') : null,
      rag: rag?.rag ?? null,
      ragRaw: rag?.ragRaw ?? null,
      loc: d.loc,
    };
  }

  /** Warnings for what the source got wrong, kept as written. */
  private quirks(actions: Action[]): void {
    const seen = new Map<string, Action>();
    for (const a of actions) {
      if (a.description === '(no description)') this.warn('plan_action_no_text', `action ${a.id ?? '(no id)'} under ${a.recommendationRef ?? '(none)'} has no description in the source`, a.loc);
      if (a.id === null) this.warn('plan_action_unnumbered', `an action under ${a.recommendationRef ?? '(no recommendation)'} has no number ("${clip(a.description)}")`, a.loc);
      if (a.id && /^\d+\.?$/.test(a.id) && a.recommendationRef && /^\d+$/.test(a.recommendationRef)) {
        this.warn('plan_action_id_truncated', `action id "${a.id}" under area ${a.recommendationRef} has lost its second part (kept as written)`, a.loc);
      }
      if (a.id && a.recommendationRef && /^\d+\.\d+$/.test(a.id) && /^\d+$/.test(a.recommendationRef) && a.id.split('.')[0] !== a.recommendationRef) {
        this.warn('plan_action_id_mismatch', `action ${a.id} sits under area ${a.recommendationRef} (kept as written)`, a.loc);
      }
      const key = `${a.recommendationRef ?? ''}#${a.id ?? ''}`;
      if (a.id && a.recommendationRef && seen.has(key)) this.warn('plan_action_id_repeated', `action id ${a.id} is used twice under ${a.recommendationRef ?? '(no recommendation)'} (kept as written)`, a.loc);
      seen.set(key, a);
      if (a.leads.length === 0) this.warn('plan_action_no_lead', `action ${a.id ?? '(no id)'} under ${a.recommendationRef ?? '(none)'} names no lead`, a.loc);
      for (const l of a.leads) if (/^\d+$/.test(l)) this.warn('plan_lead_unreadable', `action ${a.id ?? '(no id)'} under ${a.recommendationRef ?? '(none)'}: lead "${l}" is not a name (kept as written)`, a.loc);
      if (a.due.raw && !a.due.date && !/^(ongoing|immediate|quarterly|annual|monthly|in place)/i.test(a.due.raw)) {
        this.warn('plan_due_unparsed', `action ${a.id ?? '(no id)'} under ${a.recommendationRef ?? '(none)'}: no date in "${clip(a.due.raw)}"`, a.loc);
      }
    }
  }
}

function clip(s: string, n = 60): string {
  const t = norm(s);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}
