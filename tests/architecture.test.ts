/**
 * The shape of src/, read from the code: the import graph of every module (TypeScript's own
 * pre-processor and parser, so no module is run).
 * - the layers, in order (LAYERS below): every import of src/ goes down the table, or sideways
 *   within one layer; a failure names the importing file:line;
 * - no import cycle anywhere in src/;
 * - the library never imports the CLI (src/cli/ is imported only from src/cli/ and src/cli.ts);
 * - SQL is written only in the storage layers (src/db/, src/store/), the query layer (src/query/)
 *   and the PostgreSQL adapter (src/publish/);
 * - no test blocks its worker on a child process (no spawnSync/execSync/execFileSync in tests/);
 * - no error is ignored silently: an empty catch block, or a `.catch()` handler that drops the
 *   error (`() => {}`, `() => undefined`, `() => []`), carries a comment saying why (src/ and tests/);
 * - no function in src/ over 80 lines without a comment saying why it is one step
 *   (scripts/check/long-functions.ts).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers';
import { longFunctions } from '../scripts/check/long-functions';

const SRC = join(ROOT, 'src');
const TESTS = join(ROOT, 'tests');

/**
 * The layers of src/, bottom first (docs/architecture.md explains each). A unit is a folder of
 * src/ or a file at its top; src/db/types.ts (the connection's type and the row types linking
 * reads, no code) is a unit of its own at the bottom. A module may import its own layer (sideways)
 * and the layers its row lists under `may`, nothing else: an import that is not in this table
 * fails with its file:line.
 */
const LAYERS: Array<{ layer: string; units: string[]; may: string[] }> = [
  // The document model, the shipped reference data it refers to (register, themes, frameworks), the reader's block model.
  { layer: 'base', units: ['model', 'layout', 'db/types.ts'], may: [] },
  { layer: 'util', units: ['util'], may: ['base'] },
  // Rules over the model that both sides use: the register of authorities (names, codes), the validator.
  { layer: 'domain', units: ['register', 'validate'], may: ['base', 'util'] },
  // File to document: readers, extractors, and the one-file entry (input.ts: limits and bytes; ingest.ts: read + extract).
  { layer: 'read', units: ['readers', 'extract', 'input.ts', 'ingest.ts'], may: ['base', 'util', 'domain'] },
  // Storage only: connection, schema, migrations, the statements; imports nothing above the model and util.
  { layer: 'db', units: ['db'], may: ['base', 'util'] },
  // Matching recommendations, plans and their versions: pure functions over rows.
  { layer: 'link', units: ['link'], may: ['base', 'util'] },
  // The storage layer: opening a database to work with, loading, linking, re-deriving (it applies the
  // extractor's action-state rule to stored rows, so it may read src/extract/).
  { layer: 'store', units: ['store'], may: ['base', 'util', 'domain', 'read', 'db', 'link'] },
  // The read model: every read of the database, never the extractor.
  { layer: 'query', units: ['query'], may: ['base', 'util', 'domain', 'db', 'link', 'store'] },
  // Batch import: files through workers into the store, and its summary from the query layer.
  { layer: 'pipeline', units: ['pipeline'], may: ['base', 'util', 'domain', 'read', 'store', 'query'] },
  // Front ends: they reach the database through store (opening, writing) and query (reading), never src/db.
  { layer: 'front', units: ['web', 'export', 'publish', 'draft', 'fetch', 'regress.ts'], may: ['base', 'util', 'domain', 'read', 'link', 'store', 'query', 'pipeline'] },
  // Entry points: the CLI, and the library's public surface (index.ts re-exports from every layer).
  { layer: 'entry', units: ['cli', 'cli.ts', 'index.ts'], may: ['base', 'util', 'domain', 'read', 'db', 'link', 'store', 'query', 'pipeline', 'front'] },
];

/**
 * Cycles that exist today and are being removed elsewhere, each as its modules (paths under src/,
 * any order). A cycle listed here is tolerated; a listed cycle that no longer exists fails the test,
 * so the list only shrinks. Empty it when the work lands.
 */
const KNOWN_CYCLES: string[][] = [];

