/**
 * Limited-memory BFGS with a strong-Wolfe line search and box bounds by projection.
 *
 * Written for the log-Huber objective, which is smooth once (C1) and kinked in its second
 * derivative, so Newton-type methods with an exact Hessian are fragile and finite differences
 * in raw units are hopeless (../shared/domain.md). Convergence is judged relative to the
 * problem's own scale (the objective at the start), never by a bare absolute threshold.
 *
 * Reference: Nocedal and Wright, Numerical Optimization, 2nd ed., algorithms 7.4 (two-loop
 * recursion), 3.5 and 3.6 (line search and zoom).
 */

/** Objective and gradient at x: returns f(x) and writes the gradient to `gradient`. */
export type ValueAndGradient = (x: Float64Array, gradient: Float64Array) => number;

/** How a local minimisation ended. */
export type LocalStatus = 'converged' | 'max-iterations' | 'stalled';

export interface LocalResult {
  x: Float64Array;
  value: number;
  iterations: number;
  evaluations: number;
  status: LocalStatus;
  /** The criterion that fired, with its threshold. */
  message: string;
}

export interface LbfgsOptions {
  /** @defaultValue 1000 */
  maxIterations?: number;
  /** Pairs kept for the Hessian approximation. @defaultValue 10 */
  memory?: number;
  /**
   * Relative decrease below which an iteration counts as no progress, relative to the
   * objective's scale max(|f|, scale). @defaultValue 1e-15
   */
  relativeTolerance?: number;
  /** Scale of the objective (its value at the start of the whole fit). @defaultValue |f(x0)| */
  scale?: number;
  /** Lower bounds per coordinate. @defaultValue -Infinity each */
  lower?: ArrayLike<number>;
  /** Upper bounds per coordinate. @defaultValue Infinity each */
  upper?: ArrayLike<number>;
}

