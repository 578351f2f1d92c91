/**
 * Stage 6: the plan's own list of recommendations. Many plans list the inspection's
 * recommendations (bullets or numbered items) before their tables. Where a group of
 * actions has no recommendation number (its cell empty, garbled or truncated), the list
 * gives it back: the group's place between its numbered neighbours, and its text where
 * any is left, pick the list item; the item's place beside a numbered neighbour's item
 * gives the number ("S2" is item 2 of its list, so the item before it is "S1").
 */
import type { Block, Loc } from '../../layout/types.js';
import { normalizeSpace } from '../../util/text.js';
import type { RecState } from './draft.js';
import { recLabel } from './context.js';

export interface ListItem {
  text: string;
  loc: Loc;
}

/** Words shorter than this ("of", "to") say nothing of which recommendation a text is. */
const MIN_WORD = 3;
/** A list item of fewer words is a heading or a label, not a statement of a recommendation. */
const MIN_ITEM_WORDS = 5;

const words = (s: string): string[] => normalizeSpace(s).toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').split(' ').filter((w) => w.length >= MIN_WORD);

/** How much of `part`'s wording `whole` holds (0..1). */
export function overlap(part: string, whole: string): number {
  const a = words(part);
  if (a.length === 0) return 0;
  const b = new Set(words(whole));
  return a.filter((w) => b.has(w)).length / a.length;
}

/** The items of the lists before the first plan table: the plan's statement of what it answers. */
export function listItems(blocks: Block[], firstTable: number): ListItem[] {
  const out: ListItem[] = [];
  for (let i = 0; i < firstTable && i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.type === 'list_item') out.push({ text: normalizeSpace(b.text), loc: b.loc });
    else if (b.type === 'paragraph' && /^\(?\d{1,2}[.)]\s/.test(b.text)) out.push({ text: normalizeSpace(recLabel(b.text)?.text ?? b.text), loc: b.loc });
  }
  return out.filter((x) => x.text.split(' ').length >= MIN_ITEM_WORDS);
}

const refParts = (ref: string): { prefix: string; n: number } | null => {
  const m = /^(.*?)(\d{1,3})$/.exec(ref);
  return m ? { prefix: m[1]!, n: Number(m[2]) } : null;
};

/** Best unused item for a text, above a threshold; -1 when none. */
function bestItem(text: string, items: ListItem[], used: Set<number>, from = 0): number {
  let best = -1;
  let score = 0.6;
  items.forEach((it, k) => {
    if (k < from || used.has(k)) return;
    const s = Math.min(overlap(text, it.text), overlap(it.text, text) + 0.25);
    if (s > score) [best, score] = [k, s];
  });
  return best;
}

/**
 * The number a group with none must have from its numbered neighbours: the one missing
 * between them ("LAC2", ?, "LAC4" -> "LAC3"), or the one before the first ("S2" -> "S1").
 */
function gapRef(prev: RecState | undefined, next: RecState | undefined, taken: Set<string>): string | null {
  const p = prev?.ref ? refParts(prev.ref) : null;
  const n = next?.ref ? refParts(next.ref) : null;
  let ref: string | null = null;
  if (p && n && p.prefix === n.prefix && n.n - p.n === 2) ref = `${p.prefix}${p.n + 1}`;
  else if (n && n.n > 1 && (!p || p.prefix !== n.prefix)) ref = `${n.prefix}${n.n - 1}`;
  return ref && !taken.has(ref) ? ref : null;
}

/**
 * Give recommendations with no number (their cell empty, garbled or truncated) theirs:
 * the number their neighbours leave for them, confirmed by the plan's own list (an item
 * matching what text is left, or the item at that place in the list), whose text then
 * replaces a lost or truncated one. Warns for each one it fills.
 */
export function fillFromList(recs: RecState[], items: ListItem[], warn: (code: string, message: string, loc: Loc) => void): void {
  if (items.length === 0) return;
  // Anchors: numbered recommendations whose text is one of the items, in the list's order.
  const anchor = new Map<RecState, number>();
  const used = new Set<number>();
  let from = 0;
  for (const r of recs) {
    if (!r.ref || !r.text.length || anchor.has(r)) continue;
    let k = bestItem(r.text.join(' '), items, used, from);
    if (k < 0) k = bestItem(r.text.join(' '), items, used);
    if (k < 0) continue;
    anchor.set(r, k);
    used.add(k);
    from = k + 1;
  }
  const taken = new Set(recs.flatMap((r) => (r.ref ? [r.ref] : [])));
  recs.forEach((r, i) => {
    if (r.ref || r.actions.length === 0) return;
    const prev = [...recs.slice(0, i)].reverse().find((x) => x.ref);
    const next = recs.slice(i + 1).find((x) => x.ref);
    const ref = gapRef(prev, next, taken);
    if (!ref) return;
    const text = r.text.join(' ');
    let pick = text ? bestItem(text, items, used) : -1;
    if (pick < 0 && !text) {
      // No text left: the item at the group's place, between its neighbours' items.
      const at = next && anchor.has(next) ? anchor.get(next)! - 1 : prev && anchor.has(prev) ? anchor.get(prev)! + 1 : -1;
      if (at >= 0 && at < items.length && !used.has(at)) pick = at;
    }
    if (pick < 0) return;
    used.add(pick);
    taken.add(ref);
    r.ref = ref;
    const item = items[pick]!.text;
    const kept = text ? `"${text.slice(0, 50)}"` : 'none';
    if (!text || overlap(text, item) >= overlap(item, text)) r.text = [item];
    warn('plan_recommendation_from_list', `a group of ${r.actions.length} action(s) had no recommendation number (text in the table: ${kept}); its neighbours and the plan's own list of recommendations make it ${ref}`, r.loc);
  });
}
