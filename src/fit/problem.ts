import type { Law } from '../laws/law.ts';

/** The objective a fit minimises; see docs/math.md. */
export type ObjectiveName = 'ls' | 'log-huber';

/**
 * One fitting problem: a law, its data, and the objective, in the optimiser's coordinates.
 *
 * Internal coordinates: a `log`-scale parameter p is optimised as theta = ln p (Hoffmann et
 * al. optimise ln A, ln B, ln E), the others as themselves. Objectives:
 * - `ls`: sum_i ((y_i - f_i) / sigma_i)^2 (sigma_i = 1 when no weights are given);
 * - `log-huber`: sum_i Huber_delta(ln y_i - ln f_i), Huber_delta(r) = r^2 / 2 for |r| <= delta,
 *   else delta * (|r| - delta / 2); summed, not averaged (Besiroglu et al. 2024 show that
 *   averaging made L-BFGS stop early).
 */
export class FitProblem {
  readonly law: Law;
  /** Inputs of each point, one small array per point in the order of `law.inputs`. */
  readonly rows: Float64Array[];
  readonly y: Float64Array;
  /** Standard deviation of each y for weighted least squares, or null. */
  readonly sigma: Float64Array | null;
  readonly objective: ObjectiveName;
  readonly delta: number;
  readonly isLog: boolean[];
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  private readonly natural: Float64Array;
  /** Inputs followed by their natural logs, for laws with a fused `evaluate`; else null. */
  private readonly fastRows: Float64Array[] | null;
  private readonly partials: Float64Array;

  constructor(
    law: Law,
    rows: Float64Array[],
    y: Float64Array,
    options: { objective: ObjectiveName; delta: number; sigma: Float64Array | null },
  ) {
    this.law = law;
    this.rows = rows;
    this.y = y;
    this.sigma = options.sigma;
    this.objective = options.objective;
    this.delta = options.delta;
    this.isLog = law.parameters.map((spec) => spec.scale === 'log');
    this.lower = Float64Array.from(law.parameters, (spec) =>
      spec.scale === 'log' ? (spec.lower > 0 ? Math.log(spec.lower) : -Infinity) : spec.lower,
    );
    this.upper = Float64Array.from(law.parameters, (spec) =>
      spec.scale === 'log' ? Math.log(spec.upper) : spec.upper,
    );
    this.natural = new Float64Array(law.parameters.length);
    this.fastRows =
      law.evaluate === undefined || law.realInputs === true
        ? null
        : rows.map((row) => Float64Array.from([...row, ...Array.from(row, Math.log)]));
    this.partials = new Float64Array(law.parameters.length);
  }

  get size(): number {
    return this.y.length;
  }

  get parameterCount(): number {
    return this.law.parameters.length;
  }

  /** Natural parameter values from internal coordinates. */
  toNatural(
    theta: ArrayLike<number>,
    out: Float64Array = new Float64Array(theta.length),
  ): Float64Array {
    for (let j = 0; j < theta.length; j++) out[j] = this.isLog[j] ? Math.exp(theta[j]!) : theta[j]!;
    return out;
  }

  /** Internal coordinates from natural values; null when a log-scale value is not positive. */
  toInternal(params: ArrayLike<number>): Float64Array | null {
    const theta = new Float64Array(params.length);
    for (let j = 0; j < params.length; j++) {
      const value = params[j]!;
      if (this.isLog[j]) {
        if (!(value > 0)) return null;
        theta[j] = Math.log(value);
      } else {
        theta[j] = value;
      }
      if (!Number.isFinite(theta[j]!)) return null;
    }
    return theta;
  }

  /** The objective at internal coordinates; Infinity where the law is undefined. */
  value(theta: ArrayLike<number>): number {
    const p = this.toNatural(theta, this.natural);
    let total = 0;
    for (let i = 0; i < this.rows.length; i++) {
      const f = this.law.predict(p, this.rows[i]!);
      total += this.pointLoss(i, f);
    }
    return Number.isFinite(total) ? total : Infinity;
  }

