/**
 * The shape every scaling law shares: names, bounds, formula, prediction, derivatives,
 * inverse and starting guesses. Laws are plain objects, so research scripts can define their
 * own with {@link defineLaw} and fit them with the same engine.
 */

/**
 * An input of a law: one resource axis `x`, or parameters `N` and tokens `D`; `g` is the
 * recipe index (0, 1, ...) of a joint fit with shared parameters.
 */
export type LawInput = 'x' | 'N' | 'D' | 'g';

/** One parameter of a law, named with the literature's symbol. */
export interface ParameterSpec {
  /** Symbol as in the literature and in JSON output: `E`, `A`, `alpha`, ... */
  name: string;
  /** Smallest allowed value (natural units); -Infinity when unbounded. */
  lower: number;
  /** Largest allowed value (natural units); Infinity when unbounded. */
  upper: number;
  /**
   * How the optimiser moves the parameter: `log` for a positive scale factor (optimised as its
   * natural logarithm, as Hoffmann et al. do for A, B and E), `linear` otherwise.
   */
  scale: 'log' | 'linear';
  /** One line on what the parameter means, with units. */
  description: string;
}

/** Observations handed to a law's starting-guess function: inputs by name, and y. */
export interface LawData {
  /** Values of each input, one array per entry of `law.inputs`, all of length n. */
  inputs: Float64Array[];
  y: Float64Array;
}

/**
 * Variable projection: for fixed nonlinear parameters the prediction is linear in some of the
 * parameters, y = sum_j c_j * basis_j(x). The fit then searches only the nonlinear ones and gets
 * the linear ones from a least-squares solve (Golub and Pereyra 1973; Open-Athena's VPNLS).
 */
export interface LinearStructure {
  /** Indices (into `parameters`) of the parameters that enter linearly. */
  linear: readonly number[];
  /**
   * Basis values at one point for the given parameters (only the nonlinear entries are read),
   * written to `out` in the order of `linear`.
   */
  basis(params: ArrayLike<number>, input: ArrayLike<number>, out: Float64Array): void;
  /** Starting values for the nonlinear parameters to screen, natural units, full vectors. */
  nonlinearGrid(data: LawData): number[][];
}

/** A scaling law: formula, parameters, prediction, analytic derivatives, inverse and guesses. */
export interface Law {
  /** Catalogue name, e.g. `chinchilla`. */
  name: string;
  /** The formula as plain text, with the parameter symbols. */
  formula: string;
  /** The resource inputs, in the order predict() reads them. */
  inputs: readonly LawInput[];
  parameters: readonly ParameterSpec[];
  /** Prediction at one point: `input` holds one value per entry of `inputs`. */
  predict(params: ArrayLike<number>, input: ArrayLike<number>): number;
  /** Partial derivatives of the prediction with respect to each parameter, written to `out`. */
  gradient(params: ArrayLike<number>, input: ArrayLike<number>, out: Float64Array): void;
  /**
   * Optional fast path: the prediction and its gradient in one pass (the fitting engine's
   * inner loop). The engine may pass the natural logs of the inputs after them:
   * input[k + j] = ln input[j] for k inputs, so a law need not recompute them.
   */
  evaluate?(params: ArrayLike<number>, input: ArrayLike<number>, out: Float64Array): number;
  /**
   * The resource at which the law reaches `target`: x for one-input laws; for laws of N and D,
   * the compute C along the compute-optimal frontier. `null` when the target is unreachable
   * (beyond an asymptote or floor).
   */
  inverse(params: ArrayLike<number>, target: number): number | null;
  /** Data-driven starting points (natural units), screened by the fitting engine. */
  initialGuesses(data: LawData): number[][];
  /** Present when some parameters enter linearly (enables variable projection). */
  linearStructure?: LinearStructure;
  /** A wide grid of starts (natural units) screened in addition to the guesses. */
  startGrid?(data: LawData): number[][];
  /**
   * True when inputs may be zero or negative because the law takes no logarithm of them
   * (the loss-to-accuracy sigmoid reads a loss). @defaultValue false: inputs must be > 0.
   */
  realInputs?: boolean;
  /**
   * Optional warnings about what the fitted curve says beyond its data, read by the fitting
   * engine at the optimum (for example a sigmoid whose midpoint lies outside the data, so that
   * its far asymptote is an extrapolation). @defaultValue none
   */
  diagnose?(params: ArrayLike<number>, data: LawData): string[];
}

/** Parameter values keyed by symbol, as in JSON output: `{ E: 1.69, A: 406.4, alpha: 0.34 }`. */
export type ParameterValues = Record<string, number>;

/** Turn a parameter vector into a record keyed by the law's symbols. */
export function toParameterValues(law: Law, params: ArrayLike<number>): ParameterValues {
  const values: ParameterValues = {};
  law.parameters.forEach((spec, index) => {
    values[spec.name] = params[index]!;
  });
  return values;
}

/** Turn a record keyed by symbols into a vector in the law's order; throws on a missing key. */
export function toParameterVector(law: Law, values: ParameterValues): number[] {
  return law.parameters.map((spec) => {
    const value = values[spec.name];
    if (value === undefined || !Number.isFinite(value)) {
      throw new TypeError(`parameter ${spec.name} of law ${law.name} is missing or not finite`);
    }
    return value;
  });
}

/** Evenly spaced values from `start` to `stop` inclusive (`count` >= 2). */
export function linspace(start: number, stop: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => start + ((stop - start) * i) / (count - 1));
}

/** Cartesian product of value lists. */
export function cartesian(lists: readonly (readonly number[])[]): number[][] {
  return lists.reduce<number[][]>(
    (acc, list) => acc.flatMap((prefix) => list.map((value) => [...prefix, value])),
    [[]],
  );
}

/**
 * Find where a monotone function crosses `target` on [lo, hi] by bisection in log space.
 * Returns null when the target lies outside the values at the ends.
 */
export function bisectLog(
  f: (x: number) => number,
  target: number,
  lo: number,
  hi: number,
): number | null {
  let fLo = f(lo) - target;
  const fHi = f(hi) - target;
  if (fLo === 0) return lo;
  if (fHi === 0) return hi;
  if (Math.sign(fLo) === Math.sign(fHi)) return null;
  let logLo = Math.log(lo);
  let logHi = Math.log(hi);
  for (let i = 0; i < 200 && logHi - logLo > 1e-15 * Math.max(1, Math.abs(logLo)); i++) {
    const mid = 0.5 * (logLo + logHi);
    const fMid = f(Math.exp(mid)) - target;
    if (fMid === 0) return Math.exp(mid);
    if (Math.sign(fMid) === Math.sign(fLo)) {
      logLo = mid;
      fLo = fMid;
    } else {
      logHi = mid;
    }
  }
  return Math.exp(0.5 * (logLo + logHi));
}
