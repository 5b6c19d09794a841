import { FitError, InputError, makeIssue, type InputIssue } from '../errors.ts';
import type { Law, LawData, LawInput, ParameterValues } from '../laws/law.ts';
import { toParameterValues } from '../laws/law.ts';
import { lbfgs, type LocalResult } from './lbfgs.ts';
import { preconditionedLbfgs } from './preconditioned.ts';
import { levenbergMarquardt } from './levenberg-marquardt.ts';
import { FitProblem, type ObjectiveName } from './problem.ts';
import { identifiability } from './identifiability.ts';
import { estimateCovariance, type CovarianceEstimate } from './statistics.ts';
import { projectedStarts } from './variable-projection.ts';

/** One observation: the law's inputs by name and the observed value y. */
export interface FitPoint {
  x?: number;
  N?: number;
  D?: number;
  /** Recipe index in a joint fit with shared parameters. */
  g?: number;
  y: number;
}

/** Options of {@link fitLaw}. */
export interface FitOptions {
  /** `ls` (least squares in linear space) or `log-huber`. @defaultValue 'ls' */
  objective?: ObjectiveName;
  /** Huber threshold on natural-log residuals. @defaultValue 1e-3 (Hoffmann et al.) */
  huberDelta?: number;
  /** Standard deviation of each y, for weighted least squares. @defaultValue none */
  sigma?: ArrayLike<number>;
  /** Extra starting points (natural units, in the law's parameter order). */
  starts?: number[][];
  /** How many of the best screened starts are optimised fully. @defaultValue 12 */
  optimisedStarts?: number;
  /** Iteration limit of each local optimisation. @defaultValue 500 (LM), 3000 (L-BFGS) */
  maxIterations?: number;
  /**
   * Warm start: optimise from these natural-unit points only, with no screening (a bootstrap
   * resample started at the full-data optimum). @defaultValue undefined: screen as usual
   */
  warmStarts?: number[][];
  /**
   * Relative decrease of the objective that counts as none (the convergence test).
   * @defaultValue 1e-15 for L-BFGS, 1e-14 for Levenberg-Marquardt; bootstrap resamples use
   *   1e-10, far below the spread they measure
   */
  relativeTolerance?: number;
  /**
   * Compute the covariance, standard errors and identifiability checks at the optimum. A
   * bootstrap resample needs only the parameters and the status, so it turns them off: then
   * `covariance` and `standardErrors` are null, `conditionNumber` is NaN and
   * `notIdentifiable` is empty, none of them checked. @defaultValue true
   */
  diagnostics?: boolean;
}

/** How a fit ended. `at-bound`: converged with a parameter pinned at one of its bounds. */
export type FitStatus = 'converged' | 'max-iterations' | 'stalled' | 'at-bound';

/** Everything a fit reports; JSON-serialisable. */
export interface FitResult {
  law: string;
  formula: string;
  group: string | null;
  points: number;
  inputs: LawInput[];
  params: ParameterValues;
  /** Linearised standard errors, or null (see `covarianceNote`). */
  standardErrors: ParameterValues | null;
  covariance: number[][] | null;
  /** How the covariance was estimated, or why it could not be. */
  covarianceNote: string;
  objective: { name: ObjectiveName; delta: number | null; value: number };
  status: FitStatus;
  /** The criterion that ended the best local optimisation, with its threshold. */
  statusMessage: string;
  iterations: number;
  functionEvaluations: number;
  starts: {
    /** Starting points whose objective was evaluated (grid, projected, guesses). */
    screened: number;
    /** Best screened starts optimised fully. */
    optimised: number;
    /** Of those, how many ended converged. */
    converged: number;
    /** Of those, how many reached the best objective (within 1e-9 relative). */
    reachedBest: number;
  };
  degreesOfFreedom: number;
  /** Sum of squared residuals in the objective's space (weighted y for ls, ln y for log-huber). */
  residualSumOfSquares: number;
  /** Root mean square of y - f, in the units of y. */
  rmse: number;
  /** 1 - sum (y - f)^2 / sum (y - mean y)^2, in the units of y. */
  r2: number;
  /** n ln(RSS / n) + 2p, RSS in the objective's space. */
  aic: number;
  /** n ln(RSS / n) + p ln n. */
  bic: number;
  /** Condition number of J^T J with unit-norm columns; large means parameters trade off. */
  conditionNumber: number;
  /** y - f at each point, in the units of y. */
  residuals: number[];
  /**
   * Parameters the data do not determine (collinear N and D, a curve flat at its floor, a
   * singular J^T J): their values are one of many equally good fits. The reasons are among
   * the warnings. Empty when every parameter is identified.
   */
  notIdentifiable: string[];
  warnings: string[];
}

