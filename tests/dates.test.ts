/**
 * Dates that cross New Year, and dates that cannot be made valid (issue 25 item 7): no field sinks a file.
 */
import { describe, expect, it } from 'vitest';
import { iso, parseDateRange } from '../src/extract/dates';
import { dropInvalidActionDates, dropInvalidDocumentDates } from '../src/extract/valid-dates';
import { estimatedPublication, MAX_DAYS_AFTER_INSPECTION } from '../src/extract/publication';
import { pdfDate } from '../src/readers/pdf';
import { extractFile } from '../src/ingest';
import { DocumentSchema, type Action, type DocumentInfo } from '../src/model/document';
import { fixture } from './helpers';

describe('parseDateRange across New Year', () => {
  it('reads a range whose year is printed once, at its end', () => {
    expect(parseDateRange('29 December to 2 January 2025')).toEqual({ start: '2024-12-29', end: '2025-01-02' });
    expect(parseDateRange('30 December 2024 to 3 January 2025')).toEqual({ start: '2024-12-30', end: '2025-01-03' });
    expect(parseDateRange('9 to 13 June 2025')).toEqual({ start: '2025-06-09', end: '2025-06-13' });
  });

  it('with no year printed, takes it from the date the range cannot end after (a letter dated January 2025)', () => {
    expect(parseDateRange('29 December to 2 January', { before: '2025-01-21' })).toEqual({ start: '2024-12-29', end: '2025-01-02' });
    // The same visit, its letter written in February: still 2024-12-29..2025-01-02.
    expect(parseDateRange('29 December to 2 January', { before: '2025-02-03' })).toEqual({ start: '2024-12-29', end: '2025-01-02' });
    // A December visit whose letter is dated in January: both days in the year before.
    expect(parseDateRange('9 to 11 December', { before: '2025-01-15' })).toEqual({ start: '2024-12-09', end: '2024-12-11' });
    expect(parseDateRange('28 and 29 May', { before: '2025-06-20' })).toEqual({ start: '2025-05-28', end: '2025-05-29' });
  });

  it('with no year and nothing to take one from: no dates, never an invalid one ("00-1-12-29" before)', () => {
    expect(parseDateRange('29 December to 2 January')).toEqual({ start: null, end: null });
    expect(iso(-1, 12, 29)).toBeNull();
    expect(iso(0, 1, 2)).toBeNull();
    expect(iso(2023, 2, 30)).toBeNull();
  });
});

describe('a date that cannot be made valid becomes null, with a warning naming its text', () => {
  const info = (over: Partial<DocumentInfo>) =>
    ({
      kind: 'inspection_report', title: null, localAuthority: null, localAuthorityCode: null, localAuthorityAsWritten: null, framework: 'focused_visit',
      inspectionType: null, inspectionStart: '2024-12-29', inspectionEnd: '2025-01-02', publicationDate: '2025-01-21', publicationDateSource: 'printed',
      leadInspector: null, inspectors: [], focus: null, focusAsWritten: null, partnership: null, previousInspection: null, nextInspection: null, agencies: [], nextSteps: null,
      ...over,
    }) as DocumentInfo;

  it('document dates', () => {
    const i = info({ inspectionStart: '00-1-12-29', publicationDate: '2023-02-30', nextInspection: { raw: 'in the spring of 20255', date: '20255-04-01' } });
    const w = dropInvalidDocumentDates(i);
    expect(i).toMatchObject({ inspectionStart: null, inspectionEnd: '2025-01-02', publicationDate: null, publicationDateSource: null, nextInspection: { raw: 'in the spring of 20255', date: null } });
    expect(w.map((x) => x.code)).toEqual(['date_invalid', 'date_invalid', 'date_invalid']);
    expect(w[0]!.message).toContain('"00-1-12-29"');
    expect(w[2]!.message).toContain('"in the spring of 20255"');
  });

  it("an action's due date: null, its raw text kept and named", () => {
    const a = { id: '1.1', recommendationRef: '1', description: 'x', leads: [], due: { raw: '31/02/2024', date: '2024-02-31' }, outcome: null, progress: null, rag: null, ragRaw: null, loc: { page: null, line: 4, block: null } } as unknown as Action;
    const r = dropInvalidActionDates([a]);
    expect(r.actions[0]!.due).toEqual({ raw: '31/02/2024', date: null });
    expect(r.warnings[0]).toMatchObject({ code: 'date_invalid', loc: { line: 4 } });
    expect(r.warnings[0]!.message).toContain('"31/02/2024"');
  });
});

describe('a letter whose visit ran "29 December to 2 January", no year printed', () => {
  it('loads with both dates (a real Walsall focused-visit letter, its dates changed: see the fixture)', async () => {
    const doc = await extractFile(fixture('letters', 'walsall_2025-01-21-focused-visit-dates-changed.md'));
    expect(() => DocumentSchema.parse(doc)).not.toThrow();
    expect(doc.document).toMatchObject({ framework: 'focused_visit', publicationDate: '2025-01-21', publicationDateSource: 'printed', inspectionStart: '2024-12-29', inspectionEnd: '2025-01-02' });
    expect(doc.warnings.map((w) => w.code)).not.toContain('visit_dates_not_found');
    expect(doc.recommendations).toHaveLength(3);
  });
});

describe("a report's estimated publication date", () => {
  const report = { kind: 'inspection_report' as const, publicationDate: null, inspectionEnd: '2023-03-17' };
  it("the working day after the PDF's creation date, when on or after the inspection's end and not over six months later", () => {
    // Stockton-on-Tees: created Friday 5 May 2023; Monday 8 May was the Coronation bank holiday; published Tuesday 9 May.
    expect(estimatedPublication(report, '2023-05-05')).toEqual({ date: '2023-05-09', source: 'pdf_created' });
    expect(estimatedPublication(report, '2023-03-10')).toEqual({ date: '2023-03-17', source: 'inspection_end' }); // before the inspection ended
    const late = new Date(Date.UTC(2023, 2, 17 + MAX_DAYS_AFTER_INSPECTION + 1)).toISOString().slice(0, 10);
    expect(estimatedPublication(report, late)).toEqual({ date: '2023-03-17', source: 'inspection_end' }); // a file re-made later
    expect(estimatedPublication(report, null)).toEqual({ date: '2023-03-17', source: 'inspection_end' });
    expect(estimatedPublication({ ...report, publicationDate: '2023-05-09' }, '2023-05-05')).toBeNull(); // printed: kept
    expect(estimatedPublication({ ...report, kind: 'action_plan' }, '2023-05-05')).toBeNull();
    expect(estimatedPublication({ ...report, inspectionEnd: null }, '2023-05-05')).toBeNull();
  });

  it('reads PDF dates', () => {
    expect(pdfDate("D:20230505103000+01'00'")).toBe('2023-05-05');
    expect(pdfDate('20260107145644Z')).toBe('2026-01-07');
    expect(pdfDate('D:20230230')).toBeNull();
    expect(pdfDate(undefined)).toBeNull();
  });

  it("a real report's PDF: Brent's ILACS report, created 6 April 2023 (before Easter), estimated 11 April, its real publication date", async () => {
    const doc = await extractFile(fixture('reports', 'brent_2023-04-11.pdf'));
    expect(doc.document).toMatchObject({ inspectionEnd: '2023-02-24', publicationDate: '2023-04-11', publicationDateSource: 'pdf_created' });
  });
});
