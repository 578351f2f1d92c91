/**
 * Text clean-up for PDF text runs: ligatures, odd spaces, bullets, line joining with
 * hyphenation repair.
 */

const LIGATURES: Record<string, string> = {
  '\uFB00': 'ff',
  '\uFB01': 'fi',
  '\uFB02': 'fl',
  '\uFB03': 'ffi',
  '\uFB04': 'ffl',
  '\uFB05': 'st',
  '\uFB06': 'st',
};

// NBSP, the U+2000 family, narrow NBSP, medium mathematical space, ideographic space, tabs.
const ODD_SPACES = /[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000\t\f\v\r\n]/g;
// Zero-width characters and soft hyphens carry nothing for extraction.
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** Expand ligatures, map odd spaces to " ", drop invisible characters (no trimming). */
export function cleanRun(s: string): string {
  return s
    .replace(/[\uFB00-\uFB06]/g, (c) => LIGATURES[c] ?? c)
    .replace(INVISIBLE, '')
    .replace(ODD_SPACES, ' ');
}

/** Collapse whitespace runs and trim. */
export function normalizeSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Glyphs used as bullets. Word exports bullets in Symbol/Wingdings fonts as private-use
 * code points (U+F0B7, U+F0A7, U+F0D8 ...), which we treat as bullets too.
 */
const BULLET_RE = /^([•●◦▪▫■□◼◻◾◽‣⁃∙·○►▸➢➤✓✔❖◆◇o\-–—−*\u0336]|[\uF000-\uF0FF])$/;

export function isBulletGlyph(s: string): boolean {
  return BULLET_RE.test(s.trim());
}

/** A bullet at the start of a line: the marker and the rest. "o" and "-" need a following space. */
export function splitBullet(text: string): { marker: string; rest: string } | null {
  const m = /^([•●◦▪▫■□◼◻◾◽‣⁃∙·○►▸➢➤✓✔❖◆◇*\u0336]|[\uF000-\uF0FF])\s*(.*)$/.exec(text);
  if (m && m[2]) return { marker: m[1], rest: m[2] };
  const d = /^([-–—−o])\s+(\S.*)$/.exec(text);
  if (d) return { marker: d[1], rest: d[2] };
  return null;
}

/** The marker as reported in the layout: private-use and odd glyphs become "•". */
export function displayMarker(marker: string): string {
  return marker === '-' || marker === '–' || marker === '—' || marker === '−' || marker === '\u0336' ? '-' : marker === 'o' || marker === '◦' || marker === '○' ? 'o' : '•';
}

// Continuations that are suffixes, never words of their own: "assess-" + "ment".
const SUFFIX_ONLY =
  /^(ment|ments|mental|tion|tions|tional|sion|sions|ness|nesses|ity|ities|ing|ings|ingly|ed|ly|ably|ibly|able|ible|ance|ances|ence|ences|ency|ancy|ant|ants|ent|ents|ive|ives|ively|ise|ised|ises|ising|ize|ized|izes|izing|ised|ship|ships|ful|fully|ous|ously|ist|ists|ism|isms|ure|ures|ary|ory|ial|ially|ical|ically|er|ers|est|ic|ics|ate|ated|ates|ating|ation|ations|ual|ually|ward|wards|hood|hoods|less|lessly|ling|lings|ry|ies|ied|ier|iest)\b/;

/**
 * Join two lines of one paragraph. A line ending with a hyphen after a letter is joined
 * without a space; the hyphen is dropped only when the continuation is a bare suffix
 * ("assess-" "ment" -> "assessment"), kept otherwise ("well-" "being" -> "well-being").
 */
export function joinLines(a: string, b: string): string {
  if (!a) return b;
  if (!b) return a;
  if (/\p{L}-$/u.test(a) && /^\p{L}/u.test(b)) {
    const word = /^\p{L}+/u.exec(b)![0];
    if (/^\p{Ll}/u.test(word) && SUFFIX_ONLY.test(word)) return a.slice(0, -1) + b;
    return a + b;
  }
  // A year or number range broken at its hyphen: "2013-" "14" -> "2013-14".
  if (/\d[-–]$/.test(a) && /^\d/.test(b)) return a + b;
  return a + ' ' + b;
}

export function joinAll(lines: string[]): string {
  let out = '';
  for (const l of lines) out = joinLines(out, l);
  return normalizeSpace(out);
}
