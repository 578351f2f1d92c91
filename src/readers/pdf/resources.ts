/**
 * A small reader of a PDF's own objects, enough to name the fonts each page's resources
 * declare, without pdfjs interpreting the page (pdfjs hands font names to its main half
 * only with an operator list, which costs as much as the page's text).
 *
 * It reads the cross-reference data (classic `xref` tables, cross-reference streams with
 * PNG predictors, hybrid `/XRefStm` files, `/Prev` chains of incremental updates), objects
 * directly in the file or inside object streams (FlateDecode), the page tree with inherited
 * `/Resources`, and each page's fonts: its `/Font` entries, those of the Form XObjects it
 * may draw (their own `/Resources`, nested) and fonts set by `/ExtGState`.
 *
 * Anything it cannot read for sure (a damaged or odd cross-reference, an object not where
 * the table says, an unknown filter, a page count not pdfjs's) makes it answer `null`: the
 * caller then fetches the operator list as before. Work is bounded (objects read, nesting),
 * so a hostile file cannot make it hang.
 */
import { inflateSync } from 'node:zlib';

export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
export class PdfName {
  constructor(readonly name: string) {}
}
export type PdfValue = null | boolean | number | string | PdfName | PdfRef | PdfValue[] | PdfDict | PdfStream;
export type PdfDict = Map<string, PdfValue>;
export interface PdfStream {
  dict: PdfDict;
  start: number;
  /** Length of the raw data, when known (direct or indirect /Length). */
  length: number;
}

/** Thrown on anything unreadable; caught at the top, where it means "don't know". */
class Unreadable extends Error {}
const fail = (why: string): never => {
  throw new Unreadable(why);
};

const WS = new Uint8Array(256);
for (const c of [0, 9, 10, 12, 13, 32]) WS[c] = 1;
const DELIM = new Uint8Array(256);
for (const c of '()<>[]{}/%') DELIM[c.charCodeAt(0)] = 1;

const MAX_DEPTH = 64;
const MAX_OBJECTS = 50_000;
const MAX_PAGES = 100_000;
const MAX_INFLATED = 64 << 20;

class Lexer {
  pos: number;
  constructor(
    private readonly b: Uint8Array,
    pos: number,
    private readonly end = b.length,
  ) {
    this.pos = pos;
  }

  skipWs(): void {
    const { b, end } = this;
    while (this.pos < end) {
      const c = b[this.pos]!;
      if (WS[c]) this.pos++;
      else if (c === 0x25 /* % */) {
        while (this.pos < end && b[this.pos] !== 10 && b[this.pos] !== 13) this.pos++;
      } else break;
    }
  }

  /** A bare token (number, keyword) at pos, or '' at a delimiter. */
  word(): string {
    this.skipWs();
    const { b, end } = this;
    const s = this.pos;
    while (this.pos < end && !WS[b[this.pos]!] && !DELIM[b[this.pos]!]) this.pos++;
    let out = '';
    for (let i = s; i < this.pos; i++) out += String.fromCharCode(b[i]!);
    return out;
  }

  peekWord(): string {
    const at = this.pos;
    const w = this.word();
    this.pos = at;
    return w;
  }

