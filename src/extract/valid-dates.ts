/**
 * No field sinks a file: every date an extractor hands on is checked here, before the document
 * contract is (DocumentSchema.parse would refuse the whole document for one bad date). A value that
 * is not a real calendar date YYYY-MM-DD (a misread year, 30 February) becomes null, with a warning
 * naming the text it was read from; the rest of the document loads.
 */
import type { Action, DocumentInfo, Loc, Warning } from '../model/document.js';
import { isRealDate } from '../model/dates.js';

const NO_LOC: Loc = { page: null, line: null, block: null };


const warning = (field: string, value: string, text: string | null, loc: Loc = NO_LOC): Warning => ({
  code: 'date_invalid',
  message: `${field}: "${text ?? value}" gives no valid date (read as ${JSON.stringify(value)}); left empty`,
  loc,
});

/** The document's own dates: each invalid one set to null (a publication date with its source). */
export function dropInvalidDocumentDates(info: DocumentInfo): Warning[] {
  const out: Warning[] = [];
  const bad = (v: string | null | undefined): v is string => typeof v === 'string' && !isRealDate(v);
  for (const k of ['inspectionStart', 'inspectionEnd', 'publicationDate'] as const) {
    const v = info[k];
    if (!bad(v)) continue;
    out.push(warning(k, v, null));
    info[k] = null;
    if (k === 'publicationDate') info.publicationDateSource = null;
  }
  if (info.previousInspection && bad(info.previousInspection.date)) {
    out.push(warning('previousInspection', info.previousInspection.date, info.previousInspection.text));
    info.previousInspection = { ...info.previousInspection, date: null };
  }
  if (info.nextInspection && bad(info.nextInspection.date)) {
    out.push(warning('nextInspection', info.nextInspection.date, info.nextInspection.raw));
    info.nextInspection = { ...info.nextInspection, date: null };
  }
  if (info.nextSteps && bad(info.nextSteps.due)) {
    out.push(warning('nextSteps', info.nextSteps.due, info.nextSteps.text.slice(0, 120), info.nextSteps.loc));
    info.nextSteps = { ...info.nextSteps, due: null };
  }
  return out;
}

/** Each action's due date: an invalid one set to null (its raw text kept). */
export function dropInvalidActionDates(actions: Action[]): { actions: Action[]; warnings: Warning[] } {
  const warnings: Warning[] = [];
  const out = actions.map((a) => {
    if (a.due.date === null || isRealDate(a.due.date)) return a;
    warnings.push(warning(`action ${a.id} due`, a.due.date, a.due.raw, a.loc));
    return { ...a, due: { ...a.due, date: null } };
  });
  return { actions: out, warnings };
}
