/** The first n of items after a seeded shuffle (mulberry32), sorted: the same slice on every machine. */
export function seededSlice<T>(items: T[], n: number, seed: number): T[];
