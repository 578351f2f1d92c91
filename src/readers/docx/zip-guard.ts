/**
 * Safety checks on a DOCX (a zip archive) before mammoth (which uses JSZip and trusts
 * the archive) touches it.
 *
 * 1. Read the central directory with yauzl and refuse when the declared uncompressed
 *    sizes add up to more than `maxExpandedBytes`, when one entry has an absurd
 *    compression ratio, when names repeat, or when the main document part is missing.
 * 2. Stream-inflate every XML part (the only parts mammoth reads; images are dropped by
 *    the reader) with yauzl, which fails as soon as an entry yields more bytes than it
 *    declares, and count the bytes actually produced against the same cap. A zip whose
 *    central directory lies about sizes is therefore caught before JSZip inflates it.
 *
 * The main document part's XML is returned (the reader scans it for cell shading,
 * which mammoth drops).
 */
import yauzl from 'yauzl';
import { InputError } from '../../util/errors.js';

/** Compression ratio above which a large entry is treated as a bomb. */
export const MAX_RATIO = 200;
/** Entries smaller than this are never refused for their ratio (XML compresses well). */
export const RATIO_MIN_BYTES = 10 * 1024 * 1024;
/** More entries than any real Word document has. */
export const MAX_ENTRIES = 10_000;

const DEFAULT_MAIN_PART = 'word/document.xml';

/** What kind of Office archive is checked: its name in messages, its error-code prefix and its main part. */
export interface OfficeKind {
  /** "DOCX", "XLSX": used in messages. */
  label: string;
  /** Error-code prefix: "docx" gives docx_zip_bomb, corrupt_docx, ... */
  code: string;
  /** The main part when _rels/.rels names none. */
  mainPart: string;
  /** Error code and message when the main part is missing. */
  missing: { code: string; message: string };
  /** Other parts to return decoded (besides the main part). */
  keep?: (name: string) => boolean;
}

const DOCX_KIND: OfficeKind = {
  label: 'DOCX',
  code: 'docx',
  mainPart: DEFAULT_MAIN_PART,
  missing: { code: 'not_word_document', message: 'not a Word document (no word/document.xml)' },
};

export interface ZipCheck {
  /** Path of the main document part inside the zip (usually word/document.xml). */
  mainPart: string;
  /** The main document part, decoded as UTF-8. */
  documentXml: string;
  /** Sum of the declared uncompressed sizes of all entries. */
  declaredBytes: number;
  entryCount: number;
  /** Parts asked for by OfficeKind.keep, decoded as UTF-8. */
  parts: Map<string, string>;
}

interface EntryInfo {
  entry: yauzl.Entry;
  name: string;
}

function openZip(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false, decodeStrings: true }, (err, zip) => {
      if (err || !zip) reject(err ?? new Error('no zip'));
      else resolve(zip);
    });
  });
}

function listEntries(zip: yauzl.ZipFile, kind: OfficeKind): Promise<EntryInfo[]> {
  return new Promise((resolve, reject) => {
    const out: EntryInfo[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      out.push({ entry, name: entry.fileName });
      if (out.length > MAX_ENTRIES) {
        reject(new InputError(`${kind.code}_too_many_entries`, `${kind.label} has more than ${MAX_ENTRIES} zip entries; refusing`));
        return;
      }
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** Inflate one entry, failing past `cap` bytes (and, via yauzl, past its declared size). */
function inflateEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, cap: number, keep: boolean, kind: OfficeKind): Promise<{ bytes: number; data: Buffer | null }> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(err ?? new Error(`cannot read ${entry.fileName}`));
        return;
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      let failed = false;
      stream.on('data', (chunk: Buffer) => {
        if (failed) return;
        bytes += chunk.length;
        if (bytes > cap) {
          failed = true;
          stream.destroy();
          reject(new InputError(`${kind.code}_too_large`, `${kind.label} part ${entry.fileName} expands past ${cap} bytes; refusing (zip bomb?)`));
          return;
        }
        if (keep) chunks.push(chunk);
      });
      stream.on('error', (e: Error) => {
        if (failed) return;
        failed = true;
        // yauzl: "too many bytes in the stream. expected N. got at least M"
        if (/too many bytes|too few bytes/i.test(e.message)) {
          reject(new InputError(`${kind.code}_too_large`, `${kind.label} part ${entry.fileName} does not match its declared size (${e.message}); refusing (zip bomb?)`));
        } else {
          reject(e);
        }
      });
      stream.on('end', () => {
        if (!failed) resolve({ bytes, data: keep ? Buffer.concat(chunks) : null });
      });
    });
  });
}

