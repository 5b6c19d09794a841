import { InputError } from '../errors.ts';

/**
 * Unbiased estimator of pass@k for one problem from n samples of which c are correct:
 * 1 - C(n - c, k) / C(n, k) (Chen et al. 2021, arXiv 2107.03374, eq. 1), in the stable product
 * form 1 - prod_{i = n - c + 1}^{n} (1 - k / i), and 1 when n - c < k. No binomial is formed,
 * so it is exact to rounding for n up to 10^4 and beyond (at most c factors, each in [0, 1]).
 *
 * @param n - samples drawn (integer >= 1)
 * @param c - correct samples (integer, 0 <= c <= n)
 * @param k - attempts allowed (integer, 1 <= k <= n)
 * @throws InputError (code `invalid-pass-at-k`) when k > n or the counts are not valid
 * @example passAtK(5, 2, 2) // 0.7
 */
export function passAtK(n: number, c: number, k: number): number {
  if (
    !Number.isInteger(n) ||
    !Number.isInteger(c) ||
    !Number.isInteger(k) ||
    n < 1 ||
    c < 0 ||
    c > n ||
    k < 1
  ) {
    throw new InputError(
      'invalid-pass-at-k',
      'pass@k needs whole numbers with 0 <= correct <= samples and k >= 1; ' +
        `got samples ${n}, correct ${c}, k ${k}`,
    );
  }
  if (k > n) {
    throw new InputError(
      'invalid-pass-at-k',
      `pass@${k} needs at least ${k} samples per problem; this problem has ${n}. ` +
        'Ask for a smaller k or draw more samples',
    );
  }
  if (n - c < k) return 1;
  // For k = 1 the estimator is c / n; one division is correctly rounded, the product is not.
  if (k === 1) return c / n;
  let product = 1;
  for (let i = n - c + 1; i <= n; i++) product *= 1 - k / i;
  return 1 - product;
}

/** One problem's counts. */
export interface ProblemCounts {
  problem: string;
  samples: number;
  correct: number;
}

/** pass@k over a set of problems: the mean and its standard error over problems. */
export interface PassAtKEstimate {
  estimate: number;
  /** Sample standard deviation of the per-problem values / sqrt(problems); 0 for one problem. */
  standardError: number;
}

/**
 * pass@k of a set of problems: the mean of the per-problem unbiased estimates, with its
 * standard error from the spread over problems (the problems are the sample; the attempts'
 * own noise is part of each problem's value).
 */
export function passAtKOverProblems(
  problems: readonly ProblemCounts[],
  k: number,
): PassAtKEstimate {
  const values = problems.map((p) => passAtK(p.samples, p.correct, k));
  const m = values.length;
  const mean = values.reduce((sum, v) => sum + v, 0) / m;
  if (m < 2) return { estimate: mean, standardError: 0 };
  const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (m - 1);
  return { estimate: mean, standardError: Math.sqrt(variance / m) };
}
