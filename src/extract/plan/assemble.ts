/**
 * Data rows -> actions, each under the recommendation it answers (stage 4 applied row by
 * row). The recommendation comes from, in order: the table's recommendation-number
 * column; its Recommendation column (a cell merged down over its actions, given on the
 * first row only, or repeated on every row); a banner row; the heading, bold paragraph,
 * numbered paragraph or list item above the table.
 *
 * An action's number comes from its number column, else from a marker in its description
 * ("(3) ...", "3. ..."). A description cell holding several numbered actions ("MUST DO (1)
 * ... (2) ...") is split, with its lead and due cells paired up where the counts agree,
 * and its progress matched by number. A row with no number of its own that carries on a
 * sentence (or sits in a numbered table) continues the action above.
 *
 * Quirks of the source are kept as written and reported as warnings, never repaired by
 * inventing text.
 */
import type { Action, Loc, Recommendation, Warning } from '../../model/document.js';
import { normalizeSpace } from '../../util/text.js';
import { parseDue, dueTokens, type Era } from './due-dates.js';
import { statusWord, type RagValue } from './rag.js';
import { actionSegments, letteredEntries, openingLetter, progressSegments, splitLeads, subItems, type LeadLexicon, type ActionSegment } from './split.js';
import { TIMESCALE_PREFIX, recLabel, splitTimescale, timescaleOf, type RecLabel } from './context.js';
import type { RowView } from './rows.js';

const norm = normalizeSpace;

interface Draft {
  rec: RecState;
  num: string | null;
  text: string;
  lead: string;
  due: string;
  progress: string[];
  outcome: string[];
  rag: RagValue | null;
  loc: Loc;
  sharedLead?: boolean;
  sharedDue?: boolean;
  /** The rows that gave this action progress or a rating: the letter their progress opens with, and their RAG. */
  rows: { letter: number | null; rag: RagValue | null }[];
}

export interface RecState {
  ref: string | null;
  timescaleRaw: string | null;
  text: string[];
  outcomes: string[];
  loc: Loc;
  actions: Draft[];
  /** Where the recommendation was read: the table's own columns, a banner row, or text above the table. */
  from: 'column' | 'banner' | 'above' | 'none';
  /** The recommendation cell's text as first read (to spot it repeated on every row). */
  key: string;
  /** The text was truncated or lost in the source and may be filled from the plan's own list. */
  damaged?: boolean;
  /** The part of the plan (its heading's prefix) the recommendation is in. */
  part: string | null;
}

export interface Assembled {
  recs: RecState[];
  warnings: Warning[];
}

export class PlanAssembler {
  private recs: RecState[] = [];
  private rec: RecState | null = null;
  private warnings: Warning[] = [];
  private pendingTimescale: string | null = null;
  private pendingOutcome: string[] = [];
  private pendingProgress = new Map<number, { paragraphs: string[]; origin: Draft }>();
  private orphanLead: { lead: string; due: string } | null = null;
  private afterBreak = false;
  private lastAction: Draft | null = null;
  /** The current table numbers its actions in a column of their own. */
  private numbered = false;
  /** The current table has one row per printed line (see lineWrapped). */
  private wrapped = false;
  private lastPage: number | null = null;
  private part: string | null = null;

  /** A heading naming a part of the plan ("Looked After Children Recommendations"). */
  setPart(prefix: string): void {
    this.part = prefix;
  }

  constructor(private readonly lexicon: LeadLexicon) {}

  /** A new table (or a table piece after a page break). */
  tableStart(numbered: boolean, continued: boolean, wrapped = false): void {
    this.numbered = numbered;
    this.wrapped = wrapped;
    if (continued) this.afterBreak = true;
  }

  pageBreak(): void {
    this.afterBreak = true;
  }

  /** A section title inside a table ("SAFEGUARDING"): the recommendation above ends. */
  section(): void {
    this.closeRec();
    this.afterBreak = false;
  }

  /** A recommendation named outside the table's columns: a banner row or the text above the table. */
  open(label: RecLabel, loc: Loc, from: 'banner' | 'above'): void {
    this.closeRec();
    this.rec = { ref: label.ref, timescaleRaw: label.timescaleRaw, text: label.text ? [label.text] : [], outcomes: [], loc, actions: [], from, key: '', part: this.part };
    this.lastAction = null;
  }

