/**
 * The lead abbreviations of a plan (split.ts LeadLexicon), read before its rows: its key
 * table ("Divisional Director Targeted Services | DD TS | ...": every short cell beside a long
 * one), and the lead cells of rows that hold one action (so a cell holding one lead group per
 * action can be split).
 */
import type { Block } from '../../layout/types.js';
import { normalizeSpace } from '../../util/text.js';
import { mapHeader } from './columns.js';
import { LeadLexicon, actionSegments } from './split.js';
import { cellsOf, type PlanTable } from './tables.js';

/** "|" in a paragraph that make it a key table flattened to text by a conversion. */
const FLAT_KEY_MIN_BARS = 8;
/** Longest abbreviation in a key ("DD TS", "HoS CiN"): longer is a name or a title. */
const KEY_ABBREVIATION_MAX = 20;
/** Rows a key table has at least (fewer is a table of another kind). */
const KEY_MIN_ROWS = 3;
/** Share of a key table's rows whose every second cell is an abbreviation. */
const KEY_SHORT_SHARE = 0.8;

export function buildLexicon(blocks: Block[], tables: Map<Block, PlanTable>): LeadLexicon {
  const lex = new LeadLexicon();
  const add = (part: string): void => {
    for (const p of part.split('/')) {
      const u = normalizeSpace(p);
      if (!u) continue;
      const known = lex.tokens(u);
      if (!known || !known.length) lex.add(u);
    }
  };
  for (const b of blocks) {
    if (b.type !== 'table') {
      // The key flattened to text by a conversion: "| • Divisional Director Targeted Services | DD TS | • ..."
      if ((b.text.match(/\|/g) ?? []).length >= FLAT_KEY_MIN_BARS && /\|\s*•/.test(b.text)) {
        const cells = b.text.split('|').map((c) => normalizeSpace(c));
        cells.forEach((c, k) => {
          const next = cells[k + 1];
          if (c.startsWith('•') && next && next.length <= KEY_ABBREVIATION_MAX && !next.startsWith('•')) lex.add(next);
        });
      }
      continue;
    }
    const rows = b.rows.map((r) => r.cells.map((c) => normalizeSpace(c.text)));
    const isKey =
      rows.length >= KEY_MIN_ROWS &&
      rows.every((r) => r.length === 2 || r.length === 4) &&
      rows.filter((r) => r.every((c, k) => (k % 2 === 1 ? c.length <= KEY_ABBREVIATION_MAX : true))).length >= rows.length * KEY_SHORT_SHARE &&
      rows.some((r) => /^[A-Z]{2,}/.test(r[1] ?? ''));
    if (isKey) for (const r of rows) for (let k = 1; k < r.length; k += 2) if (r[k]) lex.add(r[k]!.replace(/^[•\s]+/, ''));
  }
  for (const t of tables.values()) {
    const map = t.map;
    if (!map || map.id !== null) continue;
    for (const row of t.grid) {
      const lead = map.leads.map((i) => row.slots[i]).filter((s) => s && s.text);
      for (const s of lead) if (s!.paragraphs.length > 1) for (const p of s!.paragraphs) add(p);
      const desc = map.description !== null ? (row.slots[map.description]?.paragraphs ?? []) : [];
      const segs = actionSegments(desc).filter((s) => s.kind === 'action' && s.num);
      const text = normalizeSpace(lead.map((s) => s!.text).join(' / '));
      if (segs.length <= 1 && text && !mapHeader(cellsOf(row))) for (const part of text.split('/')) add(part);
    }
  }
  return lex;
}
