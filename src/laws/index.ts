import { chinchilla } from './chinchilla.ts';
import { logLinear } from './log-linear.ts';
import { lossToAccuracy } from './loss-to-accuracy.ts';
import { power } from './power.ts';
import { powerOffset } from './power-offset.ts';
import { sigmoid } from './sigmoid.ts';
import type { Law } from './law.ts';

/** The law catalogue, keyed by the names the CLI's `--law` accepts. */
export const laws: Readonly<Record<string, Law>> = Object.freeze({
  power,
  'power-offset': powerOffset,
  chinchilla,
  sigmoid,
  'log-linear': logLinear,
  'loss-to-accuracy': lossToAccuracy,
});

export { chinchilla, computeOptimal, hoffmannGrid } from './chinchilla.ts';
export type { ComputeOptimalPoint } from './chinchilla.ts';
export { logLinear, lossToAccuracy, power, powerOffset, sigmoid };
export { defineLaw } from './define-law.ts';
export { toParameterValues, toParameterVector } from './law.ts';
export type {
  Law,
  LawData,
  LawInput,
  LinearStructure,
  ParameterSpec,
  ParameterValues,
} from './law.ts';
