import { fitLaw, type FitOptions, type FitResult } from '../fit/fit-law.ts';
import { chinchilla } from '../laws/chinchilla.ts';
import { lossToAccuracy } from '../laws/loss-to-accuracy.ts';
import { toParameterVector } from '../laws/law.ts';
import { percentileInterval, type Interval } from '../uncertainty/intervals.ts';
import { resampleIndices, runBootstrap } from '../uncertainty/resample.ts';
import { safeFit } from '../uncertainty/bootstrap-fit.ts';

/** The runs of a ladder for step 1: parameters N, tokens D and the task loss. */
export interface TaskLossRun {
  N: number;
  D: number;
  loss: number;
}

/** Checkpoints for step 2: task loss and accuracy. */
export interface LossAccuracyPoint {
  loss: number;
  accuracy: number;
}

/** The chained prediction at one target model. */
export interface TwoStepPrediction {
  N: number;
  D: number;
  loss: { value: number; interval: Interval | null };
  accuracy: { value: number; interval: Interval | null };
}

/** What {@link twoStepPrediction} returns. */
export interface TwoStepResult {
  step1: FitResult;
  step2: FitResult;
  predictions: TwoStepPrediction[];
  bootstrap: {
    resamples: number;
    seed: number;
    failed: number;
    failures: Record<string, number>;
  } | null;
}

/**
 * Two-step downstream prediction: (N, D) -> task loss through the Chinchilla law fitted to the
 * ladder's final task losses, then task loss -> accuracy through the loss-to-accuracy sigmoid
 * fitted to every checkpoint's (loss, accuracy). Intervals are chained by a bootstrap that
 * resamples the runs of step 1 and the checkpoints of step 2 independently, refits both and
 * predicts through both.
 *
 * References: Llama 3 report 2024, arXiv 2407.21783 (sec. 3.2.1); Bhagia et al. 2024,
 * arXiv 2412.04403 (model ladders).
 */
export function twoStepPrediction(
  runs: readonly TaskLossRun[],
  checkpoints: readonly LossAccuracyPoint[],
  targets: readonly { N: number; D: number }[],
  options: {
    objective?: FitOptions['objective'];
    resamples?: number;
    seed?: number;
    level?: number;
  } = {},
): TwoStepResult {
  const objective = options.objective ?? 'log-huber';
  const level = options.level ?? 0.95;
  const step1Points = runs.map((r) => ({ N: r.N, D: r.D, y: r.loss }));
  const step2Points = checkpoints.map((c) => ({ x: c.loss, y: c.accuracy }));
  const step1 = fitLaw(chinchilla, step1Points, { objective });
  const step2 = fitLaw(lossToAccuracy, step2Points);
  const chain = (p1: number[], p2: number[]) =>
    targets.flatMap((t) => {
      const loss = chinchilla.predict(p1, [t.N, t.D]);
      return [loss, lossToAccuracy.predict(p2, [loss])];
    });
  const best1 = toParameterVector(chinchilla, step1.params);
  const best2 = toParameterVector(lossToAccuracy, step2.params);
  const central = chain(best1, best2);

  let intervals: (Interval | null)[] = central.map(() => null);
  let bootstrap: TwoStepResult['bootstrap'] = null;
  const resamples = options.resamples ?? 0;
  if (resamples > 0) {
    const draws = runBootstrap({
      resamples,
      seed: options.seed ?? 0,
      evaluate: (uniform) => {
        const a = resampleIndices(step1Points.length, uniform).map((i) => step1Points[i]!);
        const b = resampleIndices(step2Points.length, uniform).map((i) => step2Points[i]!);
        const first = safeFit(() =>
          fitLaw(chinchilla, a, { objective, warmStarts: [best1], ...RESAMPLE_FIT }),
        );
        if ('failed' in first) return first;
        const second = safeFit(() =>
          fitLaw(lossToAccuracy, b, { warmStarts: [best2], ...RESAMPLE_FIT }),
        );
        if ('failed' in second) return second;
        return {
          values: chain(
            toParameterVector(chinchilla, first.fit.params),
            toParameterVector(lossToAccuracy, second.fit.params),
          ),
        };
      },
    });
    if (draws.values.length >= 2) {
      intervals = central.map((_, j) =>
        percentileInterval(
          draws.values.map((row) => row[j]!),
          level,
        ),
      );
    }
    bootstrap = {
      resamples,
      seed: options.seed ?? 0,
      failed: draws.failed,
      failures: draws.failures,
    };
  }
  const predictions = targets.map((t, i) => ({
    N: t.N,
    D: t.D,
    loss: { value: central[2 * i]!, interval: intervals[2 * i]! },
    accuracy: { value: central[2 * i + 1]!, interval: intervals[2 * i + 1]! },
  }));
  return { step1, step2, predictions, bootstrap };
}

/** Warm refits of resamples: only their parameters and status are read. */
const RESAMPLE_FIT = { relativeTolerance: 1e-10, diagnostics: false } as const;
