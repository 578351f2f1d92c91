/**
 * Stage 4: data rows -> actions, each under the recommendation it answers, row by row. The
 * recommendation comes from, in order: the table's recommendation-number column; its
 * Recommendation column (a cell merged down over its actions, given on the first row only,
 * or repeated on every row); a banner row; the heading, bold paragraph, numbered paragraph or
 * list item above the table.
 *
 * An action's number comes from its number column, else from a marker in its description
 * ("(3) ...", "3. ..."). A description cell holding several numbered actions ("MUST DO (1)
 * ... (2) ...") is split, with its lead and due cells paired up where the counts agree,
 * and its progress matched by number. A row with no number of its own that carries on a
 * sentence (or sits in a numbered table) continues the action above.
 *
 * `row` hands each data row to one handler per concern: a row announcing the next
 * recommendation, the row's recommendation, a lead/date row with no action, the row's
 * actions (new or continuing the one above), its RAG, outcome, leads and dates, progress.
 * Everything that carries from one row to the next is in one AssemblyState.
 *
 * Quirks of the source are kept as written and reported as warnings, never repaired by
 * inventing text.
 */
import type { Loc, Warning } from '../../model/document.js';
import { normalizeSpace } from '../../util/text.js';
import { clip, isWholeNumber, startsLower, startsUpper, unfinished } from '../text-rules.js';
import { dueTokens } from './due-dates.js';
import { actionSegments, openingLetter, progressSegments, type LeadLexicon, type ProgressSegment, type ActionSegment } from './split.js';
import { listedActions } from './listed.js';
import { TIMESCALE_PREFIX, readRecCell, recLabel, splitTimescale, type RecLabel } from './context.js';
import type { RowView } from './rows.js';
import type { Assembled, Draft, RecState } from './draft.js';

export type { Assembled, Draft, RecState } from './draft.js';

const norm = normalizeSpace;

/** An action number opening a continuation piece that starts no action of its own ("3. ...", "b) ..."). */
const OPENING_NUMBER = /^(\d{1,2}|[a-z])[.)]\s+(.*)$/s;
/** A dotted action number ("1.1a", "S2.3", "LAC1.2"): its part before the dot is its recommendation's. */
const ACTION_REF_PREFIX = /^([A-Z]{0,4}\d{1,2})\.\d{1,2}[a-z]?\.?$/;
/** An action number opening a line of a table printed line by line ("(3) ...", "3. "). */
const LINE_NUMBER = /^\(?\d{1,2}[.)]\s/;

/** What carries from one row to the next while a plan is assembled. */
export interface AssemblyState {
  /** Recommendations closed so far, in order. */
  recs: RecState[];
  /** The recommendation the rows are under now. */
  rec: RecState | null;
  warnings: Warning[];
  /** A timescale (and outcome) given on a row of its own, for the recommendation that follows. */
  pendingTimescale: string | null;
  pendingOutcome: string[];
  /** Progress numbered "(n)" for an action not yet read, by n, with the action it would otherwise go to. */
  pendingProgress: Map<number, { paragraphs: string[]; origin: Draft }>;
  /** A lead/date on a row with no action, when no earlier action lacks both: for the next action. */
  orphanLead: { lead: string; due: string } | null;
  /** A page break or repeated header came since the last data row. */
  afterBreak: boolean;
  /** The last action a row created. */
  lastAction: Draft | null;
  /** The current table numbers its actions in a column of their own. */
  numbered: boolean;
  /** The current table has one row per printed line (see lineWrapped). */
  wrapped: boolean;
  lastPage: number | null;
  /** The part of the plan (a heading's prefix) the rows are in. */
  part: string | null;
}

/** A data row's cells read for the handlers. */
interface RowCells {
  loc: Loc;
  /** The lead columns' values, "|"-joined. */
  lead: string;
  progress: ProgressSegment[];
  /** The description cell's pieces: phase labels, numbered actions, continuation text. */
  segs: ActionSegment[];
  /** The Recommendation cell's own text. */
  first: string;
  /** The description cell holds only phase labels ("MUST DO"). */
  onlyLabel: boolean;
}

