import { frameworkEntry } from '../model/framework-registry.js';

/** Display names of the model's codes (grades, areas, frameworks, kinds): shared by the web app and the export. */
export const label = (s: unknown): string => {
  const t = String(s ?? '')
    .replace(/_/g, ' ')
    .replace(/\blscb\b/g, 'LSCB')
    .replace(/^send\b/, 'SEND');
  return t.charAt(0).toUpperCase() + t.slice(1);
};

const ITEM_KIND_NAMES: Record<string, string> = {
  recommendation: 'Recommendation',
  area_for_improvement: 'Area for improvement',
  priority_action: 'Priority action',
};

/** An item's kind as a person reads it ("Priority action"). */
export const itemKindName = (k: unknown): string => (k ? (ITEM_KIND_NAMES[String(k)] ?? label(k)) : '');

/** A framework's usual name (the framework registry's); a code no entry knows shows capitalised. */
export const frameworkName = (f: unknown): string => (f ? (frameworkEntry(String(f))?.name ?? label(f)) : '');

/** An action's leads (a JSON array in the database) as "a; b". */
export function leadsText(v: unknown): string {
  try {
    const a = JSON.parse(String(v ?? '[]'));
    return Array.isArray(a) ? a.join('; ') : '';
  } catch {
    return '';
  }
}
