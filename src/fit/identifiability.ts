import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

import type { Law } from '../laws/law.ts';
import type { FitProblem } from './problem.ts';
import { gramian } from './statistics.ts';

/** Parameters the data cannot pin down, and why, in sentences for the fit's warnings. */
export interface Identifiability {
  /** Parameter symbols whose fitted values are one of many equally good choices. */
  parameters: string[];
  /** One sentence per finding. */
  reasons: string[];
}

/** Eigenvalues of the unit-diagonal J^T J below this share of the largest are null. */
const NULL_EIGENVALUE = 1e-12;
/** A parameter taking more than this share of a null direction moves along it. */
const NULL_COMPONENT = 0.1;
/** A positive parameter whose standard error exceeds this multiple of its value is unpinned. */
const RELATIVE_ERROR_LIMIT = 10;
/** |correlation| of log inputs above which two inputs count as one. */
const COLLINEAR = 0.999;

/**
 * Find the parameters of a fit that the data do not determine.
 *
 * Four tests, each with its reason: (1) the prediction does not depend on a parameter at the
 * optimum (its Jacobian column is zero); (2) J^T J, scaled to unit diagonal, has an eigenvalue
 * below 1e-12 of the largest: the parameters with a component above 0.1 in that eigenvector
 * trade off exactly; (3) a parameter bounded below by 0 has a linearised standard error over
 * 10 times its value, so its interval spans orders of magnitude; (4) two inputs whose logs
 * correlate above 0.999 (one tokens-per-parameter ratio for Chinchilla): every parameter whose
 * derivative varies across the runs could be traded between the inputs' terms, since the data
 * cannot tell N from D (Hoffmann et al. 2022 vary the ratio for this reason).
 *
 * @param problem - The fitting problem (data and objective).
 * @param params - Parameters at the optimum, natural units.
 * @param standardErrors - Linearised standard errors in the law's order, or null.
 * @returns The unidentified parameters (in the law's order) and the reasons.
 */
export function identifiability(
  problem: FitProblem,
  params: Float64Array,
  standardErrors: ArrayLike<number> | null,
): Identifiability {
  const law = problem.law;
  const p = law.parameters.length;
  const flagged = new Set<number>();
  const reasons: string[] = [];
  const names = (indices: Iterable<number>) =>
    [...indices]
      .sort((a, b) => a - b)
      .map((j) => law.parameters[j]!.name)
      .join(', ');

  // 1. and 2. Zero columns and null directions of J^T J.
  const rows = problem.jacobian(params);
  const information = gramian(rows, p);
  const largest = Math.max(...Array.from({ length: p }, (_, j) => information.get(j, j)));
  const dead = new Set<number>();
  for (let j = 0; j < p; j++) {
    const diagonal = information.get(j, j);
    if (!(diagonal > 1e-300 && diagonal > 1e-24 * largest)) dead.add(j);
  }
  if (dead.size > 0) {
    reasons.push(`the fit does not depend on ${names(dead)} at the optimum`);
    for (const j of dead) flagged.add(j);
  }
  const alive = Array.from({ length: p }, (_, j) => j).filter((j) => !dead.has(j));
  const tied = nullDirectionParameters(information, alive);
  if (tied.size > 0) {
    reasons.push(`${names(tied)} trade off exactly against each other (J^T J is singular)`);
    for (const j of tied) flagged.add(j);
  }

  // 3. Standard errors far above positive values.
  const wide = new Set<number>();
  law.parameters.forEach((spec, j) => {
    const error = standardErrors?.[j];
    if (error === undefined || spec.lower < 0 || flagged.has(j)) return;
    if (!Number.isFinite(error) || error > RELATIVE_ERROR_LIMIT * Math.abs(params[j]!)) wide.add(j);
  });
  if (wide.size > 0) {
    reasons.push(
      `the standard error of ${names(wide)} is over ${RELATIVE_ERROR_LIMIT} times the value: ` +
        'the data do not determine it (a curve flat at its floor, or too narrow a range)',
    );
    for (const j of wide) flagged.add(j);
  }

  // 4. Two inputs moving together.
  const collinear = collinearInputs(law, problem);
  if (collinear !== null) {
    const varying = varyingColumns(rows, p);
    reasons.push(
      `log ${collinear.names[0]} and log ${collinear.names[1]} are collinear (correlation ` +
        `${collinear.r.toFixed(4)}): with one tokens-per-parameter ratio the exponents are not ` +
        `identifiable, and ${names(varying)} could be traded between the two terms; ` +
        'add runs at other ratios',
    );
    for (const j of varying) flagged.add(j);
  }

  const parameters = [...flagged].sort((a, b) => a - b).map((j) => law.parameters[j]!.name);
  return { parameters, reasons };
}

/** Indices with a large component in an eigenvector of a near-zero eigenvalue. */
function nullDirectionParameters(information: Matrix, alive: number[]): Set<number> {
  const tied = new Set<number>();
  const m = alive.length;
  if (m < 2) return tied;
  const scaled = new Matrix(m, m);
  for (let a = 0; a < m; a++) {
    for (let b = 0; b < m; b++) {
      const ia = alive[a]!;
      const ib = alive[b]!;
      const d = Math.sqrt(information.get(ia, ia) * information.get(ib, ib));
      scaled.set(a, b, information.get(ia, ib) / d);
    }
  }
  const decomposition = new EigenvalueDecomposition(scaled, { assumeSymmetric: true });
  const values = decomposition.realEigenvalues;
  const vectors = decomposition.eigenvectorMatrix;
  const top = Math.max(...values);
  values.forEach((value, k) => {
    if (value > NULL_EIGENVALUE * top) return;
    for (let a = 0; a < m; a++) {
      if (Math.abs(vectors.get(a, k)) > NULL_COMPONENT) tied.add(alive[a]!);
    }
  });
  return tied;
}

/** Parameters whose derivative is not the same at every run (E's is 1 everywhere). */
function varyingColumns(rows: ArrayLike<number>[], p: number): Set<number> {
  const varying = new Set<number>();
  for (let j = 0; j < p; j++) {
    const first = rows[0]?.[j] ?? 0;
    const spread = Math.max(...rows.map((row) => Math.abs(row[j]! - first)));
    if (spread > 1e-9 * Math.max(Math.abs(first), 1e-300)) varying.add(j);
  }
  return varying;
}

/** The first pair of logged inputs whose logs correlate above 0.999, or null. */
function collinearInputs(
  law: Law,
  problem: FitProblem,
): { names: [string, string]; r: number } | null {
  const logged = law.inputs
    .map((name, k) => ({ name, k }))
    .filter(({ name }) => name !== 'g' && law.realInputs !== true);
  for (let a = 0; a < logged.length; a++) {
    for (let b = a + 1; b < logged.length; b++) {
      const first = problem.rows.map((row) => Math.log(row[logged[a]!.k]!));
      const second = problem.rows.map((row) => Math.log(row[logged[b]!.k]!));
      const r = correlation(first, second);
      if (r !== null && Math.abs(r) > COLLINEAR) {
        return { names: [logged[a]!.name, logged[b]!.name], r };
      }
    }
  }
  return null;
}

/** Pearson correlation; null when either variable is constant. */
function correlation(a: readonly number[], b: readonly number[]): number | null {
  const n = a.length;
  const meanA = a.reduce((s, v) => s + v, 0) / n;
  const meanB = b.reduce((s, v) => s + v, 0) / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i]! - meanA) * (b[i]! - meanB);
    aa += (a[i]! - meanA) ** 2;
    bb += (b[i]! - meanB) ** 2;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : null;
}
