/**
 * The framework registry (src/model/framework-registry.ts) is the one place a framework is described
 * (issue 28, item 1): every list of frameworks in src/ is built from it, and adding a framework
 * touches the registry and its extractor, nothing else.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { FRAMEWORKS } from '../src/model/frameworks';
import { FRAMEWORK_CLASSES, FRAMEWORK_REGISTRY, FRAMEWORK_TITLES, frameworkOnDate, frameworksOfClass, gradedAreas } from '../src/model/framework-registry';
import { LETTER_FRAMEWORKS } from '../src/extract/letters';
import { expectedAreas } from '../src/validate/semantic';
import { forFramework } from '../src/extract/judgements';
import { frameworkName } from '../src/query/labels';
import { FULL_FRAMEWORKS, SEND_FRAMEWORKS, VISIT_FRAMEWORKS } from '../src/query/rules';
import { deadlineRules } from '../src/query/deadlines';
import { toV3 } from '../src/store/document-versions';
import type { Area } from '../src/model/document';
import { ROOT } from './helpers';

const SRC = join(ROOT, 'src');

/**
 * Files that may name a framework id in a string literal or as a property name: the registry and the
 * enum, and the extractors of particular frameworks (the area SEND reader, whose own title patterns
 * say which of its two frameworks a report is; the letter reader).
 */
// fetch/site.ts holds the reports site's facts: the kinds of publication its labels name, which are the
// --kinds values (a new kind of publication on the site is a site fact, whatever framework reads it).
// db/view-definitions.ts is generated (npm run views) from query/views.ts, whose lists come from the registry;
// the architecture test checks it is up to date.
const MAY_NAME_FRAMEWORKS = ['model/framework-registry.ts', 'model/frameworks.ts', 'extract/send.ts', 'extract/letters.ts', 'fetch/site.ts', 'db/view-definitions.ts'];

const sourceFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : [];
  });

/** Framework ids written in a file's code: string and template literals (whole, or quoted inside SQL), and property names. */
function frameworkIdsWritten(file: string): string[] {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const ids = new Set<string>(FRAMEWORKS);
  const found: string[] = [];
  const inText = (text: string, node: ts.Node) => {
    for (const id of FRAMEWORKS) {
      if (text === id || new RegExp(`['"]${id}['"]`).test(text)) found.push(`${id} (line ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1})`);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) inText(node.text, node);
    if ((ts.isPropertyAssignment(node) || ts.isPropertySignature(node)) && (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name)) && ids.has(node.name.text)) {
      found.push(`${node.name.text} (line ${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1})`);
    }
    node.forEachChild(visit);
  };
  visit(sf);
  return found;
}

