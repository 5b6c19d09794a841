import type { FitOptions, FitPoint, FitResult } from '../fit/fit-law.ts';
import { computeOptimal, type ComputeOptimalPoint } from '../laws/chinchilla.ts';
import { toParameterVector, type Law } from '../laws/law.ts';
import { bootstrapFit } from '../uncertainty/bootstrap-fit.ts';
import { percentileInterval, type Interval } from '../uncertainty/intervals.ts';

/** The compute-optimal allocation at a budget, with intervals when a bootstrap was run. */
export interface OptimalAllocation extends ComputeOptimalPoint {
  intervals: Record<'N' | 'D' | 'tokensPerParameter' | 'loss', Interval> | null;
  level: number;
  resamples: number;
  failed: number;
}

/**
 * Compute-optimal N, D, tokens per parameter and predicted loss at each budget for a fitted
 * Chinchilla law (Hoffmann et al. 2022, appendix D.2), with percentile intervals from a
 * bootstrap of the runs: small changes of alpha and beta move D/N by several times, which is
 * why the interval matters.
 */
export function optimalAllocation(
  law: Law,
  points: readonly FitPoint[],
  fit: FitResult,
  budgets: readonly number[],
  options: {
    fitOptions?: FitOptions;
    resamples?: number;
    seed?: number;
    level?: number;
    flopsPerParamToken?: number;
    onProgress?: (done: number, total: number) => void;
  } = {},
): OptimalAllocation[] {
  const k = options.flopsPerParamToken ?? 6;
  const level = options.level ?? 0.95;
  const resamples = options.resamples ?? 0;
  const p = toParameterVector(law, fit.params);
  let draws: number[][] = [];
  let failed = 0;
  if (resamples > 0) {
    const result = bootstrapFit(law, points, fit, options.fitOptions ?? {}, {
      resamples,
      seed: options.seed ?? 0,
      level,
      onProgress: options.onProgress,
    });
    draws = result.draws;
    failed = result.failed;
  }
  return budgets.map((C) => {
    const point = computeOptimal(p, C, k);
    let intervals: OptimalAllocation['intervals'] = null;
    if (draws.length >= 2) {
      const samples = draws.map((params) => computeOptimal(params, C, k));
      const of = (key: 'N' | 'D' | 'tokensPerParameter' | 'loss') =>
        percentileInterval(
          samples.map((sample) => sample[key]),
          level,
        );
      intervals = {
        N: of('N'),
        D: of('D'),
        tokensPerParameter: of('tokensPerParameter'),
        loss: of('loss'),
      };
    }
    return { ...point, intervals, level, resamples, failed };
  });
}