/** Minimise a smooth function from x0; never throws on a bad region (f = Infinity is refused). */
export function lbfgs(
  fg: ValueAndGradient,
  x0: ArrayLike<number>,
  options: LbfgsOptions = {},
): LocalResult {
  const n = x0.length;
  const maxIterations = options.maxIterations ?? 1000;
  const memory = options.memory ?? 10;
  const tolerance = options.relativeTolerance ?? 1e-15;
  const lower = options.lower ?? new Array<number>(n).fill(-Infinity);
  const upper = options.upper ?? new Array<number>(n).fill(Infinity);

  const x = Float64Array.from(x0, (v, i) => Math.min(Math.max(v, lower[i]!), upper[i]!));
  const g = new Float64Array(n);
  let f = fg(x, g);
  let evaluations = 1;
  if (!Number.isFinite(f)) {
    return {
      x,
      value: f,
      iterations: 0,
      evaluations,
      status: 'stalled',
      message: 'objective is not finite at the start',
    };
  }
  const scale = Math.max(options.scale ?? Math.abs(f), Number.MIN_VALUE);
  const sHistory: Float64Array[] = [];
  const yHistory: Float64Array[] = [];
  const rhoHistory: number[] = [];
  const direction = new Float64Array(n);
  const alphas = new Float64Array(memory);
  const trial = new Float64Array(n);
  const trialGradient = new Float64Array(n);
  let quietIterations = 0;

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    // 1. Stop when the gradient is zero to machine precision (noise-free data).
    const gradientNorm = scaledGradient(x, g, lower, upper);
    if (gradientNorm <= 1e-14 * scale) {
      return done(
        'converged',
        `projected gradient ${gradientNorm.toExponential(2)} <= 1e-14 x objective scale`,
        iteration,
      );
    }

    // 2. Two-loop recursion for the search direction d = -H g.
    for (let i = 0; i < n; i++) direction[i] = -g[i]!;
    const count = sHistory.length;
    for (let k = count - 1; k >= 0; k--) {
      alphas[k] = rhoHistory[k]! * dot(sHistory[k]!, direction);
      axpy(-alphas[k]!, yHistory[k]!, direction);
    }
    if (count > 0) {
      const last = count - 1;
      const gamma = dot(sHistory[last]!, yHistory[last]!) / dot(yHistory[last]!, yHistory[last]!);
      for (let i = 0; i < n; i++) direction[i]! *= gamma;
    }
    for (let k = 0; k < count; k++) {
      const beta = rhoHistory[k]! * dot(yHistory[k]!, direction);
      axpy(alphas[k]! - beta, sHistory[k]!, direction);
    }
    // Coordinates pinned at a bound and pushed outward do not move.
    for (let i = 0; i < n; i++) {
      if ((x[i]! <= lower[i]! && direction[i]! < 0) || (x[i]! >= upper[i]! && direction[i]! > 0)) {
        direction[i] = 0;
      }
    }
    let slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction: forget the history and go down the gradient.
      sHistory.length = yHistory.length = rhoHistory.length = 0;
      for (let i = 0; i < n; i++)
        direction[i] = projectedComponent(x[i]!, -g[i]!, lower[i]!, upper[i]!);
      slope = dot(g, direction);
      if (!(slope < 0))
        return done('converged', 'no descent direction inside the bounds', iteration);
    }

    // 3. Line search along the direction, projected onto the bounds.
    const firstStep = count === 0 ? Math.min(1, 1 / Math.sqrt(dot(direction, direction))) : 1;
    const search = lineSearch(
      fg,
      x,
      f,
      g,
      direction,
      slope,
      firstStep,
      lower,
      upper,
      trial,
      trialGradient,
    );
    evaluations += search.evaluations;
    if (!search.accepted) {
      if (count > 0) {
        sHistory.length = yHistory.length = rhoHistory.length = 0;
        continue;
      }
      // No decrease even along the gradient: a minimum to machine precision when the gradient
      // is small against the objective (at a Huber kink it never reaches zero in floating point).
      const relative = scaledGradient(x, g, lower, upper) / Math.max(Math.abs(f), scale);
      if (relative <= 1e-5) {
        return done(
          'converged',
          `no decrease along the gradient at machine precision; relative gradient ` +
            `${relative.toExponential(1)} <= 1e-5`,
          iteration,
        );
      }
      return done(
        'stalled',
        `line search found no decrease; relative gradient ${relative.toExponential(1)}`,
        iteration,
      );
    }

    // 4. Update the history with s = x_new - x, y = g_new - g.
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = trial[i]! - x[i]!;
      y[i] = trialGradient[i]! - g[i]!;
    }
    const sy = dot(s, y);
    const decrease = f - search.value;
    x.set(trial);
    g.set(trialGradient);
    f = search.value;
    if (sy > 1e-300) {
      sHistory.push(s);
      yHistory.push(y);
      rhoHistory.push(1 / sy);
      if (sHistory.length > memory) {
        sHistory.shift();
        yHistory.shift();
        rhoHistory.shift();
      }
    }

    // 5. Several iterations in a row without a relative decrease: converged.
    quietIterations =
      decrease <= tolerance * Math.max(Math.abs(f), scale) ? quietIterations + 1 : 0;
    if (quietIterations >= 3) {
      return done(
        'converged',
        `objective decreased by less than ${tolerance} of its scale for 3 iterations`,
        iteration + 1,
      );
    }
  }
  return done('max-iterations', `stopped after ${maxIterations} iterations`, maxIterations);

  function done(status: LocalStatus, message: string, iterations: number): LocalResult {
    return { x, value: f, iterations, evaluations, status, message };
  }
}

interface SearchResult {
  accepted: boolean;
  value: number;
  evaluations: number;
}

