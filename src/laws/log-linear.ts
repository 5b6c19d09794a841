import { fitLine } from './stats-helpers.ts';
import type { Law } from './law.ts';

/**
 * Log-linear law: y = a + b * log10(x).
 *
 * The shape reports of RL scaling show for pass@1 and pass@16 against RL steps, and of accuracy
 * against thinking tokens, over a limited range. It has no ceiling: extrapolated far enough it
 * passes 1 for a score, so read predictions only within or near the fitted range. x > 0.
 *
 * Reference: ../shared/domain.md (RL and test-time scaling); Khatri et al. 2025, arXiv 2510.13786.
 */
export const logLinear: Law = {
  name: 'log-linear',
  formula: 'y = a + b * log10(x)',
  inputs: ['x'],
  parameters: [
    { name: 'a', lower: -Infinity, upper: Infinity, scale: 'linear', description: 'y at x = 1' },
    {
      name: 'b',
      lower: -Infinity,
      upper: Infinity,
      scale: 'linear',
      description: 'change in y per tenfold x',
    },
  ],
  predict: (p, input) => p[0]! + p[1]! * Math.log10(input[0]!),
  gradient(_p, input, out) {
    out[0] = 1;
    out[1] = Math.log10(input[0]!);
  },
  inverse(p, target) {
    if (p[1] === 0 || !Number.isFinite(target)) return null;
    const x = 10 ** ((target - p[0]!) / p[1]!);
    return Number.isFinite(x) && x > 0 ? x : null;
  },
  initialGuesses(data) {
    const line = fitLine(Array.from(data.inputs[0]!, Math.log10), data.y);
    return [[line.intercept, line.slope]];
  },
  linearStructure: {
    linear: [0, 1],
    basis(_p, input, out) {
      out[0] = 1;
      out[1] = Math.log10(input[0]!);
    },
    nonlinearGrid: () => [[0, 0]],
  },
};