  /** Text that belongs to the open recommendation (a heading's text given in the paragraph below it). */
  addRecText(text: string): void {
    if (this.rec && this.rec.actions.length === 0) this.rec.text.push(text);
  }

  /** Does text with no label carry on the open recommendation's unfinished sentence (lower case, or a table printed line by line)? */
  carriesRecOn(text: string): boolean {
    const cur = this.rec;
    if (!cur || cur.from !== 'column' || /[.!?;:)]$/.test(cur.text.join(' ')) || recLabel(text) !== null) return false;
    return this.wrapped || /^[a-z]/.test(text);
  }

  get current(): RecState | null {
    return this.rec;
  }

  note(code: string, message: string, loc: Loc): void {
    this.warnings.push({ code, message, loc });
  }

  row(v: RowView): void {
    const loc = v.row.loc;
    if (loc.page !== this.lastPage) {
      if (this.lastPage !== null) this.afterBreak = true;
      this.lastPage = loc.page;
    }
    const lead = v.leads.filter(Boolean).join(' | ');
    const progress = progressSegments(v.progress);
    const segs: ActionSegment[] = v.id ? (v.desc.length ? [{ kind: 'action', num: v.id, text: norm(v.desc.join(' ')) }] : []) : actionSegments(v.desc);
    if (v.id && !v.desc.length) segs.push({ kind: 'action', num: v.id, text: '' });
    const first = norm(v.recParas.join(' '));
    const onlyLabel = segs.length > 0 && segs.every((s) => s.kind === 'label');

    // A row that only announces the next recommendation: "Within 3 months | <outcome> | | MUST DO | |".
    const preRow =
      !v.ref && (onlyLabel || segs.length === 0) && !lead && !v.due && progress.length === 0 && (!first || (TIMESCALE_PREFIX.test(first) && !norm(first.replace(TIMESCALE_PREFIX, ''))));
    if (preRow && (segs.length || first)) {
      if (first) {
        this.closeRec();
        this.pendingTimescale = first;
        this.pendingOutcome = v.outcome;
      }
      this.afterBreak = false;
      return;
    }

    const continuation = this.recContext(v, first, loc);
    const r = this.rec!;
    const afterBreak = this.afterBreak;
    this.afterBreak = false;
    if (onlyLabel) return;

    // Lead/date rows with no action: fill earlier actions that lack both, else wait for the next
    // one; in a table printed one row per line they are the next lines of the action above.
    if (segs.length === 0 && progress.length === 0) {
      if (!lead && !v.due) return;
      const above = r.actions[r.actions.length - 1];
      if (this.wrapped && above) {
        if (lead && !v.leadsMerged) above.lead = norm(`${above.lead} ${lead}`);
        if (v.due && !v.dueMerged) above.due = norm(`${above.due} ${v.due}`);
        return;
      }
      const target = r.actions.find((a) => !a.lead && !a.due);
      if (target) {
        target.lead = lead;
        target.due = v.due;
        target.sharedLead = false;
        target.sharedDue = false;
      } else this.orphanLead = { lead, due: v.due };
      return;
    }

    const last = this.lastAction && this.lastAction.rec === r ? this.lastAction : null;
    const created: Draft[] = [];
    let leadingCont: string | null = null;
    segs.forEach((s, k) => {
      if (s.kind === 'label') return;
      if (s.kind === 'cont') {
        const numberedLater = segs.slice(k + 1).some((x) => x.kind === 'action' && x.num);
        if (created.length === 0 && last && this.continues(s.text, last, numberedLater, lead, v.due, afterBreak)) leadingCont = s.text;
        else if (created.length) created[created.length - 1]!.text = norm(`${created[created.length - 1]!.text} ${s.text}`);
        else {
          const m = /^(\d{1,2}|[a-z])[.)]\s+(.*)$/s.exec(s.text);
          created.push(this.newAction(m ? m[1]! : null, m ? m[2]! : s.text, loc));
        }
        return;
      }
      created.push(this.newAction(s.num, s.text, loc));
    });
    const prevAction = r.actions[r.actions.length - 1 - created.length] ?? null;
    if (leadingCont && prevAction) prevAction.text = norm(`${prevAction.text} ${leadingCont}`);
    if (v.rag) for (const a of created) a.rag = v.rag;
    if (created.length === 0 && prevAction && v.rag?.rag && !prevAction.rag?.rag) prevAction.rag = v.rag;
    if (v.outcome.length) {
      if (this.numbered && created.length === 1) created[0]!.outcome.push(...v.outcome);
      else if (this.numbered && created.length === 0 && prevAction) prevAction.outcome.push(...v.outcome);
      else if (continuation || (r.outcomes.length && /^[a-z]/.test(v.outcome[0]!))) appendTo(r.outcomes, v.outcome);
      else r.outcomes.push(...v.outcome);
    }
    // a lead or due cell merged down over this row was read with the row that opened it
    this.pairLeads(created, prevAction, created.length === 0 && v.leadsMerged ? '' : lead, created.length === 0 && v.dueMerged ? '' : v.due, loc);

    // Progress, matched by its "(n)" number rather than by its row.
    const byNum = new Map(created.filter((a) => a.num && /^\d+$/.test(a.num)).map((a) => [Number(a.num), a]));
    const maxHere = Math.max(0, ...byNum.keys());
    for (const [k, ps] of progress.entries()) {
      if (ps.num === null || (this.numbered && created.length === 1)) {
        const carried = k === 0 && (leadingCont !== null || continuation) && prevAction !== null && !(this.numbered && created.length === 1);
        const target = carried ? prevAction : (created[0] ?? prevAction);
        if (!target) continue;
        const pend = target.num ? this.pendingProgress.get(Number(target.num)) : undefined;
        if (k === 0 && (carried || created.length === 0 || (target.progress.length > 0 && !pend))) appendTo(target.progress, ps.paragraphs);
        else target.progress.push(...ps.paragraphs);
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
    const holder = created[0] ?? prevAction;
    if (holder && (v.progress.length || v.rag)) holder.rows.push({ letter: openingLetter(v.progress[0] ?? ''), rag: v.rag });
    if (created.length) this.lastAction = created[created.length - 1]!;
  }

  /** Does text with no number of its own carry on the action above rather than start one? */
  private continues(text: string, last: Draft, numberedLater: boolean, lead: string, due: string, afterBreak: boolean): boolean {
    if (numberedLater) return true;
    if (/^[a-z]/.test(text)) return true;
    if (this.wrapped) return !/^\(?\d{1,2}[.)]\s/.test(text);
    // In a numbered table a row with no number continues the action above unless it gives a
    // lead or date of its own (then it is an action the plan did not number).
    if (this.numbered) return !lead && !due;
    const open = !/[.!?;:)]$/.test(last.text);
    return open && !lead && !due && (afterBreak || last.num === null);
  }

  /**
   * The recommendation of a data row, from the table's own columns. Returns true when the
   * row's recommendation cell carries on the text of the recommendation above (page break).
   */
  private recContext(v: RowView, first: string, loc: Loc): boolean {
    if (v.ref) {
      if (this.rec && this.rec.ref === v.ref) {
        if (first && norm(this.rec.text.join(' ')) !== first && this.rec.key !== first) this.rec.text.push(first);
        return false;
      }
      const label = first ? recLabel(first) : null;
      this.newRec(v.ref, label?.timescaleRaw ?? splitTimescale(first).timescaleRaw, first ? [label && label.ref === v.ref ? label.text : splitTimescale(first).rest] : [], [], loc, 'column', first);
      return false;
    }
    if (v.recParas.length) {
      const cur = this.rec;
      if (cur && cur.from === 'column' && (cur.key === first || norm(cur.text.join(' ')) === first)) return false; // repeated on every row
      // After a page break, text with no number of its own that starts in lower case, or a
      // merged cell carrying on an unfinished sentence, is the rest of the recommendation above.
      // ("e. Ensure ..." starts in lower case but is a lettered recommendation of its own.)
      const unlabelled = recLabel(first) === null;
      const unfinished = cur !== null && v.recRows > 1 && !/[.!?;:)]$/.test(cur.text.join(' '));
      // So is text carrying on a recommendation whose sentence is unfinished (carriesRecOn): a
      // merged cell a table without vertical rules spreads over the rows beside it, or the next
      // line of a table printed one row per line.
      if (cur && cur.from !== 'above' && unlabelled && ((this.afterBreak && (/^[a-z]/.test(first) || unfinished)) || this.carriesRecOn(first))) {
        cur.text.push(first);
        if (!this.wrapped) this.note('plan_row_continued', `recommendation ${cur.ref ?? '(no id)'}: its text continues after a page break ("${clip(first)}")`, loc);
        return true;
      }
      let timescale = this.pendingTimescale;
      const text: string[] = [];
      let ref: string | null = null;
      for (const p of v.recParas) {
        const label: RecLabel | null = ref === null && text.length === 0 ? recLabel(p) : null;
        if (label && (label.ref || label.timescaleRaw)) {
          ref = label.ref;
          timescale ??= label.timescaleRaw;
          if (label.text) text.push(label.text);
          continue;
        }
        const ts = ref === null && text.length === 0 ? splitTimescale(p) : null;
        if (ts?.timescaleRaw) {
          timescale ??= ts.timescaleRaw;
          if (ts.rest) text.push(ts.rest);
        } else text.push(p);
      }
      if (ref === null && text.length) {
        const label = recLabel(text.join(' '));
        if (label?.ref) {
          ref = label.ref;
          text.splice(0, text.length, label.text);
        }
      }
      this.newRec(ref, timescale, text, [...this.pendingOutcome], loc, 'column', first);
      if (!ref) {
        this.rec!.damaged = /^[a-z]/.test(text[0] ?? '') || !/^[A-Z]/.test(text[0] ?? '');
        this.note('plan_recommendation_unnumbered', `recommendation without a number ("${clip(text.join(' '))}")`, loc);
      }
      return false;
    }
    if (!this.rec) {
      this.newRec(null, this.pendingTimescale, [], [...this.pendingOutcome], loc, 'none', '');
      this.note('plan_recommendation_missing', 'action rows before any recommendation (the recommendation is missing from the source)', loc);
    }
    return false;
  }

  private newRec(ref: string | null, timescale: string | null, text: string[], outcomes: string[], loc: Loc, from: RecState['from'], key: string): void {
    this.closeRec();
    this.rec = { ref, timescaleRaw: timescale, text: text.filter(Boolean), outcomes, loc, actions: [], from, key, part: this.part };
    this.pendingTimescale = null;
    this.pendingOutcome = [];
  }

  private newAction(num: string | null, text: string, loc: Loc): Draft {
    const a: Draft = { rec: this.rec!, num, text: norm(text), lead: '', due: '', progress: [], outcome: [], rag: null, loc, rows: [] };
    const pend = num ? this.pendingProgress.get(Number(num)) : undefined;
    if (pend) {
      a.progress.push(...pend.paragraphs);
      this.pendingProgress.delete(Number(num));
    }
    this.rec!.actions.push(a);
    return a;
  }

  /** Leads and dates of the actions one row gave. */
  private pairLeads(created: Draft[], prevAction: Draft | null, lead: string, due: string, loc: Loc): void {
    if (created.length === 1) {
      created[0]!.lead = lead;
      created[0]!.due = due;
    } else if (created.length > 1) {
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
      // a line-wrapped table breaks one lead over rows; elsewhere a second lead cell is another lead
      if (lead) prevAction.lead = prevAction.lead ? (this.wrapped ? norm(`${prevAction.lead} ${lead}`) : `${prevAction.lead} | ${lead}`) : lead;
      if (due) prevAction.due = norm(`${prevAction.due} ${due}`);
    }
    if (this.orphanLead && created.length && !created[0]!.lead && !created[0]!.due) {
      created[0]!.lead = this.orphanLead.lead;
      created[0]!.due = this.orphanLead.due;
      this.orphanLead = null;
    }
  }

  closeRec(): void {
    const r = this.rec;
    if (!r) return;
    for (const { paragraphs, origin } of this.pendingProgress.values()) origin.progress.push(...paragraphs);
    this.pendingProgress = new Map();
    if (this.orphanLead) this.note('plan_lead_unused', `lead/date "${this.orphanLead.lead}" / "${this.orphanLead.due}" sits on a row with no action`, r.loc);
    this.orphanLead = null;
    r.actions = r.actions.flatMap((d) => this.listItems(d));
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

  /**
   * An action whose cell lists items of its own ("... through the following actions: a. ...
   * b. ...") that the plan tracks one by one (its progress has an entry per letter) is one
   * action per item, each with the parent's lead and due, the progress entry of its letter and
   * the RAG of that entry's row. A list whose progress is not split by item stays one action.
   */
  private listItems(d: Draft): Draft[] {
    const sub = subItems(d.text, d.num);
    const entries = sub ? letteredEntries(d.progress) : null;
    if (!sub || !entries) return [d];
    const lettered = /^[a-z]$/.test(sub.items[0]!.label);
    const parts: Draft[] = sub.items.map((it, k) => ({ ...d, num: `${d.num ?? ''}${lettered ? it.label : String.fromCharCode(97 + k)}`, text: it.text, progress: [], rag: null, rows: [] }));
    if (sub.tail) parts.push({ ...d, num: sub.tail.num, text: sub.tail.text, progress: [], rag: null, rows: [] });
    for (const e of entries) parts[Math.min(e.letter ?? 0, parts.length - 1)]!.progress.push(e.text);
    // Each row's RAG goes to the item its progress names by letter, else to the next item.
    // Where the rows after the first rate items too, an item whose own row has no rating has
    // none; otherwise (one rating for the whole list) every item takes the list's.
    const perItem = d.rows.slice(1).some((row) => row.rag?.rag);
    let at = 0;
    const ownRow = new Set<number>();
    for (const row of d.rows) {
      if (row.letter !== null) at = row.letter;
      const part = parts[at];
      if (part && at > 0 && perItem) ownRow.add(at);
      if (part && row.rag && !part.rag) part.rag = row.rag;
      at++;
    }
    parts.forEach((p, k) => {
      if (!ownRow.has(k)) p.rag ??= d.rag;
    });
    this.note('plan_action_list', `action ${d.num ?? '(no id)'} lists ${parts.length} items with a progress entry each ("${clip(sub.intro)}"): read as ${parts.length} actions`, d.loc);
    return parts;
  }

  finish(): Assembled {
    this.closeRec();
    qualifyRefs(this.recs);
    return { recs: this.recs, warnings: this.warnings };
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

function appendTo(list: string[], paragraphs: string[]): void {
  if (!paragraphs.length) return;
  if (list.length) list[list.length - 1] = norm(`${list[list.length - 1]} ${paragraphs[0]}`);
  else list.push(paragraphs[0]!);
  list.push(...paragraphs.slice(1));
}

/** Recommendations and actions of the assembled groups, with warnings for what the source got wrong. */
export function toOutput(
  recs: RecState[],
  lexicon: LeadLexicon,
  era: Era,
  warn: (code: string, message: string, loc: Loc) => void,
): { actions: Action[]; recommendations: Recommendation[] } {
  const actions: Action[] = [];
  const recommendations: Recommendation[] = [];
  const seenRefs = new Set<string>();
  for (const r of recs) {
    if (r.actions.length === 0 && r.from === 'none') continue;
    if (r.ref && !seenRefs.has(r.ref)) {
      seenRefs.add(r.ref);
      const text = norm(r.text.join(' '));
      if (text) recommendations.push({ id: r.ref, kind: 'recommendation', scope: 'local_authority', text, timescale: timescaleOf(r.timescaleRaw), paragraphRefs: [], nationalFrameworkRef: null, responsible: [], themes: [], loc: r.loc });
      else warn('plan_recommendation_text_lost', `recommendation ${r.ref}: its text is missing from the source`, r.loc);
    } else if (r.ref && r.text.length) warn('plan_recommendation_repeated', `recommendation ${r.ref} is stated twice; the first statement is kept`, r.loc);
    if (!r.ref && r.actions.length) warn('plan_recommendation_unlinked', `${r.actions.length} action(s) are not linked to a recommendation`, r.loc);
    for (const d of r.actions) if (!unusedRow(d)) actions.push(toAction(d, r, lexicon, era));
  }
  quirks(actions, warn);
  return { actions, recommendations };
}

/** A template's unused row: an action number and nothing else (no text, lead, date, progress, outcome or rating). */
function unusedRow(d: Draft): boolean {
  const empty = (xs: string[]): boolean => xs.every((x) => !x.trim());
  return d.num !== null && !d.text.trim() && !d.lead.trim() && !d.due.trim() && empty(d.progress) && empty(d.outcome) && !d.rag?.rag && !d.rag?.ragRaw;
}

function toAction(d: Draft, r: RecState, lexicon: LeadLexicon, era: Era): Action {
  const outcome = d.outcome.length ? d.outcome : r.outcomes;
  const progress = d.progress.map(norm).filter(Boolean);
  let rag: RagValue | null = d.rag;
  if (!rag || (!rag.rag && !rag.ragRaw)) {
    // No RAG column: the status word that opens the progress text ("Completed.", "(2) On track: ...").
    // A word, not a colour: kept as written, with no rating.
    const word = statusWord(progress[0] ?? '');
    rag = word ? { rag: null, ragRaw: word } : null;
  }
  const leads = d.lead
    .split(' | ')
    .flatMap((l) => splitLeads(l, lexicon))
    .filter(Boolean);
  return {
    recommendationRef: r.ref,
    id: d.num,
    description: d.text || '(no description)',
    leads,
    due: parseDue(d.due, era),
    outcome: outcome.length ? norm(outcome.join('\n')) || null : null,
    progress: progress.length ? progress.join('\n') : null,
    rag: rag?.rag ?? null,
    ragRaw: rag?.ragRaw ?? null,
    loc: d.loc,
  };
}

/** Warnings for what the source got wrong, kept as written. */
function quirks(actions: Action[], warn: (code: string, message: string, loc: Loc) => void): void {
  const seen = new Set<string>();
  for (const a of actions) {
    const where = `action ${a.id ?? '(no id)'} under ${a.recommendationRef ?? '(none)'}`;
    if (a.description === '(no description)') warn('plan_action_no_text', `${where} has no description in the source`, a.loc);
    if (a.id === null) warn('plan_action_unnumbered', `an action under ${a.recommendationRef ?? '(no recommendation)'} has no number ("${clip(a.description)}")`, a.loc);
    if (a.id && /^\d+\.?$/.test(a.id) && a.recommendationRef && /^\d+$/.test(a.recommendationRef)) warn('plan_action_id_truncated', `action id "${a.id}" under ${a.recommendationRef} has lost its second part (kept as written)`, a.loc);
    if (a.id && a.recommendationRef && /^\d+\.\d+$/.test(a.id) && /^\d+$/.test(a.recommendationRef) && a.id.split('.')[0] !== a.recommendationRef) {
      warn('plan_action_id_mismatch', `action ${a.id} sits under ${a.recommendationRef} (kept as written)`, a.loc);
    }
    const key = `${a.recommendationRef ?? ''}#${a.id ?? ''}`;
    if (a.id && a.recommendationRef && seen.has(key)) warn('plan_action_id_repeated', `action id ${a.id} is used twice under ${a.recommendationRef} (kept as written)`, a.loc);
    seen.add(key);
    if (a.leads.length === 0) warn('plan_action_no_lead', `${where} names no lead`, a.loc);
    for (const l of a.leads) if (/^\d+$/.test(l)) warn('plan_lead_unreadable', `${where}: lead "${l}" is not a name (kept as written)`, a.loc);
    if (a.due.raw && !a.due.date && !/^(ongoing|immediate|quarterly|annual|monthly|in place)/i.test(a.due.raw)) warn('plan_due_unparsed', `${where}: no date in "${clip(a.due.raw)}"`, a.loc);
  }
}

export function clip(s: string, n = 60): string {
  const t = norm(s);
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}
