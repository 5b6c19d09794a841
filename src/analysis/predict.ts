import { InputError } from '../errors.ts';
import { computeOptimal } from '../laws/chinchilla.ts';
import { toParameterVector, type Law, type ParameterValues } from '../laws/law.ts';

/** Where to evaluate a law: any of x, N, D, C by name (FLOPs, parameters, tokens). */
export type PredictionPoint = Partial<Record<'x' | 'N' | 'D' | 'C', number>>;

/** A prediction: the full point it was made at, and the law's value there. */
export interface Prediction {
  at: PredictionPoint;
  value: number;
  /** True when N and D were chosen compute-optimally for the given C. */
  computeOptimal?: boolean;
}

/**
 * Evaluate a fitted law at a new point.
 *
 * One-input laws read `x` (or `C`, the usual resource). Laws of N and D take N and D; or C with
 * one of them (the other from C = k N D); or C alone, which evaluates the law along its
 * compute-optimal frontier (Hoffmann et al. 2022, appendix D.2) and reports N and D chosen.
 *
 * @throws InputError (code `invalid-prediction-point`) when the point does not fit the law.
 */
export function predict(
  law: Law,
  params: ParameterValues,
  at: PredictionPoint,
  flopsPerParamToken = 6,
): Prediction {
  const p = toParameterVector(law, params);
  const bad = (why: string) =>
    new InputError('invalid-prediction-point', `cannot predict at ${describePoint(at)}: ${why}`);
  for (const [key, value] of Object.entries(at)) {
    if (!(Number.isFinite(value) && value! > 0)) throw bad(`${key} must be a finite number > 0`);
  }
  if (law.inputs.length === 1) {
    const x = at.x ?? at.C;
    if (x === undefined) throw bad(`law ${law.name} needs x (or C), e.g. "C=1e24"`);
    return { at: { ...at }, value: law.predict(p, [x]) };
  }
  let { N, D } = at;
  const { C } = at;
  const k = flopsPerParamToken;
  if (N !== undefined && D !== undefined) {
    return { at: { N, D, C: C ?? k * N * D }, value: law.predict(p, [N, D]) };
  }
  if (C === undefined) throw bad('give N and D, or C (with or without one of N, D)');
  if (N !== undefined) D = C / (k * N);
  else if (D !== undefined) N = C / (k * D);
  else {
    if (law.name !== 'chinchilla') throw bad(`law ${law.name} has no compute-optimal frontier`);
    const optimal = computeOptimal(p, C, k);
    return { at: { N: optimal.N, D: optimal.D, C }, value: optimal.loss, computeOptimal: true };
  }
  return { at: { N, D, C }, value: law.predict(p, [N!, D!]) };
}

/**
 * Parse a prediction spec such as "N=1.3e10,D=5e12" or "C=1e24" (numbers as the run-table
 * reader accepts them, with K/M/B/T suffixes).
 */
export function parsePredictionPoint(
  spec: string,
  parse: (text: string) => number | null,
): PredictionPoint {
  const point: PredictionPoint = {};
  for (const part of spec.split(',')) {
    const match = /^\s*([A-Za-z]+)\s*=\s*(.+?)\s*$/.exec(part);
    const key = match?.[1] === undefined ? undefined : normaliseKey(match[1]);
    const value = match?.[2] === undefined ? null : parse(match[2]);
    if (key === undefined || value === null) {
      throw new InputError(
        'invalid-prediction-point',
        `--predict ${JSON.stringify(spec)}: cannot read ${JSON.stringify(part)}; expected ` +
          'KEY=NUMBER pairs separated by commas with KEY one of x, N, D, C, e.g. "N=1.3e10,D=5e12"',
      );
    }
    point[key] = value;
  }
  return point;
}

function normaliseKey(key: string): keyof PredictionPoint | undefined {
  const keys: Record<string, keyof PredictionPoint> = { x: 'x', n: 'N', d: 'D', c: 'C' };
  return keys[key.toLowerCase()];
}

function describePoint(at: PredictionPoint): string {
  return Object.entries(at)
    .map(([key, value]) => `${key}=${value}`)
    .join(',');
}