/**
 * Fit a law to points and find the global optimum of the objective.
 *
 * Method: (1) screen many starts cheaply by their objective value: the law's data-driven
 * guesses, a variable-projection grid (exponents on a grid, linear parameters solved exactly),
 * the law's own wide grid where it has one (Hoffmann's 4,500 starts for Chinchilla), and any
 * given starts; (2) optimise the best `optimisedStarts` fully with analytic derivatives:
 * Levenberg-Marquardt for least squares, L-BFGS for log-Huber; (3) keep the lowest objective,
 * and report how many starts reached it. Soft problems are a status and warnings, not errors.
 *
 * @throws InputError (code `invalid-points`) on non-finite or out-of-domain data, or fewer
 *   points than parameters; FitError (code `no-fit`) when no start gives a finite objective.
 * @example fitLaw(powerOffset, points, { objective: 'ls' }).params // { E, A, alpha }
 */
export function fitLaw(law: Law, points: readonly FitPoint[], options: FitOptions = {}): FitResult {
  const objective = options.objective ?? 'ls';
  const delta = options.huberDelta ?? 1e-3;

  // 1. Arrange and check the data.
  const data = arrange(law, points, objective);
  const sigma = options.sigma === undefined ? null : Float64Array.from(options.sigma);
  if (sigma !== null && (sigma.length !== points.length || !sigma.every((s) => s > 0))) {
    throw new InputError('invalid-points', 'sigma needs one positive standard deviation per point');
  }
  if (sigma !== null && objective !== 'ls') {
    throw new InputError(
      'invalid-options',
      'sigma weights apply to least squares only; drop them or use the ls objective',
    );
  }
  const rows = points.map((_, i) => Float64Array.from(data.inputs, (column) => column[i]!));
  const problem = new FitProblem(law, rows, data.y, { objective, delta, sigma });

  // 2. Screen the starts by their objective value.
  const warm = options.warmStarts !== undefined && options.warmStarts.length > 0;
  const candidates = warm
    ? options.warmStarts!
    : [
        ...law.initialGuesses(data),
        ...projectedStarts(law, data, sigma),
        ...(law.startGrid?.(data) ?? []),
        ...(options.starts ?? []),
      ];
  const screened: { theta: Float64Array; value: number }[] = [];
  for (const start of candidates) {
    const theta = problem.toInternal(clampToBounds(law, start));
    if (theta === null) continue;
    const value = problem.value(theta);
    if (Number.isFinite(value)) screened.push({ theta, value });
  }
  if (screened.length === 0) {
    throw new FitError(
      'no-fit',
      `no starting point gives a finite objective for law ${law.name}: the sum overflows at ` +
        'every start; check y for values many orders of magnitude from the rest',
    );
  }
  screened.sort((a, b) => a.value - b.value);

  // 3. Optimise the best starts fully.
  const count = warm ? screened.length : Math.min(options.optimisedStarts ?? 12, screened.length);
  const scale = problem.nullObjective();
  const locals: LocalResult[] = [];
  for (const start of screened.slice(0, count)) {
    locals.push(optimise(problem, start.theta, scale, options));
  }
  const finite = locals.filter((local) => Number.isFinite(local.value));
  if (finite.length === 0) throw new FitError('no-fit', `every start failed for law ${law.name}`);
  finite.sort((a, b) => a.value - b.value);
  const best = finite[0]!;
  const reachedBest = finite.filter(
    (local) => local.value - best.value <= 1e-9 * Math.max(best.value, 1e-12 * scale),
  ).length;

  // 4. Statistics and diagnostics at the optimum.
  const params = problem.toNatural(best.x);
  return summarise(
    problem,
    params,
    best,
    {
      screened: screened.length,
      optimised: count,
      converged: locals.filter((local) => local.status === 'converged').length,
      reachedBest,
    },
    {
      iterations: locals.reduce((sum, local) => sum + local.iterations, 0),
      evaluations: screened.length + locals.reduce((sum, local) => sum + local.evaluations, 0),
    },
    options.diagnostics ?? true,
  );
}

