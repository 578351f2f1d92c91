import type { Loc } from './document.js';

/** A validation issue of a document (src/validate/semantic.ts finds them; src/db stores them as warnings). */
export interface Issue {
  severity: 'error' | 'warning';
  code: string;
  message: string;
  loc: Loc;
}
