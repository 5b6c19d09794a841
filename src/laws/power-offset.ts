import { extent, fitLine } from './stats-helpers.ts';
import { linspace, type Law } from './law.ts';

/**
 * Power law with an irreducible floor: y = E + A * x^(-alpha).
 *
 * The usual form for loss against compute: E is the loss no amount of the resource removes,
 * A the reducible part at x = 1, alpha the rate (Hoffmann et al. 2022 eq. 2 collapsed to one
 * input; Kaplan et al. 2020). Valid for x > 0, alpha > 0 (the law falls to E); targets at or
 * below E are unreachable.
 *
 * Reference: Hoffmann et al. 2022, arXiv 2203.15556.
 */
export const powerOffset: Law = {
  name: 'power-offset',
  formula: 'y = E + A * x^(-alpha)',
  inputs: ['x'],
  parameters: [
    { name: 'E', lower: 0, upper: Infinity, scale: 'log', description: 'floor (units of y)' },
    { name: 'A', lower: 0, upper: Infinity, scale: 'log', description: 'scale (units of y)' },
    { name: 'alpha', lower: 0, upper: 10, scale: 'linear', description: 'exponent (> 0)' },
  ],
  predict: (p, input) => p[0]! + p[1]! * Math.exp(-p[2]! * Math.log(input[0]!)),
  gradient(p, input, out) {
    const logX = Math.log(input[0]!);
    const term = Math.exp(-p[2]! * logX);
    out[0] = 1;
    out[1] = term;
    out[2] = -logX * p[1]! * term;
  },
  evaluate(p, input, out) {
    const logX = input.length > 1 ? input[1]! : Math.log(input[0]!);
    const term = Math.exp(-p[2]! * logX);
    out[0] = 1;
    out[1] = term;
    out[2] = -logX * p[1]! * term;
    return p[0]! + p[1]! * term;
  },
  inverse(p, target) {
    const reducible = target - p[0]!;
    if (!(reducible > 0) || !(p[2]! > 0)) return null;
    return Math.exp((Math.log(p[1]!) - Math.log(reducible)) / p[2]!);
  },
  initialGuesses(data) {
    const [yMin] = extent(data.y);
    const logX = Array.from(data.inputs[0]!, Math.log);
    return [0.5, 0.9, 0.99].map((fraction) => {
      const E = fraction * yMin;
      const line = fitLine(
        logX,
        Array.from(data.y, (y) => Math.log(Math.max(y - E, 1e-12 * yMin))),
      );
      return [E, Math.exp(line.intercept), Math.max(-line.slope, 1e-3)];
    });
  },
  linearStructure: {
    linear: [0, 1],
    basis(p, input, out) {
      out[0] = 1;
      out[1] = Math.exp(-p[2]! * Math.log(input[0]!));
    },
    nonlinearGrid: () => linspace(0.01, 2, 100).map((alpha) => [1, 1, alpha]),
  },
};