/**
 * Where SQL may be written (paths under src/): the storage layers (src/db/: connection, schema,
 * migrations, the statements; src/store/: the storage layer that runs them), the read model
 * (src/query/), and the PostgreSQL adapter (src/publish/: the SQL of its own target, and the
 * SQLite rows of the tables it copies). SQL is detected two ways, each outside these homes: a
 * string or template literal that reads as a statement (SQL, below), and a call that runs SQL on
 * a connection: `.prepare(`, `.pragma(`, or `.exec(` given a string or template literal that starts
 * with an SQL keyword (SQL_START; a RegExp's `.exec(` is given the text it searches).
 */
const SQL_HOMES = ['db/', 'store/', 'query/', 'publish/'];
/** The start of a statement given to `.exec(` (a RegExp's exec may be given a literal too: `re.exec(\`${x}:\`)`). */
const SQL_START = /^\s*(SELECT|INSERT|UPDATE|DELETE|REPLACE|WITH|CREATE|DROP|ALTER|PRAGMA|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE|VACUUM|ANALYZE|ATTACH|DETACH|REINDEX)\b/i;
/** A string that reads as an SQL statement. */
const SQL = /\b(SELECT|INSERT|UPDATE|DELETE)\b[\s\S]*\b(FROM|INTO|SET)\b|\b(CREATE|DROP|ALTER)\s+(TABLE|VIEW|INDEX|TRIGGER|VIRTUAL)\b/;

const parse = (file: string) => ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
const lineOf = (source: ts.SourceFile, n: ts.Node) => source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1;
/** Every node of a file, depth first. */
function nodesOf(source: ts.SourceFile): ts.Node[] {
  const out: ts.Node[] = [];
  const walk = (n: ts.Node): void => {
    out.push(n);
    ts.forEachChild(n, walk);
  };
  walk(source);
  return out;
}
/** The name a call is made by: `f(...)` gives f, `a.b.f(...)` gives f. */
const calleeName = (c: ts.CallExpression): string | undefined =>
  ts.isIdentifier(c.expression) ? c.expression.text : ts.isPropertyAccessExpression(c.expression) ? c.expression.name.text : undefined;
const isText = (n: ts.Node | undefined) => n !== undefined && (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateExpression(n));

/** The calls of a file that run SQL on a connection, as `file:line: call`. */
function sqlCalls(file: string): string[] {
  const source = parse(file);
  return nodesOf(source)
    .filter(ts.isCallExpression)
    .filter((c) => {
      const name = ts.isPropertyAccessExpression(c.expression) ? c.expression.name.text : undefined;
      return name === 'prepare' || name === 'pragma' || (name === 'exec' && isText(c.arguments[0]) && SQL_START.test(c.arguments[0]!.getText(source).slice(1)));
    })
    .map((c) => `${relative(ROOT, file)}:${lineOf(source, c)}: ${c.getText(source).replace(/\s+/g, ' ').slice(0, 80)}`);
}

/** Calls that block the calling thread until a child process ends. */
const BLOCKING = new Set(['spawnSync', 'execSync', 'execFileSync']);
function blockingCalls(file: string): string[] {
  const source = parse(file);
  return nodesOf(source)
    .filter((n): n is ts.CallExpression => ts.isCallExpression(n) && BLOCKING.has(calleeName(n) ?? ''))
    .map((c) => `${relative(ROOT, file)}:${lineOf(source, c)}: ${c.getText(source).slice(0, 80)}`);
}

/** True when the text from `from` to `to` (positions), or the line before it, holds a comment. */
function commented(source: ts.SourceFile, from: number, to: number): boolean {
  const text = source.getFullText();
  const lineStart = text.lastIndexOf('\n', text.lastIndexOf('\n', from - 1) - 1) + 1;
  return /\/\/|\/\*/.test(text.slice(lineStart, to));
}

/**
 * Errors dropped without a word, as `file:line: what`: an empty catch block with no comment in it
 * (or on the line before), and a `.catch(handler)` whose handler never looks at the error and does
 * nothing (`() => {}`, or returns a plain value: `() => undefined`, `() => []`) with no comment from
 * the line before its statement to the call.
 */
