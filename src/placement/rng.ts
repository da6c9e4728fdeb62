/** A small seeded PRNG (mulberry32) so every shuffle and port pick can be replayed from the plan's seed. */

/** A deterministic source of uniform numbers in [0, 1). */
export interface Rng {
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

/** Folds a string or number seed into 32 bits (FNV-1a for strings), as Nomad folds the eval id. */
export function seedOf(seed: number | string): number {
  if (typeof seed === 'number') return seed >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Creates a mulberry32 generator from a seed. */
export function createRng(seed: number | string): Rng {
  let state = seedOf(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number): number => Math.floor(next() * n) };
}

/** Fisher–Yates shuffle in place (Nomad's ShuffleNodes). */
export function shuffle<T>(items: T[], rng: Rng): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
  return items;
}
