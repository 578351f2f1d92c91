/**
 * The draft plan as a Word document (`docx`) or a workbook (`exceljs`). Both lay each item out
 * the way the plan reader reads it back: the item's label and text right above its table
 * (a heading in Word; a bold row above the header row in Excel), the table's header row naming
 * the columns, the evidence after the table. Document text is written as text, never as markup.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import ExcelJS from 'exceljs';
import { DRAFT_COLUMNS, headerLines, type DraftPlan } from './template.js';

const WIDTHS = [1100, 4200, 1600, 1200, 800, 2800, 2800];

function cell(text: string, width: number, bold = false): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    children: [new Paragraph({ children: [new TextRun({ text, bold })] })],
  });
}

export async function draftDocx(d: DraftPlan): Promise<Buffer> {
  const line = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
  const children: (Paragraph | Table)[] = [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun(d.title)] })];
  for (const [label, value] of headerLines(d)) children.push(new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(value)] }));
  children.push(new Paragraph({ children: [new TextRun({ text: 'Fill in the Action, Lead, Due and RAG cells (R, A, G or B) of each table; leave unused rows empty.', italics: true })] }));
  for (const item of d.items) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(`${item.label}: ${item.text}`)] }));
    children.push(
      new Table({
        width: { size: WIDTHS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
        borders: { top: line, bottom: line, left: line, right: line, insideHorizontal: line, insideVertical: line },
        rows: [
          new TableRow({ tableHeader: true, children: DRAFT_COLUMNS.map((h, k) => cell(h, WIDTHS[k]!, true)) }),
          ...item.rows.map((id) => new TableRow({ children: DRAFT_COLUMNS.map((_, k) => cell(k === 0 ? id : '', WIDTHS[k]!)) })),
        ],
      }),
    );
    children.push(new Paragraph({ children: [new TextRun({ text: 'Evidence from the document:', bold: true })] }));
    if (!item.evidence.length) children.push(new Paragraph({ children: [new TextRun({ text: 'The document cites no paragraphs for this item.', italics: true })] }));
    for (const e of item.evidence) children.push(new Paragraph({ alignment: AlignmentType.LEFT, children: [new TextRun({ text: `Paragraph ${e.number}: `, bold: true }), new TextRun(e.text)] }));
  }
  const doc = new Document({
    creator: 'ofsted-ingest',
    title: d.title,
    sections: [{ properties: { page: { size: { orientation: PageOrientation.LANDSCAPE, width: 16838, height: 11906 } } }, children }],
  });
  return Packer.toBuffer(doc);
}

export async function draftXlsx(d: DraftPlan): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'ofsted-ingest';
  const ws = wb.addWorksheet('Plan');
  const n = DRAFT_COLUMNS.length;
  ws.columns = [12, 50, 20, 14, 8, 40, 40].map((width) => ({ width }));
  const wrap: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };
  const thin: Partial<ExcelJS.Border> = { style: 'thin' };
  const border: Partial<ExcelJS.Borders> = { top: thin, bottom: thin, left: thin, right: thin };
  let r = 1;
  const textRow = (text: string, font: Partial<ExcelJS.Font> = {}): void => {
    const c = ws.getCell(r, 1);
    c.value = text;
    c.font = font;
    c.alignment = wrap;
    ws.mergeCells(r, 1, r, n);
    r++;
  };
  textRow(d.title, { bold: true, size: 14 });
  for (const [label, value] of headerLines(d)) textRow(`${label}: ${value}`);
  textRow('Fill in the Action, Lead, Due and RAG cells (R, A, G or B) of each table; leave unused rows empty.', { italic: true });
  for (const item of d.items) {
    r++;
    textRow(`${item.label}: ${item.text}`, { bold: true });
    DRAFT_COLUMNS.forEach((h, k) => {
      const c = ws.getCell(r, k + 1);
      c.value = h;
      c.font = { bold: true };
      c.border = border;
      c.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
    });
    r++;
    for (const id of item.rows) {
      for (let k = 1; k <= n; k++) {
        const c = ws.getCell(r, k);
        c.border = border;
        c.alignment = wrap;
        if (k === 1) c.value = id;
        if (k === 5) c.dataValidation = { type: 'list', allowBlank: true, formulae: ['"R,A,G,B"'] };
      }
      r++;
    }
    r++;
    textRow('Evidence from the document:', { bold: true });
    if (!item.evidence.length) textRow('The document cites no paragraphs for this item.', { italic: true });
    for (const e of item.evidence) textRow(`Paragraph ${e.number}: ${e.text}`);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
