import { fitLaw, type FitResult } from '../fit/fit-law.ts';
import { logLinear } from '../laws/log-linear.ts';
import { sigmoid } from '../laws/sigmoid.ts';
import type { Law } from '../laws/law.ts';
import { toParameterVector } from '../laws/law.ts';
import { passAtKOverProblems } from './pass-at-k.ts';
import type { ProblemGroup } from '../data/read-attempts.ts';

/** pass@k at one RL step of one split. */
export interface PassAtKPointEstimate {
  step: number;
  split: string;
  k: number;
  estimate: number;
  standardError: number;
  problems: number;
}

/** One law fitted to one curve (split, k), with its extrapolation check. */
export interface CurveFit {
  law: string;
  fit: FitResult;
  /** Fitted on steps <= half the largest step, predicting the rest (ScaleRL's check). */
  extrapolation: {
    fittedUpTo: number;
    predictions: { step: number; actual: number; predicted: number; error: number }[];
    meanAbsoluteError: number;
  } | null;
}

/** Both laws on one curve, and which the AIC prefers. */
export interface RlCurve {
  split: string;
  k: number;
  fits: CurveFit[];
  /** Converged law with the lower AIC (BIC reported beside it); null when none converged. */
  preferred: string | null;
}

/** Everything the RL analysis reports. */
export interface RlAnalysis {
  points: PassAtKPointEstimate[];
  curves: RlCurve[];
  /** pass@kmax - pass@1 per step and split: diversity kept (rising or flat) or lost (falling). */
  gap: { step: number; split: string; gap: number }[];
  /** Standard errors below this were raised to it before weighting (a curve of 0s or 1s). */
  sigmaFloor: number;
}

/**
 * RL scaling curves: pass@k per RL step and split from per-problem counts, then the
 * log-linear law and the ScaleRL sigmoid fitted to each curve by weighted least squares
 * (weights 1 / standard error^2), compared by AIC and BIC, each checked by fitting the first
 * half of the steps' range and predicting the rest; and the gap between the largest k and
 * pass@1 along training.
 *
 * References: Chen et al. 2021 (pass@k); Khatri et al. 2025 (ScaleRL), arXiv 2510.13786.
 * @param groups - problem counts grouped by [step column, split column], as read by
 *   readProblemCounts with `group: [step, split]`
 */
export function analyseRl(
  groups: readonly ProblemGroup[],
  columns: { step: string; split: string },
  ks: readonly number[],
): RlAnalysis {
  // 1. pass@k per step, split and k.
  const points: PassAtKPointEstimate[] = groups.flatMap((group) =>
    ks.map((k) => {
      const { estimate, standardError } = passAtKOverProblems(group.problems, k);
      return {
        step: Number(group.group![columns.step]),
        split: group.group![columns.split]!,
        k,
        estimate,
        standardError,
        problems: group.problems.length,
      };
    }),
  );
  const largest = Math.max(...groups.map((g) => g.problems.length));
  const sigmaFloor = 0.5 / largest;

  // 2. Fits per curve.
  const splits = [...new Set(points.map((p) => p.split))];
  const curves: RlCurve[] = [];
  for (const split of splits) {
    for (const k of ks) {
      const curve = points
        .filter((p) => p.split === split && p.k === k && p.step > 0)
        .sort((a, b) => a.step - b.step);
      const fits = [logLinear, sigmoid]
        .map((law) => fitCurve(law, curve, sigmaFloor))
        .filter((f): f is CurveFit => f !== null);
      // Only fits that converged compete: a law stopped at its iteration limit has no AIC.
      const usable = fits.filter(
        (f) => f.fit.status === 'converged' || f.fit.status === 'at-bound',
      );
      const preferred = usable.reduce<CurveFit | null>(
        (best, f) => (best === null || f.fit.aic < best.fit.aic ? f : best),
        null,
      );
      curves.push({ split, k, fits, preferred: preferred?.law ?? null });
    }
  }

  // 3. Diversity: the gap between the largest k and pass@1.
  const kMax = Math.max(...ks);
  const gap =
    kMax === 1 || !ks.includes(1)
      ? []
      : points
          .filter((p) => p.k === kMax)
          .map((p) => {
            const one = points.find((q) => q.k === 1 && q.step === p.step && q.split === p.split)!;
            return { step: p.step, split: p.split, gap: p.estimate - one.estimate };
          });
  return { points, curves, gap, sigmaFloor };
}

function fitCurve(law: Law, curve: PassAtKPointEstimate[], floor: number): CurveFit | null {
  if (curve.length < law.parameters.length) return null;
  const data = (subset: PassAtKPointEstimate[]) => ({
    points: subset.map((p) => ({ x: p.step, y: p.estimate })),
    sigma: subset.map((p) => Math.max(p.standardError, floor)),
  });
  let fit: FitResult;
  try {
    const all = data(curve);
    fit = fitLaw(law, all.points, { sigma: all.sigma });
  } catch {
    return null;
  }
  const half = Math.max(...curve.map((p) => p.step)) / 2;
  const early = curve.filter((p) => p.step <= half);
  const late = curve.filter((p) => p.step > half);
  let extrapolation: CurveFit['extrapolation'] = null;
  if (early.length >= law.parameters.length && late.length > 0) {
    try {
      const first = data(early);
      const partial = fitLaw(law, first.points, { sigma: first.sigma });
      const params = toParameterVector(law, partial.params);
      const predictions = late.map((p) => {
        const predicted = law.predict(params, [p.step]);
        return { step: p.step, actual: p.estimate, predicted, error: predicted - p.estimate };
      });
      const meanAbsoluteError =
        predictions.reduce((s, p) => s + Math.abs(p.error), 0) / predictions.length;
      extrapolation = { fittedUpTo: half, predictions, meanAbsoluteError };
    } catch {
      extrapolation = null;
    }
  }
  return { law: law.name, fit, extrapolation };
}
