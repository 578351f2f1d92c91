import { DocumentInfoSchema, SCHEMA_VERSION, type Loc, type OfstedDocument, type Warning } from '../model/document.js';
import { resolveAuthority, type TextUnit } from '../register/resolve.js';
import { frameworkEntry } from '../model/framework-registry.js';

/**
 * A stored document JSON of an older document version as the current version, from what was stored
 * (nothing is re-read from the source; `ofsted import --force` re-reads it). Used by
 * rederiveStoredDocuments (./rederive.ts).
 */

const NO_LOC: Loc = { page: null, line: null, block: null };

/**
 * A version-1 document JSON as the current version: its authority resolved to the register from
 * the name it was stored with (or, when it had none, from its title and paragraphs), the version-2
 * fields in their place, the resolver's warnings added, then the version-3 fields (toV3). Nothing
 * is re-read from the source.
 */
export function upgradeDocumentJson(v1: Record<string, unknown>): { doc: OfstedDocument; added: Warning[] } {
  const old = v1 as unknown as Omit<OfstedDocument, 'schemaVersion'> & { schemaVersion: string };
  const info = old.document as Record<string, unknown> & OfstedDocument['document'];
  const units: TextUnit[] = [
    ...(info.title ? [{ text: info.title, loc: NO_LOC }] : []),
    ...old.paragraphs.map((p) => ({ text: p.text, loc: p.loc })),
    ...old.recommendations.map((r) => ({ text: r.text, loc: r.loc })),
  ];
  const { warnings: added, ...la } = resolveAuthority(info, units);
  const v2 = { ...old, document: { ...info, ...la }, warnings: [...old.warnings, ...added] };
  return { doc: toV3(v2 as unknown as Record<string, unknown>), added };
}


/**
 * A version-2 or version-3 document JSON as the current version (its name kept from when 3 was current): the new fields at their defaults (nothing is re-read from
 * the source; `ofsted import --force` re-reads it): the lead inspector as the list of inspectors, each
 * item's kind from its framework (ILACS and focused visits list areas for improvement), no themes.
 */
export function toV3(v2: Record<string, unknown>): OfstedDocument {
  const old = v2 as unknown as OfstedDocument;
  const info = old.document as Record<string, unknown> & OfstedDocument['document'];
  const defaults: Record<string, unknown> = {
    inspectors: info.leadInspector ? [info.leadInspector] : [],
    // Version 4: a stored publication date was read from the document itself.
    publicationDateSource: info.publicationDate ? 'printed' : null,
    agencies: [],
  };
  // The fields in the model's order, as a fresh extraction writes them.
  const document = Object.fromEntries(
    Object.keys(DocumentInfoSchema.shape).map((k) => [k, info[k] ?? defaults[k] ?? null]),
  ) as OfstedDocument['document'];
  // The kind of an item whose heading does not say, by framework (ILACS and focused visits list areas for improvement).
  const itemKind = frameworkEntry(info.framework)?.itemKinds[0] ?? 'recommendation';
  return {
    ...old,
    schemaVersion: SCHEMA_VERSION,
    document,
    judgements: old.judgements.map(({ loc, ...j }) => ({ ...j, wording: j.wording ?? null, loc })),
    recommendations: old.recommendations.map(({ paragraphRefs, loc, ...r }) => ({
      ...r,
      kind: r.kind ?? itemKind,
      paragraphRefs,
      nationalFrameworkRef: r.nationalFrameworkRef ?? null,
      responsible: r.responsible ?? [],
      themes: r.themes ?? [],
      heading: r.heading ?? null,
      loc,
    })),
  };
}
