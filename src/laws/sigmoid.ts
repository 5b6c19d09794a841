import { extent, geomspace, logistic } from './stats-helpers.ts';
import { cartesian, type Law } from './law.ts';

/**
 * Sigmoidal compute-performance curve of ScaleRL:
 * R = R0 + (A - R0) / (1 + (Cmid / C)^B).
 *
 * R is a bounded score (mean pass rate), C the resource (RL compute, steps), R0 the score at
 * C -> 0, A the asymptote, B the efficiency exponent, Cmid the compute at half the gain.
 * Valid for C > 0, Cmid > 0, B > 0; targets outside (R0, A) are unreachable.
 *
 * Reference: Khatri et al. 2025 (ScaleRL), arXiv 2510.13786, eq. 1.
 */
export const sigmoid: Law = {
  name: 'sigmoid',
  formula: 'R = R0 + (A - R0) / (1 + (Cmid / C)^B)',
  inputs: ['x'],
  parameters: [
    { name: 'R0', lower: -Infinity, upper: Infinity, scale: 'linear', description: 'start' },
    { name: 'A', lower: -Infinity, upper: Infinity, scale: 'linear', description: 'asymptote' },
    {
      name: 'Cmid',
      lower: 0,
      upper: Infinity,
      scale: 'log',
      description: 'resource at half the gain (units of x)',
    },
    { name: 'B', lower: 1e-6, upper: 50, scale: 'linear', description: 'efficiency exponent' },
  ],
  predict(p, input) {
    const s = logistic(p[3]! * (Math.log(input[0]!) - Math.log(p[2]!)));
    return p[0]! + (p[1]! - p[0]!) * s;
  },
  gradient(p, input, out) {
    const logRatio = Math.log(input[0]!) - Math.log(p[2]!);
    const s = logistic(p[3]! * logRatio);
    const slope = (p[1]! - p[0]!) * s * (1 - s);
    out[0] = 1 - s;
    out[1] = s;
    out[2] = (-slope * p[3]!) / p[2]!;
    out[3] = slope * logRatio;
  },
  inverse(p, target) {
    const q = (target - p[0]!) / (p[1]! - p[0]!);
    if (!(q > 0 && q < 1)) return null;
    return p[2]! * Math.exp(Math.log(q / (1 - q)) / p[3]!);
  },
  initialGuesses(data) {
    const [lo, hi] = extent(data.inputs[0]!);
    const [yLo, yHi] = extent(data.y);
    const rising = data.y[data.y.length - 1]! >= data.y[0]!;
    const start = rising ? yLo : yHi;
    const end = rising ? yHi : yLo;
    return [[start, end, Math.sqrt(lo * hi), 1]];
  },
  diagnose(p, data) {
    const [lo, hi] = extent(data.inputs[0]!);
    const Cmid = p[2]!;
    const at = (v: number) => v.toPrecision(3);
    if (Cmid > hi) {
      return [
        `Cmid = ${at(Cmid)} lies above the largest x (${at(hi)}): the data see only the first ` +
          'half of the sigmoid, so the asymptote A is an extrapolation they barely constrain',
      ];
    }
    if (Cmid < lo) {
      return [
        `Cmid = ${at(Cmid)} lies below the smallest x (${at(lo)}): the data see only the second ` +
          'half of the sigmoid, so the start R0 is an extrapolation they barely constrain',
      ];
    }
    return [];
  },
  linearStructure: {
    linear: [0, 1],
    basis(p, input, out) {
      const s = logistic(p[3]! * (Math.log(input[0]!) - Math.log(p[2]!)));
      out[0] = 1 - s;
      out[1] = s;
    },
    nonlinearGrid(data) {
      const [lo, hi] = extent(data.inputs[0]!);
      const mids = geomspace(lo / 10, hi * 10, 25);
      const slopes = [0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 6];
      return cartesian([mids, slopes]).map(([Cmid, B]) => [0, 1, Cmid!, B!]);
    },
  },
};
