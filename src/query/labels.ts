/** Display names of the model's codes (grades, areas, frameworks, kinds): shared by the web app and the export. */
export const label = (s: unknown): string => {
  const t = String(s ?? '')
    .replace(/_/g, ' ')
    .replace(/\blscb\b/g, 'LSCB');
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
};

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