function ignoredErrors(file: string): string[] {
  const source = parse(file);
  const out: string[] = [];
  const at = (n: ts.Node, what: string) => out.push(`${relative(ROOT, file)}:${lineOf(source, n)}: ${what}`);
  const doesNothing = (f: ts.Expression | undefined): boolean => {
    if (!f || !(ts.isArrowFunction(f) || ts.isFunctionExpression(f)) || f.parameters.length > 0) return false;
    const b = f.body;
    if (ts.isBlock(b)) return b.statements.length === 0;
    return (
      ts.isLiteralExpression(b) ||
      (ts.isIdentifier(b) && b.text === 'undefined') ||
      b.kind === ts.SyntaxKind.NullKeyword ||
      b.kind === ts.SyntaxKind.TrueKeyword ||
      b.kind === ts.SyntaxKind.FalseKeyword ||
      (ts.isArrayLiteralExpression(b) && b.elements.length === 0) ||
      (ts.isParenthesizedExpression(b) && ts.isObjectLiteralExpression(b.expression) && b.expression.properties.length === 0)
    );
  };
  for (const n of nodesOf(source)) {
    if (ts.isCatchClause(n) && n.block.statements.length === 0 && !commented(source, n.getStart(source), n.block.getEnd())) {
      at(n, 'empty catch block with no comment saying why');
    }
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && n.expression.name.text === 'catch' && doesNothing(n.arguments[0])) {
      let statement: ts.Node = n;
      while (statement.parent && !ts.isSourceFile(statement.parent) && !ts.isBlock(statement.parent)) statement = statement.parent;
      if (!commented(source, statement.getStart(source), n.getEnd())) at(n, `${n.arguments[0]!.getText(source)} drops an error with no comment saying why`);
    }
  }
  return out;
}

/** Test files and their helpers (.ts, .cjs, .mjs). */
const testFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' ? [] : testFiles(p);
    return /\.(ts|cjs|mjs)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
const TEST_FILES = testFiles(TESTS).sort();

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

/** The unit of a module (path under src/): its top folder, or the file at the top; db/types.ts is its own. */
const unitOf = (m: string): string => (m === 'db/types.ts' ? m : m.split('/')[0]!);
const LAYER_OF = new Map(LAYERS.flatMap((l) => l.units.map((u) => [u, l.layer] as const)));
const MAY = new Map(LAYERS.map((l) => [l.layer, new Set([l.layer, ...l.may])]));

/** Each src/ import of a file with its line (static, dynamic and re-exports). */
function importLines(file: string): Array<{ to: string; line: number }> {
  const text = readFileSync(file, 'utf8');
  const lineAt = (pos: number) => text.slice(0, pos).split('\n').length;
  return ts.preProcessFile(text, true, true).importedFiles.flatMap(({ fileName, pos }) => {
    if (!fileName.startsWith('.')) return [];
    const abs = resolve(dirname(file), fileName);
    const hit = [abs.replace(/\.js$/, '.ts'), `${abs}.ts`, join(abs, 'index.ts')].find((c) => FILES.includes(c));
    return hit ? [{ to: rel(hit), line: lineAt(pos) }] : [];
  });
}

