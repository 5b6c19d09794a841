/**
 * Charts of whole analyses: the RL curves of `analyseRl` and the phases of `detectPhases`,
 * built on the chart kinds of charts.ts. Shared by the CLI, the demo and notebooks.
 */
import type { PhaseAnalysis } from '../analysis/phases.ts';
import type { RlAnalysis } from '../analysis/rl-curves.ts';
import { toParameterVector } from '../laws/law.ts';
import { logLinear } from '../laws/log-linear.ts';
import { sigmoid } from '../laws/sigmoid.ts';
import { passAtKChart, sampleCurve, thinkingTokensChart, type SeriesPoint } from './charts.ts';

/** pass@k against steps with each curve's preferred (lowest-AIC) law drawn over the points. */
export function rlChart(analysis: RlAnalysis) {
  const fitted: SeriesPoint[] = analysis.curves.flatMap((curve) => {
    const best = curve.fits.find((f) => f.law === curve.preferred);
    if (best === undefined) return [];
    const law = best.law === 'sigmoid' ? sigmoid : logLinear;
    const steps = analysis.points
      .filter((p) => p.split === curve.split && p.k === curve.k && p.step > 0)
      .map((p) => p.step);
    return sampleCurve(
      { law, params: toParameterVector(law, best.fit.params) },
      Math.min(...steps),
      Math.max(...steps),
      `${best.law} pass@${curve.k} ${curve.split}`,
      40,
    );
  });
  return passAtKChart({
    title: 'pass@k against RL steps (dashed: held-out; grey: the law AIC prefers)',
    points: analysis.points.filter((p) => p.step > 0),
    fitted,
  });
}

/** Tokens and accuracy along training with the two boundaries marked. */
export function phasesChart(
  checkpoints: { step: number; tokens: number; accuracy: number }[],
  analysis: PhaseAnalysis,
) {
  return thinkingTokensChart({
    title: 'Thinking tokens per answer (solid) and accuracy (dashed)',
    checkpoints,
    boundaries: [
      { step: analysis.boundaries[0], label: 'compression starts' },
      { step: analysis.boundaries[1], label: 'growth resumes' },
    ],
  });
}