describe('the framework registry', () => {
  it('has one entry for each framework of FRAMEWORKS, and nothing else', () => {
    expect(Object.keys(FRAMEWORK_REGISTRY).sort()).toEqual([...FRAMEWORKS].sort());
    for (const f of FRAMEWORKS) {
      const e = FRAMEWORK_REGISTRY[f];
      expect(FRAMEWORK_CLASSES, f).toContain(e.class);
      expect(e.name.length, f).toBeGreaterThan(0);
      expect(e.itemKinds.length, f).toBeGreaterThan(0);
      expect(e.areas.length, f).toBeGreaterThan(0);
    }
  });

  it('no file of src/ outside the registry (and the extractors of particular frameworks) names a framework id', () => {
    const offenders = sourceFiles(SRC)
      .map((f) => [relative(SRC, f).split('\\').join('/'), f] as const)
      .filter(([rel]) => !MAY_NAME_FRAMEWORKS.includes(rel))
      .map(([rel, f]) => [rel, frameworkIdsWritten(f)] as const)
      .filter(([, ids]) => ids.length > 0);
    expect(offenders).toEqual([]);
  });

  it('the check finds a framework id where one is written', () => {
    const probe = sourceFiles(SRC).find((f) => f.endsWith(join('model', 'framework-registry.ts')))!;
    expect(frameworkIdsWritten(probe).length).toBeGreaterThan(FRAMEWORKS.length);
  });

  it('every derived list is the registry read', () => {
    const byClass = (c: string) => FRAMEWORKS.filter((f) => FRAMEWORK_REGISTRY[f].class === c);
    expect(VISIT_FRAMEWORKS).toEqual(byClass('visit'));
    expect(SEND_FRAMEWORKS).toEqual(byClass('send'));
    expect(FULL_FRAMEWORKS).toEqual(byClass('full_inspection'));
    expect(frameworksOfClass('review')).toEqual(byClass('review'));
    expect(LETTER_FRAMEWORKS).toEqual(FRAMEWORKS.filter((f) => FRAMEWORK_REGISTRY[f].reader === 'letter'));
    for (const f of FRAMEWORKS) {
      expect(frameworkName(f), f).toBe(FRAMEWORK_REGISTRY[f].name);
      for (const start of [null, '2015-01-01', '2023-06-01', '2026-05-01']) expect(expectedAreas(f, start), `${f} ${start}`).toEqual(gradedAreas(f, start));
      // Item kinds: an upgraded item that does not say its kind gets the framework's first.
      const upgraded = toV3({ schemaVersion: '2', source: {}, document: { framework: f }, judgements: [], paragraphs: [], recommendations: [{ id: '1', text: 'x', paragraphRefs: [], loc: {} }], actions: [], warnings: [] });
      expect(upgraded.recommendations[0]!.kind, f).toBe(FRAMEWORK_REGISTRY[f].itemKinds[0]);
      // Own area names: the judgement reader's generic area becomes the framework's.
      for (const [generic, own] of Object.entries(FRAMEWORK_REGISTRY[f].ownAreas ?? {})) {
        const x = forFramework(f, { judgements: [{ area: generic as Area, label: 'x', grade: 'good', wording: null, loc: { page: 1, line: null, block: null } }], notJudged: [] });
        expect(x.judgements.map((j) => j.area), `${f} ${generic}`).toEqual([own]);
      }
    }
  });

  it('titles are tried in the order of the registry: the more specific title first', () => {
    const first = (title: string) => FRAMEWORK_TITLES.find(([re]) => re.test(title))?.[1];
    // Both the 2012-13 looked after children title and ILACS's short title match this one.
    expect(first("Inspection of looked after children's services")).toBe('lac2012');
    expect(first("Inspection of Brent local authority children's services")).toBe('ilacs');
    expect(first('Inspection of services for children in need of help and protection, children looked after and care leavers')).toBe('sif');
    expect(first('Review of the effectiveness of the Local Safeguarding Children Board')).toBe('lscb_review');
  });

  it('graded areas by date: ILACS grades care leavers from 2023; from April 2026 an ILACS title is the reformed framework', () => {
    expect(gradedAreas('ilacs', '2022-12-31')).not.toContain('care_leavers');
    expect(gradedAreas('ilacs', '2023-01-01')).toContain('care_leavers');
    expect(gradedAreas('ilacs', null)).not.toContain('care_leavers');
    expect(frameworkOnDate('ilacs', '2026-03-31')).toBe('ilacs');
    expect(frameworkOnDate('ilacs', '2026-04-01')).toBe('ilacs2026');
    expect(frameworkOnDate('ilacs', null)).toBe('ilacs');
    expect(gradedAreas('ilacs2026', '2026-05-01')).not.toContain('overall_effectiveness');
  });

  it('a standalone LSCB review and the letters and SEND reports are not full inspections', () => {
    expect(FULL_FRAMEWORKS).not.toContain('lscb_review');
    for (const f of [...VISIT_FRAMEWORKS, ...SEND_FRAMEWORKS]) expect(FULL_FRAMEWORKS).not.toContain(f);
    expect(FRAMEWORK_REGISTRY.lscb_review.deadlineRules).toEqual([]);
  });

  it("the deadline rules and the registry agree: a rule names a framework (or its class) exactly when the framework's entry names the rule", () => {
    const rules = deadlineRules();
    const ids = rules.map((r) => r.id);
    for (const f of FRAMEWORKS) {
      for (const id of FRAMEWORK_REGISTRY[f].deadlineRules) expect(ids, `${f}: ${id}`).toContain(id);
    }
    for (const r of rules) {
      const a = r.applies as Record<string, unknown>;
      // A rule lists frameworks, or names a class; never "every framework except".
      expect(a.frameworksExcept, r.id).toBeUndefined();
      const named = FRAMEWORKS.filter((f) =>
        Array.isArray(a.frameworks) ? a.frameworks.includes(f) : typeof a.frameworkClass === 'string' ? FRAMEWORK_REGISTRY[f].class === a.frameworkClass : false,
      );
      const claimed = FRAMEWORKS.filter((f) => FRAMEWORK_REGISTRY[f].deadlineRules.includes(r.id));
      expect(named, r.id).toEqual(claimed);
    }
  });
});
