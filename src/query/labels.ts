/** Display names of the model's codes (grades, areas, frameworks, kinds): shared by the web app and the export. */
export const label = (s: unknown): string => {
  const t = String(s ?? '')
    .replace(/_/g, ' ')
    .replace(/\blscb\b/g, 'LSCB')
    .replace(/^send\b/, 'SEND');
  return t.charAt(0).toUpperCase() + t.slice(1);
};

const FRAMEWORK_NAMES: Record<string, string> = {
  slac: 'SLAC',
  cp2012: 'Child protection 2012',
  sif: 'SIF',
  ilacs: 'ILACS',
  ilacs2026: 'ILACS 2026',
  focused_visit: 'Focused visit',
  monitoring_visit: 'Monitoring visit',
  jtai: 'JTAI',
  area_send: 'Area SEND',
  local_area_send: 'Local area SEND',
};

const ITEM_KIND_NAMES: Record<string, string> = {
  recommendation: 'Recommendation',
  area_for_improvement: 'Area for improvement',
  priority_action: 'Priority action',
};

/** An item's kind as a person reads it ("Priority action"). */
export const itemKindName = (k: unknown): string => (k ? (ITEM_KIND_NAMES[String(k)] ?? label(k)) : '');

/** A framework's usual name; a framework added to the model later shows as its code, capitalised. */
export const frameworkName = (f: unknown): string => (f ? (FRAMEWORK_NAMES[String(f)] ?? label(f)) : '');

/** An action's leads (a JSON array in the database) as "a; b". */
export function leadsText(v: unknown): string {
  try {
    const a = JSON.parse(String(v ?? '[]'));
    return Array.isArray(a) ? a.join('; ') : '';
  } catch {
    return '';
  }
}
