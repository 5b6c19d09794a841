/**
 * scalefit: scaling-law fitting and compute-efficiency analysis.
 *
 * import { readRuns, fit, laws } from 'scalefit';
 */

// Run tables
export { filterRows, parseCondition } from './data/filter-rows.ts';
export type { RowCondition } from './data/filter-rows.ts';
export {
  nearestName,
  parseNumber,
  parseTable,
  readRuns,
  readTable,
  streamRuns,
} from './data/index.ts';
export type {
  RawRow,
  RawTable,
  ReadRunsOptions,
  RunPoint,
  Runs,
  StreamedRuns,
  StreamRunsOptions,
  TableFormat,
} from './data/index.ts';

// Laws
export {
  chinchilla,
  computeOptimal,
  defineLaw,
  hoffmannGrid,
  laws,
  logLinear,
  lossToAccuracy,
  power,
  powerOffset,
  sigmoid,
  toParameterValues,
  toParameterVector,
} from './laws/index.ts';
export type {
  ComputeOptimalPoint,
  Law,
  LawData,
  LawInput,
  LinearStructure,
  ParameterSpec,
  ParameterValues,
} from './laws/index.ts';

// Fitting
export { fit } from './fit/fit.ts';
export type { FitRunsOptions } from './fit/fit.ts';
export { fitLaw } from './fit/fit-law.ts';
export type { FitOptions, FitPoint, FitResult, FitStatus } from './fit/fit-law.ts';
export type { ObjectiveName } from './fit/problem.ts';

// Analysis
export { holdout } from './analysis/holdout.ts';
export type { HeldOutPrediction, HoldoutResult } from './analysis/holdout.ts';
export { parsePredictionPoint, predict } from './analysis/predict.ts';
export type { Prediction, PredictionPoint } from './analysis/predict.ts';

// Errors
export { FitError, InputError, ScalefitError } from './errors.ts';
export type { InputIssue } from './errors.ts';

// Uncertainty
export { bootstrapFit } from './uncertainty/bootstrap-fit.ts';
export type {
  FitBootstrapOptions,
  FitUncertainty,
  PredictionUncertainty,
} from './uncertainty/bootstrap-fit.ts';
export { bootstrapFitParallel } from './uncertainty/parallel-bootstrap.ts';
export { parameterIntervals, predictionInterval } from './uncertainty/delta-method.ts';
export { bcaInterval, percentileInterval, waldInterval } from './uncertainty/intervals.ts';
export type { Interval } from './uncertainty/intervals.ts';
export { normalSource, uniformSource } from './uncertainty/random.ts';

// Compute multiplier and allocation
export { compare } from './analysis/compare.ts';
export { compareParallel } from './analysis/compare-parallel.ts';
export type { CompareOptions, Comparison, Recipe } from './analysis/compare.ts';
export { multiplierAt, targetRange } from './analysis/multiplier.ts';
export type { MultiplierValue, Target } from './analysis/multiplier.ts';
export { levelAt, resourceAt } from './analysis/curve.ts';
export type { Curve } from './analysis/curve.ts';
export { optimalAllocation } from './analysis/optimal-allocation.ts';
export type { OptimalAllocation } from './analysis/optimal-allocation.ts';
export { jointLaw } from './fit/joint-law.ts';

// RL and test-time scaling
export { passAtK, passAtKOverProblems } from './analysis/pass-at-k.ts';
export type { PassAtKEstimate, ProblemCounts } from './analysis/pass-at-k.ts';
export { readProblemCounts } from './data/read-attempts.ts';
export type { ProblemGroup, ReadAttemptsOptions } from './data/read-attempts.ts';
export { analyseRl } from './analysis/rl-curves.ts';
export type { CurveFit, PassAtKPointEstimate, RlAnalysis, RlCurve } from './analysis/rl-curves.ts';
export { detectPhases } from './analysis/phases.ts';
export type { Checkpoint, Phase, PhaseAnalysis } from './analysis/phases.ts';
export { twoStepPrediction } from './analysis/two-step.ts';
export type {
  LossAccuracyPoint,
  TaskLossRun,
  TwoStepPrediction,
  TwoStepResult,
} from './analysis/two-step.ts';

// Charts: Vega-Lite specs, rendered to SVG, PNG or a self-contained HTML page
export {
  allocationChart,
  bootstrapChart,
  latencyChart,
  multiplierChart,
  passAtKChart,
  residualChart,
  sampleCurve,
  scalingChart,
  thinkingTokensChart,
} from './plot/charts.ts';
export type { BandPoint, PassAtKPoint, SeriesPoint } from './plot/charts.ts';
export { renderHtml, renderPng, renderSvg } from './plot/render.ts';
export { notebookChart } from './plot/notebook.ts';
export type { MimeBundle, NotebookChart } from './plot/notebook.ts';
export { phasesChart, rlChart } from './plot/analysis-charts.ts';
