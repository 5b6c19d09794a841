import { predict, type PredictionPoint } from '../analysis/predict.ts';
import { fitLaw, type FitOptions, type FitPoint, type FitResult } from '../fit/fit-law.ts';
import { toParameterVector, type Law } from '../laws/law.ts';
import { bcaInterval, percentileInterval, standardDeviation, type Interval } from './intervals.ts';
import { laws } from '../laws/index.ts';
import { uniformSource } from './random.ts';
import { resampleIndices, resampleSeed, type ResampleOutcome } from './resample.ts';

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

/** Everything one resample needs, in plain data (it crosses to worker threads). */
export interface ResampleContext {
  lawName: string;
  points: readonly FitPoint[];
  fitOptions: FitOptions;
  /** Full-data optimum, the warm start of every resample. */
  best: number[];
  /** Residual scale for prediction intervals with noise (y for ls, ln y for log-Huber). */
  noise: number;
  objective: 'ls' | 'log-huber';
  seed: number;
  clusters?: readonly (string | number)[];
  predictAt: PredictionPoint[];
  flopsPerParamToken: number;
}

/**
 * Resample `index` of a bootstrap: its own seeded stream, the resampled runs, a warm-started
 * refit, then the parameters and, per prediction point, the value without and with noise.
 * A pure function of the context and the index, so threads and order do not matter.
 */
export function evaluateResample(
  context: ResampleContext,
  index: number,
  law?: Law,
): ResampleOutcome {
  const resolved = law ?? laws[context.lawName];
  if (resolved === undefined) return { failed: `unknown law ${context.lawName}` };
  const uniform = uniformSource(resampleSeed(context.seed, index));
  const indices = resampleIndices(context.points.length, uniform, context.clusters);
  const outcome = safeFit(() => refit(resolved, context, indices));
  if ('failed' in outcome) return outcome;
  const values = toParameterVector(resolved, outcome.fit.params);
  for (const point of context.predictAt) {
    const value = predict(resolved, outcome.fit.params, point, context.flopsPerParamToken).value;
    const z = gaussian(uniform);
    const observed =
      context.objective === 'ls' ? value + context.noise * z : value * Math.exp(context.noise * z);
    values.push(value, observed);
  }
  return { values };
}

function refit(law: Law, context: ResampleContext, indices: number[]): FitResult {
  const sample = indices.map((i) => context.points[i]!);
  const sigma = context.fitOptions.sigma;
  const options: FitOptions = {
    relativeTolerance: 1e-10,
    ...context.fitOptions,
    warmStarts: [context.best],
    // Only the parameters and the status of a resample's fit are read.
    diagnostics: false,
  };
  if (sigma !== undefined) options.sigma = indices.map((i) => sigma[i]!);
  return fitLaw(law, sample, options);
}

/** The context of a bootstrap of `fit`. */
export function resampleContext(
  law: Law,
  points: readonly FitPoint[],
  fit: FitResult,
  fitOptions: FitOptions,
  options: FitBootstrapOptions,
): ResampleContext {
  const context: ResampleContext = {
    lawName: law.name,
    points,
    fitOptions,
    best: toParameterVector(law, fit.params),
    noise:
      fit.degreesOfFreedom > 0 ? Math.sqrt(fit.residualSumOfSquares / fit.degreesOfFreedom) : 0,
    objective: fit.objective.name,
    seed: options.seed ?? 0,
    predictAt: options.predictAt ?? [],
    flopsPerParamToken: options.flopsPerParamToken ?? 6,
  };
  if (options.clusters !== undefined) context.clusters = options.clusters;
  return context;
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
  const context = resampleContext(law, points, fit, fitOptions, options);
  const resamples = options.resamples ?? 1000;
  const outcomes: ResampleOutcome[] = [];
  for (let index = 0; index < resamples; index++) {
    outcomes.push(evaluateResample(context, index, law));
    options.onProgress?.(index + 1, resamples);
  }
  return summariseBootstrap(law, fit, context, outcomes, options);
}

/**
 * Turn the outcomes of all resamples (in index order) into intervals and standard errors;
 * with `bca`, the jackknife (leave one run or group out) runs here.
 */
export function summariseBootstrap(
  law: Law,
  fit: FitResult,
  context: ResampleContext,
  outcomes: readonly ResampleOutcome[],
  options: FitBootstrapOptions,
): FitUncertainty {
  const level = options.level ?? 0.95;
  const method = options.method ?? 'percentile';
  const k = context.flopsPerParamToken;
  const at = context.predictAt;
  const best = context.best;
  const names = law.parameters.map((spec) => spec.name);

  // 1. Successful draws and failures by reason.
  const rows: number[][] = [];
  const failures: Record<string, number> = {};
  for (const outcome of outcomes) {
    if ('values' in outcome && outcome.values.every(Number.isFinite)) rows.push(outcome.values);
    else {
      const reason = 'failed' in outcome ? outcome.failed : 'a statistic was not finite';
      failures[reason] = (failures[reason] ?? 0) + 1;
    }
  }

  // 2. Jackknife for BCa: leave one run (or group) out.
  let jackknife: number[][] | null = null;
  if (method === 'bca') {
    const labels = context.clusters ?? context.points.map((_, i) => i);
    jackknife = [];
    for (const left of new Set(labels)) {
      const indices = labels.flatMap((label, i) => (label === left ? [] : [i]));
      const outcome = safeFit(() => refit(law, context, indices));
      if ('fit' in outcome) {
        const values = toParameterVector(law, outcome.fit.params);
        for (const point of at) values.push(predict(law, outcome.fit.params, point, k).value);
        jackknife.push(values);
      }
    }
  }

  // 3. Intervals and standard errors.
  const column = (j: number) => rows.map((row) => row[j]!);
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
    const prediction = predict(law, fit.params, point, k);
    return {
      at: prediction.at,
      interval: intervalOf(offset, prediction.value, names.length + m),
      intervalWithNoise: percentileInterval(column(offset + 1), level),
    };
  });
  return {
    method,
    level,
    resamples: outcomes.length,
    seed: context.seed,
    unit: context.clusters === undefined ? 'run' : 'group',
    failed: outcomes.length - rows.length,
    failures,
    intervals,
    standardErrors,
    predictions,
    draws: rows.map((row) => row.slice(0, names.length)),
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

/** One standard normal draw by Box-Muller from a uniform source. */
function gaussian(uniform: () => number): number {
  const u = Math.max(uniform(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * uniform());
}