/** Strong-Wolfe line search (c1 = 1e-4, c2 = 0.9): bracketing, then a safeguarded zoom. */
function lineSearch(
  fg: ValueAndGradient,
  x: Float64Array,
  f0: number,
  g0: Float64Array,
  direction: Float64Array,
  slope0: number,
  firstStep: number,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  trial: Float64Array,
  trialGradient: Float64Array,
): SearchResult {
  const c1 = 1e-4;
  const c2 = 0.9;
  let evaluations = 0;
  let best = { step: 0, value: f0 };
  const bestPoint = Float64Array.from(x);
  const bestGradient = Float64Array.from(g0);

  const evaluate = (step: number): { value: number; slope: number } => {
    for (let i = 0; i < x.length; i++) {
      trial[i] = Math.min(Math.max(x[i]! + step * direction[i]!, lower[i]!), upper[i]!);
    }
    const value = fg(trial, trialGradient);
    evaluations++;
    if (Number.isFinite(value) && value < best.value) {
      best = { step, value };
      bestPoint.set(trial);
      bestGradient.set(trialGradient);
    }
    return {
      value: Number.isFinite(value) ? value : Infinity,
      slope: dot(trialGradient, direction),
    };
  };

  let previousStep = 0;
  let previousValue = f0;
  let previousSlope = slope0;
  let step = firstStep;
  let lo = NaN;
  let hi = NaN;
  let loValue = NaN;
  let loSlope = NaN;
  let hiValue = NaN;
  for (let i = 0; i < 40; i++) {
    const { value, slope } = evaluate(step);
    if (value > f0 + c1 * step * slope0 || (i > 0 && value >= previousValue)) {
      [lo, hi, loValue, loSlope, hiValue] = [
        previousStep,
        step,
        previousValue,
        previousSlope,
        value,
      ];
      break;
    }
    if (Math.abs(slope) <= -c2 * slope0) return finish(true);
    if (slope >= 0) {
      [lo, hi, loValue, loSlope, hiValue] = [step, previousStep, value, slope, previousValue];
      break;
    }
    [previousStep, previousValue, previousSlope] = [step, value, slope];
    step *= 2;
  }
  if (Number.isNaN(lo)) return finish(best.step > 0);

  // Zoom between lo (satisfies sufficient decrease) and hi.
  for (let i = 0; i < 60; i++) {
    let candidate = quadraticMinimiser(lo, loValue, loSlope, hi, hiValue);
    const width = Math.abs(hi - lo);
    if (!(
      candidate > Math.min(lo, hi) + 0.1 * width && candidate < Math.max(lo, hi) - 0.1 * width
    )) {
      candidate = 0.5 * (lo + hi);
    }
    const { value, slope } = evaluate(candidate);
    if (value > f0 + c1 * candidate * slope0 || value >= loValue) {
      [hi, hiValue] = [candidate, value];
    } else {
      if (Math.abs(slope) <= -c2 * slope0) return finish(true);
      if (slope * (hi - lo) >= 0) [hi, hiValue] = [lo, loValue];
      [lo, loValue, loSlope] = [candidate, value, slope];
    }
    // Nothing left to find: the bracket is below the rounding of the step, or the largest
    // first-order decrease it allows is below the rounding of the objective.
    const span = Math.abs(hi - lo);
    if (span <= 1e-12 * Math.max(Math.abs(lo), Math.abs(hi))) break;
    if (span * Math.abs(slope0) <= 1e-15 * Math.max(Math.abs(f0), Number.MIN_VALUE)) break;
  }
  return finish(best.step > 0 && best.value < f0);

  function finish(accepted: boolean): SearchResult {
    trial.set(bestPoint);
    trialGradient.set(bestGradient);
    return { accepted: accepted && best.value < f0, value: best.value, evaluations };
  }
}

/** Minimiser of the quadratic with value fa and slope sa at a and value fb at b. */
function quadraticMinimiser(a: number, fa: number, sa: number, b: number, fb: number): number {
  const width = b - a;
  const curvature = fb - fa - sa * width;
  if (!(curvature > 0) || !Number.isFinite(fb)) return 0.5 * (a + b);
  return a - (sa * width * width) / (2 * curvature);
}

/** max_i |g_i| * max(1, |x_i|) over the coordinates free to move. */
function scaledGradient(
  x: Float64Array,
  g: Float64Array,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
): number {
  let norm = 0;
  for (let i = 0; i < x.length; i++) {
    if (projectedComponent(x[i]!, g[i]!, lower[i]!, upper[i]!) !== 0) {
      norm = Math.max(norm, Math.abs(g[i]!) * Math.max(1, Math.abs(x[i]!)));
    }
  }
  return norm;
}

function projectedComponent(x: number, g: number, lower: number, upper: number): number {
  if (x <= lower && g > 0) return 0;
  if (x >= upper && g < 0) return 0;
  return g;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i]! += alpha * x[i]!;
}