/** The actions one row gave, and the text at its start that carries on the action above. */
interface RowActions {
  created: Draft[];
  leadingCont: string | null;
  /** The action before the row's own (the one above). */
  prevAction: Draft | null;
}

function initialState(): AssemblyState {
  return {
    recs: [],
    rec: null,
    warnings: [],
    pendingTimescale: null,
    pendingOutcome: [],
    pendingProgress: new Map(),
    orphanLead: null,
    afterBreak: false,
    lastAction: null,
    numbered: false,
    wrapped: false,
    lastPage: null,
    part: null,
  };
}

export class PlanAssembler {
  private readonly s: AssemblyState = initialState();

  constructor(private readonly lexicon: LeadLexicon) {}

  /** A heading naming a part of the plan ("Looked After Children Recommendations"). */
  setPart(prefix: string): void {
    this.s.part = prefix;
  }

  /** A new table (or a table piece after a page break). */
  tableStart(numbered: boolean, continued: boolean, wrapped = false): void {
    this.s.numbered = numbered;
    this.s.wrapped = wrapped;
    if (continued) this.s.afterBreak = true;
  }

  pageBreak(): void {
    this.s.afterBreak = true;
  }

  /** A section title inside a table ("SAFEGUARDING"): the recommendation above ends. */
  section(): void {
    this.closeRec();
    this.s.afterBreak = false;
  }

  /** A recommendation named outside the table's columns: a banner row or the text above the table. */
  open(label: RecLabel, loc: Loc, from: 'banner' | 'above'): void {
    this.closeRec();
    this.s.rec = { ref: label.ref, timescaleRaw: label.timescaleRaw, text: label.text ? [label.text] : [], outcomes: [], loc, actions: [], from, key: '', part: this.s.part, ...(label.scope ? { scope: label.scope } : {}) };
    this.s.lastAction = null;
  }

  /** Text that belongs to the open recommendation (a heading's text given in the paragraph below it). */
  addRecText(text: string): void {
    if (this.s.rec && this.s.rec.actions.length === 0) this.s.rec.text.push(text);
  }

  /** Does text with no label carry on the open recommendation's unfinished sentence (lower case, or a table printed line by line)? */
  carriesRecOn(text: string): boolean {
    const cur = this.s.rec;
    if (!cur || cur.from !== 'column' || !unfinished(cur.text.join(' ')) || recLabel(text) !== null) return false;
    return this.s.wrapped || startsLower(text);
  }

  get current(): RecState | null {
    return this.s.rec;
  }

  note(code: string, message: string, loc: Loc): void {
    this.s.warnings.push({ code, message, loc });
  }

  /** A data row: each concern by its handler. */
  row(v: RowView): void {
    this.notePage(v.row.loc);
    const c = this.readCells(v);
    if (this.announcesRec(v, c)) return;
    const continuation = this.recContext(v, c.first, c.loc);
    const r = this.s.rec!;
    const afterBreak = this.s.afterBreak;
    this.s.afterBreak = false;
    if (c.onlyLabel) return;
    if (c.segs.length === 0 && c.progress.length === 0) {
      this.leadOnlyRow(v, c.lead, r);
      return;
    }
    const acts = this.rowActions(v, c, r, afterBreak);
    this.placeRag(v, acts);
    this.placeOutcome(v, acts, r, continuation);
    // a lead or due cell merged down over this row was read with the row that opened it
    const none = acts.created.length === 0;
    this.pairLeads(acts.created, acts.prevAction, none && v.leadsMerged ? '' : c.lead, none && v.dueMerged ? '' : v.due, c.loc);
    this.placeProgress(c.progress, acts, r, acts.leadingCont !== null || continuation);
    const holder = acts.created[0] ?? acts.prevAction;
    if (holder && (v.progress.length || v.rag)) holder.rows.push({ letter: openingLetter(v.progress[0] ?? ''), rag: v.rag });
    if (acts.created.length) this.s.lastAction = acts.created[acts.created.length - 1]!;
  }

  /** A row on a new page comes after a page break. */
  private notePage(loc: Loc): void {
    if (loc.page !== this.s.lastPage) {
      if (this.s.lastPage !== null) this.s.afterBreak = true;
      this.s.lastPage = loc.page;
    }
  }

