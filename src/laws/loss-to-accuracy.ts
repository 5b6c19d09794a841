import { extent, logistic } from './stats-helpers.ts';
import { cartesian, linspace, type Law } from './law.ts';

/**
 * Loss-to-accuracy sigmoid, the second step of two-step downstream prediction:
 * acc = a / (1 + exp(-k * (L - L0))) + b.
 *
 * L is a task loss (nats or bits per byte), acc an accuracy in [0, 1]. b is the floor (chance),
 * a + b the ceiling, L0 the midpoint, k the steepness; k < 0 when accuracy rises as loss falls.
 * Targets outside (b, a + b) are unreachable.
 *
 * References: Llama 3 report 2024, arXiv 2407.21783 (sec. 3.2.1); Bhagia et al. 2024,
 * arXiv 2412.04403, eq. 2.
 */
export const lossToAccuracy: Law = {
  name: 'loss-to-accuracy',
  formula: 'acc = a / (1 + exp(-k * (L - L0))) + b',
  inputs: ['x'],
  realInputs: true,
  parameters: [
    // a >= 0 removes the mirror image (a, k, b) -> (-a, -k, a + b), which draws the same curve.
    {
      name: 'a',
      lower: 0,
      upper: Infinity,
      scale: 'linear',
      description: 'range (ceiling - floor)',
    },
    { name: 'k', lower: -1e3, upper: 1e3, scale: 'linear', description: 'steepness (1/loss)' },
    { name: 'L0', lower: -Infinity, upper: Infinity, scale: 'linear', description: 'midpoint' },
    { name: 'b', lower: -Infinity, upper: Infinity, scale: 'linear', description: 'floor' },
  ],
  predict: (p, input) => p[0]! * logistic(p[1]! * (input[0]! - p[2]!)) + p[3]!,
  gradient(p, input, out) {
    const offset = input[0]! - p[2]!;
    const s = logistic(p[1]! * offset);
    const slope = p[0]! * s * (1 - s);
    out[0] = s;
    out[1] = slope * offset;
    out[2] = -slope * p[1]!;
    out[3] = 1;
  },
  inverse(p, target) {
    const q = (target - p[3]!) / p[0]!;
    if (!(q > 0 && q < 1) || p[1] === 0) return null;
    return p[2]! - Math.log(1 / q - 1) / p[1]!;
  },
  initialGuesses(data) {
    const [lo, hi] = extent(data.inputs[0]!);
    const [yLo, yHi] = extent(data.y);
    return [[yHi - yLo, -10 / (hi - lo || 1), 0.5 * (lo + hi), yLo]];
  },
  diagnose(p, data) {
    const [lo, hi] = extent(data.inputs[0]!);
    const L0 = p[2]!;
    if (L0 >= lo && L0 <= hi) return [];
    const at = (v: number) => v.toPrecision(3);
    return [
      `the midpoint L0 = ${at(L0)} lies outside the data's losses (${at(lo)} to ${at(hi)}): ` +
        'the data see one tail of the sigmoid, where a and L0 trade off, so the range a and ' +
        'the accuracy the curve approaches beyond L0 are extrapolations they barely constrain',
    ];
  },
  linearStructure: {
    linear: [0, 3],
    basis(p, input, out) {
      out[0] = logistic(p[1]! * (input[0]! - p[2]!));
      out[1] = 1;
    },
    nonlinearGrid(data) {
      const [lo, hi] = extent(data.inputs[0]!);
      const span = hi - lo || 1;
      const mids = linspace(lo - span, hi + span, 25);
      const steep = [1, 2, 4, 8, 16, 32, 64].map((s) => s / span);
      const ks = [...steep.map((s) => -s), ...steep];
      return cartesian([ks, mids]).map(([k, L0]) => [1, k!, L0!, 0]);
    },
  },
};
