/**
 * Header row -> column roles, by meaning rather than wording. Plans word their columns
 * in many ways ("Timescale (By When)", "By when/Accountable to", "Lead Officer/ Executive
 * Head", "Progress to date and evidence of improvement") and conversions garble them
 * ("A | ction Description", "Actio | In Description", "Action Description | (empty)").
 */
export type Role = 'id' | 'description' | 'recommendation' | 'lead' | 'due' | 'outcome' | 'progress' | 'rag';

export interface ColumnMap {
  id: number | null;
  description: number | null;
  recommendation: number | null;
  /** Every lead column, in order (strategic lead, operational lead, ...). */
  leads: number[];
  due: number | null;
  outcome: number | null;
  progress: number | null;
  rag: number | null;
  /** Role of each header cell as read (null: not recognised). */
  roles: (Role | null)[];
}

const key = (s: string): string =>
  s
    .toLowerCase()
    .replace(/<[^>]+>/g, ' ')
    .replace(/[^a-z0-9/#&]+/g, ' ')
    .trim();

/** What one header cell names; null when it names nothing we know. */
export function headerRole(cell: string): Role | null {
  const k = key(cell);
  if (!k) return null;
  if (/^(rag|r a g|r\/a\/g|status|rag status|rating|red amber green)\b/.test(k)) return 'rag';
  if (/^(action )?(no|number|ref|reference|id|#)$/.test(k) || /^action (no|number|ref|id)\b/.test(k)) return 'id';
  if (/^(recommendations?|area for (improvement|development)|areas? of (improvement|development)|issue|priority|finding)\b/.test(k)) return 'recommendation';
  // A fragment of "Action" split off by the conversion ("A", "Act", "Actio").
  if (k.length <= 5 && 'action'.startsWith(k) && k.length >= 1) return 'id';
  if (/^(actions?|description|tasks?|what (we|will|needs))\b/.test(k) || /\bdescription\b/.test(k)) return 'description';
  if (/\b(progress|update|evidence)\b/.test(k)) return 'progress';
  if (/\b(outcomes?|performance|success (measures?|criteria)|impact|measures? of success|kpi)\b/.test(k)) return 'outcome';
  if (/\b(by when|timescales?|due|deadline|target date|completion date|date|when)\b/.test(k)) return 'due';
  if (/\b(lead|leads|officer|responsib\w*|owner|executive head|accountable|who)\b/.test(k)) return 'lead';
  return null;
}

/** A header row: several cells naming plan columns, at least one of them the action/description. */
export function mapHeader(cells: string[]): ColumnMap | null {
  const roles = cells.map((c) => (c.length <= 120 ? headerRole(c) : null));
  const named = roles.filter((r) => r !== null && r !== 'id').length;
  if (named < 3) return null;
  const map: ColumnMap = { id: null, description: null, recommendation: null, leads: [], due: null, outcome: null, progress: null, rag: null, roles };
  roles.forEach((r, i) => {
    if (r === null) return;
    if (r === 'lead') map.leads.push(i);
    else if (map[r] === null) map[r] = i;
  });
  if (map.description === null) return null;
  // "Action | Description": the bare "Action" column before a description column is the number.
  if (map.id === null && map.description !== null) {
    const d = map.description;
    const next = roles[d + 1] === undefined ? null : cells[d + 1];
    if (/^actions?$/i.test(cells[d]!.trim()) && roles[d + 1] === 'description') {
      map.id = d;
      map.description = d + 1;
    } else if (next !== null && next !== undefined && !next.trim() && d + 1 < cells.length && roles[d + 1] === null) {
      // "Action Description | (empty)": the number and the description, header cells run together.
      map.id = d;
      map.description = d + 1;
      map.roles[d] = 'id';
      map.roles[d + 1] = 'description';
    }
  }
  return map;
}

/** Does a header row repeat the given map (same roles in the same places)? */
export function sameHeader(a: ColumnMap, b: ColumnMap): boolean {
  return a.description === b.description && a.due === b.due && a.progress === b.progress && a.leads.join() === b.leads.join();
}

/**
 * Corrections from the data: an unnamed column holding RAG letters is the RAG column
 * (Brent's last column has no header); a column of action numbers is the id column.
 */
export function refineWithData(map: ColumnMap, rows: string[][]): ColumnMap {
  const width = Math.max(map.roles.length, ...rows.map((r) => r.length));
  const taken = new Set<number>([map.id, map.description, map.recommendation, map.due, map.outcome, map.progress, map.rag, ...map.leads].filter((x): x is number => x !== null));
  for (let c = 0; c < width; c++) {
    if (taken.has(c)) continue;
    const values = rows.map((r) => (r[c] ?? '').trim()).filter(Boolean);
    if (values.length === 0) continue;
    const ragLike = values.filter((v) => /^[RAGBΑ]$|^(red|amber|green|blue)$/i.test(v)).length;
    if (map.rag === null && ragLike >= Math.max(1, values.length * 0.6)) {
      map.rag = c;
      map.roles[c] = 'rag';
    }
  }
  return map;
}
