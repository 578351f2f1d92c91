import { fromHtml } from 'hast-util-from-html';
import type { Element, Nodes, RootContent } from 'hast';
import { normalizeSpace } from '../util/text.js';

const BLOCK_TAGS = new Set(['p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ol', 'ul', 'table', 'br', 'blockquote']);

/** Text content of a hast node, inline only (tags dropped, entities decoded). */
export function hastText(node: Nodes): string {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' && node.tagName === 'br') return '\n';
  if ('children' in node) return (node.children as Nodes[]).map(hastText).join(node.type === 'element' && BLOCK_TAGS.has(node.tagName) ? ' ' : '');
  return '';
}

/**
 * Paragraphs of an HTML fragment as found in converted documents: each <p> and each
 * <li> (with its marker: "1." for ordered lists, "•" for bullets) becomes one entry,
 * loose text between them too. Nested lists are flattened in order, sub-items
 * prefixed by their own marker.
 */
export function htmlParagraphs(html: string): string[] {
  const root = fromHtml(html, { fragment: true });
  const out: string[] = [];
  let loose = '';
  const flush = () => {
    const t = normalizeSpace(loose);
    if (t) out.push(t);
    loose = '';
  };
  const walk = (nodes: RootContent[], listKind: 'ol' | 'ul' | null, counter: { n: number }) => {
    for (const node of nodes) {
      if (node.type === 'text') {
        loose += node.value;
        continue;
      }
      if (node.type !== 'element') continue;
      const el = node as Element;
      if (el.tagName === 'ol' || el.tagName === 'ul') {
        flush();
        const startAttr = Number(el.properties?.start ?? 1);
        const plain = String(el.properties?.style ?? '').includes('none');
        walk(el.children, plain ? null : (el.tagName as 'ol' | 'ul'), { n: Number.isFinite(startAttr) ? startAttr : 1 });
        continue;
      }
      if (el.tagName === 'li') {
        flush();
        const own = el.children.filter((c) => !(c.type === 'element' && (c.tagName === 'ol' || c.tagName === 'ul')));
        const nested = el.children.filter((c) => c.type === 'element' && (c.tagName === 'ol' || c.tagName === 'ul'));
        const text = normalizeSpace(own.map((c) => hastText(c as Nodes)).join(' '));
        const marker = listKind === 'ol' ? `${counter.n}.` : listKind === 'ul' ? '•' : '';
        counter.n++;
        if (text) out.push(marker ? `${marker} ${text}` : text);
        walk(nested, null, { n: 1 });
        continue;
      }
      if (el.tagName === 'br') {
        flush();
        continue;
      }
      if (BLOCK_TAGS.has(el.tagName)) {
        flush();
        walk(el.children, listKind, counter);
        flush();
        continue;
      }
      loose += hastText(el);
    }
  };
  walk(root.children, null, { n: 1 });
  flush();
  return out;
}

/** Inline HTML reduced to its text (tags dropped, entities decoded, whitespace collapsed). */
export function htmlInlineText(html: string): string {
  return normalizeSpace(htmlParagraphs(html).join(' '));
}

/** Cheap test before paying for an HTML parse. */
export function looksLikeHtml(s: string): boolean {
  return /<\/?[a-zA-Z][^>]*>|&[a-z]+;|&#\d+;/.test(s);
}
