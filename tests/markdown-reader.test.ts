import { describe, expect, it } from 'vitest';
import { readMarkdown } from '../src/readers/markdown.js';
import { DEFAULT_LIMITS } from '../src/readers/limits.js';
import { sniffFormat } from '../src/readers/sniff.js';
import { htmlParagraphs } from '../src/readers/html-text.js';
import { InputError } from '../src/util/errors.js';
import { readFileSync } from 'node:fs';
import { fixture } from './helpers.js';
import { blockText } from '../src/layout/types.js';

const md = (s: string) => readMarkdown(Buffer.from(s), DEFAULT_LIMITS);

describe('markdown reader', () => {
  it('turns tab-separated rows into one table block, with 1-based source lines', async () => {
    const doc = await md('Title\n\nAction\tLead\tBy when\n1.1\tAudit cases\tAnn Graham\n1.2\tWrite strategy\tBev\n\nAfter.\n');
    const t = doc.blocks.find((b) => b.type === 'table');
    expect(t && t.type === 'table' && t.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['Action', 'Lead', 'By when'],
      ['1.1', 'Audit cases', 'Ann Graham'],
      ['1.2', 'Write strategy', 'Bev'],
    ]);
    expect(t!.loc).toEqual({ page: null, line: 3, block: null });
    expect(t && t.type === 'table' && t.rows[2]!.loc.line).toBe(5);
    expect(doc.blocks.map((b) => b.loc.line)).toEqual([1, 3, 7]);
  });

  it('reads ordered lists as numbered items, keeping the number for extractors', async () => {
    const doc = await md('10. Tenth thing.\n\n11. Eleventh thing.\n');
    expect(doc.blocks.map(blockText)).toEqual(['10. Tenth thing.', '11. Eleventh thing.']);
    expect(doc.blocks.map((b) => b.loc.line)).toEqual([1, 3]);
  });

  it('splits inline HTML lists inside a cell into paragraphs, with nested items in order', () => {
    expect(htmlParagraphs('<ol> <li>Pathway planning through: <ol><li>Managers</li><li>Training</li></ol></li> <li>Second</li></ol>')).toEqual([
      '1. Pathway planning through:',
      '1. Managers',
      '2. Training',
      '2. Second',
    ]);
    expect(htmlParagraphs('Text with a<sup>2</sup> footnote &amp; entity')).toEqual(['Text with a2 footnote & entity']);
  });

  it('reads the real seeds: 004 has its judgement table as tab rows at lines 73-77', async () => {
    const doc = await readMarkdown(readFileSync(fixture('seeds', '004_b1cb188c35d1ae0d.md')), DEFAULT_LIMITS);
    const table = doc.blocks.find((b) => b.type === 'table' && b.loc.line === 73);
    expect(table && table.type === 'table' && table.rows.map((r) => r.cells[1]!.text)).toEqual([
      'Requires improvement',
      'Requires improvement',
      'Good',
      'Requires improvement',
      'Requires improvement',
    ]);
  });

  it('refuses binary data and invalid UTF-8 with one-line reasons', async () => {
    const bin = readFileSync(fixture('bad', 'pdf-bytes-saved-as.md'));
    expect(() => sniffFormat('x.md', bin)).toThrow(/not a Markdown text file \(looks like a PDF\)/);
    await expect(readMarkdown(Buffer.from([0x61, 0xff, 0xfe, 0x62]), DEFAULT_LIMITS)).rejects.toThrow(/invalid UTF-8/);
    await expect(readMarkdown(Buffer.from('a\u0000b'), DEFAULT_LIMITS)).rejects.toBeInstanceOf(InputError);
    await expect(readMarkdown(Buffer.from('x'.repeat(50)), { ...DEFAULT_LIMITS, maxChars: 10 })).rejects.toThrow(/Markdown too large/);
  });

  it('refuses HTML saved as .pdf before any PDF parsing', () => {
    const html = readFileSync(fixture('bad', 'birmingham_2012-10-19-html-saved-as.pdf'));
    expect(() => sniffFormat('birmingham.pdf', html)).toThrow('not a PDF (looks like HTML)');
  });
});