  /** The objective and its gradient with respect to the internal coordinates. */
  valueAndGradient(theta: ArrayLike<number>, gradient: Float64Array): number {
    const p = this.toNatural(theta, this.natural);
    const partials = this.partials;
    const count = p.length;
    gradient.fill(0);
    let total = 0;
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i]!;
      const f =
        this.fastRows === null
          ? this.law.predict(p, row)
          : this.law.evaluate!(p, this.fastRows[i]!, partials);
      if (this.fastRows === null) this.law.gradient(p, row, partials);
      let weight: number;
      if (this.objective === 'ls') {
        const s = this.sigma === null ? 1 : this.sigma[i]!;
        const r = (this.y[i]! - f) / s;
        total += r * r;
        weight = (-2 * r) / s;
      } else {
        if (!(f > 0)) return Infinity;
        const r = Math.log(this.y[i]!) - Math.log(f);
        const absR = Math.abs(r);
        total += absR <= this.delta ? 0.5 * r * r : this.delta * (absR - 0.5 * this.delta);
        const psi = absR <= this.delta ? r : this.delta * Math.sign(r);
        weight = -psi / f;
      }
      for (let j = 0; j < count; j++) {
        const chain = this.isLog[j] ? p[j]! : 1;
        gradient[j]! += weight * partials[j]! * chain;
      }
    }
    if (!Number.isFinite(total)) return Infinity;
    for (let j = 0; j < count; j++) if (!Number.isFinite(gradient[j]!)) return Infinity;
    return total;
  }

  /**
   * Residuals in the objective's space: (y - f) / sigma for `ls`, ln y - ln f for `log-huber`.
   */
  residuals(params: ArrayLike<number>): Float64Array {
    return Float64Array.from(this.rows, (row, i) => {
      const f = this.law.predict(params, row);
      if (this.objective === 'ls') return (this.y[i]! - f) / (this.sigma?.[i] ?? 1);
      return Math.log(this.y[i]!) - Math.log(f);
    });
  }

  /**
   * Jacobian of the objective-space prediction with respect to the natural parameters, one
   * row per point: d f / d p (divided by sigma) for `ls`, d ln f / d p for `log-huber`.
   */
  jacobian(params: ArrayLike<number>): Float64Array[] {
    return this.rows.map((row, i) => {
      const out = new Float64Array(params.length);
      this.law.gradient(params, row, out);
      const divisor =
        this.objective === 'ls' ? (this.sigma?.[i] ?? 1) : this.law.predict(params, row);
      for (let j = 0; j < out.length; j++) out[j]! /= divisor;
      return out;
    });
  }

  /**
   * Gauss-Newton curvature in internal coordinates, sum_i g_i g_i^T with g_i the gradient of
   * the objective-space prediction (f / sigma, or ln f) at one point; p x p row-major.
   */
  curvature(theta: ArrayLike<number>): Float64Array {
    const p = this.toNatural(theta, this.natural);
    const count = p.length;
    const out = new Float64Array(count * count);
    const partials = this.partials;
    for (let i = 0; i < this.rows.length; i++) {
      const row = this.rows[i]!;
      this.law.gradient(p, row, partials);
      const divisor = this.objective === 'ls' ? (this.sigma?.[i] ?? 1) : this.law.predict(p, row);
      for (let a = 0; a < count; a++) {
        partials[a] = (partials[a]! * (this.isLog[a] ? p[a]! : 1)) / divisor;
      }
      for (let a = 0; a < count; a++) {
        for (let b = 0; b < count; b++) out[a * count + b]! += partials[a]! * partials[b]!;
      }
    }
    return out;
  }

  /**
   * The objective of a constant prediction (the mean of y, or of ln y for log-Huber): the
   * problem's own scale, against which convergence tests are relative.
   */
  nullObjective(): number {
    const n = this.size;
    const logMean = this.y.reduce((sum, y) => sum + Math.log(y), 0) / n;
    const mean = this.y.reduce((sum, y) => sum + y, 0) / n;
    const constant = this.objective === 'ls' ? mean : Math.exp(logMean);
    let total = 0;
    for (let i = 0; i < n; i++) total += this.pointLoss(i, constant);
    return Number.isFinite(total) && total > 0 ? total : 1;
  }

  private pointLoss(i: number, f: number): number {
    if (this.objective === 'ls') {
      const r = (this.y[i]! - f) / (this.sigma === null ? 1 : this.sigma[i]!);
      return r * r;
    }
    if (!(f > 0)) return Infinity;
    const absR = Math.abs(Math.log(this.y[i]!) - Math.log(f));
    return absR <= this.delta ? 0.5 * absR * absR : this.delta * (absR - 0.5 * this.delta);
  }
}
