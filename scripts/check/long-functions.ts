/**
 * Functions in src/ longer than the house limit (80 lines) that carry no comment saying why they
 * are one step. A function (declaration, method, arrow or function expression; nested ones count
 * on their own) passes when the comment just before it (or before the `const` it is assigned to,
 * or the property it is the value of) contains the words "one step".
 *
 *   npx tsx scripts/check/long-functions.ts        # prints "lines<TAB>file:line<TAB>name" per offender
 *
 * tests/architecture.test.ts runs the same check.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export const LONG_FUNCTION_LINES = 80;

export interface LongFunction { file: string; line: number; name: string; lines: number; why: boolean }

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function commentBefore(text: string, node: ts.Node): string {
  return (ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []).map((r) => text.slice(r.pos, r.end)).join('\n');
}

/** Every function over the limit in the .ts files below `srcDir`, with whether a comment says why. */
export function longFunctions(srcDir: string, limit = LONG_FUNCTION_LINES): LongFunction[] {
  const out: LongFunction[] = [];
  for (const file of walk(srcDir)) {
    const text = readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (n: ts.Node): void => {
      if (ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isArrowFunction(n) || ts.isFunctionExpression(n)) {
        const start = sf.getLineAndCharacterOfPosition(n.getStart()).line;
        const lines = sf.getLineAndCharacterOfPosition(n.getEnd()).line - start + 1;
        if (lines > limit) {
          const holders: ts.Node[] = [n];
          let p: ts.Node = n.parent;
          // The comment may stand before the statement that holds the function: `const f = () => …`,
          // `export const f = …`, `{ key: () => … }`, `app.get('/x', (c) => …)`.
          while (p && !ts.isSourceFile(p) && !ts.isBlock(p)) { holders.push(p); p = p.parent; }
          const comments = holders.map((h) => commentBefore(text, h)).join('\n');
          const name = (n as ts.FunctionDeclaration).name?.getText(sf)
            ?? (ts.isVariableDeclaration(n.parent) || ts.isPropertyAssignment(n.parent) ? n.parent.name.getText(sf) : '<anonymous>');
          out.push({ file: relative(join(srcDir, '..'), file), line: start + 1, name, lines, why: /one step/i.test(comments) });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(sf);
  }
  return out.sort((a, b) => b.lines - a.lines);
}

if (process.argv[1] && /long-functions\.ts$/.test(process.argv[1])) {
  const all = longFunctions(join(process.cwd(), 'src'));
  for (const f of all) console.log(`${f.lines}\t${f.file}:${f.line}\t${f.name}${f.why ? '\t(comment says why)' : ''}`);
  const bad = all.filter((f) => !f.why);
  console.error(`${bad.length} function(s) over ${LONG_FUNCTION_LINES} lines without a comment saying why they are one step`);
  process.exitCode = bad.length ? 1 : 0;
}
