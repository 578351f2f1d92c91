import type { DB } from './database.js';
import { registerData } from '../register/data.js';

/** The `local_authorities` table made equal to the shipped register (upserts: documents refer to its codes). */
export function syncRegister(db: DB): void {
  const upsert = db.prepare(`INSERT INTO local_authorities (code, ofsted_urn, ons_code, name, also_known_as, region, la_type, stat_neighbours, website)
    VALUES (@code, @ofstedUrn, @onsCode, @name, @alsoKnownAs, @region, @laType, @statNeighbours, @website)
    ON CONFLICT(code) DO UPDATE SET ofsted_urn = excluded.ofsted_urn, ons_code = excluded.ons_code, name = excluded.name,
      also_known_as = excluded.also_known_as, region = excluded.region, la_type = excluded.la_type,
      stat_neighbours = excluded.stat_neighbours, website = excluded.website`);
  for (const a of registerData().authorities) {
    upsert.run({ ...a, alsoKnownAs: JSON.stringify(a.alsoKnownAs), statNeighbours: JSON.stringify(a.statNeighbours) });
  }
}