  private readCells(v: RowView): RowCells {
    const segs: ActionSegment[] = v.id ? (v.desc.length ? [{ kind: 'action', num: v.id, text: norm(v.desc.join(' ')) }] : []) : actionSegments(v.desc);
    if (v.id && !v.desc.length) segs.push({ kind: 'action', num: v.id, text: '' });
    return {
      loc: v.row.loc,
      lead: v.leads.filter(Boolean).join(' | '),
      progress: progressSegments(v.progress),
      segs,
      first: norm(v.recParas.join(' ')),
      onlyLabel: segs.length > 0 && segs.every((s) => s.kind === 'label'),
    };
  }

  /**
   * A row that only announces the next recommendation: "Within 3 months | <outcome> | | MUST DO | |".
   * Its timescale and outcome wait for that recommendation. True when the row is used up.
   */
  private announcesRec(v: RowView, c: RowCells): boolean {
    const { segs, first } = c;
    const preRow =
      !v.ref && (c.onlyLabel || segs.length === 0) && !c.lead && !v.due && c.progress.length === 0 && (!first || (TIMESCALE_PREFIX.test(first) && !norm(first.replace(TIMESCALE_PREFIX, ''))));
    if (!preRow || !(segs.length || first)) return false;
    if (first) {
      this.closeRec();
      this.s.pendingTimescale = first;
      this.s.pendingOutcome = v.outcome;
    }
    this.s.afterBreak = false;
    return true;
  }

  /**
   * Lead/date rows with no action: fill earlier actions that lack both, else wait for the next
   * one; in a table printed one row per line they are the next lines of the action above
   * (its outcome's too).
   */
  private leadOnlyRow(v: RowView, lead: string, r: RecState): void {
    const above = r.actions[r.actions.length - 1];
    if (this.s.wrapped && above) {
      if (lead && !v.leadsMerged) above.lead = norm(`${above.lead} ${lead}`);
      if (v.due && !v.dueMerged) above.due = norm(`${above.due} ${v.due}`);
      appendTo(above.outcome.length ? above.outcome : r.outcomes, v.outcome);
      return;
    }
    if (!lead && !v.due) return;
    const target = r.actions.find((a) => !a.lead && !a.due);
    if (target) {
      target.lead = lead;
      target.due = v.due;
      target.sharedLead = false;
      target.sharedDue = false;
    } else this.s.orphanLead = { lead, due: v.due };
  }

  /** The row's description pieces -> new actions, or text carrying on the action above. */
  private rowActions(v: RowView, c: RowCells, r: RecState, afterBreak: boolean): RowActions {
    const { segs } = c;
    const last = this.s.lastAction && this.s.lastAction.rec === r ? this.s.lastAction : null;
    const created: Draft[] = [];
    let leadingCont: string | null = null;
    segs.forEach((s, k) => {
      if (s.kind === 'label') return;
      if (s.kind === 'cont') {
        const numberedLater = segs.slice(k + 1).some((x) => x.kind === 'action' && x.num);
        if (created.length === 0 && last && this.continues(s.text, last, numberedLater, c.lead, v.due, afterBreak)) leadingCont = s.text;
        else if (created.length) created[created.length - 1]!.text = norm(`${created[created.length - 1]!.text} ${s.text}`);
        else {
          const m = OPENING_NUMBER.exec(s.text);
          created.push(this.newAction(m ? m[1]! : null, m ? m[2]! : s.text, c.loc));
        }
        return;
      }
      created.push(this.newAction(s.num, s.text, c.loc));
    });
    const prevAction = r.actions[r.actions.length - 1 - created.length] ?? null;
    if (leadingCont && prevAction) prevAction.text = norm(`${prevAction.text} ${leadingCont}`);
    return { created, leadingCont, prevAction };
  }

  /** The row's rating: on its new actions, else on the action above if that has none. */
  private placeRag(v: RowView, { created, prevAction }: RowActions): void {
    if (v.rag) for (const a of created) a.rag = v.rag;
    if (created.length === 0 && prevAction && v.rag?.rag && !prevAction.rag?.rag) prevAction.rag = v.rag;
  }

