/**
 * A small selector walk over a parsed HTML page (hast-util-from-html): compound selectors of a
 * tag and classes (`ol.timeline`, `.nonvisual`, `a`) joined by spaces (descendant). Enough for the
 * facts of site.ts, no more.
 */
import { fromHtml } from 'hast-util-from-html';
import type { Element, Nodes, Root } from 'hast';

export type Page = Root;

export function parsePage(html: string): Page {
  return fromHtml(html);
}

interface Compound {
  tag: string | null;
  classes: string[];
}

function compile(selector: string): Compound[] {
  return selector
    .trim()
    .split(/\s+/)
    .map((part) => {
      const m = /^([a-z][a-z0-9-]*)?((?:\.[A-Za-z0-9_-]+)*)$/i.exec(part);
      if (!m) throw new Error(`unsupported selector: ${selector}`);
      return { tag: m[1]?.toLowerCase() ?? null, classes: m[2] ? m[2].slice(1).split('.') : [] };
    });
}

function classesOf(el: Element): string[] {
  const c: unknown = el.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

const matches = (el: Element, c: Compound) => (!c.tag || el.tagName === c.tag) && c.classes.every((k) => classesOf(el).includes(k));

function descendants(node: Nodes, out: Element[] = []): Element[] {
  if ('children' in node) {
    for (const child of node.children as Nodes[]) {
      if (child.type === 'element') {
        out.push(child);
        descendants(child, out);
      }
      // <template> content is not part of the page shown
    }
  }
  return out;
}

/** Every element under `root` matching `selector`, in document order. */
export function selectAll(root: Nodes, selector: string): Element[] {
  const parts = compile(selector);
  let current: Nodes[] = [root];
  for (const part of parts) {
    const seen = new Set<Element>();
    const next: Element[] = [];
    for (const n of current) for (const el of descendants(n)) if (!seen.has(el) && matches(el, part)) (seen.add(el), next.push(el));
    current = next;
  }
  return current as Element[];
}

export function selectOne(root: Nodes, selector: string): Element | null {
  return selectAll(root, selector)[0] ?? null;
}

const HIDDEN = new Set(['script', 'style', 'template', 'noscript']);

/** The text a reader sees (tags dropped, entities decoded, script and style left out), spaces collapsed. */
export function textOf(node: Nodes): string {
  const walk = (n: Nodes): string => {
    if (n.type === 'text') return n.value;
    if (n.type === 'element' && HIDDEN.has(n.tagName)) return '';
    if ('children' in n) return (n.children as Nodes[]).map(walk).join(n.type === 'element' && n.tagName === 'br' ? ' ' : '');
    return '';
  };
  return walk(node).replace(/\s+/g, ' ').trim();
}

/** An attribute as a string ('' when absent). */
export function attr(el: Element, name: string): string {
  const v = el.properties?.[name];
  return v === undefined || v === null ? '' : Array.isArray(v) ? v.join(' ') : String(v);
}
