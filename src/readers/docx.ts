/**
 * DOCX reader: zip safety checks -> mammoth (DOCX -> HTML) -> hast -> layout blocks.
 *
 * - Safety (src/readers/docx/zip-guard.ts): the zip's central directory is checked with
 *   yauzl before mammoth sees the file (declared expanded size against
 *   limits.maxExpandedBytes, per-entry compression ratio, duplicate names, presence of
 *   the main document part), then every XML part is stream-inflated with a byte cap, so
 *   a central directory that lies about sizes is caught too.
 * - External content: mammoth parses XML with @xmldom/xmldom, which does not resolve
 *   external entities or fetch DTDs; mammoth's externalFileAccess stays off (its default)
 *   and images are dropped by our convertImage, so no image is read or fetched.
 * - Tables: mammoth emits rowspan/colspan for merged cells (w:vMerge / w:gridSpan) and
 *   <thead><th> for leading rows marked w:tblHeader (repeat as header row); both are kept.
 *   A table nested in a cell is flattened into the cell's paragraphs (one per nested row,
 *   cells joined with " | ") with a 'nested_table' warning. Cell shading, which mammoth
 *   drops, is recovered from word/document.xml (src/readers/docx/shading.ts).
 * - loc: { page: null, line: null, block: i } where i is the 0-based index of the
 *   top-level element in mammoth's HTML, an approximation of the body element index
 *   (mammoth drops empty paragraphs and groups list paragraphs into one list).
 */
import mammoth from 'mammoth';
import { fromHtml } from 'hast-util-from-html';
import type { LayoutDocument, LayoutWarning, TableBlock } from '../layout/types.js';
import { noLoc } from '../layout/types.js';
import type { Limits } from './limits.js';
import { InputError } from '../util/errors.js';
import { checkDocxZip } from './docx/zip-guard.js';
import { scanTableShading, type TableShading } from './docx/shading.js';
import { htmlToBlocks } from './docx/html-blocks.js';

/** mammoth messages that are noise for us (every council template has custom styles). */
const NOISE = /^Unrecognised (paragraph|run|table|numbering) style|^An unrecognised element was ignored: (w:|v:|o:|wp14:|w14:|w15:|mc:)|^Image of type .* is unlikely to display/i;

export async function readDocx(bytes: Uint8Array, limits: Limits): Promise<LayoutDocument> {
  const zip = await checkDocxZip(bytes, limits.maxExpandedBytes);

  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let result: { value: string; messages: { type: string; message: string }[] };
  try {
    result = await mammoth.convertToHtml(
      { buffer },
      {
        externalFileAccess: false,
        // Drop every image without reading it: nothing is decoded, embedded or fetched.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
        ignoreEmptyParagraphs: true,
        // Word's built-in Title style is the document's title: a heading (mammoth's default map leaves it a paragraph).
        styleMap: ["p[style-name='Title'] => h1:fresh", "p.Title => h1:fresh"],
      },
    );
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new InputError('corrupt_docx', `corrupt DOCX (${msg.split('\n')[0]})`);
  }

  const warnings: LayoutWarning[] = [];
  for (const m of result.messages) {
    const message = m.message.split('\n')[0]!.trim();
    if (NOISE.test(message)) continue;
    warnings.push({ code: m.type === 'error' ? 'docx_error' : 'docx_warning', message, loc: noLoc() });
  }

  const root = fromHtml(result.value, { fragment: true });
  const { blocks, tables } = htmlToBlocks(root, { warnings });
  applyShading(tables, scanTableShading(zip.documentXml), warnings);

  return { format: 'docx', pageCount: null, blocks, warnings };
}

/** Lay the XML cell shading over mammoth's tables, table by table, when their shapes agree. */
function applyShading(tables: TableBlock[], shading: TableShading[], warnings: LayoutWarning[]): void {
  if (!shading.some((t) => t.some((r) => r.some((c) => c !== undefined)))) return;
  if (shading.length !== tables.length) {
    warnings.push({
      code: 'docx_shading_skipped',
      message: `cell shading not applied: ${shading.length} tables in the XML, ${tables.length} in mammoth's output`,
      loc: noLoc(),
    });
    return;
  }
  tables.forEach((table, t) => {
    const rows = shading[t]!;
    const sameShape = rows.length === table.rows.length && rows.every((r, i) => r.length === table.rows[i]!.cells.length);
    if (!sameShape) {
      if (rows.some((r) => r.some((c) => c !== undefined))) {
        warnings.push({ code: 'docx_shading_skipped', message: 'cell shading not applied: table shape differs from the XML', loc: table.loc });
      }
      return;
    }
    table.rows.forEach((row, i) =>
      row.cells.forEach((cell, j) => {
        const fill = rows[i]![j];
        if (fill) cell.shading = fill;
      }),
    );
  });
}
