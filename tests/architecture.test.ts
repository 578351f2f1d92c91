/**
 * The shape of src/, read from the code: the import graph of every module (TypeScript's own
 * pre-processor, so no module is run) and the string literals that look like SQL.
 * - no import cycle anywhere in src/;
 * - the library never imports the CLI (src/cli/ is imported only from src/cli/ and src/cli.ts);
 * - SQL is written only in src/query/ (the read model), src/db/ (connection, schema, migrations
 *   and the statements the storage layer, src/store/, runs) and src/publish/ (PostgreSQL's).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';

const SRC = join(ROOT, 'src');

/**
 * Cycles that exist today and are being removed elsewhere, each as its modules (paths under src/,
 * any order). A cycle listed here is tolerated; a listed cycle that no longer exists fails the test,
 * so the list only shrinks. Empty it when the work lands.
 */
const KNOWN_CYCLES: string[][] = [];

/**
 * Where SQL may be written (paths under src/): the read model, and the database layer (connection,
 * schema, migrations, and the statements the storage layer in src/store/ runs, which writes none).
 * src/publish/ too: it writes the SQL of its own target, PostgreSQL (tables, views, upserts), and
 * selects the SQLite rows of the tables it copies.
 */
const SQL_HOMES = ['query/', 'db/', 'publish/'];
/** A string that reads as an SQL statement. */
const SQL = /\b(SELECT|INSERT|UPDATE|DELETE)\b[\s\S]*\b(FROM|INTO|SET)\b|\b(CREATE|DROP|ALTER)\s+(TABLE|VIEW|INDEX|TRIGGER|VIRTUAL)\b/;

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });

const FILES = sourceFiles(SRC).sort();
const rel = (abs: string) => relative(SRC, abs).split('\\').join('/');

/** The src/ modules a file imports (static, dynamic and re-exports); './x.js' is x.ts. */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  const out = new Set<string>();
  for (const { fileName } of info.importedFiles) {
    if (!fileName.startsWith('.')) continue;
    const abs = resolve(dirname(file), fileName);
    const candidates = [abs.replace(/\.js$/, '.ts'), `${abs}.ts`, join(abs, 'index.ts')];
    const hit = candidates.find((c) => FILES.includes(c));
    if (hit) out.add(rel(hit));
  }
  return [...out].sort();
}

const GRAPH = new Map(FILES.map((f) => [rel(f), importsOf(f)]));

/** Every strongly connected component of more than one module (or a module importing itself): Tarjan. */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}

/** One cycle through the component's modules, as a path a reader can follow (a -> b -> ... -> a). */
function pathThrough(scc: string[]): string {
  const members = new Set(scc);
  const start = scc[0]!;
  // Breadth-first from the start's successors back to the start, inside the component.
  const prev = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of GRAPH.get(v) ?? []) {
      if (!members.has(w) || prev.has(w)) continue;
      prev.set(w, v);
      if (w === start) queue.length = 0;
      else queue.push(w);
    }
  }
  const path: string[] = [];
  for (let v = prev.get(start)!; v !== start; v = prev.get(v)!) path.unshift(v);
  return [start, ...path, start].join(' -> ');
}

const key = (modules: string[]) => [...modules].sort().join(' | ');

/** String and template literals of a file (the template's fixed parts, joined). */
function stringsOf(file: string): Array<{ line: number; text: string }> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const out: Array<{ line: number; text: string }> = [];
  const at = (n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
  const walk = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n)) out.push({ line: at(n), text: n.text });
    else if (ts.isTemplateExpression(n)) {
      out.push({ line: at(n), text: [n.head.text, ...n.templateSpans.map((s) => s.literal.text)].join(' ? ') });
    }
    ts.forEachChild(n, walk);
  };
  walk(source);
  return out;
}

describe('the architecture of src/', () => {
  it('reads the import graph', () => {
    expect(GRAPH.size).toBeGreaterThan(50);
    // The resolution works: the CLI entry point imports modules, and the leaf DB type is imported.
    expect(GRAPH.get('cli.ts')!.length).toBeGreaterThan(3);
    expect([...GRAPH.values()].some((deps) => deps.includes('db/types.ts'))).toBe(true);
  });

  it('has no import cycle (except the known ones, listed above)', () => {
    const found = cycles(GRAPH);
    const known = new Set(KNOWN_CYCLES.map(key));
    const unexpected = found.filter((c) => !known.has(key(c))).map((c) => `${pathThrough(c)} (all of: ${c.join(', ')})`);
    expect(unexpected, 'import cycles in src/').toEqual([]);
    const gone = KNOWN_CYCLES.filter((c) => !found.some((f) => key(f) === key(c))).map(key);
    expect(gone, 'known cycles that no longer exist: remove them from KNOWN_CYCLES').toEqual([]);
  });

  it('the library never imports the CLI', () => {
    const isCli = (m: string) => m === 'cli.ts' || m.startsWith('cli/');
    const offenders = [...GRAPH].flatMap(([m, deps]) => (isCli(m) ? [] : deps.filter(isCli).map((d) => `${m} -> ${d}`)));
    expect(offenders).toEqual([]);
  });

  it('writes SQL only in src/query/, src/db/ and src/publish/', () => {
    const offenders = FILES.filter((f) => !SQL_HOMES.some((h) => rel(f).startsWith(h)) && SQL.test(readFileSync(f, 'utf8'))).flatMap((f) =>
      stringsOf(f)
        .filter((s) => SQL.test(s.text))
        .map((s) => `${rel(f)}:${s.line}: ${s.text.replace(/\s+/g, ' ').slice(0, 80)}`),
    );
    expect(offenders).toEqual([]);
  });

  it('finds what it looks for (the checks are not vacuous)', () => {
    const g = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
    expect(SQL.test('SELECT id FROM documents WHERE x = ?')).toBe(true);
    expect(SQL.test('DELETE FROM warnings')).toBe(true);
    expect(SQL.test('Select the file to update')).toBe(false);
    expect(stringsOf(join(SRC, 'db', 'migrations.ts')).some((s) => SQL.test(s.text))).toBe(true);
  });
});
