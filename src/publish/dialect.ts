/**
 * The SQLite views of src/query/views.ts, rewritten for PostgreSQL, so the views on the server come
 * from the same SQL as those in the file (tests/publish.test.ts checks they give the same rows).
 * Not a general translator: it knows the SQLite idioms those views use, and a new one that
 * PostgreSQL rejects or reads differently shows up as a failing publish test.
 *
 * - date('now')               -> the UTC date, as SQLite gives it
 * - sum(<condition>)          -> count(*) FILTER (WHERE <condition>) (PostgreSQL has no sum of booleans)
 * - ifnull(a, b)              -> coalesce(a, b)
 * - LIKE                      -> ILIKE (SQLite's LIKE ignores ASCII case)
 * - ORDER BY x [ASC|DESC]     -> NULLS FIRST / NULLS LAST, SQLite's placement of nulls
 * - FROM (subquery)           -> FROM (subquery) AS _sub (PostgreSQL 15 wants an alias)
 * Table names stay unqualified: the views are created with the schema as search_path.
 */

type Tok = { kind: 'word' | 'str' | 'ident' | 'punct' | 'space' | 'other'; text: string };

function tokenize(sql: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out.push({ kind: c === "'" ? 'str' : 'ident', text: sql.slice(i, j + 1) });
      i = j + 1;
    } else if (/\s/.test(c)) {
      let j = i;
      while (j < sql.length && /\s/.test(sql[j]!)) j++;
      out.push({ kind: 'space', text: sql.slice(i, j) });
      i = j;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      out.push({ kind: 'word', text: sql.slice(i, j) });
      i = j;
    } else if (c === '(' || c === ')' || c === ',') {
      out.push({ kind: 'punct', text: c });
      i++;
    } else {
      out.push({ kind: 'other', text: c });
      i++;
    }
  }
  return out;
}

const isWord = (t: Tok | undefined, w: string) => t?.kind === 'word' && t.text.toUpperCase() === w;

/** Index of the next non-space token at or after i. */
function next(toks: Tok[], i: number): number {
  while (i < toks.length && toks[i]!.kind === 'space') i++;
  return i;
}

/** The index of the ')' closing the '(' at `open`. */
function closing(toks: Tok[], open: number): number {
  let depth = 0;
  for (let i = open; i < toks.length; i++) {
    if (toks[i]!.text === '(' && toks[i]!.kind === 'punct') depth++;
    else if (toks[i]!.text === ')' && toks[i]!.kind === 'punct') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new Error('unbalanced parentheses in view SQL');
}

const CONDITION = new Set(['=', '<', '>', '!']);
const CONDITION_WORDS = new Set(['IN', 'IS', 'LIKE', 'ILIKE', 'BETWEEN', 'EXISTS', 'AND', 'OR', 'NOT', 'GLOB']);

/** Does this token run (at depth 0) read as a condition? */
function isCondition(toks: Tok[]): boolean {
  let depth = 0;
  for (const t of toks) {
    if (t.kind === 'punct' && t.text === '(') depth++;
    else if (t.kind === 'punct' && t.text === ')') depth--;
    else if (depth === 0 && ((t.kind === 'other' && CONDITION.has(t.text)) || (t.kind === 'word' && CONDITION_WORDS.has(t.text.toUpperCase())))) return true;
  }
  return false;
}

const render = (toks: Tok[]) => toks.map((t) => t.text).join('');

function rewrite(toks: Tok[]): string {
  let out = '';
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    const n = next(toks, i + 1);
    const call = t.kind === 'word' && toks[n]?.text === '(' && toks[n]?.kind === 'punct';
    if (call && t.text.toLowerCase() === 'date') {
      const close = closing(toks, n);
      const args = render(toks.slice(n + 1, close)).trim();
      if (args.toLowerCase() === "'now'") {
        out += `((now() AT TIME ZONE 'UTC')::date)`;
        i = close;
        continue;
      }
    }
    if (call && t.text.toLowerCase() === 'sum') {
      const close = closing(toks, n);
      const inner = toks.slice(n + 1, close);
      if (isCondition(inner)) {
        out += `(count(*) FILTER (WHERE ${rewrite(inner)}))`;
        i = close;
        continue;
      }
    }
    if (call && t.text.toLowerCase() === 'ifnull') {
      out += 'coalesce';
      continue;
    }
    if (isWord(t, 'LIKE')) {
      out += 'ILIKE';
      continue;
    }
    const first = toks[next(toks, n + 1)];
    if (isWord(t, 'FROM') && toks[n]?.text === '(' && toks[n]?.kind === 'punct' && (isWord(first, 'SELECT') || isWord(first, 'WITH'))) {
      const close = closing(toks, n);
      out += t.text + render(toks.slice(i + 1, n)) + '(' + rewrite(toks.slice(n + 1, close)) + ')';
      const after = toks[next(toks, close + 1)];
      const aliased = after && ((after.kind === 'word' && !/^(WHERE|ORDER|GROUP|LIMIT|JOIN|LEFT|INNER|UNION|HAVING|WINDOW)$/i.test(after.text)) || after.kind === 'ident');
      if (!aliased) out += ' AS _sub';
      i = close;
      continue;
    }
    if (isWord(t, 'ORDER') && isWord(toks[n], 'BY')) {
      // The list runs to the ')' that closes its group, LIMIT, or the end.
      let end = n + 1;
      let depth = 0;
      for (; end < toks.length; end++) {
        const x = toks[end]!;
        if (x.kind === 'punct' && x.text === '(') depth++;
        else if (x.kind === 'punct' && x.text === ')') {
          if (depth === 0) break;
          depth--;
        } else if (depth === 0 && (isWord(x, 'LIMIT') || isWord(x, 'OFFSET'))) break;
      }
      const items: Tok[][] = [[]];
      depth = 0;
      for (const x of toks.slice(n + 1, end)) {
        if (x.kind === 'punct' && x.text === '(') depth++;
        if (x.kind === 'punct' && x.text === ')') depth--;
        if (depth === 0 && x.kind === 'punct' && x.text === ',') items.push([]);
        else items[items.length - 1]!.push(x);
      }
      const list = items.map((item) => {
        const words = item.filter((x) => x.kind !== 'space');
        const last = words[words.length - 1];
        const text = rewrite(item).trim();
        if (words.some((x) => isWord(x, 'NULLS'))) return text;
        return `${text} ${isWord(last, 'DESC') ? 'NULLS LAST' : 'NULLS FIRST'}`;
      });
      const trailing = toks[end - 1]?.kind === 'space' ? toks[end - 1]!.text : '';
      out += `ORDER BY ${list.join(', ')}${trailing || (toks[end]?.kind === 'word' ? ' ' : '')}`;
      i = end - 1;
      continue;
    }
    out += t.text;
  }
  return out;
}

/** A SQLite `CREATE VIEW name AS <select>` (or the bare select) as a PostgreSQL select. */
export function viewToPostgres(sql: string): string {
  const body = sql.replace(/^\s*CREATE\s+VIEW\s+\S+\s+AS\s+/i, '');
  return rewrite(tokenize(body));
}