  /** One object; `n g R` references are recognised. */
  value(depth = 0): PdfValue {
    if (depth > MAX_DEPTH) fail('nested too deep');
    this.skipWs();
    const { b } = this;
    if (this.pos >= this.end) fail('unexpected end');
    const c = b[this.pos]!;
    if (c === 0x2f /* / */) return this.name();
    if (c === 0x28 /* ( */) return this.literal();
    if (c === 0x3c /* < */) {
      if (b[this.pos + 1] === 0x3c) return this.dict(depth);
      return this.hex();
    }
    if (c === 0x5b /* [ */) {
      this.pos++;
      const arr: PdfValue[] = [];
      for (;;) {
        this.skipWs();
        if (this.pos >= this.end) fail('unterminated array');
        if (b[this.pos] === 0x5d) {
          this.pos++;
          return arr;
        }
        arr.push(this.value(depth + 1));
      }
    }
    const w = this.word();
    if (w === '') fail(`unexpected character ${c}`);
    if (w === 'true') return true;
    if (w === 'false') return false;
    if (w === 'null') return null;
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(w)) {
      // n g R ?
      if (/^\d+$/.test(w)) {
        const at = this.pos;
        const g = this.word();
        if (/^\d+$/.test(g) && this.word() === 'R') return new PdfRef(Number(w), Number(g));
        this.pos = at;
      }
      return Number(w);
    }
    return fail(`unexpected keyword ${w.slice(0, 20)}`);
  }

  name(): PdfName {
    const { b, end } = this;
    this.pos++; // '/'
    let out = '';
    while (this.pos < end && !WS[b[this.pos]!] && !DELIM[b[this.pos]!]) {
      const c = b[this.pos]!;
      if (c === 0x23 /* # */ && this.pos + 2 < end) {
        const h = parseInt(String.fromCharCode(b[this.pos + 1]!, b[this.pos + 2]!), 16);
        if (!Number.isNaN(h)) {
          out += String.fromCharCode(h);
          this.pos += 3;
          continue;
        }
      }
      out += String.fromCharCode(c);
      this.pos++;
    }
    return new PdfName(out);
  }

  literal(): string {
    const { b, end } = this;
    this.pos++; // '('
    let depth = 1;
    let out = '';
    while (this.pos < end) {
      const c = b[this.pos++]!;
      if (c === 0x5c /* \ */) {
        const n = b[this.pos++];
        if (n === undefined) break;
        if (n >= 0x30 && n <= 0x37) {
          let v = n - 0x30;
          for (let k = 0; k < 2 && b[this.pos]! >= 0x30 && b[this.pos]! <= 0x37; k++) v = v * 8 + (b[this.pos++]! - 0x30);
          out += String.fromCharCode(v & 0xff);
        } else {
          const map: Record<number, string> = { 0x6e: '\n', 0x72: '\r', 0x74: '\t', 0x62: '\b', 0x66: '\f' };
          if (n === 13 || n === 10) {
            if (n === 13 && b[this.pos] === 10) this.pos++;
          } else out += map[n] ?? String.fromCharCode(n);
        }
        continue;
      }
      if (c === 0x28) depth++;
      else if (c === 0x29 && --depth === 0) return out;
      out += String.fromCharCode(c);
    }
    return fail('unterminated string');
  }

  hex(): string {
    const { b, end } = this;
    this.pos++; // '<'
    let digits = '';
    while (this.pos < end && b[this.pos] !== 0x3e) {
      const c = b[this.pos++]!;
      if (!WS[c]) digits += String.fromCharCode(c);
    }
    if (this.pos >= end) fail('unterminated hex string');
    this.pos++;
    if (!/^[0-9a-fA-F]*$/.test(digits)) fail('bad hex string');
    if (digits.length % 2) digits += '0';
    let out = '';
    for (let i = 0; i < digits.length; i += 2) out += String.fromCharCode(parseInt(digits.slice(i, i + 2), 16));
    return out;
  }

  dict(depth: number): PdfDict | PdfStream {
    const { b } = this;
    this.pos += 2; // '<<'
    const d: PdfDict = new Map();
    for (;;) {
      this.skipWs();
      if (this.pos >= this.end) fail('unterminated dictionary');
      if (b[this.pos] === 0x3e && b[this.pos + 1] === 0x3e) {
        this.pos += 2;
        break;
      }
      if (b[this.pos] !== 0x2f) fail('dictionary key is not a name');
      const key = this.name().name;
      d.set(key, this.value(depth + 1));
    }
    // A stream follows its dictionary.
    const at = this.pos;
    this.skipWs();
    if (this.peekWord() === 'stream') {
      this.word();
      if (b[this.pos] === 13) this.pos++;
      if (b[this.pos] === 10) this.pos++;
      const len = d.get('Length');
      return { dict: d, start: this.pos, length: typeof len === 'number' ? len : -1 };
    }
    this.pos = at;
    return d;
  }
}