  /** The row's outcome: the action's own in a numbered table, else the recommendation's. */
  private placeOutcome(v: RowView, { created, prevAction }: RowActions, r: RecState, continuation: boolean): void {
    if (!v.outcome.length) return;
    if (this.s.numbered && created.length === 1) created[0]!.outcome.push(...v.outcome);
    else if (this.s.numbered && created.length === 0 && prevAction) prevAction.outcome.push(...v.outcome);
    else if (continuation || (r.outcomes.length && startsLower(v.outcome[0]!))) appendTo(r.outcomes, v.outcome);
    else r.outcomes.push(...v.outcome);
  }

  /** Progress, matched by its "(n)" number rather than by its row. `carriesOn`: the row carries on the row above. */
  private placeProgress(progress: ProgressSegment[], { created, prevAction }: RowActions, r: RecState, carriesOn: boolean): void {
    const oneNumbered = this.s.numbered && created.length === 1;
    const byNum = new Map(created.filter((a) => a.num && isWholeNumber(a.num)).map((a) => [Number(a.num), a]));
    const maxHere = Math.max(0, ...byNum.keys());
    for (const [k, ps] of progress.entries()) {
      if (ps.num === null || oneNumbered) {
        const carried = k === 0 && carriesOn && prevAction !== null && !oneNumbered;
        const target = carried ? prevAction : (created[0] ?? prevAction);
        if (!target) continue;
        const pend = target.num ? this.s.pendingProgress.get(Number(target.num)) : undefined;
        if (k === 0 && (carried || created.length === 0 || (target.progress.length > 0 && !pend))) appendTo(target.progress, ps.paragraphs);
        else target.progress.push(...ps.paragraphs);
        continue;
      }
      const target = byNum.get(ps.num);
      if (target) target.progress.push(...ps.paragraphs);
      else if (ps.num > maxHere && (created.length || prevAction)) {
        const origin = created[created.length - 1] ?? prevAction!;
        this.s.pendingProgress.set(ps.num, { paragraphs: ps.paragraphs, origin });
      } else {
        const earlier = r.actions.find((a) => a.num === String(ps.num)) ?? created[0] ?? prevAction;
        if (earlier) earlier.progress.push(...ps.paragraphs);
      }
    }
  }

  /** Does text with no number of its own carry on the action above rather than start one? */
  private continues(text: string, last: Draft, numberedLater: boolean, lead: string, due: string, afterBreak: boolean): boolean {
    if (numberedLater) return true;
    if (startsLower(text)) return true;
    if (this.s.wrapped) return !LINE_NUMBER.test(text);
    // In a numbered table a row with no number continues the action above unless it gives a
    // lead or date of its own (then it is an action the plan did not number).
    if (this.s.numbered) return !lead && !due;
    return unfinished(last.text) && !lead && !due && (afterBreak || last.num === null);
  }

  /**
   * The recommendation of a data row, from the table's own columns. Returns true when the
   * row's recommendation cell carries on the text of the recommendation above (page break).
   */
  private recContext(v: RowView, first: string, loc: Loc): boolean {
    if (v.ref) this.recFromNumber(v.ref, first, loc);
    else if (v.recParas.length) return this.recFromCell(v.recParas, v.recRows, first, loc, v.id);
    else if (!this.s.rec) {
      this.newRec(null, this.s.pendingTimescale, [], [...this.s.pendingOutcome], loc, 'none', '');
      this.note('plan_recommendation_missing', 'action rows before any recommendation (the recommendation is missing from the source)', loc);
    }
    return false;
  }

  /** The recommendation-number column names the recommendation (its text, if any, beside it). */
  private recFromNumber(ref: string, first: string, loc: Loc): void {
    const cur = this.s.rec;
    if (cur && cur.ref === ref) {
      if (first && norm(cur.text.join(' ')) !== first && cur.key !== first) cur.text.push(first);
      return;
    }
    const label = first ? recLabel(first) : null;
    this.newRec(ref, label?.timescaleRaw ?? splitTimescale(first).timescaleRaw, first ? [label && label.ref === ref ? label.text : splitTimescale(first).rest] : [], [], loc, 'column', first);
  }