function optimise(
  problem: FitProblem,
  theta: Float64Array,
  scale: number,
  options: FitOptions,
): LocalResult {
  const maxIterations = options.maxIterations;
  const relativeTolerance = options.relativeTolerance;
  if (problem.objective === 'ls') {
    return levenbergMarquardt(problem, theta, {
      maxIterations: maxIterations ?? 500,
      relativeTolerance: relativeTolerance ?? 1e-14,
    });
  }
  const fg = (x: Float64Array, g: Float64Array) => problem.valueAndGradient(x, g);
  const bounds = {
    lower: problem.lower,
    upper: problem.upper,
    scale,
    relativeTolerance: relativeTolerance ?? 1e-15,
  };
  const settings = { maxIterations: maxIterations ?? 3000, ...bounds };
  // 1. L-BFGS in coordinates where the Gauss-Newton curvature at the start is the identity,
  //    so it moves along the A-alpha and B-beta valleys instead of crawling.
  let local = preconditionedLbfgs(fg, theta, problem.curvature(theta), settings);
  if (
    options.warmStarts !== undefined &&
    local.status === 'converged' &&
    !nearBound(problem, local.x)
  ) {
    return local;
  }
  // 2. Polish with the projected solver (it handles bounds exactly), restarting with a fresh
  //    memory until a restart gains nothing: Huber kinks can leave a stale curvature model.
  for (let restart = 0; restart < 5; restart++) {
    const again = lbfgs(fg, local.x, settings);
    const gained = local.value - again.value;
    const better = again.value <= local.value || !Number.isFinite(local.value);
    local = {
      ...(better ? again : local),
      iterations: local.iterations + again.iterations,
      evaluations: local.evaluations + again.evaluations,
    };
    if (again.status === 'max-iterations' || !(gained > 1e-15 * Math.max(local.value, scale))) {
      break;
    }
  }
  return local;
}

/** True when a coordinate lies within 1e-6 (relative) of one of its bounds. */
function nearBound(problem: FitProblem, theta: Float64Array): boolean {
  for (let j = 0; j < theta.length; j++) {
    const width = 1e-6 * Math.max(1, Math.abs(theta[j]!));
    if (theta[j]! - problem.lower[j]! <= width || problem.upper[j]! - theta[j]! <= width) {
      return true;
    }
  }
  return false;
}

