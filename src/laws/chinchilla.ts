import { bisectLog, cartesian, linspace, type Law } from './law.ts';

/**
 * The Chinchilla law of loss against parameters and tokens:
 * L = E + A / N^alpha + B / D^beta.
 *
 * N in parameters, D in tokens, L in nats per token. E is the irreducible loss; A / N^alpha
 * the penalty of a finite model, B / D^beta of finite data. Valid for N, D > 0; the exponents
 * are identifiable only when N and D vary independently over more than a decade each.
 *
 * Hoffmann et al. fit it with starts on a grid in (log A, log B, log E, alpha, beta):
 * {0, 5, ..., 25}² x {-1, -0.5, ..., 1} x {0, 0.5, ..., 2}² (4,500 starts); see
 * {@link hoffmannGrid}. Along the compute-optimal frontier at C = 6ND the loss is a function
 * of C alone ({@link computeOptimal}); `inverse` returns the C at which that frontier reaches
 * a target.
 *
 * References: Hoffmann et al. 2022, arXiv 2203.15556 (Approach 3, eq. 2 and appendix D.2);
 * Besiroglu et al. 2024, arXiv 2404.10102.
 */
export const chinchilla: Law = {
  name: 'chinchilla',
  formula: 'L = E + A / N^alpha + B / D^beta',
  inputs: ['N', 'D'],
  parameters: [
    { name: 'E', lower: 0, upper: Infinity, scale: 'log', description: 'irreducible loss' },
    { name: 'A', lower: 0, upper: Infinity, scale: 'log', description: 'parameter term scale' },
    { name: 'B', lower: 0, upper: Infinity, scale: 'log', description: 'data term scale' },
    { name: 'alpha', lower: 0, upper: 10, scale: 'linear', description: 'exponent of N' },
    { name: 'beta', lower: 0, upper: 10, scale: 'linear', description: 'exponent of D' },
  ],
  predict(p, input) {
    return (
      p[0]! +
      p[1]! * Math.exp(-p[3]! * Math.log(input[0]!)) +
      p[2]! * Math.exp(-p[4]! * Math.log(input[1]!))
    );
  },
  gradient(p, input, out) {
    const logN = Math.log(input[0]!);
    const logD = Math.log(input[1]!);
    const termN = Math.exp(-p[3]! * logN);
    const termD = Math.exp(-p[4]! * logD);
    out[0] = 1;
    out[1] = termN;
    out[2] = termD;
    out[3] = -logN * p[1]! * termN;
    out[4] = -logD * p[2]! * termD;
  },
  evaluate(p, input, out) {
    const logN = input.length > 3 ? input[2]! : Math.log(input[0]!);
    const logD = input.length > 3 ? input[3]! : Math.log(input[1]!);
    const termN = p[1]! * Math.exp(-p[3]! * logN);
    const termD = p[2]! * Math.exp(-p[4]! * logD);
    out[0] = 1;
    out[1] = termN / p[1]!;
    out[2] = termD / p[2]!;
    out[3] = -logN * termN;
    out[4] = -logD * termD;
    return p[0]! + termN + termD;
  },
  inverse(p, target) {
    if (!(target > p[0]!)) return null;
    return bisectLog((C) => computeOptimal(p, C).loss, target, 1, 1e60);
  },
  initialGuesses: (data) => [
    // The Chinchilla paper's reported fit, a sensible start for token-level losses in nats.
    [1.69, 406.4, 410.7, 0.34, 0.28],
    [Math.min(...data.y) * 0.9, 400, 400, 0.3, 0.3],
  ],
  startGrid: () => hoffmannGrid(),
  linearStructure: {
    linear: [0, 1, 2],
    basis(p, input, out) {
      out[0] = 1;
      out[1] = Math.exp(-p[3]! * Math.log(input[0]!));
      out[2] = Math.exp(-p[4]! * Math.log(input[1]!));
    },
    nonlinearGrid: () =>
      cartesian([linspace(0.05, 1.5, 30), linspace(0.05, 1.5, 30)]).map(([alpha, beta]) => [
        1,
        1,
        1,
        alpha!,
        beta!,
      ]),
  },
};

/**
 * Hoffmann et al.'s start grid, in natural units [E, A, B, alpha, beta]:
 * log A, log B in {0, 5, ..., 25}; log E in {-1, -0.5, ..., 1}; alpha, beta in {0, 0.5, ..., 2}.
 * 6 x 6 x 5 x 5 x 5 = 4,500 starts (Besiroglu et al. 2024, section 2).
 */
export function hoffmannGrid(): number[][] {
  const logScales = [0, 5, 10, 15, 20, 25];
  const logFloors = [-1, -0.5, 0, 0.5, 1];
  const exponents = [0, 0.5, 1, 1.5, 2];
  return cartesian([logScales, logScales, logFloors, exponents, exponents]).map(
    ([a, b, e, alpha, beta]) => [Math.exp(e!), Math.exp(a!), Math.exp(b!), alpha!, beta!],
  );
}

/** The compute-optimal model at a budget, with the loss the law predicts there. */
export interface ComputeOptimalPoint {
  /** Budget in FLOPs. */
  C: number;
  /** Parameters. */
  N: number;
  /** Tokens. */
  D: number;
  tokensPerParameter: number;
  loss: number;
}

/**
 * Compute-optimal allocation of a budget C = k * N * D under the Chinchilla law:
 * G = (alpha * A / (beta * B))^(1 / (alpha + beta)), a = beta / (alpha + beta),
 * b = alpha / (alpha + beta), N_opt = G * (C / k)^a, D_opt = (C / k)^b / G.
 *
 * @param p - Chinchilla parameters [E, A, B, alpha, beta]
 * @param C - budget in FLOPs (> 0)
 * @param flopsPerParamToken - k in C = k * N * D; 6 for a dense transformer
 * @example computeOptimal([1.69, 406.4, 410.7, 0.34, 0.28], 5.76e23).N // ≈ 3.3e10
 * Reference: Hoffmann et al. 2022, arXiv 2203.15556, appendix D.2 eq. 4.
 */
export function computeOptimal(
  p: ArrayLike<number>,
  C: number,
  flopsPerParamToken = 6,
): ComputeOptimalPoint {
  const [E, A, B, alpha, beta] = [p[0]!, p[1]!, p[2]!, p[3]!, p[4]!];
  const sum = alpha + beta;
  const logG = (Math.log(alpha * A) - Math.log(beta * B)) / sum;
  const logBudget = Math.log(C / flopsPerParamToken);
  const logN = logG + (beta / sum) * logBudget;
  const logD = (alpha / sum) * logBudget - logG;
  const N = Math.exp(logN);
  const D = Math.exp(logD);
  const loss = E + A * Math.exp(-alpha * logN) + B * Math.exp(-beta * logD);
  return { C, N, D, tokensPerParameter: D / N, loss };
}
