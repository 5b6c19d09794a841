/**
 * Seeded random sources: the same seed gives the same sequence on every machine, so bootstraps
 * and generated data are reproducible.
 */

/** Uniform draws in [0, 1) from Mulberry32 (Tommy Ettinger's 32-bit generator). */
export function uniformSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws by the Box-Muller transform over a seeded uniform source. */
export function normalSource(seed: number): () => number {
  const uniform = uniformSource(seed);
  return () => {
    const u = Math.max(uniform(), Number.MIN_VALUE);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
  };
}
