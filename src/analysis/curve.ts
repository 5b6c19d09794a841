import { computeOptimal } from '../laws/chinchilla.ts';
import { bisectLog, type Law } from '../laws/law.ts';

/**
 * A fitted law read as a curve of one resource: y(x) for one-input laws; for laws of N and D,
 * the loss as a function of compute C, along the compute-optimal frontier (default) or at a
 * fixed number of tokens per parameter.
 */
export interface Curve {
  law: Law;
  /** Parameter vector in the law's order. */
  params: readonly number[];
  /** For laws of N and D: tokens per parameter D / N; undefined for the optimal frontier. */
  tokensPerParameter?: number;
  /** k in C = k N D. @defaultValue 6 */
  flopsPerParamToken?: number;
}

/** The curve's value at resource x (C in FLOPs for laws of N and D). */
export function levelAt(curve: Curve, x: number): number {
  const { law, params } = curve;
  if (law.inputs.length === 1) return law.predict(params, [x]);
  const k = curve.flopsPerParamToken ?? 6;
  if (curve.tokensPerParameter === undefined) return computeOptimal(params, x, k).loss;
  const N = Math.sqrt(x / (k * curve.tokensPerParameter));
  return law.predict(params, [N, curve.tokensPerParameter * N]);
}

/** The resource at which the curve reaches `level`, or null when it never does. */
export function resourceAt(curve: Curve, level: number): number | null {
  const { law, params } = curve;
  if (law.inputs.length === 1 || curve.tokensPerParameter === undefined) {
    const x = law.inverse(params, level);
    return x !== null && Number.isFinite(x) && x > 0 ? x : null;
  }
  return bisectLog((x) => levelAt(curve, x), level, 1, 1e60);
}
