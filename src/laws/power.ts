import { fitLine } from './stats-helpers.ts';
import { linspace, type Law } from './law.ts';

/**
 * Power law without a floor: y = A * x^(-alpha).
 *
 * Kaplan et al. (2020) write L(C) = (C_c / C)^alpha_C, the same law with A = C_c^alpha_C.
 * x is any positive resource (FLOPs, tokens, steps); y is positive. alpha > 0 for a metric that
 * falls with the resource, alpha < 0 for one that rises. With no floor the law keeps falling
 * forever: prefer `power-offset` for losses near their irreducible level.
 *
 * Reference: Kaplan et al. 2020, arXiv 2001.08361, eq. 1.3.
 */
export const power: Law = {
  name: 'power',
  formula: 'y = A * x^(-alpha)',
  inputs: ['x'],
  parameters: [
    { name: 'A', lower: 0, upper: Infinity, scale: 'log', description: 'scale (units of y)' },
    {
      name: 'alpha',
      lower: -10,
      upper: 10,
      scale: 'linear',
      description: 'exponent (dimensionless); > 0 when y falls with x',
    },
  ],
  predict: (p, input) => p[0]! * Math.exp(-p[1]! * Math.log(input[0]!)),
  gradient(p, input, out) {
    const logX = Math.log(input[0]!);
    const term = Math.exp(-p[1]! * logX);
    out[0] = term;
    out[1] = -logX * p[0]! * term;
  },
  inverse(p, target) {
    if (!(target > 0) || p[1] === 0) return null;
    return Math.exp((Math.log(p[0]!) - Math.log(target)) / p[1]!);
  },
  initialGuesses(data) {
    const logX = Array.from(data.inputs[0]!, Math.log);
    const logY = Array.from(data.y, Math.log);
    const line = fitLine(logX, logY);
    return [[Math.exp(line.intercept), -line.slope]];
  },
  linearStructure: {
    linear: [0],
    basis(p, input, out) {
      out[0] = Math.exp(-p[1]! * Math.log(input[0]!));
    },
    nonlinearGrid: () => linspace(-2, 2, 81).map((alpha) => [1, alpha]),
  },
};
