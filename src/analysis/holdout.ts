import { fitLaw, type FitOptions, type FitPoint, type FitResult } from '../fit/fit-law.ts';
import { InputError } from '../errors.ts';
import type { Law } from '../laws/law.ts';
import type { RunPoint } from '../data/read-runs.ts';

/** One held-out run: where it is, what it measured, what the law fitted without it predicts. */
export interface HeldOutPrediction {
  row: number;
  at: Partial<Record<'x' | 'N' | 'D' | 'C', number>>;
  actual: number;
  predicted: number;
  /** (predicted - actual) / actual: positive when the law over-predicts. */
  relativeError: number;
}

/** A back-test: the fit on the smaller runs and its predictions for the larger ones. */
export interface HoldoutResult {
  fit: FitResult;
  /** The runs the fit was made on. */
  training: RunPoint[];
  heldOut: HeldOutPrediction[];
}

/**
 * Back-test a law: fit all but the `count` runs with the largest resource (C for laws of N and
 * D, where C = k N D; x otherwise), then predict those runs. This is how a scaling law earns
 * trust (Bhagia et al. 2024; Llama 3 report 2024).
 *
 * @throws InputError (code `invalid-holdout`) when fewer runs than parameters would remain.
 */
export function holdout(
  law: Law,
  points: readonly RunPoint[],
  count: number,
  options: FitOptions = {},
  flopsPerParamToken = 6,
): HoldoutResult {
  const resource = (point: RunPoint) =>
    law.inputs.length === 2 ? (point.C ?? flopsPerParamToken * point.N! * point.D!) : point.x;
  const order = points.map((point, index) => ({ point, index }));
  order.sort((a, b) => resource(a.point) - resource(b.point) || a.index - b.index);
  const remaining = points.length - count;
  if (!Number.isInteger(count) || count < 1 || remaining < law.parameters.length) {
    throw new InputError(
      'invalid-holdout',
      `--holdout ${count}: holding out ${count} of ${points.length} runs leaves ${remaining}, ` +
        `but law ${law.name} needs at least ${law.parameters.length}; hold out fewer runs`,
    );
  }
  const kept = order.slice(0, remaining);
  const training = kept.map((entry) => entry.point);
  const tested = order.slice(remaining).map((entry) => entry.point);
  const sigma = options.sigma;
  const trainingOptions =
    sigma === undefined ? options : { ...options, sigma: kept.map((entry) => sigma[entry.index]!) };
  const fit = fitLaw(law, training, trainingOptions);
  const params = law.parameters.map((spec) => fit.params[spec.name]!);
  const heldOut = tested.map((point) => {
    const input = law.inputs.map((name) => (point as FitPoint)[name]!);
    const predicted = law.predict(params, input);
    const at =
      law.inputs.length === 2 ? { N: point.N!, D: point.D!, C: resource(point) } : { x: point.x };
    return {
      row: point.row,
      at,
      actual: point.y,
      predicted,
      relativeError: (predicted - point.y) / point.y,
    };
  });
  return { fit, training, heldOut };
}
