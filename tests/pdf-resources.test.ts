/**
 * The PDF object reader (src/readers/pdf/resources.ts): page fonts read from the file's own
 * cross-reference data and resource dictionaries, checked against the names pdfjs gives the
 * same fonts, on real corpus PDFs of each cross-reference kind; damaged files give "don't
 * know" (null), never an exception or a hang; and the reader's output is the same with and
 * without it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { join, resolve } from 'node:path';
import { PageFonts, isBoldName } from '../src/readers/pdf/resources.js';
import { openPdf } from '../src/readers/pdf/load.js';
import { readPdf, opStats } from '../src/readers/pdf.js';
import { DEFAULT_LIMITS } from '../src/readers/limits.js';
import { makePdf } from './helpers.js';

const FIX = resolve(__dirname, '..', 'fixtures');
const bytesOf = (...p: string[]) => new Uint8Array(readFileSync(join(FIX, ...p)));

/** What the file's last cross-reference section is: a classic table (with /XRefStm: hybrid) or a stream. */
function xrefKind(b: Uint8Array): string {
  const text = Buffer.from(b).toString('latin1');
  const at = Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))![1]);
  if (!/^\s*xref/.test(text.slice(at, at + 16))) return 'stream';
  return text.includes('/XRefStm') ? 'hybrid' : 'table';
}

const REAL: [string, string[], string][] = [
  ['classic xref table', ['reports', 'brent_2015-11-30.pdf'], 'table'],
  ['classic table + /XRefStm (hybrid), object streams', ['reports', 'knowsley_2014-06-30.pdf'], 'hybrid'],
  ['hybrid, JTAI letter', ['letters', 'medway_2018-08-03-jtai.pdf'], 'hybrid'],
  ['cross-reference stream with PNG predictor, object streams', ['letters', 'nottinghamshire_2026-01-12.pdf'], 'stream'],
];

describe('page fonts from the resource dictionaries, against pdfjs', () => {
  for (const [label, path, kind] of REAL) {
    it(`${label}: ${path[1]}`, async () => {
      const bytes = bytesOf(...path);
      expect(xrefKind(bytes)).toBe(kind);
      const doc = await openPdf(bytes);
      try {
        const pf = PageFonts.open(bytes, doc.numPages);
        expect(pf).not.toBeNull();
        expect(pf!.pageCount).toBe(doc.numPages);
        let checked = 0;
        for (let n = 1; n <= doc.numPages; n++) {
          const fonts = pf!.fonts(n);
          expect(fonts, `page ${n}`).not.toBeNull();
          expect(fonts!.length).toBeGreaterThan(0);
          const page = await doc.getPage(n);
          const tc = await page.getTextContent();
          await page.getOperatorList();
          const ours = new Map<string, boolean | null>();
          for (const f of fonts!) for (const name of f.names) ours.set(name, f.bold);
          // Every font pdfjs set this page's text in is one of ours, with the same boldness.
          for (const id of new Set(tc.items.flatMap((it) => ('fontName' in it ? [it.fontName] : [])))) {
            const name = (page.commonObjs.get(id) as { name?: string }).name!;
            expect(ours.has(name), `page ${n}: ${name} among ${[...ours.keys()].join(', ')}`).toBe(true);
            expect(ours.get(name), `page ${n}: ${name}`).toBe(isBoldName(name));
            checked++;
          }
          page.cleanup();
        }
        expect(checked).toBeGreaterThan(doc.numPages);
      } finally {
        await doc.destroy();
      }
    });
  }

  it('the reader spares operator lists on real files and reads exactly the same', async () => {
    for (const path of [['reports', 'brent_2023-04-11.pdf'], ['reports', 'lambeth_2026-03-10.pdf'], ['letters', 'nottinghamshire_2026-01-12.pdf'], ['letters', 'medway_2018-08-03-jtai.pdf']]) {
      const bytes = bytesOf(...path);
      const before = { ...opStats };
      const withIt = await readPdf(bytes, DEFAULT_LIMITS);
      const spared = opStats.byResources - before.byResources;
      const fetchedWith = opStats.fetched - before.fetched;
      const mid = { ...opStats };
      const without = await readPdf(bytes, DEFAULT_LIMITS, { fontsByResources: false });
      expect(spared, path[1]).toBeGreaterThan(0);
      expect(opStats.fetched - mid.fetched, path[1]).toBe(fetchedWith + spared);
      expect(withIt).toEqual(without);
    }
  });
});


