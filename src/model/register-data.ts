import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

/** One row of the register of local authorities (data/local-authorities.csv). */
export interface Authority {
  /** DfE three-digit code ("301"): the key. */
  code: string;
  ofstedUrn: string | null;
  onsCode: string | null;
  name: string;
  alsoKnownAs: string[];
  region: string | null;
  laType: string | null;
  /** DfE statistical neighbours, closest first. */
  statNeighbours: string[];
  website: string | null;
}

/** A predecessor replaced by its successors on a date (data/reorganisations.csv). */
export interface Reorganisation {
  predecessor: string;
  successors: string[];
  effective: string;
  legislation: string;
}

export interface RegisterData {
  authorities: Authority[];
  reorganisations: Reorganisation[];
  /** Extra names (data/aliases.csv), by code. */
  aliases: Array<{ code: string; alias: string }>;
}

/** The project's data/ folder: two levels above this module in src/ and in dist/ alike. */
export const DATA_DIR = join(resolve(dirname(fileURLToPath(import.meta.url)), '..', '..'), 'data');

const rows = (file: string): Array<Record<string, string>> =>
  parse(readFileSync(join(DATA_DIR, file), 'utf8'), { columns: true, skip_empty_lines: true, trim: true });

const orNull = (s: string | undefined) => (s && s.trim() ? s.trim() : null);
const codes = (s: string | undefined) => (s ?? '').split(',').map((c) => c.trim()).filter(Boolean);

/** Letters and digits only, lower case: to compare two spellings of one name. */
const squash = (s: string) => s.toLowerCase().replace(/&/g, 'and').replace(/[^a-z0-9]+/g, '');

/**
 * "[BCP, Bournemouth, Christchurch & Poole]" -> ["BCP", "Bournemouth, Christchurch & Poole"]:
 * split on commas, but pieces that together spell the authority's own name stay one alias.
 */
export function parseAliases(raw: string, name: string): string[] {
  const inner = raw.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
  if (!inner) return [];
  const pieces = inner.split(',').map((p) => p.trim()).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    let joined = false;
    for (let j = pieces.length; j > i + 1; j--) {
      const run = pieces.slice(i, j).join(', ');
      if (squash(run) === squash(name)) {
        out.push(run);
        i = j - 1;
        joined = true;
        break;
      }
    }
    if (!joined) out.push(pieces[i]!);
  }
  return out;
}

let cached: RegisterData | null = null;

/** The register as shipped in data/ (read once per process). */
export function registerData(): RegisterData {
  if (cached) return cached;
  const authorities = rows('local-authorities.csv').map(
    (r): Authority => ({
      code: r.la_code!,
      ofstedUrn: orNull(r.ofsted_urn),
      onsCode: orNull(r.ons_code),
      name: r.name!,
      alsoKnownAs: parseAliases(r.also_known_as ?? '', r.name!),
      region: orNull(r.region),
      laType: orNull(r.la_type),
      statNeighbours: codes(r.stat_neighbours),
      website: orNull(r.website),
    }),
  );
  const reorganisations = rows('reorganisations.csv').map(
    (r): Reorganisation => ({ predecessor: r.predecessor_code!, successors: codes(r.successor_codes), effective: r.effective_date!, legislation: r.legislation! }),
  );
  const aliases = rows('aliases.csv').map((r) => ({ code: r.la_code!, alias: r.alias! }));
  cached = { authorities, reorganisations, aliases };
  return cached;
}
