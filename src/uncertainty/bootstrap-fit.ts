import { predict, type PredictionPoint } from '../analysis/predict.ts';
import { fitLaw, type FitOptions, type FitPoint, type FitResult } from '../fit/fit-law.ts';
import { toParameterVector, type Law } from '../laws/law.ts';
import { bcaInterval, percentileInterval, standardDeviation, type Interval } from './intervals.ts';
import { resampleIndices, runBootstrap, type ResampleOutcome } from './resample.ts';

/** Options of {@link bootstrapFit}. */
export interface FitBootstrapOptions {
  /** Number of resamples. @defaultValue 1000 */
  resamples?: number;
  /** Seed: the same seed gives the same result on any machine. @defaultValue 0 */
  seed?: number;
  /** Interval level in (0, 1). @defaultValue 0.95 */
  level?: number;
  /**
   * `percentile`, or `bca` (bias-corrected and accelerated; costs one extra fit per run or
   * group for the jackknife). @defaultValue 'percentile'
   */
  method?: 'percentile' | 'bca';
  /** One label per point: resample whole groups (all runs of one model size). */
  clusters?: readonly (string | number)[];
  /** Points at which to bootstrap predictions too. */
  predictAt?: PredictionPoint[];
  /** k in C = k N D for predictions at C. @defaultValue 6 */
  flopsPerParamToken?: number;
  /** Called after each resample (the CLI draws a progress bar; the library never prints). */
  onProgress?: (done: number, total: number) => void;
}

/** A prediction's bootstrap interval, without and with observation noise. */
export interface PredictionUncertainty {
  at: PredictionPoint;
  /** Interval of the fitted curve's value (uncertainty of the parameters only). */
  interval: Interval;
  /** Interval of a new observation there: parameters plus the fit's residual noise. */
  intervalWithNoise: Interval;
}

/** Bootstrap uncertainty of a fit. */
export interface FitUncertainty {
  method: 'percentile' | 'bca';
  level: number;
  resamples: number;
  seed: number;
  /** `run` (runs resampled) or `group` (whole clusters resampled). */
  unit: 'run' | 'group';
  /** Resamples whose fit failed or did not converge, with the reasons. */
  failed: number;
  failures: Record<string, number>;
  intervals: Record<string, Interval>;
  /** Standard deviation of each parameter over the resamples. */
  standardErrors: Record<string, number>;
  predictions: PredictionUncertainty[];
  /** Parameter draws of the successful resamples (rows in the law's parameter order). */
  draws: number[][];
}

/**
 * Non-parametric bootstrap of a fit: resample the runs (or whole groups) with replacement,
 * refit each resample warm-started at the full-data optimum, and read intervals off the
 * spread (Efron and Tibshirani 1993; Besiroglu et al. 2024 use 4,000 resamples of runs).
 * A resample whose fit throws or does not converge is counted as failed, never dropped silently.
 *
 * @example
 * const fit = fitLaw(chinchilla, points, { objective: 'log-huber' });
 * const uncertainty = bootstrapFit(chinchilla, points, fit, { objective: 'log-huber' });
 * uncertainty.intervals.alpha; // [lower, upper] at 95%
 */