const isDict = (v: PdfValue | undefined): v is PdfDict => v instanceof Map;
const isStream = (v: PdfValue | undefined): v is PdfStream =>
  typeof v === 'object' && v !== null && !(v instanceof Map) && !Array.isArray(v) && 'dict' in v;
const nameOf = (v: PdfValue | undefined): string | null => (v instanceof PdfName ? v.name : null);

type Entry = { type: 1; offset: number } | { type: 2; stream: number; index: number } | { type: 0 };

/** PNG predictors (DecodeParms /Predictor >= 10) undone, as cross-reference streams use them. */
function unpredict(data: Uint8Array, parms: PdfDict | null): Uint8Array {
  const predictor = parms ? parms.get('Predictor') : undefined;
  if (predictor === undefined || predictor === 1) return data;
  if (typeof predictor !== 'number' || predictor < 10) return fail(`predictor ${String(predictor)}`);
  const colors = typeof parms!.get('Colors') === 'number' ? (parms!.get('Colors') as number) : 1;
  const bpc = typeof parms!.get('BitsPerComponent') === 'number' ? (parms!.get('BitsPerComponent') as number) : 8;
  const columns = typeof parms!.get('Columns') === 'number' ? (parms!.get('Columns') as number) : 1;
  const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
  const rowLen = Math.ceil((colors * bpc * columns) / 8);
  if (rowLen <= 0 || rowLen > 1 << 20) fail('bad predictor columns');
  const rows = Math.floor(data.length / (rowLen + 1));
  const out = new Uint8Array(rows * rowLen);
  let prev = new Uint8Array(rowLen);
  for (let r = 0; r < rows; r++) {
    const type = data[r * (rowLen + 1)]!;
    const src = data.subarray(r * (rowLen + 1) + 1, (r + 1) * (rowLen + 1));
    const row = out.subarray(r * rowLen, (r + 1) * rowLen);
    for (let i = 0; i < rowLen; i++) {
      const left = i >= bpp ? row[i - bpp]! : 0;
      const up = prev[i]!;
      const ul = i >= bpp ? prev[i - bpp]! : 0;
      let v = src[i]!;
      if (type === 1) v += left;
      else if (type === 2) v += up;
      else if (type === 3) v += (left + up) >> 1;
      else if (type === 4) {
        const p = left + up - ul;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - up);
        const pc = Math.abs(p - ul);
        v += pa <= pb && pa <= pc ? left : pb <= pc ? up : ul;
      } else if (type !== 0) fail(`PNG filter ${type}`);
      row[i] = v & 0xff;
    }
    prev = row;
  }
  return out;
}

export class PdfObjects {
  private readonly entries = new Map<number, Entry>();
  private readonly cache = new Map<number, PdfValue>();
  private readonly objStreams = new Map<number, { data: Uint8Array; offsets: Map<number, number> }>();
  private fetched = 0;
  readonly trailer: PdfDict;
  /** Offsets in the file are counted from "%PDF-" (junk may precede it). */
  private readonly shift: number;

  constructor(private readonly b: Uint8Array) {
    const headLen = Math.min(1024, b.length);
    let head = '';
    for (let i = 0; i < headLen; i++) head += String.fromCharCode(b[i]!);
    this.shift = Math.max(0, head.indexOf('%PDF-'));
    const tailStart = Math.max(0, b.length - 2048);
    let tail = '';
    for (let i = tailStart; i < b.length; i++) tail += String.fromCharCode(b[i]!);
    const at = tail.lastIndexOf('startxref');
    const m = at < 0 ? null : /^startxref\s+(\d+)/.exec(tail.slice(at));
    if (!m) fail('no startxref');
    let trailer: PdfDict | null = null;
    const seen = new Set<number>();
    let next: number | null = Number(m![1]);
    while (next !== null) {
      if (seen.has(next) || seen.size > 100) fail('xref loop');
      seen.add(next);
      const t = this.readSection(next + this.shift);
      trailer ??= t;
      const xrefStm = t.get('XRefStm');
      if (typeof xrefStm === 'number') this.readSection(xrefStm + this.shift);
      const prev = t.get('Prev');
      next = typeof prev === 'number' ? prev : null;
    }
    this.trailer = trailer!;
  }

