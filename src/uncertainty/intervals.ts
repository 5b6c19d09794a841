import { createRequire } from 'node:module';

import { standardNormalCdf } from '../fit/statistics.ts';

const require = createRequire(import.meta.url);
type Quantile = (p: number, ...parameters: number[]) => number;
const quantiles: { t?: Quantile; normal?: Quantile } = {};

/**
 * Student's t quantile at p with the given degrees of freedom, from @stdlib, loaded on first
 * use like {@link normalQuantile}: the two packages' many small modules take about 0.1 s to
 * load, which every bootstrap worker thread (they only fit) would otherwise pay.
 */
function tQuantile(p: number, degreesOfFreedom: number): number {
  quantiles.t ??= require('@stdlib/stats-base-dists-t-quantile') as Quantile;
  return quantiles.t(p, degreesOfFreedom);
}

/** The normal distribution's quantile at p, from @stdlib, loaded on first use. */
function normalQuantile(p: number, mean: number, scale: number): number {
  quantiles.normal ??= require('@stdlib/stats-base-dists-normal-quantile') as Quantile;
  return quantiles.normal(p, mean, scale);
}

/** A two-sided interval at `level` (e.g. 0.95), [lower, upper]. */
export type Interval = [number, number];

/**
 * Quantile of sorted values by linear interpolation between order statistics (Hyndman and Fan
 * 1996, type 7, the default of R and numpy).
 */
export function quantileSorted(sorted: readonly number[], probability: number): number {
  const position = (sorted.length - 1) * probability;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/** Percentile bootstrap interval: the (1 - level)/2 and (1 + level)/2 quantiles of the draws. */
export function percentileInterval(draws: readonly number[], level: number): Interval {
  const sorted = [...draws].sort((a, b) => a - b);
  return [quantileSorted(sorted, (1 - level) / 2), quantileSorted(sorted, (1 + level) / 2)];
}

/**
 * Bias-corrected and accelerated (BCa) bootstrap interval (Efron 1987; Efron and Tibshirani
 * 1993, ch. 14). z0 = Phi^-1(share of draws below the estimate); the acceleration a comes
 * from jackknife values: a = sum (m - t_i)^3 / (6 (sum (m - t_i)^2)^(3/2)). The percentile
 * levels become Phi(z0 + (z0 + z) / (1 - a (z0 + z))) for z = Phi^-1((1 -+ level) / 2).
 * Returns null when z0 is infinite (every draw on one side of the estimate).
 */
export function bcaInterval(
  draws: readonly number[],
  estimate: number,
  jackknife: readonly number[],
  level: number,
): Interval | null {
  const sorted = [...draws].sort((a, b) => a - b);
  const below = sorted.filter((value) => value < estimate).length;
  const ties = sorted.filter((value) => value === estimate).length;
  const z0 = normalQuantile((below + 0.5 * ties) / sorted.length, 0, 1);
  if (!Number.isFinite(z0)) return null;
  const mean = jackknife.reduce((sum, value) => sum + value, 0) / jackknife.length;
  let cubes = 0;
  let squares = 0;
  for (const value of jackknife) {
    cubes += (mean - value) ** 3;
    squares += (mean - value) ** 2;
  }
  const acceleration = squares > 0 ? cubes / (6 * squares ** 1.5) : 0;
  const adjusted = (z: number) => {
    const shifted = z0 + z;
    return standardNormalCdf(z0 + shifted / (1 - acceleration * shifted));
  };
  const zLow = normalQuantile((1 - level) / 2, 0, 1);
  const zHigh = normalQuantile((1 + level) / 2, 0, 1);
  return [quantileSorted(sorted, adjusted(zLow)), quantileSorted(sorted, adjusted(zHigh))];
}

/**
 * Wald (delta-method) interval: estimate ± t(1 - (1 - level)/2, df) * standardError; the
 * normal quantile when df is Infinity.
 */
export function waldInterval(
  estimate: number,
  standardError: number,
  level: number,
  degreesOfFreedom = Infinity,
): Interval {
  const p = (1 + level) / 2;
  const q = Number.isFinite(degreesOfFreedom)
    ? tQuantile(p, degreesOfFreedom)
    : normalQuantile(p, 0, 1);
  return [estimate - q * standardError, estimate + q * standardError];
}

/** Sample standard deviation (n - 1 in the denominator). */
export function standardDeviation(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return NaN;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
}
