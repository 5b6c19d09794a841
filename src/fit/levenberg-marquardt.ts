import { levenbergMarquardt as libraryStep } from 'ml-levenberg-marquardt';

import type { LocalResult } from './lbfgs.ts';
import type { FitProblem } from './problem.ts';

/** Options of {@link levenbergMarquardt}. */
export interface LevenbergMarquardtOptions {
  /** @defaultValue 500 */
  maxIterations?: number;
  /** Relative decrease of the sum of squares that counts as none. @defaultValue 1e-14 */
  relativeTolerance?: number;
}

/**
 * Least squares by Levenberg-Marquardt, with ml-levenberg-marquardt 5.1.0 doing each step's
 * linear algebra and this wrapper fixing its traps (../shared/domain.md):
 * - it keeps every step, even one that raises the error, and runs all iterations with no
 *   relative test: here each call makes one step, which is accepted only if it lowers the sum
 *   of squares, and the damping is raised or lowered by the wrapper;
 * - its damping is lambda * I, which depends on the units: here the parameters are scaled so
 *   that the Jacobian's columns have unit norm at the start (Marquardt's scaling), and
 *   log-scale parameters are moved as logarithms;
 * - it takes sigma weights as their squares' reciprocals in a form easy to misread: here the
 *   data and the model are both divided by sigma, and no weights are passed;
 * - a bad region throws ("Matrix is not symmetric"): caught, and treated as a rejected step.
 * Convergence is relative to the sum of squares, and the result says which test fired.
 */
export function levenbergMarquardt(
  problem: FitProblem,
  theta0: ArrayLike<number>,
  options: LevenbergMarquardtOptions = {},
): LocalResult {
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.relativeTolerance ?? 1e-14;
  const count = theta0.length;
  const n = problem.size;
  const sigma = problem.sigma;
  const scaledY = Array.from(problem.y, (y, i) => y / (sigma?.[i] ?? 1));
  const indices = Array.from({ length: n }, (_, i) => i);
  const natural = new Float64Array(count);
  const partials = new Float64Array(count);

  // 1. Column scales from the Jacobian at the start: q_j = theta_j / scale_j.
  const theta = Float64Array.from(theta0);
  const scale = columnScales(problem, theta);
  const toTheta = (q: ArrayLike<number>) => Float64Array.from(q, (v, j) => v * scale[j]!);
  const model = (q: number[]) => {
    const p = problem.toNatural(toTheta(q), natural);
    return (i: number) => problem.law.predict(p, problem.rows[i]!) / (sigma?.[i] ?? 1);
  };
  const jacobian = (q: number[]) => {
    const p = problem.toNatural(toTheta(q), natural);
    return (i: number) => {
      problem.law.gradient(p, problem.rows[i]!, partials);
      const s = sigma?.[i] ?? 1;
      // A plain loop: Array.from with a map function dominated fits of thousands of points.
      const row = new Array<number>(count);
      for (let j = 0; j < count; j++) {
        row[j] = (partials[j]! * (problem.isLog[j] ? p[j]! : 1) * scale[j]!) / s;
      }
      return row;
    };
  };
  const minValues = Array.from(problem.lower, (v, j) => v / scale[j]!);
  const maxValues = Array.from(problem.upper, (v, j) => v / scale[j]!);

  // 2. One library step per call; accept it only if the sum of squares falls.
  let q = Array.from(theta, (v, j) => v / scale[j]!);
  let sse = problem.value(theta);
  const scaleOfProblem = Math.max(sse, Number.MIN_VALUE);
  let damping = 1;
  let evaluations = 1;
  let quiet = 0;
  let iteration = 0;
  let status: LocalResult['status'] = 'max-iterations';
  let message = `stopped after ${maxIterations} iterations`;
  for (; iteration < maxIterations; iteration++) {
    if (sse <= 1e-30 * sumOfSquares(scaledY)) {
      status = 'converged';
      message = 'sum of squares is zero to machine precision';
      break;
    }
    let next: { parameterValues: number[]; parameterError: number } | null = null;
    try {
      next = libraryStep({ x: indices, y: scaledY }, model, {
        initialValues: q,
        damping,
        maxIterations: 1,
        errorTolerance: 0,
        jacobianFunction: jacobian,
        minValues,
        maxValues,
      });
    } catch {
      next = null;
    }
    evaluations += 2;
    const improved =
      next !== null && Number.isFinite(next.parameterError) && next.parameterError < sse;
    if (improved) {
      const decrease = sse - next!.parameterError;
      q = next!.parameterValues;
      sse = next!.parameterError;
      damping = Math.max(damping / 9, 1e-15);
      quiet = decrease <= tolerance * Math.max(sse, 1e-300) ? quiet + 1 : 0;
      if (quiet >= 2) {
        status = 'converged';
        message = `sum of squares fell by less than ${tolerance} relative in 2 steps`;
        iteration++;
        break;
      }
    } else {
      damping *= 11;
      if (damping > 1e16) {
        status = sse <= scaleOfProblem ? 'converged' : 'stalled';
        message =
          'no step lowers the sum of squares at any damping (a minimum to machine precision)';
        break;
      }
    }
  }
  return { x: toTheta(q), value: sse, iterations: iteration, evaluations, status, message };
}

/** Norms of the Jacobian's columns in internal coordinates (1 where a column is zero). */
function columnScales(problem: FitProblem, theta: Float64Array): Float64Array {
  const p = problem.toNatural(theta);
  const partials = new Float64Array(theta.length);
  const norms = new Float64Array(theta.length);
  problem.rows.forEach((row, i) => {
    problem.law.gradient(p, row, partials);
    const s = problem.sigma?.[i] ?? 1;
    for (let j = 0; j < theta.length; j++) {
      const d = (partials[j]! * (problem.isLog[j] ? p[j]! : 1)) / s;
      norms[j]! += d * d;
    }
  });
  return norms.map((v) => (v > 0 && Number.isFinite(v) ? 1 / Math.sqrt(v) : 1));
}

function sumOfSquares(values: number[]): number {
  return values.reduce((sum, v) => sum + v * v, 0);
}
