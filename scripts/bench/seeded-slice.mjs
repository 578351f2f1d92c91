// A seeded shuffle (mulberry32), so a slice of the corpus is the same on every machine: used by
// scripts/bench.ts and scripts/bench/cpu-ratio.mjs (plain JavaScript, so both can import it).

/**
 * The first n of items after a seeded shuffle, sorted.
 * @template T
 * @param {T[]} items
 * @param {number} n
 * @param {number} seed
 * @returns {T[]}
 */
export function seededSlice(items, n, seed) {
  let s = seed >>> 0;
  const rnd = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, n).sort();
}