function summarise(
  problem: FitProblem,
  params: Float64Array,
  best: LocalResult,
  starts: FitResult['starts'],
  work: { iterations: number; evaluations: number },
  diagnostics: boolean,
): FitResult {
  const law = problem.law;
  const n = problem.size;
  const p = problem.parameterCount;
  const warnings: string[] = [];

  const estimate = diagnostics
    ? estimateCovariance(problem, params)
    : skippedEstimate(problem, params);
  const standardErrors =
    estimate.covariance === null
      ? null
      : toParameterValues(
          law,
          estimate.covariance.map((row, j) => Math.sqrt(row[j]!)),
        );
  if (estimate.covariance === null) warnings.push(`no standard errors: ${estimate.reason}`);
  if (estimate.conditionNumber > 1e10 && estimate.covariance !== null) {
    warnings.push(
      `ill-conditioned: J^T J has condition number ${estimate.conditionNumber.toExponential(1)}` +
        '; parameters trade off against each other, so their standard errors are large',
    );
  }

  const residuals = Array.from(problem.rows, (row, i) => problem.y[i]! - law.predict(params, row));
  const meanY = problem.y.reduce((sum, y) => sum + y, 0) / n;
  const totalSquares = problem.y.reduce((sum, y) => sum + (y - meanY) ** 2, 0);
  const residualSquares = residuals.reduce((sum, r) => sum + r * r, 0);
  const rss = estimate.residualSumOfSquares;
  // RSS / n floored at the smallest double, so a perfect fit keeps a finite AIC and BIC.
  const logLikelihoodTerm = n * Math.log(Math.max(rss / n, Number.MIN_VALUE));

  let status: FitStatus = best.status;
  let statusMessage = best.message;
  law.parameters.forEach((spec, j) => {
    const value = params[j]!;
    const width = Math.max(1e-9 * Math.abs(value), 1e-12);
    const atLower =
      Number.isFinite(spec.lower) && value - spec.lower <= width && spec.scale !== 'log';
    const atUpper = Number.isFinite(spec.upper) && spec.upper - value <= width;
    if (atLower || atUpper) {
      warnings.push(`${spec.name} = ${value} is at its ${atLower ? 'lower' : 'upper'} bound`);
      if (status === 'converged') {
        status = 'at-bound';
        const side = atLower ? 'lower' : 'upper';
        statusMessage = `${best.message}; ${spec.name} is at its ${side} bound`;
      }
    }
  });
  if (diagnostics) {
    warnings.push(...spanWarnings(law, problem));
    const inputs = law.inputs.map((_, k) => Float64Array.from(problem.rows, (row) => row[k]!));
    warnings.push(...(law.diagnose?.(params, { inputs, y: problem.y }) ?? []));
  }
  const standardErrorVector =
    standardErrors === null ? null : law.parameters.map((spec) => standardErrors[spec.name]!);
  const unidentified = diagnostics
    ? identifiability(problem, params, standardErrorVector)
    : { parameters: [], reasons: [] };
  warnings.push(...unidentified.reasons.map((reason) => `not identifiable: ${reason}`));
  if (status === 'max-iterations' || status === 'stalled') {
    warnings.push(`the fit did not converge (${status}: ${best.message}); do not trust the values`);
  }

  return {
    law: law.name,
    formula: law.formula,
    group: null,
    points: n,
    inputs: [...law.inputs],
    params: toParameterValues(law, params),
    standardErrors,
    covariance: estimate.covariance,
    covarianceNote: estimate.reason ?? estimate.method,
    objective: {
      name: problem.objective,
      delta: problem.objective === 'log-huber' ? problem.delta : null,
      value: best.value,
    },
    status,
    statusMessage,
    iterations: work.iterations,
    functionEvaluations: work.evaluations,
    starts,
    degreesOfFreedom: n - p,
    residualSumOfSquares: rss,
    rmse: Math.sqrt(residualSquares / n),
    r2: totalSquares > 0 ? 1 - residualSquares / totalSquares : NaN,
    aic: logLikelihoodTerm + 2 * p,
    bic: logLikelihoodTerm + p * Math.log(n),
    conditionNumber: estimate.conditionNumber,
    residuals,
    notIdentifiable: unidentified.parameters,
    warnings,
  };
}

/** What {@link summarise} reports in place of a covariance when diagnostics are off. */
function skippedEstimate(problem: FitProblem, params: Float64Array): CovarianceEstimate {
  const residuals = problem.residuals(params);
  return {
    covariance: null,
    reason: 'not computed (diagnostics off, as in a bootstrap resample)',
    conditionNumber: NaN,
    residualSumOfSquares: residuals.reduce((sum, r) => sum + r * r, 0),
    method: 'none',
  };
}

/** Warnings when an input spans less than a decade, so exponents are poorly pinned down. */
function spanWarnings(law: Law, problem: FitProblem): string[] {
  const warnings: string[] = [];
  law.inputs.forEach((name, k) => {
    if (name === 'g') return;
    if (name === 'x' && law.parameters.every((spec) => spec.scale !== 'log')) return;
    const values = problem.rows.map((row) => Math.log10(row[k]!));
    const span = Math.max(...values) - Math.min(...values);
    if (span < 1) {
      warnings.push(
        `${name} spans only ${span.toFixed(2)} decades: exponents are poorly identified from ` +
          'data covering less than one decade; add runs further apart',
      );
    }
  });
  return warnings;
}

