/**
 * The typed data the assembler (assemble.ts) builds and the output stage (output.ts) reads:
 * recommendations as the plan gives them, each with the draft actions under it.
 */
import type { Loc, Warning } from '../../model/document.js';
import type { RagValue } from './rag.js';

export interface Draft {
  rec: RecState;
  num: string | null;
  text: string;
  lead: string;
  due: string;
  progress: string[];
  outcome: string[];
  rag: RagValue | null;
  loc: Loc;
  sharedLead?: boolean;
  sharedDue?: boolean;
  /** The rows that gave this action progress or a rating: the letter their progress opens with, and their RAG. */
  rows: { letter: number | null; rag: RagValue | null }[];
}

export interface RecState {
  ref: string | null;
  timescaleRaw: string | null;
  text: string[];
  outcomes: string[];
  loc: Loc;
  actions: Draft[];
  /** Where the recommendation was read: the table's own columns, a banner row, or text above the table. */
  from: 'column' | 'banner' | 'above' | 'none';
  /** The recommendation cell's text as first read (to spot it repeated on every row). */
  key: string;
  /** The text was truncated or lost in the source and may be filled from the plan's own list. */
  damaged?: boolean;
  /** The part of the plan (its heading's prefix) the recommendation is in. */
  part: string | null;
  /** Its label said whom it is for ("LSCB recommendation 2"). */
  scope?: 'lscb';
}

export interface Assembled {
  recs: RecState[];
  warnings: Warning[];
}
