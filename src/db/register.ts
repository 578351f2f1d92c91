import type { DB } from './types.js';
import { registerData } from '../model/register-data.js';

/** The `local_authorities` table made equal to the shipped register (upserts: documents refer to its codes). */
export function syncRegister(db: DB): void {
  if (!registerOutOfSync(db)) return;
  const upsert = db.prepare(`INSERT INTO local_authorities (code, ofsted_urn, ons_code, name, also_known_as, region, la_type, stat_neighbours, website)
    VALUES (@code, @ofstedUrn, @onsCode, @name, @alsoKnownAs, @region, @laType, @statNeighbours, @website)
    ON CONFLICT(code) DO UPDATE SET ofsted_urn = excluded.ofsted_urn, ons_code = excluded.ons_code, name = excluded.name,
      also_known_as = excluded.also_known_as, region = excluded.region, la_type = excluded.la_type,
      stat_neighbours = excluded.stat_neighbours, website = excluded.website`);
  for (const a of registerData().authorities) {
    upsert.run({ ...a, alsoKnownAs: JSON.stringify(a.alsoKnownAs), statNeighbours: JSON.stringify(a.statNeighbours) });
  }
}

const ROW_COLUMNS = 'code, ofsted_urn, ons_code, name, also_known_as, region, la_type, stat_neighbours, website';

/** True when the table differs from the shipped register (read only: an up-to-date database takes no write lock). */
export function registerOutOfSync(db: DB): boolean {
  const have = db.prepare(`SELECT ${ROW_COLUMNS} FROM local_authorities`).all() as Array<Record<string, unknown>>;
  const byCode = new Map(have.map((r) => [r.code as string, r]));
  return registerData().authorities.some((a) => {
    const r = byCode.get(a.code);
    return (
      !r ||
      r.ofsted_urn !== a.ofstedUrn ||
      r.ons_code !== a.onsCode ||
      r.name !== a.name ||
      r.also_known_as !== JSON.stringify(a.alsoKnownAs) ||
      r.region !== a.region ||
      r.la_type !== a.laType ||
      r.stat_neighbours !== JSON.stringify(a.statNeighbours) ||
      r.website !== a.website
    );
  });
}