  /** The Recommendation cell names the recommendation, repeats it, or carries on its text. */
  private recFromCell(recParas: string[], recRows: number, first: string, loc: Loc, actionId = ''): boolean {
    const cur = this.s.rec;
    if (cur && cur.from === 'column' && (cur.key === first || norm(cur.text.join(' ')) === first)) return false; // repeated on every row
    // After a page break, text with no number of its own that starts in lower case, or a
    // merged cell carrying on an unfinished sentence, is the rest of the recommendation above.
    // ("e. Ensure ..." starts in lower case but is a lettered recommendation of its own.)
    const unlabelled = recLabel(first) === null;
    const open = cur !== null && recRows > 1 && unfinished(cur.text.join(' '));
    // So is text carrying on a recommendation whose sentence is unfinished (carriesRecOn): a
    // merged cell a table without vertical rules spreads over the rows beside it, or the next
    // line of a table printed one row per line.
    if (cur && cur.from !== 'above' && unlabelled && ((this.s.afterBreak && (startsLower(first) || open)) || this.carriesRecOn(first))) {
      cur.text.push(first);
      if (!this.s.wrapped) this.note('plan_row_continued', `recommendation ${cur.ref ?? '(no id)'}: its text continues after a page break ("${clip(first)}")`, loc);
      return true;
    }
    const cell = readRecCell(recParas, this.s.pendingTimescale);
    const { timescale, text } = cell;
    // A Recommendation cell with no number of its own beside an action numbered "1.1a", "S2.3":
    // the action's number says which recommendation it answers.
    const ref = cell.ref ?? ACTION_REF_PREFIX.exec(norm(actionId))?.[1] ?? null;
    this.newRec(ref, timescale, text, [...this.s.pendingOutcome], loc, 'column', first);
    if (!ref) {
      this.s.rec!.damaged = startsLower(text[0] ?? '') || !startsUpper(text[0] ?? '');
      this.note('plan_recommendation_unnumbered', `recommendation without a number ("${clip(text.join(' '))}")`, loc);
    }
    return false;
  }

  private newRec(ref: string | null, timescale: string | null, text: string[], outcomes: string[], loc: Loc, from: RecState['from'], key: string): void {
    this.closeRec();
    this.s.rec = { ref, timescaleRaw: timescale, text: text.filter(Boolean), outcomes, loc, actions: [], from, key, part: this.s.part };
    this.s.pendingTimescale = null;
    this.s.pendingOutcome = [];
  }

  private newAction(num: string | null, text: string, loc: Loc): Draft {
    const a: Draft = { rec: this.s.rec!, num, text: norm(text), lead: '', due: '', progress: [], outcome: [], rag: null, loc, rows: [] };
    const pend = num ? this.s.pendingProgress.get(Number(num)) : undefined;
    if (pend) {
      a.progress.push(...pend.paragraphs);
      this.s.pendingProgress.delete(Number(num));
    }
    this.s.rec!.actions.push(a);
    return a;
  }

  /** Leads and dates of the actions one row gave. */
  private pairLeads(created: Draft[], prevAction: Draft | null, lead: string, due: string, loc: Loc): void {
    if (created.length === 1) {
      created[0]!.lead = lead;
      created[0]!.due = due;
    } else if (created.length > 1) {
      this.pairCell(created, lead, due, loc);
    } else if (prevAction && (lead || due)) {
      // a line-wrapped table breaks one lead over rows; elsewhere a second lead cell is another lead
      if (lead) prevAction.lead = prevAction.lead ? (this.s.wrapped ? norm(`${prevAction.lead} ${lead}`) : `${prevAction.lead} | ${lead}`) : lead;
      if (due) prevAction.due = norm(`${prevAction.due} ${due}`);
    }
    const orphan = this.s.orphanLead;
    if (orphan && created.length && !created[0]!.lead && !created[0]!.due) {
      created[0]!.lead = orphan.lead;
      created[0]!.due = orphan.due;
      this.s.orphanLead = null;
    }
  }

