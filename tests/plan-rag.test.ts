import { describe, expect, it } from 'vitest';
import { ragFromShading, ragFromText, ragOfCell, readLegend, statusWord } from '../src/extract/plan/rag.js';

describe('RAG normaliser', () => {
  it.each([
    ['R', 'red'],
    ['A', 'amber'],
    ['G', 'green'],
    ['B', 'blue'],
    ['Α', 'amber'], // Brent: Greek capital alpha
    ['Red', 'red'],
    ['Amber', 'amber'],
    ['Green', 'green'],
    ['Blue', 'blue'],
  ])('%s -> %s', (raw, rag) => {
    expect(ragFromText(raw)).toEqual({ rag, ragRaw: raw });
  });

  // A status word is not a colour: kept as written, no rating (issue 9).
  it.each(['Complete', 'Completed', 'Completed.', 'On track', 'In place', 'Ongoing', 'Underway', 'Awaiting sign-off', 'Planned', 'Held'])('%s -> ragRaw only', (raw) => {
    expect(ragFromText(raw)).toEqual({ rag: null, ragRaw: raw });
  });

  it('joins a status word broken in a narrow cell', () => {
    expect(ragFromText('Complete d')).toEqual({ rag: null, ragRaw: 'Completed' });
    expect(ragFromText('Underwa y')).toEqual({ rag: null, ragRaw: 'Underway' });
    expect(ragFromText('Gree n')).toEqual({ rag: 'green', ragRaw: 'Green' });
  });

  it('keeps text that is not a rating as raw only', () => {
    expect(ragFromText('D')).toEqual({ rag: null, ragRaw: 'D' });
    expect(ragFromText('')).toEqual({ rag: null, ragRaw: null });
  });

  it('reads a coloured cell (DOCX shading)', () => {
    expect(ragFromShading('FF0000')).toBe('red');
    expect(ragFromShading('FFC000')).toBe('amber');
    expect(ragFromShading('00B050')).toBe('green');
    expect(ragFromShading('D9D9D9')).toBeNull(); // header grey
    // Colour alone is the rating; nothing was written.
    expect(ragOfCell('', '00B050')).toEqual({ rag: 'green', ragRaw: null });
    expect(ragOfCell('', '0070C0')).toEqual({ rag: 'blue', ragRaw: null });
    // The word in the cell wins over the rendering's colour convention.
    expect(ragOfCell('On track', 'FFC000')).toEqual({ rag: null, ragRaw: 'On track' });
    expect(ragOfCell('G', 'FFC000')).toEqual({ rag: 'green', ragRaw: 'G' });
  });

  it("reads colours beyond the four from the plan's own legend", () => {
    const legend = readLegend(['Key to RAG rating: Purple = complete; Green = on track; Red = not started.']);
    expect(legend.get('purple')).toBe('complete');
    expect(ragOfCell('', '7030A0', legend)).toEqual({ rag: 'complete', ragRaw: null });
    // Without a legend the nearest of the four: blue.
    expect(ragOfCell('', '7030A0')).toEqual({ rag: 'blue', ragRaw: null });
  });

  it('finds the status word that opens a progress text', () => {
    expect(statusWord('(1) Awaiting sign-off: LSCB ...')).toBe('Awaiting sign-off');
    expect(statusWord('(2-3) A Strengthening Families project board')).toBeNull();
    expect(statusWord('Completed. The Police Protection Strategy')).toBe('Completed');
    expect(statusWord('On track - Demand led improvement')).toBe('On track');
    expect(statusWord('Due January 2015.')).toBeNull();
  });
});

describe('status words broken inside a narrow PDF cell', () => {
  it.each([
    ['Complete d', 'Completed'],
    ['Awaitin g sign-off', 'Awaiting sign-off'],
    ['Ongoin g', 'Ongoing'],
    ['On track', 'On track'],
    ['Complete dates tbc', 'Complete dates tbc'],
  ])('%s', (raw, mended) => {
    expect(ragFromText(raw).ragRaw).toBe(mended);
  });
});
