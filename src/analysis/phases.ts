import { InputError } from '../errors.ts';
import { solveSymmetric } from '../fit/variable-projection.ts';

/** One checkpoint of a run trained with a thinking-time penalty. */
export interface Checkpoint {
  step: number;
  /** Mean thinking tokens per answer. */
  tokens: number;
  accuracy: number;
}

/** One phase: where it runs, how tokens and accuracy move in it. */
export interface Phase {
  name: 'growth' | 'compression' | 'regrowth';
  from: number;
  to: number;
  /** Fitted change of tokens per 1,000 steps. */
  tokensSlope: number;
  /** Least-squares change of accuracy per 1,000 steps within the phase. */
  accuracySlope: number;
  /** Accuracy at the phase's end minus at its start, from that line. */
  accuracyChange: number;
}

/** The detected phases and how well the three-segment model fits. */
export interface PhaseAnalysis {
  /** Steps where compression starts and where growth resumes. */
  boundaries: [number, number];
  phases: Phase[];
  /** Residual standard deviation of tokens around the fitted segments. */
  residualStandardDeviation: number;
  /** Whether accuracy held during compression (|change| <= tolerance). */
  accuracyHeld: boolean;
  method: string;
}

/**
 * Find the phases of a run trained with a thinking-time penalty: tokens per answer rise, fall
 * while accuracy holds ("thought compression"), then rise again.
 *
 * Method: a continuous piecewise-linear model of tokens against step with two breakpoints,
 * tokens = a + b s + c (s - t1)+ + d (s - t2)+, fitted by least squares for every pair of
 * checkpoint steps (t1 < t2, at least three checkpoints per segment), keeping the pair with
 * the smallest residual sum of squares among those whose slopes rise, fall, rise. Least
 * squares over all checkpoints averages the noise out instead of reacting to single
 * checkpoints (a local-maximum rule would); the boundaries' resolution is the checkpoint
 * spacing. Accuracy "holds" when its fitted change over the compression phase is within
 * `tolerance` (default 0.02, two points).
 *
 * @throws InputError (code `no-phases`) with fewer than 9 checkpoints or no rise-fall-rise fit.
 */
export function detectPhases(checkpoints: readonly Checkpoint[], tolerance = 0.02): PhaseAnalysis {
  const sorted = [...checkpoints].sort((a, b) => a.step - b.step);
  const n = sorted.length;
  if (n < 9) {
    throw new InputError('no-phases', `phase detection needs at least 9 checkpoints; got ${n}`);
  }
  const steps = sorted.map((c) => c.step);
  const tokens = sorted.map((c) => c.tokens);
  let best: { sse: number; i: number; j: number; coefficients: number[] } | null = null;
  for (let i = 2; i < n - 6; i++) {
    for (let j = i + 3; j < n - 3; j++) {
      const t1 = steps[i]!;
      const t2 = steps[j]!;
      const basis = steps.map((s) => [1, s, Math.max(0, s - t1), Math.max(0, s - t2)]);
      const coefficients = leastSquares(basis, tokens);
      if (coefficients === null) continue;
      const [, b, c, d] = coefficients as [number, number, number, number];
      if (!(b > 0 && b + c < 0 && b + c + d > 0)) continue;
      const sse = basis.reduce((sum, row, k) => {
        const fitted = row.reduce((acc, v, m) => acc + v * coefficients[m]!, 0);
        return sum + (tokens[k]! - fitted) ** 2;
      }, 0);
      if (best === null || sse < best.sse) best = { sse, i, j, coefficients };
    }
  }
  if (best === null) {
    throw new InputError(
      'no-phases',
      'no split of the run into tokens rising, falling, rising again fits the checkpoints',
    );
  }
  const [, b, c, d] = best.coefficients as [number, number, number, number];
  const t1 = steps[best.i]!;
  const t2 = steps[best.j]!;
  const segments: [Phase['name'], number, number, number][] = [
    ['growth', steps[0]!, t1, b],
    ['compression', t1, t2, b + c],
    ['regrowth', t2, steps[n - 1]!, b + c + d],
  ];
  const phases = segments.map(([name, from, to, slope]) => {
    const inside = sorted.filter((cp) => cp.step >= from && cp.step <= to);
    const line = leastSquares(
      inside.map((cp) => [1, cp.step]),
      inside.map((cp) => cp.accuracy),
    ) ?? [0, 0];
    return {
      name,
      from,
      to,
      tokensSlope: 1000 * slope,
      accuracySlope: 1000 * line[1]!,
      accuracyChange: line[1]! * (to - from),
    };
  });
  return {
    boundaries: [t1, t2],
    phases,
    residualStandardDeviation: Math.sqrt(best.sse / Math.max(1, n - 4)),
    accuracyHeld: Math.abs(phases[1]!.accuracyChange) <= tolerance,
    method:
      'continuous three-segment least squares over all checkpoint pairs; resolution: the ' +
      'checkpoint spacing',
  };
}

/** Least squares through the normal equations (small, well-scaled problems only). */
function leastSquares(rows: number[][], y: number[]): number[] | null {
  const p = rows[0]!.length;
  // Scale columns to unit maximum to keep the normal equations well conditioned.
  const scale = Array.from(
    { length: p },
    (_, m) => Math.max(...rows.map((r) => Math.abs(r[m]!))) || 1,
  );
  const normal = new Float64Array(p * p);
  const right = new Float64Array(p);
  rows.forEach((row, k) => {
    for (let a = 0; a < p; a++) {
      right[a]! += (row[a]! / scale[a]!) * y[k]!;
      for (let b = 0; b < p; b++)
        normal[a * p + b]! += (row[a]! / scale[a]!) * (row[b]! / scale[b]!);
    }
  });
  const solution = solveSymmetric(normal, right, p);
  return solution === null ? null : solution.map((v, m) => v / scale[m]!);
}
