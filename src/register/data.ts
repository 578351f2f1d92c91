/** The register's data moved to src/model/register-data.ts (the bottom layer, so src/db may read it); kept for tests and scripts that import it here. */
export * from '../model/register-data.js';
