/**
 * An action's state, decided once at load time (src/extract/plan/state.ts) from its rating, else
 * the status word of its rating cell, by the words of data/plan-vocabulary.json (statusMeaning).
 */
import { describe, expect, it } from 'vitest';
import { actionState } from '../src/extract/plan/state';
import { ragFromText } from '../src/extract/plan/rag';

/** A rating cell as the extractor reads it, then its state. */
const cell = (text: string) => actionState(ragFromText(text));

describe('actionState', () => {
  it('a rating decides: complete and blue are done, the colours open', () => {
    expect(cell('C')).toEqual({ state: 'done', from: 'rag' });
    expect(cell('Blue')).toEqual({ state: 'done', from: 'rag' });
    expect(cell('B')).toEqual({ state: 'done', from: 'rag' });
    expect(cell('Amber/Green')).toEqual({ state: 'open', from: 'rag' });
    expect(cell('R')).toEqual({ state: 'open', from: 'rag' });
  });

  it('status words: done, not started, open', () => {
    for (const w of ['Fully completed', 'FULLY COMPLETED', 'Achieved', 'Complete', 'Completed', 'Completed.', 'Complete d', '(2) Completed: signed off']) expect(cell(w).state, w).toBe('done');
    for (const w of ['Not started', 'Not yet started', 'Planned']) expect(cell(w).state, w).toBe('not_started');
    for (const w of ['On track', 'On-track', 'In place', 'Embedded', 'In progress', 'Delayed', 'Off track', 'On hold', 'Overdue']) expect(cell(w), w).toEqual({ state: 'open', from: 'status' });
  });

  it('words that only look like done are not', () => {
    for (const w of ['Not complete', 'Not yet completed', 'Partially complete', 'Completely new approach agreed', 'Completion due March 2016', 'Incomplete']) expect(cell(w).state, w).toBe('unknown');
    expect(cell('')).toEqual({ state: 'unknown', from: null });
  });

  it('reads the rating cell only, never the progress text', () => {
    // No rating cell: whatever the progress says, nothing is decided here (the extractor puts a
    // status word that opens the progress into ragRaw; one inside it says nothing).
    expect(actionState({ rag: null, ragRaw: null })).toEqual({ state: 'unknown', from: null });
  });
});