/** The imports that break the layer table, as `file:line: a -> b (layer x may not import layer y)`. */
function layerOffences(files: string[]): string[] {
  return files.flatMap((f) => {
    const from = LAYER_OF.get(unitOf(rel(f)))!;
    return importLines(f).flatMap(({ to, line }) => {
      const layer = LAYER_OF.get(unitOf(to))!;
      return MAY.get(from)!.has(layer) ? [] : [`src/${rel(f)}:${line}: imports ${to} (layer ${from} may not import layer ${layer})`];
    });
  });
}

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

  it('every module belongs to a layer of the table', () => {
    const unplaced = [...new Set([...GRAPH.keys()].map(unitOf))].filter((u) => !LAYER_OF.has(u));
    expect(unplaced, 'units of src/ missing from LAYERS').toEqual([]);
  });

  it('imports only go down the layers, or sideways within one (the table LAYERS)', () => {
    expect(layerOffences(FILES)).toEqual([]);
  });

  it('src/db creates the views the query layer defines (src/db/view-definitions.ts is current: npm run views)', async () => {
    const { viewDefinitions } = await import('../src/query/views');
    const { VIEW_DEFINITIONS } = await import('../src/db/view-definitions');
    expect(VIEW_DEFINITIONS).toEqual(viewDefinitions());
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

  it('writes SQL only in src/db/, src/store/, src/query/ and src/publish/', () => {
    const outside = FILES.filter((f) => !SQL_HOMES.some((h) => rel(f).startsWith(h)));
    const offenders = outside.filter((f) => SQL.test(readFileSync(f, 'utf8'))).flatMap((f) =>
      stringsOf(f)
        .filter((s) => SQL.test(s.text))
        .map((s) => `${rel(f)}:${s.line}: ${s.text.replace(/\s+/g, ' ').slice(0, 80)}`),
    );
    expect(offenders, 'SQL text').toEqual([]);
    expect(outside.flatMap(sqlCalls), 'calls that run SQL').toEqual([]);
  });

  it('no test blocks its worker on a child process (no spawnSync, execSync, execFileSync in tests/)', () => {
    expect(TEST_FILES.length).toBeGreaterThan(20);
    expect(TEST_FILES.flatMap(blockingCalls)).toEqual([]);
  });

  it('ignores no error silently (src/ and tests/)', () => {
    expect([...FILES, ...TEST_FILES].flatMap(ignoredErrors)).toEqual([]);
  });

  it('has no function over 80 lines without a comment saying why it is one step (scripts/check/long-functions.ts)', () => {
    const offenders = longFunctions(SRC).filter((f) => !f.why).map((f) => `${f.file}:${f.line}: ${f.name} (${f.lines} lines)`);
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
    // Each check finds a planted offence in a file written for the purpose.
    const dir = mkdtempSync(join(tmpdir(), 'arch-'));
    try {
      const f = join(dir, 'x.ts');
      // The blocking call is spelled in two halves here, so that a text search of tests/ for blocking calls does not find this file.
      const blocking = ['exec', 'Sync'].join('');
      writeFileSync(
        f,
        [
          `import { ${blocking} } from 'node:child_process';`,
          `${blocking}("true");`,
          "db.prepare('x');",
          "db.exec(`DROP VIEW ${name}`);",
          '/x/.exec(`${text}:`);',
          'try { f(); } catch {}',
          'try { f(); } catch { /* a file that may not exist */ }',
          'f();',
          'p.catch(() => undefined);',
          '// the handle may be closed already',
          'p.catch(() => {});',
          'p.catch((e) => log(e));',
          '',
        ].join('\n'),
      );
      const short = relative(ROOT, f);
      expect(blockingCalls(f)).toEqual([`${short}:2: ${blocking}("true")`]);
      expect(sqlCalls(f).map((x) => x.split(': ')[0])).toEqual([`${short}:3`, `${short}:4`]);
      expect(ignoredErrors(f).map((x) => x.split(': ')[0])).toEqual([`${short}:6`, `${short}:9`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // A long function is found, and one whose comment says why it is one step passes.
    const long = mkdtempSync(join(tmpdir(), 'arch-long-'));
    try {
      const body = Array.from({ length: 85 }, (_, i) => `  x += ${i};`).join('\n');
      writeFileSync(join(long, 'a.ts'), `export function tooLong(x: number) {\n${body}\n  return x;\n}\n// One step: a table of cases.\nexport const listed = (x: number) => {\n${body}\n  return x;\n};\n`);
      expect(longFunctions(long).map((f) => [f.name, f.why])).toEqual([['tooLong', false], ['listed', true]]);
    } finally {
      rmSync(long, { recursive: true, force: true });
    }
    // The layer table: db importing the query layer is refused, with its file:line.
    expect(MAY.get('db')!.has('query')).toBe(false);
    expect(MAY.get('query')!.has('read')).toBe(false);
    expect(MAY.get('front')!.has('db')).toBe(false);
    expect(unitOf('db/types.ts')).toBe('db/types.ts');
    expect(LAYER_OF.get(unitOf('db/links.ts'))).toBe('db');
  });
});
