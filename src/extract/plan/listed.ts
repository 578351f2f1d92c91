/**
 * Lists inside a cell: an action whose cell lists items of its own ("... through the
 * following actions: a. ... b. ...") that the plan tracks one by one (its progress has an
 * entry per letter) is one action per item, each with the parent's lead and due, the
 * progress entry of its letter and the RAG of that entry's row. A list whose progress is not
 * split by item stays one action (null).
 */
import { letteredEntries, subItems } from './split.js';
import type { Draft } from './draft.js';

export function listedActions(d: Draft): { parts: Draft[]; intro: string } | null {
  const sub = subItems(d.text, d.num);
  const entries = sub ? letteredEntries(d.progress) : null;
  if (!sub || !entries) return null;
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
  return { parts, intro: sub.intro };
}
