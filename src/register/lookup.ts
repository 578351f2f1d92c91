import type { Authority } from '../model/register-data.js';
import { registerIndex, resolveName } from './match.js';

/** An authority as a user names it on the command line: a DfE code ("301"), a name or an alias. */
export function lookupAuthority(text: string): { ok: true; authority: Authority } | { ok: false; reason: string } {
  const index = registerIndex();
  const t = text.trim();
  if (/^\d{3}$/.test(t)) {
    const a = index.byCode.get(t);
    return a ? { ok: true, authority: a } : { ok: false, reason: `no authority in the register has the code ${t}` };
  }
  const r = resolveName(t, null, index);
  return r.ok ? { ok: true, authority: r.authority } : r;
}

/** The authority and its DfE statistical neighbours, closest first. */
export function withNeighbours(a: Authority): string[] {
  return [a.code, ...a.statNeighbours];
}

/** The register's regions. */
export function regions(): string[] {
  return [...new Set([...registerIndex().byCode.values()].map((a) => a.region).filter((r): r is string => !!r))].sort();
}