  /** One cross-reference section (table or stream) at `at`; entries already known win (newer). */
  private readSection(at: number): PdfDict {
    if (at < 0 || at >= this.b.length) fail('xref offset out of range');
    const lx = new Lexer(this.b, at);
    if (lx.peekWord() === 'xref') {
      lx.word();
      for (;;) {
        const w = lx.peekWord();
        if (w === 'trailer') {
          lx.word();
          const t = lx.value();
          if (!isDict(t)) fail('trailer is not a dictionary');
          return t as PdfDict;
        }
        if (!/^\d+$/.test(w)) fail('bad xref subsection');
        const start = Number(lx.word());
        const count = Number(lx.word());
        if (!Number.isSafeInteger(start + count) || count > MAX_OBJECTS * 20) fail('bad xref subsection');
        for (let i = 0; i < count; i++) {
          const off = lx.word();
          const gen = lx.word();
          const kind = lx.word();
          if (!/^\d+$/.test(off) || !/^\d+$/.test(gen) || (kind !== 'n' && kind !== 'f')) fail('bad xref entry');
          const num = start + i;
          if (this.entries.has(num)) continue;
          this.entries.set(num, kind === 'n' ? { type: 1, offset: Number(off) } : { type: 0 });
        }
      }
    }
    // A cross-reference stream: "n g obj << /Type /XRef ... >> stream".
    const { value } = this.indirectAt(at);
    if (!isStream(value) || nameOf(value.dict.get('Type')) !== 'XRef') fail('not a cross-reference stream');
    const s = value as PdfStream;
    const data = this.streamData(s);
    const w = s.dict.get('W');
    if (!Array.isArray(w) || w.length < 3 || !w.every((x) => typeof x === 'number' && x >= 0 && x <= 8)) fail('bad /W');
    const [w0, w1, w2] = w as number[];
    const rec = w0! + w1! + w2!;
    if (rec === 0) fail('bad /W');
    const size = s.dict.get('Size');
    const index = s.dict.get('Index') ?? [0, typeof size === 'number' ? size : 0];
    if (!Array.isArray(index) || index.length % 2) fail('bad /Index');
    let p = 0;
    const field = (width: number, dflt: number) => {
      if (width === 0) return dflt;
      let v = 0;
      for (let k = 0; k < width; k++) v = v * 256 + data[p++]!;
      return v;
    };
    for (let k = 0; k < (index as PdfValue[]).length; k += 2) {
      const start = (index as PdfValue[])[k];
      const count = (index as PdfValue[])[k + 1];
      if (typeof start !== 'number' || typeof count !== 'number' || (count as number) * rec > data.length) fail('bad /Index');
      for (let i = 0; i < (count as number); i++) {
        if (p + rec > data.length) fail('xref stream too short');
        const type = field(w0!, 1);
        const f1 = field(w1!, 0);
        const f2 = field(w2!, 0);
        const num = (start as number) + i;
        if (this.entries.has(num)) continue;
        if (type === 1) this.entries.set(num, { type: 1, offset: f1 });
        else if (type === 2) this.entries.set(num, { type: 2, stream: f1, index: f2 });
        else this.entries.set(num, { type: 0 });
      }
    }
    return s.dict;
  }

  /** "num gen obj <value>" at a byte offset. */
  private indirectAt(at: number): { num: number; value: PdfValue } {
    const lx = new Lexer(this.b, at);
    const num = lx.word();
    const gen = lx.word();
    if (!/^\d+$/.test(num) || !/^\d+$/.test(gen) || lx.word() !== 'obj') fail(`no object at ${at}`);
    return { num: Number(num), value: lx.value() };
  }

