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
  return new Mulberry32(seed);
}

/** mulberry32, as a class: its methods live on the prototype, so a generator is one small object (one is made per world). */
class Mulberry32 implements Rng {
  private a: number;

  constructor(seed: number) {
    this.a = seed >>> 0;
  }

  next(): number {
    this.a = (this.a + 0x6d2b79f5) >>> 0;
    let t = this.a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }
}