export function bootstrapFit(
  law: Law,
  points: readonly FitPoint[],
  fit: FitResult,
  fitOptions: FitOptions = {},
  options: FitBootstrapOptions = {},
): FitUncertainty {
  const resamples = options.resamples ?? 1000;
  const seed = options.seed ?? 0;
  const level = options.level ?? 0.95;
  const method = options.method ?? 'percentile';
  const k = options.flopsPerParamToken ?? 6;
  const at = options.predictAt ?? [];
  const best = toParameterVector(law, fit.params);
  const names = law.parameters.map((spec) => spec.name);
  const noise = noiseScale(fit);
  const refit = (indices: number[]): FitResult => {
    const sample = indices.map((i) => points[i]!);
    const sigma = fitOptions.sigma;
    const options: FitOptions = { relativeTolerance: 1e-10, ...fitOptions, warmStarts: [best] };
    if (sigma !== undefined) options.sigma = indices.map((i) => sigma[i]!);
    return fitLaw(law, sample, options);
  };

  // 1. Resamples: parameters, then each prediction without and with noise.
  const draws = runBootstrap({
    resamples,
    seed,
    onProgress: options.onProgress,
    evaluate: (uniform): ResampleOutcome => {
      const indices = resampleIndices(points.length, uniform, options.clusters);
      const outcome = safeFit(() => refit(indices));
      if ('failed' in outcome) return outcome;
      const values = toParameterVector(law, outcome.fit.params);
      for (const point of at) {
        const value = predict(law, outcome.fit.params, point, k).value;
        const z = gaussian(uniform);
        const observed =
          fit.objective.name === 'ls' ? value + noise * z : value * Math.exp(noise * z);
        values.push(value, observed);
      }
      return { values };
    },
  });

  // 2. Jackknife for BCa: leave one run (or group) out.
  let jackknife: number[][] | null = null;
  if (method === 'bca') {
    const labels = options.clusters ?? points.map((_, i) => i);
    const distinct = [...new Set(labels)];
    jackknife = [];
    for (const left of distinct) {
      const indices = labels.flatMap((label, i) => (label === left ? [] : [i]));
      const outcome = safeFit(() => refit(indices));
      if ('fit' in outcome) {
        const values = toParameterVector(law, outcome.fit.params);
        for (const point of at) values.push(predict(law, outcome.fit.params, point, k).value);
        jackknife.push(values);
      }
    }
  }

  // 3. Intervals and standard errors.
  const column = (j: number) => draws.values.map((row) => row[j]!);
  const intervalOf = (j: number, estimate: number, jackColumn: number | null): Interval => {
    const values = column(j);
    if (values.length < 2) return [NaN, NaN];
    if (jackknife !== null && jackColumn !== null) {
      const bca = bcaInterval(
        values,
        estimate,
        jackknife.map((row) => row[jackColumn]!),
        level,
      );
      if (bca !== null) return bca;
    }
    return percentileInterval(values, level);
  };
  const intervals: Record<string, Interval> = {};
  const standardErrors: Record<string, number> = {};
  names.forEach((name, j) => {
    intervals[name] = intervalOf(j, best[j]!, j);
    standardErrors[name] = standardDeviation(column(j));
  });
  const predictions = at.map((point, m) => {
    const offset = names.length + 2 * m;
    const estimate = predict(law, fit.params, point, k).value;
    return {
      at: predict(law, fit.params, point, k).at,
      interval: intervalOf(offset, estimate, names.length + m),
      intervalWithNoise: percentileInterval(column(offset + 1), level),
    };
  });
  return {
    method,
    level,
    resamples,
    seed,
    unit: options.clusters === undefined ? 'run' : 'group',
    failed: draws.failed,
    failures: draws.failures,
    intervals,
    standardErrors,
    predictions,
    draws: draws.values.map((row) => row.slice(0, names.length)),
  };
}

/** Fit, turning a throw or a non-converged status into a failure reason. */
export function safeFit(action: () => FitResult): { fit: FitResult } | { failed: string } {
  try {
    const fit = action();
    if (fit.status === 'converged' || fit.status === 'at-bound') return { fit };
    return { failed: `fit ${fit.status}` };
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { failed: code === undefined ? 'fit threw an error' : `fit error ${code}` };
  }
}

/** Residual scale of a fit: sqrt(RSS / (n - p)) in its objective's space (y or ln y). */
function noiseScale(fit: FitResult): number {
  return fit.degreesOfFreedom > 0 ? Math.sqrt(fit.residualSumOfSquares / fit.degreesOfFreedom) : 0;
}

/** One standard normal draw by Box-Muller from a uniform source. */
function gaussian(uniform: () => number): number {
  const u = Math.max(uniform(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}