  /** A stream's decoded bytes: no filter or FlateDecode (with a PNG predictor), nothing else. */
  streamData(s: PdfStream): Uint8Array {
    let len = s.length;
    if (len < 0) {
      const l = this.resolve(s.dict.get('Length'));
      if (typeof l !== 'number') fail('stream without a length');
      len = l as number;
    }
    if (len < 0 || s.start + len > this.b.length) fail('stream beyond end of file');
    const raw = this.b.subarray(s.start, s.start + len);
    let filter = this.resolve(s.dict.get('Filter'));
    let parms = this.resolve(s.dict.get('DecodeParms'));
    if (Array.isArray(filter)) {
      if (filter.length > 1) fail('filter chain');
      filter = filter[0] ?? null;
      parms = Array.isArray(parms) ? this.resolve(parms[0]) : parms;
    }
    if (filter === undefined || filter === null) return raw;
    if (nameOf(filter) !== 'FlateDecode') fail(`filter ${String(nameOf(filter))}`);
    // Only cross-reference and object streams are read: a bound against a deflate bomb.
    const out = inflateSync(raw, { maxOutputLength: MAX_INFLATED });
    return unpredict(new Uint8Array(out.buffer, out.byteOffset, out.byteLength), isDict(parms) ? parms : null);
  }

  /** The object a reference points at (values that are not references come back as they are). */
  resolve(v: PdfValue | undefined): PdfValue | undefined {
    if (!(v instanceof PdfRef)) return v;
    const hit = this.cache.get(v.num);
    if (hit !== undefined || this.cache.has(v.num)) return hit;
    if (++this.fetched > MAX_OBJECTS) fail('too many objects');
    const e = this.entries.get(v.num);
    let value: PdfValue;
    if (!e || e.type === 0) value = null;
    else if (e.type === 1) {
      const got = this.indirectAt(e.offset + this.shift);
      if (got.num !== v.num) fail(`object ${v.num} is not at its offset`);
      value = got.value;
    } else value = this.inObjectStream(e.stream, e.index, v.num);
    this.cache.set(v.num, value);
    return value;
  }

  private inObjectStream(streamNum: number, index: number, num: number): PdfValue {
    let os = this.objStreams.get(streamNum);
    if (!os) {
      const e = this.entries.get(streamNum);
      if (!e || e.type !== 1) fail(`object stream ${streamNum} not in the file`);
      const got = this.indirectAt((e as { offset: number }).offset + this.shift);
      if (got.num !== streamNum || !isStream(got.value)) fail(`object stream ${streamNum} unreadable`);
      const s = got.value as PdfStream;
      const n = s.dict.get('N');
      const first = s.dict.get('First');
      if (typeof n !== 'number' || typeof first !== 'number') fail('object stream without /N or /First');
      const data = this.streamData(s);
      const lx = new Lexer(data, 0, Math.min(first as number, data.length));
      const offsets = new Map<number, number>();
      for (let i = 0; i < (n as number); i++) {
        const on = lx.word();
        const off = lx.word();
        if (!/^\d+$/.test(on) || !/^\d+$/.test(off)) fail('bad object stream header');
        offsets.set(Number(on), (first as number) + Number(off));
      }
      os = { data, offsets };
      this.objStreams.set(streamNum, os);
    }
    const at = os.offsets.get(num);
    if (at === undefined) fail(`object ${num} not in its object stream (index ${index})`);
    return new Lexer(os.data, at!).value();
  }

  /** Every page's dictionary and its (inherited) resources, in page order. */
  pages(): { dict: PdfDict; resources: PdfDict | null }[] {
    const root = this.resolve(this.trailer.get('Root'));
    if (!isDict(root)) fail('no catalog');
    const out: { dict: PdfDict; resources: PdfDict | null }[] = [];
    const seen = new Set<PdfDict>();
    const walk = (node: PdfValue | undefined, inherited: PdfDict | null, depth: number) => {
      const d = this.resolve(node);
      if (!isDict(d) || seen.has(d) || depth > MAX_DEPTH || out.length > MAX_PAGES) fail('bad page tree');
      seen.add(d as PdfDict);
      const res = this.resolve((d as PdfDict).get('Resources'));
      const resources = isDict(res) ? res : inherited;
      const kids = this.resolve((d as PdfDict).get('Kids'));
      const type = nameOf((d as PdfDict).get('Type'));
      if (type === 'Pages' || (type !== 'Page' && Array.isArray(kids))) {
        if (!Array.isArray(kids)) fail('page tree node without /Kids');
        for (const k of kids as PdfValue[]) walk(k, resources, depth + 1);
      } else out.push({ dict: d as PdfDict, resources });
    };
    walk((root as PdfDict).get('Pages'), null, 0);
    return out;
  }
}

