import { uniformSource } from './random.ts';

/**
 * A seed for resample `index` of a bootstrap seeded with `seed`: each resample draws from its
 * own stream, so the result does not depend on the order (or thread) in which resamples run.
 * The mix is SplitMix32's finaliser over seed and index.
 */
export function resampleSeed(seed: number, index: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) + Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Indices of a non-parametric bootstrap resample: n draws with replacement from 0..n-1, or,
 * with `clusters` (one label per point), whole clusters drawn with replacement and all their
 * points taken (the stricter variant that keeps runs of one model size together).
 */
export function resampleIndices(
  n: number,
  uniform: () => number,
  clusters?: readonly (string | number)[],
): number[] {
  if (clusters === undefined) {
    return Array.from({ length: n }, () => Math.floor(uniform() * n));
  }
  const members = new Map<string | number, number[]>();
  clusters.forEach((label, i) => members.set(label, [...(members.get(label) ?? []), i]));
  const groups = [...members.values()];
  const indices: number[] = [];
  for (let k = 0; k < groups.length; k++) {
    indices.push(...groups[Math.floor(uniform() * groups.length)]!);
  }
  return indices;
}

/** The outcome of one resample: the statistics, or why none could be computed. */
export type ResampleOutcome = { values: number[] } | { failed: string };

/** What {@link runBootstrap} returns: the statistics of the resamples that succeeded. */
export interface BootstrapDraws {
  resamples: number;
  seed: number;
  /** One row of statistics per successful resample, in resample order. */
  values: number[][];
  /** Resamples that gave no statistics, by reason. */
  failures: Record<string, number>;
  failed: number;
}

/**
 * Run `resamples` bootstrap resamples. `evaluate` receives a seeded uniform source of its own
 * and returns the statistics (or a failure reason). Progress is reported through `onProgress`
 * (the library never prints).
 */
export function runBootstrap(options: {
  resamples: number;
  seed: number;
  evaluate: (uniform: () => number, index: number) => ResampleOutcome;
  onProgress?: (done: number, total: number) => void;
}): BootstrapDraws {
  const outcomes: ResampleOutcome[] = [];
  for (let index = 0; index < options.resamples; index++) {
    outcomes.push(options.evaluate(uniformSource(resampleSeed(options.seed, index)), index));
    options.onProgress?.(index + 1, options.resamples);
  }
  return collectDraws(outcomes, options.seed);
}

/**
 * The draws of a bootstrap from its resamples' outcomes, in resample order: the statistics
 * of those that succeeded (all finite), and the others counted by reason.
 */
export function collectDraws(outcomes: readonly ResampleOutcome[], seed: number): BootstrapDraws {
  const values: number[][] = [];
  const failures: Record<string, number> = {};
  for (const outcome of outcomes) {
    if ('values' in outcome && outcome.values.every(Number.isFinite)) {
      values.push(outcome.values);
    } else {
      const reason = 'failed' in outcome ? outcome.failed : 'a statistic was not finite';
      failures[reason] = (failures[reason] ?? 0) + 1;
    }
  }
  const failed = outcomes.length - values.length;
  return { resamples: outcomes.length, seed, values, failures, failed };
}
