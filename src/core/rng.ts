/**
 * Seeded randomness for everything that must replay from a link: weight initialization,
 * batch order and the reparameterization noise. All draws happen in JS (not in a backend's
 * own RNG), so the same seed gives the same numbers on WebGL, WASM and CPU.
 *
 * Generator: mulberry32 (32-bit state, period 2^32), ample for a teaching tool.
 */

/** A stream of uniform numbers in [0, 1). */
export interface Rng {
  /** @returns a uniform draw in [0, 1). */
  uniform(): number;
  /** @returns a standard normal draw N(0, 1) (Box-Muller). */
  normal(): number;
}

/** @param seed any 32-bit integer; equal seeds give equal streams. */
export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  let spare: number | null = null;
  const uniform = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    // Box-Muller: u1 in (0, 1] so that log(u1) is finite.
    const u1 = 1 - uniform();
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
  return { uniform, normal };
}

/**
 * Derives an independent seed for a named purpose ("init", "batches", "eps") and an index,
 * so that streams do not overlap and a step's noise does not depend on earlier draws.
 */
export function deriveSeed(seed: number, purpose: string, index = 0): number {
  // FNV-1a over the purpose, mixed with the seed and index, then a murmur3 finalizer.
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (index >>> 0), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** @returns n standard normal draws. */
export function normalArray(rng: Rng, n: number, std = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.normal() * std;
  return out;
}

/** Fisher-Yates shuffle of 0..n-1. */
export function permutation(rng: Rng, n: number): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