type PdfFontKey = number | PageFont;

const BOLD_NAME_RE = /bold|black|heavy|semibold|demi|,B$|-B$/i;
/** As the reader judges a font's name from pdfjs (subset prefix dropped). */
export const isBoldName = (name: string): boolean => BOLD_NAME_RE.test(name.replace(/^[A-Z]{6}\+/, ''));

export interface PageFont {
  /** The font dictionary's object number (null for a direct dictionary). */
  ref: number | null;
  /** The names pdfjs may give the font (BaseFont, as pdfjs normalises it, the descriptor's FontName). */
  names: string[];
  /** Bold by every one of those names; null when they disagree or there is none. */
  bold: boolean | null;
}

/**
 * The fonts each page may set text in, read from the file's own objects; per page null when
 * unknown. The whole answer is null when the file cannot be read this way.
 */
export class PageFonts {
  private readonly objects: PdfObjects;
  private readonly pageList: { dict: PdfDict; resources: PdfDict | null }[];
  private readonly fontCache = new Map<string, PageFont>();

  private constructor(bytes: Uint8Array) {
    this.objects = new PdfObjects(bytes);
    this.pageList = this.objects.pages();
  }

  /** null when the cross-reference data or the page tree cannot be read (or the page count is not `expectPages`, when given). */
  static open(bytes: Uint8Array, expectPages?: number): PageFonts | null {
    try {
      const pf = new PageFonts(bytes);
      return expectPages === undefined || pf.pageList.length === expectPages ? pf : null;
    } catch {
      return null;
    }
  }

  get pageCount(): number {
    return this.pageList.length;
  }

  /** The fonts of page `n` (1-based), or null when they cannot all be read. */
  fonts(n: number): PageFont[] | null {
    const page = this.pageList[n - 1];
    if (!page) return null;
    try {
      const out: PageFont[] = [];
      this.collect(page.resources, out, new Set(), 0);
      return out;
    } catch {
      return null;
    }
  }

  /**
   * Names carried by exactly one font dictionary of the whole document (every page's
   * resources): a font pdfjs reports under such a name can only be that dictionary.
   * null when some page's fonts cannot be read.
   */
  uniqueNames(): Set<string> | null {
    if (this.unique !== undefined) return this.unique;
    const owners = new Map<string, Set<PdfFontKey>>();
    for (let n = 1; n <= this.pageList.length; n++) {
      const fonts = this.fonts(n);
      // Fonts reachable other ways (annotation appearances, Type3 glyph procedures) are not
      // enumerated here: a document with either has no names known to be unique.
      if (!fonts || fonts.some((f) => f.names.includes('Type3')) || this.hasAppearances(n)) return (this.unique = null);
      for (const f of fonts) {
        const key: PdfFontKey = f.ref ?? f;
        for (const name of f.names) {
          let o = owners.get(name);
          if (!o) owners.set(name, (o = new Set()));
          o.add(key);
        }
      }
    }
    this.unique = new Set([...owners].filter(([, o]) => o.size === 1).map(([name]) => name));
    return this.unique;
  }
  private unique: Set<string> | null | undefined;

  /** Whether page `n` has an annotation with an appearance stream (true when unreadable). */
  private hasAppearances(n: number): boolean {
    try {
      const annots = this.objects.resolve(this.pageList[n - 1]!.dict.get('Annots'));
      if (annots === undefined || annots === null) return false;
      if (!Array.isArray(annots)) return true;
      return annots.some((a) => {
        const d = this.objects.resolve(a);
        return !isDict(d) || d.has('AP');
      });
    } catch {
      return true;
    }
  }

