import { predict, type PredictionPoint } from '../analysis/predict.ts';
import type { FitResult } from '../fit/fit-law.ts';
import { toParameterVector, type Law } from '../laws/law.ts';
import { waldInterval, type Interval } from './intervals.ts';

/**
 * Covariance-based intervals of the parameters: value ± t(df) * standard error, for the
 * fit's linearised covariance. Null when the fit has no covariance.
 */
export function parameterIntervals(fit: FitResult, level: number): Record<string, Interval> | null {
  if (fit.standardErrors === null) return null;
  const intervals: Record<string, Interval> = {};
  for (const [name, value] of Object.entries(fit.params)) {
    intervals[name] = waldInterval(value, fit.standardErrors[name]!, level, fit.degreesOfFreedom);
  }
  return intervals;
}

/**
 * Delta-method interval of a prediction: Var f = g^T Sigma g with g = d f / d p at the point;
 * with observation noise the residual variance s^2 = RSS / (n - p) is added (in y for least
 * squares; in ln y for log-Huber, where the interval is formed for ln y and exponentiated).
 * For C alone on a Chinchilla fit the gradient is taken along the compute-optimal frontier by
 * central differences. Null when the fit has no covariance.
 */
export function predictionInterval(
  law: Law,
  fit: FitResult,
  at: PredictionPoint,
  level: number,
  flopsPerParamToken = 6,
): { interval: Interval; intervalWithNoise: Interval } | null {
  if (fit.covariance === null || fit.degreesOfFreedom <= 0) return null;
  const p = toParameterVector(law, fit.params);
  const value = (params: number[]) =>
    predict(
      law,
      Object.fromEntries(law.parameters.map((s, j) => [s.name, params[j]!])),
      at,
      flopsPerParamToken,
    ).value;
  const center = value(p);
  const gradient = p.map((v, j) => {
    const step = 1e-6 * Math.max(Math.abs(v), 1e-8);
    const up = p.slice();
    const down = p.slice();
    up[j] = v + step;
    down[j] = v - step;
    return (value(up) - value(down)) / (2 * step);
  });
  let variance = 0;
  gradient.forEach((a, i) =>
    gradient.forEach((b, j) => {
      variance += a * fit.covariance![i]![j]! * b;
    }),
  );
  const noise = fit.residualSumOfSquares / fit.degreesOfFreedom;
  const df = fit.degreesOfFreedom;
  if (fit.objective.name === 'ls') {
    return {
      interval: waldInterval(center, Math.sqrt(variance), level, df),
      intervalWithNoise: waldInterval(center, Math.sqrt(variance + noise), level, df),
    };
  }
  // log-Huber: work in ln y, where the residuals live.
  const logVariance = variance / (center * center);
  const [lo, hi] = waldInterval(Math.log(center), Math.sqrt(logVariance), level, df);
  const [nlo, nhi] = waldInterval(Math.log(center), Math.sqrt(logVariance + noise), level, df);
  return {
    interval: [Math.exp(lo), Math.exp(hi)],
    intervalWithNoise: [Math.exp(nlo), Math.exp(nhi)],
  };
}
