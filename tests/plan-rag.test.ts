import { describe, expect, it } from 'vitest';
import { ragFromShading, ragFromText, ragOfCell, statusWord } from '../src/extract/plan/rag.js';

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
    ['Complete', 'complete'],
    ['Completed', 'complete'],
    ['Completed.', 'complete'],
    ['On track', 'green'],
    ['In place', 'green'],
    ['Ongoing', 'amber'],
    ['Underway', 'amber'],
    ['Awaiting sign-off', 'amber'],
    ['Planned', 'amber'],
    ['Held', 'red'],
  ])('%s -> %s', (raw, rag) => {
    expect(ragFromText(raw)).toEqual({ rag, ragRaw: raw });
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
    expect(ragOfCell('', '00B050')).toEqual({ rag: 'green', ragRaw: '#00B050' });
    // The word in the cell wins over the rendering's colour convention.
    expect(ragOfCell('On track', 'FFC000')).toEqual({ rag: 'green', ragRaw: 'On track' });
    expect(ragOfCell('Completed', '00B050')).toEqual({ rag: 'complete', ragRaw: 'Completed' });
  });

  it('finds the status word that opens a progress text', () => {
    expect(statusWord('(1) Awaiting sign-off: LSCB ...')).toBe('Awaiting sign-off');
    expect(statusWord('(2-3) A Strengthening Families project board')).toBeNull();
    expect(statusWord('Completed. The Police Protection Strategy')).toBe('Completed');
    expect(statusWord('On track - Demand led improvement')).toBe('On track');
    expect(statusWord('Due January 2015.')).toBeNull();
  });
});
