import type { LbfgsOptions, LocalResult, ValueAndGradient } from './lbfgs.ts';
import { lbfgs } from './lbfgs.ts';

/**
 * L-BFGS in coordinates where a curvature estimate M becomes the identity: x = x0 + L^-T phi
 * with M = L L^T (Cholesky). For the Chinchilla objective in (ln A, alpha) the coupling through
 * ln N (about 20) makes plain L-BFGS crawl along the valley; with M = J^T J of the log
 * predictions it moves along it directly. Bounds become an infinite objective outside the box,
 * so a fit that ends at a bound should be polished by the projected solver afterwards.
 *
 * @param curvature - M, p x p row-major, symmetric positive semi-definite (a small ridge is added)
 */
export function preconditionedLbfgs(
  fg: ValueAndGradient,
  x0: ArrayLike<number>,
  curvature: Float64Array,
  options: LbfgsOptions = {},
): LocalResult {
  const p = x0.length;
  const lower = options.lower ?? new Array<number>(p).fill(-Infinity);
  const upper = options.upper ?? new Array<number>(p).fill(Infinity);
  const factor = cholesky(curvature, p);
  if (factor === null) return lbfgs(fg, x0, options);
  const origin = Float64Array.from(x0);
  const x = new Float64Array(p);
  const g = new Float64Array(p);
  const toX = (phi: ArrayLike<number>) => {
    // Solve L^T v = phi (back substitution), then x = x0 + v.
    for (let i = p - 1; i >= 0; i--) {
      let sum = phi[i]!;
      for (let j = i + 1; j < p; j++) sum -= factor[j * p + i]! * x[j]!;
      x[i] = sum / factor[i * p + i]!;
    }
    for (let i = 0; i < p; i++) x[i]! += origin[i]!;
    return x;
  };
  const transformed: ValueAndGradient = (phi, gradient) => {
    const point = toX(phi);
    for (let i = 0; i < p; i++) {
      if (point[i]! < lower[i]! || point[i]! > upper[i]!) return Infinity;
    }
    const value = fg(point, g);
    // gradient in phi = L^-1 g (forward substitution).
    for (let i = 0; i < p; i++) {
      let sum = g[i]!;
      for (let j = 0; j < i; j++) sum -= factor[i * p + j]! * gradient[j]!;
      gradient[i] = sum / factor[i * p + i]!;
    }
    return value;
  };
  const result = lbfgs(transformed, new Float64Array(p), {
    ...options,
    lower: undefined,
    upper: undefined,
  });
  return { ...result, x: Float64Array.from(toX(result.x)) };
}

/** Lower Cholesky factor of M + ridge * mean(diag) * I, row-major; null if not positive. */
function cholesky(matrix: Float64Array, p: number): Float64Array | null {
  let trace = 0;
  for (let i = 0; i < p; i++) trace += matrix[i * p + i]!;
  const ridge = (1e-10 * trace) / p;
  const factor = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * p + j]! + (i === j ? ridge : 0);
      for (let k = 0; k < j; k++) sum -= factor[i * p + k]! * factor[j * p + k]!;
      if (i === j) {
        if (!(sum > 0)) return null;
        factor[i * p + i] = Math.sqrt(sum);
      } else {
        factor[i * p + j] = sum / factor[j * p + j]!;
      }
    }
  }
  return factor;
}
