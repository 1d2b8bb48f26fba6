/** Seeded random weights for the tiny BERT: the same seed gives the same floats on every platform. */

/**
 * A seeded PRNG (mulberry32). Only integer operations and one exact division, so the same seed gives the
 * same floats on every platform and Node version — which is what makes the fixture byte-identical.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` floats drawn uniformly from [-scale, scale). */
export function uniform(random: () => number, count: number, scale: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (random() * 2 - 1) * scale;
  return out;
}
