import erfc from '@stdlib/math-base-special-erfc';
import { EigenvalueDecomposition, Matrix, inverse } from 'ml-matrix';

import type { FitProblem } from './problem.ts';

/** Covariance of the parameters, or null with the reason it could not be estimated. */
export interface CovarianceEstimate {
  covariance: number[][] | null;
  reason: string | null;
  /** Condition number of J^T J with columns scaled to unit norm (Infinity when singular). */
  conditionNumber: number;
  /** Sum of squared residuals in the objective's space. */
  residualSumOfSquares: number;
  method: string;
}

/**
 * Linearised covariance of the fitted parameters (natural units).
 *
 * - `ls`: s^2 (J^T J)^-1 with s^2 = RSS / (n - p) (scipy `curve_fit` with relative sigma).
 * - `log-huber`: the asymptotic covariance of a Huber M-estimator, (J^T J)^-1 * E[psi^2] /
 *   E[psi']^2, with J = d ln f / d p and the expectations taken for Gaussian log residuals of
 *   scale s (s^2 = RSS / (n - p)): E[psi'] = 2 Phi(u) - 1, E[psi^2] = s^2 (E[psi'] - 2 u phi(u))
 *   + delta^2 (1 - E[psi']), u = delta / s. As delta -> infinity this is the least-squares
 *   formula; as delta -> 0 it is pi / 2 times it (least absolute deviations).
 * Both are linearisations: trust them for well-identified parameters; use the bootstrap for
 * honest intervals when the objective is flat along a valley (Huber 1981, ch. 7; Besiroglu et
 * al. 2024).
 */
export function estimateCovariance(problem: FitProblem, params: Float64Array): CovarianceEstimate {
  const n = problem.size;
  const p = params.length;
  const residuals = problem.residuals(params);
  const residualSumOfSquares = residuals.reduce((sum, r) => sum + r * r, 0);
  const method =
    problem.objective === 'ls'
      ? 'linearised: s^2 (J^T J)^-1, s^2 = RSS / (n - p)'
      : "linearised Huber M-estimator: (J^T J)^-1 E[psi^2] / E[psi']^2 for Gaussian log residuals";
  const information = gramian(problem.jacobian(params), p);
  const conditionNumber = scaledConditionNumber(information);
  const fail = (reason: string): CovarianceEstimate => ({
    covariance: null,
    reason,
    conditionNumber,
    residualSumOfSquares,
    method,
  });
  if (n <= p) return fail(`no degrees of freedom left (${n} points, ${p} parameters)`);
  if (!Number.isFinite(conditionNumber) || conditionNumber > 1e15) {
    return fail('J^T J is singular at the optimum: some parameters are not identifiable');
  }
  const variance = residualSumOfSquares / (n - p);
  const factor = problem.objective === 'ls' ? variance : huberFactor(variance, problem.delta);
  let inverted: Matrix;
  try {
    inverted = inverse(information);
  } catch {
    return fail('J^T J could not be inverted');
  }
  const covariance = inverted.mul(factor).to2DArray();
  for (let a = 0; a < p; a++) {
    if (!(covariance[a]![a]! >= 0) || !Number.isFinite(covariance[a]![a]!)) {
      return fail('the covariance has a negative or non-finite variance (numerical breakdown)');
    }
  }
  return { covariance, reason: null, conditionNumber, residualSumOfSquares, method };
}

/** J^T J of Jacobian rows with p columns. */
export function gramian(rows: readonly ArrayLike<number>[], p: number): Matrix {
  const information = new Matrix(p, p);
  for (const row of rows) {
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) information.set(a, b, information.get(a, b) + row[a]! * row[b]!);
    }
  }
  return information;
}

/** E[psi^2] / E[psi']^2 for Huber's psi and Gaussian residuals of variance s^2. */
export function huberFactor(variance: number, delta: number): number {
  const s = Math.sqrt(variance);
  if (s === 0) return 0;
  const u = delta / s;
  const inside = 2 * standardNormalCdf(u) - 1;
  const density = Math.exp(-0.5 * u * u) / Math.sqrt(2 * Math.PI);
  const psiSquared = variance * (inside - 2 * u * density) + delta * delta * (1 - inside);
  return psiSquared / (inside * inside);
}

/** Phi(x), the standard normal CDF. */
export function standardNormalCdf(x: number): number {
  return 0.5 * erfc(-x / Math.SQRT2);
}

/** Condition number of a symmetric matrix after scaling it to unit diagonal. */
function scaledConditionNumber(matrix: Matrix): number {
  const p = matrix.rows;
  const scaled = new Matrix(p, p);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const d = Math.sqrt(matrix.get(a, a) * matrix.get(b, b));
      scaled.set(a, b, d > 0 ? matrix.get(a, b) / d : a === b ? 1 : 0);
    }
  }
  for (let a = 0; a < p; a++) if (!(matrix.get(a, a) > 0)) return Infinity;
  const eigenvalues = new EigenvalueDecomposition(scaled, { assumeSymmetric: true })
    .realEigenvalues;
  const largest = Math.max(...eigenvalues);
  const smallest = Math.min(...eigenvalues);
  return smallest > 0 ? largest / smallest : Infinity;
}