describe('made-up files: inheritance, forms, and what it refuses', () => {
  const FONTS = [
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    '<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Arial,Bold /FontDescriptor 6 0 R >>',
    '<< /Type /FontDescriptor /FontName /ABCDEF+Arial,Bold >>',
  ];

  it('resources inherited from the page tree, and a form XObject with its own', () => {
    const pdf = makePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 /Resources << /Font << /F1 4 0 R >> /XObject << /X1 7 0 R >> >> >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
      ...FONTS,
      '<< /Subtype /Form /Resources << /Font << /F2 5 0 R >> >> /Length 0 >>\nstream\n\nendstream',
    ]);
    const pf = PageFonts.open(pdf, 1)!;
    expect(pf).not.toBeNull();
    expect(pf.fonts(1)!.map((f) => [f.names[0], f.bold])).toEqual([
      ['Helvetica', false],
      ['ABCDEF+Arial,Bold', true],
    ]);
    expect(PageFonts.open(pdf, 2)).toBeNull(); // not pdfjs' page count
  });

  it('a font whose names disagree on boldness is "don\'t know"', () => {
    const pdf = makePdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /Resources << /Font << /F1 4 0 R >> >> >>',
      '<< /Type /Font /Subtype /TrueType /BaseFont /Arial-BoldMT /FontDescriptor 5 0 R >>',
      '<< /Type /FontDescriptor /FontName /ArialMT >>',
    ]);
    expect(PageFonts.open(pdf, 1)!.fonts(1)![0]!.bold).toBeNull();
  });

  it('a page tree that loops, an object not at its offset, no startxref: null, no exception', () => {
    const loop = makePdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [2 0 R] /Count 1 >>']);
    expect(PageFonts.open(loop, 1)).toBeNull();
    const text = Buffer.from(makePdf(['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page >>'])).toString('latin1');
    expect(PageFonts.open(new Uint8Array(Buffer.from(text.replace('0000000009 00000 n', '0000000001 00000 n'), 'latin1')), 1)).toBeNull();
    expect(PageFonts.open(new Uint8Array(Buffer.from(text.slice(0, text.lastIndexOf('startxref')), 'latin1')), 1)).toBeNull();
  });
});

/** A file whose last cross-reference section is the stream `xrefDict` (+ data), after objects 1-3 (one blank page). */
function xrefStreamPdf(xrefDict: string, data: Buffer): Uint8Array {
  const head = Buffer.from(
    '%PDF-1.5\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
      '3 0 obj\n<< /Type /Page /Parent 2 0 R >>\nendobj\n',
    'latin1',
  );
  const at = head.length;
  const obj = Buffer.concat([Buffer.from(`4 0 obj\n<< /Type /XRef /Size 5 /Root 1 0 R ${xrefDict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from(`\nendstream\nendobj\nstartxref\n${at}\n%%EOF\n`, 'latin1')]);
  return new Uint8Array(Buffer.concat([head, obj]));
}

/** The entries (W [1 2 1]) of a correct cross-reference stream for xrefStreamPdf's objects 0-4. */
function goodEntries(): Buffer {
  const probe = Buffer.from(xrefStreamPdf('', Buffer.alloc(0)));
  const rows = [[0, 0, 255]];
  for (let n = 1; n <= 4; n++) rows.push([1, probe.indexOf(`${n} 0 obj`), 0]);
  return Buffer.from(rows.flatMap(([t, o, g]) => [t!, (o! >> 8) & 255, o! & 255, g!]));
}

describe('hostile cross-reference streams: bounded, null', () => {
  it('(the same file with correct entries opens: one page)', () => {
    expect(PageFonts.open(xrefStreamPdf('/W [1 2 1]', goodEntries()))?.pageCount).toBe(1);
    expect(PageFonts.open(xrefStreamPdf('/W [1 2 1] /Filter /FlateDecode', deflateSync(goodEntries())))?.pageCount).toBe(1);
  });
  it('entries of no width and a vast /Index', () => {
    expect(PageFonts.open(xrefStreamPdf('/W [0 0 0] /Index [0 1000000000000]', Buffer.alloc(0)))).toBeNull();
    expect(PageFonts.open(xrefStreamPdf('/W [1 2 1] /Index [0 1000000000]', Buffer.alloc(8)))).toBeNull();
  });
  it('a deflate bomb (80 MB of zeros in ~80 kB) is refused by the inflate bound', () => {
    const bomb = deflateSync(Buffer.alloc(80 << 20));
    expect(bomb.length).toBeLessThan(200_000);
    expect(PageFonts.open(xrefStreamPdf('/W [1 2 1] /Filter /FlateDecode', bomb))).toBeNull();
  });
});

describe('damaged real files never throw or hang', () => {
  /** A deterministic PRNG for the damage. */
  const rng = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);

  for (const [, path] of REAL) {
    it(`truncated and bit-flipped copies of ${path[1]}`, () => {
      const good = bytesOf(...path);
      const rnd = rng(path[1]!.length);
      const pages = PageFonts.open(good)!.pageCount;
      let known = 0;
      for (let k = 0; k < 60; k++) {
        const b = k < 20 ? good.slice(0, Math.floor(good.length * rnd())) : good.slice();
        if (k >= 20) {
          // Damage near the end (the cross-reference data) or anywhere.
          for (let j = 0; j < 1 + (k % 5); j++) {
            const at = k % 2 ? b.length - 1 - Math.floor(rnd() * Math.min(b.length, 4096)) : Math.floor(rnd() * b.length);
            b[at] = Math.floor(rnd() * 256);
          }
        }
        const pf = PageFonts.open(b, pages);
        // Whatever it says, it answers: null, or fonts per page (an array or null).
        if (pf) for (let n = 1; n <= pf.pageCount; n++) expect([null, 'object']).toContain(pf.fonts(n) === null ? null : typeof pf.fonts(n));
        if (pf) known++;
      }
      expect(known).toBeLessThan(60);
    });
  }
});