  /** Several actions in one cell: their lead and due cells split one per action where the counts agree. */
  private pairCell(created: Draft[], lead: string, due: string, loc: Loc): void {
    const parts = lead.split(/\s*;\s*/).filter(Boolean);
    const groups = !lead ? [] : parts.length === created.length ? parts : this.lexicon.groups(norm(lead.replace(/;/g, ' ')));
    const dates = due ? dueTokens(due) : [];
    const fits = (n: number | undefined): boolean => n !== undefined && [0, 1, created.length].includes(n);
    if (!groups || !dates || !fits(groups.length) || !fits(dates.length)) {
      this.note('plan_cell_unpaired', `${created.length} actions in one cell but their leads/dates do not pair up ("${clip(lead)}" / "${clip(due)}"): each action keeps the whole cell`, loc);
      for (const a of created) {
        a.lead = lead;
        a.due = due;
      }
      return;
    }
    created.forEach((a, k) => {
      if (groups.length === created.length) a.lead = groups[k]!;
      else if (k === 0) a.lead = groups[0] ?? '';
      else if (groups.length === 1) a.sharedLead = true;
      if (dates.length === created.length) a.due = dates[k]!;
      else if (k === 0) a.due = dates[0] ?? '';
      else if (dates.length === 1) a.sharedDue = true;
    });
  }

  closeRec(): void {
    const r = this.s.rec;
    if (!r) return;
    for (const { paragraphs, origin } of this.s.pendingProgress.values()) origin.progress.push(...paragraphs);
    this.s.pendingProgress = new Map();
    if (this.s.orphanLead) this.note('plan_lead_unused', `lead/date "${this.s.orphanLead.lead}" / "${this.s.orphanLead.due}" sits on a row with no action`, r.loc);
    this.s.orphanLead = null;
    r.actions = r.actions.flatMap((d) => this.listItems(d));
    shareLeads(r.actions);
    this.s.recs.push(r);
    this.s.rec = null;
    this.s.lastAction = null;
  }

  /** An action whose cell lists items tracked one by one (listedActions): one action per item, with a warning. */
  private listItems(d: Draft): Draft[] {
    const listed = listedActions(d);
    if (!listed) return [d];
    const { parts, intro } = listed;
    this.note('plan_action_list', `action ${d.num ?? '(no id)'} lists ${parts.length} items with a progress entry each ("${clip(intro)}"): read as ${parts.length} actions`, d.loc);
    return parts;
  }

  finish(): Assembled {
    this.closeRec();
    qualifyRefs(this.s.recs);
    return { recs: this.s.recs, warnings: this.s.warnings };
  }
}

/** An action split from a row with one lead/date for several actions keeps that lead/date. */
function shareLeads(actions: Draft[]): void {
  let lastLead = '';
  let lastDue = '';
  for (const a of actions) {
    if (a.sharedLead && !a.lead) a.lead = lastLead;
    else if (!a.sharedLead) lastLead = a.lead;
    if (a.sharedDue && !a.due) a.due = lastDue;
    else if (!a.sharedDue) lastDue = a.due;
  }
}

/**
 * Plans that number each part afresh ("1." under Safeguarding and again under Looked After
 * Children): refs are qualified by their part ("S1", "LAC1") so they stay distinct.
 */
export function qualifyRefs(recs: RecState[]): void {
  const partsOf = new Map<string, Set<string>>();
  for (const r of recs) if (r.ref && r.part) partsOf.set(r.ref, (partsOf.get(r.ref) ?? new Set()).add(r.part));
  if (![...partsOf.values()].some((p) => p.size > 1)) return;
  for (const r of recs) if (r.ref && r.part && /^\d/.test(r.ref)) r.ref = `${r.part}${r.ref}`;
}

/** Paragraphs added to a list, the first carrying on the list's last entry. */
function appendTo(list: string[], paragraphs: string[]): void {
  if (!paragraphs.length) return;
  if (list.length) list[list.length - 1] = norm(`${list[list.length - 1]} ${paragraphs[0]}`);
  else list.push(paragraphs[0]!);
  list.push(...paragraphs.slice(1));
}