/** Target of the officeDocument relationship in _rels/.rels, if any. */
function mainPartFromRels(relsXml: string): string | null {
  const rels = relsXml.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? [];
  for (const rel of rels) {
    const type = /\bType\s*=\s*"([^"]*)"/.exec(rel)?.[1] ?? '';
    if (!/\/officeDocument$/.test(type)) continue;
    const target = /\bTarget\s*=\s*"([^"]*)"/.exec(rel)?.[1];
    if (target) return target.replace(/^\/+/, '');
  }
  return null;
}

const isXmlPart = (name: string): boolean => /\.(xml|rels)$/i.test(name);

/**
 * Check a DOCX archive and return its main document XML, or throw InputError with a
 * one-line reason.
 */
export async function checkDocxZip(bytes: Uint8Array, maxExpandedBytes: number): Promise<ZipCheck> {
  return checkOfficeZip(bytes, maxExpandedBytes, DOCX_KIND);
}

/**
 * Check an Office Open XML archive (DOCX, XLSX) and return its main part's XML (and the
 * parts `kind.keep` asks for), or throw InputError with a one-line reason.
 */
export async function checkOfficeZip(bytes: Uint8Array, maxExpandedBytes: number, kind: OfficeKind): Promise<ZipCheck> {
  const L = kind.label;
  const corrupt = `corrupt_${kind.code}`;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(buffer);
  } catch (err) {
    throw new InputError(corrupt, `corrupt ${L} (${oneLine(err)})`);
  }
  try {
    let entries: EntryInfo[];
    try {
      entries = await listEntries(zip, kind);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(corrupt, `corrupt ${L} (${oneLine(err)})`);
    }

    const seen = new Set<string>();
    let declared = 0;
    for (const { entry, name } of entries) {
      if (seen.has(name)) throw new InputError(corrupt, `corrupt ${L} (zip entry "${name}" appears twice)`);
      seen.add(name);
      declared += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
      if (entry.uncompressedSize > RATIO_MIN_BYTES && ratio > MAX_RATIO) {
        throw new InputError(
          `${kind.code}_zip_bomb`,
          `${L} entry ${name} compresses ${Math.round(ratio)}:1 (${entry.uncompressedSize} bytes from ${entry.compressedSize}); refusing (zip bomb?)`,
        );
      }
    }
    if (declared > maxExpandedBytes) {
      throw new InputError(`${kind.code}_too_large`, `${L} expands to ${declared} bytes (limit ${maxExpandedBytes}); refusing (zip bomb?)`);
    }

    const byName = new Map(entries.map((e) => [e.name, e.entry]));
    let mainPart = kind.mainPart;
    let budget = maxExpandedBytes;
    const relsEntry = byName.get('_rels/.rels');
    if (relsEntry) {
      const { bytes: n, data } = await inflateEntry(zip, relsEntry, Math.min(budget, 1024 * 1024), true, kind);
      budget -= n;
      mainPart = mainPartFromRels(data!.toString('utf8')) ?? kind.mainPart;
    }
    if (!byName.has(mainPart)) {
      if (byName.has(kind.mainPart)) mainPart = kind.mainPart;
      else throw new InputError(kind.missing.code, kind.missing.message);
    }

    let documentXml = '';
    const parts = new Map<string, string>();
    for (const { entry, name } of entries) {
      if (!isXmlPart(name) || name === '_rels/.rels') continue;
      const main = name === mainPart;
      const keep = main || (kind.keep?.(name) ?? false);
      const { bytes: n, data } = await inflateEntry(zip, entry, budget, keep, kind);
      budget -= n;
      if (main) documentXml = data!.toString('utf8');
      else if (keep) parts.set(name, data!.toString('utf8'));
    }
    return { mainPart, documentXml, declaredBytes: declared, entryCount: entries.length, parts };
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(corrupt, `corrupt ${L} (${oneLine(err)})`);
  } finally {
    zip.close();
  }
}

function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split('\n')[0]!.trim();
}
