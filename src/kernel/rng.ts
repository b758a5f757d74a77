/**
 * A small seeded pseudo-random generator (mulberry32). The world never calls Math.random:
 * every random choice comes from one of these, so a seed reproduces an exact run.
 */

export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/**
 * Create a generator from a 32-bit seed.
 * @example const rng = createRng(42); rng.int(6) // always the same first roll for seed 42
 */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * n) };
}