  /**
   * Whether the font ids pdfjs first meets on page `n` are bold: the page's fonts less those
   * surely loaded before (named already by pdfjs, in `named`: names seen in operator lists
   * so far, and the only dictionary in the document with that name) are where its new ids
   * come from; when all of those are bold by name, or all are not, so are the new ids.
   * null when unknown (fonts unreadable, or of both kinds).
   */
  newFontsBold(n: number, named: ReadonlySet<string>): boolean | null {
    const fonts = this.fonts(n);
    if (!fonts || fonts.length === 0) return null;
    let candidates = fonts;
    if (named.size > 0 && fonts.some((f) => f.bold !== false)) {
      const unique = this.uniqueNames();
      if (unique) {
        const loaded = (f: PageFont) => f.names.every((name) => unique.has(name)) && f.names.some((name) => named.has(name));
        candidates = fonts.filter((f) => !loaded(f));
      }
    }
    if (candidates.length === 0) return null;
    const first = candidates[0]!.bold;
    return first !== null && candidates.every((f) => f.bold === first) ? first : null;
  }

  private collect(res: PdfDict | null, out: PageFont[], seen: Set<PdfDict>, depth: number): void {
    if (!res || seen.has(res)) return;
    if (depth > 16) fail('forms nested too deep');
    seen.add(res);
    const o = this.objects;
    const fonts = o.resolve(res.get('Font'));
    if (isDict(fonts)) for (const f of fonts.values()) out.push(this.font(f));
    else if (fonts !== undefined && fonts !== null) fail('/Font is not a dictionary');
    const gs = o.resolve(res.get('ExtGState'));
    if (isDict(gs)) {
      for (const g of gs.values()) {
        const gd = o.resolve(g);
        if (!isDict(gd)) continue;
        const f = o.resolve(gd.get('Font'));
        if (Array.isArray(f) && f.length > 0) out.push(this.font(f[0]));
        else if (f !== undefined && f !== null) fail('odd /Font in ExtGState');
      }
    }
    const xo = o.resolve(res.get('XObject'));
    if (isDict(xo)) {
      for (const x of xo.values()) {
        const xs = o.resolve(x);
        if (!isStream(xs)) continue;
        if (nameOf(xs.dict.get('Subtype')) !== 'Form') continue;
        const own = o.resolve(xs.dict.get('Resources'));
        // A form without resources uses its parent's: already collected.
        if (isDict(own)) this.collect(own, out, seen, depth + 1);
      }
    }
  }

  private font(ref: PdfValue | undefined): PageFont {
    const key = ref instanceof PdfRef ? `${ref.num}` : null;
    const hit = key !== null ? this.fontCache.get(key) : undefined;
    if (hit) return hit;
    const o = this.objects;
    const d = o.resolve(ref);
    if (!isDict(d)) fail('font is not a dictionary');
    const names: string[] = [];
    const add = (v: PdfValue | undefined) => {
      const s = v instanceof PdfName ? v.name : typeof v === 'string' ? v : null;
      if (s === null) return;
      names.push(s, s.replaceAll(/[,_]/g, '-').replaceAll(/\s/g, ''));
    };
    const dict = d as PdfDict;
    add(o.resolve(dict.get('BaseFont')));
    let desc = o.resolve(dict.get('FontDescriptor'));
    const subtype = nameOf(dict.get('Subtype'));
    if (subtype === 'Type0') {
      const df = o.resolve(dict.get('DescendantFonts'));
      const d0 = o.resolve(Array.isArray(df) ? df[0] : df);
      if (!isDict(d0)) fail('Type0 font without a descendant');
      add(o.resolve((d0 as PdfDict).get('BaseFont')));
      desc = o.resolve((d0 as PdfDict).get('FontDescriptor'));
    }
    if (subtype === 'Type3') names.push('Type3');
    if (isDict(desc)) add(o.resolve(desc.get('FontName')));
    const verdicts = new Set(names.map(isBoldName));
    const font: PageFont = { ref: ref instanceof PdfRef ? ref.num : null, names, bold: verdicts.size === 1 ? [...verdicts][0]! : null };
    if (key !== null) this.fontCache.set(key, font);
    return font;
  }
}