function clampToBounds(law: Law, start: number[]): number[] {
  return start.map((value, j) => {
    const spec = law.parameters[j]!;
    return Math.min(Math.max(value, spec.lower), spec.upper);
  });
}

/** Columns of inputs and y, checked: finite, enough points, positive where logs are taken. */
function arrange(law: Law, points: readonly FitPoint[], objective: ObjectiveName): LawData {
  const issues: InputIssue[] = [];
  const p = law.parameters.length;
  if (points.length < p) {
    issues.push(
      makeIssue({
        code: 'too-few-points',
        problem: `law ${law.name} has ${p} parameters but there are only ${points.length} points`,
        hint: `give at least ${p} points (more to estimate uncertainty)`,
      }),
    );
  }
  const inputs = law.inputs.map(() => new Float64Array(points.length));
  const y = new Float64Array(points.length);
  points.forEach((point, i) => {
    law.inputs.forEach((name, k) => {
      const value = point[name];
      if (value === undefined || !Number.isFinite(value)) {
        issues.push(
          makeIssue({
            code: 'missing-value',
            row: i + 1,
            column: name,
            value: String(value),
            problem: `${name} is missing or not finite`,
            expected: 'a finite number',
          }),
        );
      } else if (!(value > 0) && law.realInputs !== true && name !== 'g') {
        issues.push(
          makeIssue({
            code: 'non-positive',
            row: i + 1,
            column: name,
            value: String(value),
            problem: `${name} must be > 0 because the law takes its logarithm`,
          }),
        );
      }
      inputs[k]![i] = value ?? NaN;
    });
    if (!Number.isFinite(point.y)) {
      issues.push(
        makeIssue({
          code: 'non-finite',
          row: i + 1,
          column: 'y',
          value: String(point.y),
          problem: 'y is not finite',
        }),
      );
    } else if (objective === 'log-huber' && !(point.y > 0)) {
      issues.push(
        makeIssue({
          code: 'non-positive',
          row: i + 1,
          column: 'y',
          value: String(point.y),
          problem: 'y must be > 0 for the log-Huber objective',
          hint: 'use --objective ls',
        }),
      );
    }
    y[i] = point.y;
  });
  if (issues.length === 0) issues.push(...variationIssues(law, inputs, y));
  if (issues.length > 0) {
    throw new InputError(
      'invalid-points',
      [
        `${issues.length} problem(s) in the points given to law ${law.name}:`,
        ...issues.map((i) => `  ${i.message}`),
      ].join('\n'),
      issues,
    );
  }
  return { inputs, y };
}

/**
 * Issues for data that hold no trend to fit: an input with one value in every point (one
 * model size, identical x), or y the same everywhere. No law can be fitted to such data: the
 * terms of the inputs merge into a constant.
 */
function variationIssues(law: Law, inputs: Float64Array[], y: Float64Array): InputIssue[] {
  const issues: InputIssue[] = [];
  if (y.length < 2) return issues;
  const constant = (values: Float64Array) => values.every((value) => value === values[0]);
  law.inputs.forEach((name, k) => {
    if (name === 'g' || !constant(inputs[k]!)) return;
    const hint =
      law.inputs.length === 2
        ? `add runs at other values of ${name}, or fit a one-input law (power-offset) ` +
          `against the other input`
        : `add runs at other values of ${name}`;
    issues.push(
      makeIssue({
        code: 'single-value',
        column: name,
        value: String(inputs[k]![0]),
        problem:
          `${name} has the same value in all ${y.length} points, so law ${law.name} cannot ` +
          `separate its ${name} term from the constant`,
        expected: `at least two distinct values of ${name}`,
        hint,
      }),
    );
  });
  if (constant(y)) {
    issues.push(
      makeIssue({
        code: 'no-variation',
        column: 'y',
        value: String(y[0]),
        problem: `y is the same in all ${y.length} points: there is no trend for a law to fit`,
        expected: 'values of y that change with the inputs',
        hint: 'check that the right column is used as y (--y)',
      }),
    );
  }
  return issues;
}
