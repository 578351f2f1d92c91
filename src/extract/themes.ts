import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DATA_DIR } from '../model/register-data.js';
import type { ThemeTag } from '../model/document.js';
import { themeList } from '../model/themes.js';

export { themeList, type Theme } from '../model/themes.js';

/**
 * Themes of a recommendation-like item by transparent, weighted word rules (data/theme-rules.json)
 * over the taxonomy of data/themes.csv. Rules, not a trained model: every theme given comes with the
 * words that gave it, a reader can see and edit why, and 212 hand labels are too few to train on.
 */

const RulesSchema = z.object({
  about: z.string(),
  minScore: z.number().positive(),
  minShare: z.number().min(0).max(1),
  maxThemes: z.number().int().positive(),
  themes: z.record(
    z.string(),
    z.object({
      notes: z.string(),
      patterns: z.array(z.object({ re: z.string().min(1), w: z.number() }).strict()).min(1),
    }),
  ),
});
export type ThemeRules = z.infer<typeof RulesSchema>;

interface Compiled {
  id: string;
  order: number;
  patterns: Array<{ re: RegExp; w: number }>;
}

let compiledCache: { rules: ThemeRules; themes: Compiled[] } | undefined;

/** Rules checked against the taxonomy and compiled once; a broken rules file is a clear error. */
export function compileRules(rules: unknown = JSON.parse(readFileSync(join(DATA_DIR, 'theme-rules.json'), 'utf8'))) {
  const parsed = RulesSchema.parse(rules);
  const ids = themeList().map((t) => t.id);
  const themes: Compiled[] = Object.entries(parsed.themes).map(([id, t]) => {
    if (!ids.includes(id)) throw new Error(`data/theme-rules.json: theme "${id}" is not in data/themes.csv`);
    return {
      id,
      order: ids.indexOf(id),
      // From the start of a word (see wordMatches); the pattern itself says where the word may end (stems).
      patterns: t.patterns.map((p) => ({ re: new RegExp(`(?:${p.re})`, 'giu'), w: p.w })),
    };
  });
  return { rules: parsed, themes };
}

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The length (1 or 2 UTF-16 units) of the code point that starts at `i`. */
const pointLength = (t: string, i: number) => (t.codePointAt(i)! > 0xffff ? 2 : 1);

/** Whether the code point that ends just before `i` is a letter or a digit. */
function wordCharBefore(t: string, i: number): boolean {
  if (i === 0) return false;
  const lo = t.charCodeAt(i - 1);
  const start = lo >= 0xdc00 && lo <= 0xdfff && i >= 2 && t.charCodeAt(i - 2) >= 0xd800 && t.charCodeAt(i - 2) <= 0xdbff ? i - 2 : i - 1;
  return WORD_CHAR.test(t.slice(start, i));
}

/** `(?<![\p{L}\p{N}])(?:pattern)`: the definition wordMatches keeps to. */
const wordStart = (source: string) => new RegExp(`(?<![\\p{L}\\p{N}])${source}`, 'giu');

/**
 * Every match of `re` (flags giu) that starts a word: what `t.matchAll` of
 * `(?<![\p{L}\p{N}])(?:pattern)` gives, match for match. The lookbehind is checked by hand
 * and a match inside a word is retried one code point further on, so irregexp scans for the
 * pattern itself (its first-character checks) instead of trying the lookbehind at every place
 * (themesOf took half the time). An empty match (a pattern that can match nothing) is left to
 * the lookbehind itself, whose empty matches V8 also reports inside a surrogate pair.
 */
export function wordMatches(t: string, re: RegExp): RegExpExecArray[] {
  const hits: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    if (m[0].length === 0) return [...t.matchAll(wordStart(re.source))];
    if (wordCharBefore(t, m.index)) re.lastIndex = m.index + pointLength(t, m.index);
    else hits.push(m);
  }
  return hits;
}

/** One kind of apostrophe, dash and space, character for character (so a match's place is its place in the text). */
const normalise = (text: string) => text.replace(/[‘’`]/g, "'").replace(/[‐‑–—]/g, '-').replace(/\s/g, ' ');

/** The themes of one item's text, strongest first, each with the words of the text that gave it. */
export function themesOf(text: string, compiled = (compiledCache ??= compileRules())): ThemeTag[] {
  const t = normalise(text);
  const scored: Array<{ id: string; score: number; first: number; order: number; words: string[] }> = [];
  for (const theme of compiled.themes) {
    let score = 0;
    let first = Infinity;
    const words: Array<{ at: number; end: number }> = [];
    for (const p of theme.patterns) {
      const hits = wordMatches(t, p.re);
      if (hits.length === 0) continue;
      score += p.w; // once per pattern, however often it matches
      if (p.w > 0) {
        for (const h of hits) {
          // A stem's match is shown as the whole word it begins ("supervis" -> "supervision").
          let end = h.index + h[0].length;
          while (end < t.length && /[\p{L}\p{N}]/u.test(t[end]!)) end++;
          words.push({ at: h.index, end });
          first = Math.min(first, h.index);
        }
      }
    }
    if (score >= compiled.rules.minScore) {
      // In text order, longest first at one place; a match inside one already shown, or the same words again, is left out.
      const seen = new Set<string>();
      const spans: Array<{ at: number; end: number }> = [];
      const ordered: string[] = [];
      for (const w of words.sort((a, b) => a.at - b.at || b.end - a.end)) {
        if (spans.some((s) => w.at >= s.at && w.end <= s.end)) continue;
        spans.push(w);
        const word = text.slice(w.at, w.end);
        if (seen.has(word.toLowerCase())) continue;
        seen.add(word.toLowerCase());
        ordered.push(word);
      }
      scored.push({ id: theme.id, score, first, order: theme.order, words: ordered });
    }
  }
  if (scored.length === 0) return [];
  scored.sort((a, b) => b.score - a.score || a.first - b.first || a.order - b.order);
  const top = scored[0]!.score;
  return scored
    .filter((s) => s.score >= compiled.rules.minShare * top)
    .slice(0, compiled.rules.maxThemes)
    .map((s) => ({ id: s.id, words: s.words }));
}
