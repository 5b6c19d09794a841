import type { Curve } from './curve.ts';
import { levelAt, resourceAt } from './curve.ts';

/**
 * What level to compare the recipes at:
 * - `level`: a metric value y* (`--target Y`);
 * - `at`: the level the reference curve reaches at resource x (`--at X`, e.g. the budget of
 *   a large reference model);
 * - `ref-point`: one reference model's own point (x, y) (`--ref-point "C=2.2e24,loss=1.95"`):
 *   only the new recipe is fitted, and M = x / C_new(y).
 */
export type Target =
  | { kind: 'level'; value: number }
  | { kind: 'at'; x: number }
  | { kind: 'ref-point'; x: number; y: number };

/** The multiplier at one target. */
export interface MultiplierValue {
  /** C_ref(y*) / C_new(y*); null when either recipe never reaches y*. */
  multiplier: number | null;
  reachable: boolean;
  /** The level y* compared at. */
  level: number;
  /** Resource each recipe needs to reach y* (null when unreachable). */
  ref: number | null;
  new: number | null;
  /** Why the target is unreachable, when it is. */
  reason: string | null;
}

/**
 * The compute multiplier M(y*) = C_ref(y*) / C_new(y*): how many times less of the resource
 * the new recipe needs to reach the level y*. M > 1 means the new recipe is more efficient.
 * Metrics that fall (loss) and rise (accuracy) both work: each law's inverse knows its
 * direction. A level beyond a curve's floor or asymptote is unreachable and gives no number.
 *
 * Reference: ../shared/domain.md, "The compute multiplier".
 * @param reference - the reference recipe's curve; null with a `ref-point` target
 */
export function multiplierAt(
  reference: Curve | null,
  candidate: Curve,
  target: Target,
): MultiplierValue {
  let level: number;
  let referenceResource: number | null;
  if (target.kind === 'ref-point') {
    level = target.y;
    referenceResource = target.x;
  } else {
    if (reference === null) throw new TypeError('a reference curve is needed for this target');
    level = target.kind === 'level' ? target.value : levelAt(reference, target.x);
    referenceResource = target.kind === 'at' ? target.x : resourceAt(reference, level);
  }
  const candidateResource = resourceAt(candidate, level);
  const missing: string[] = [];
  if (referenceResource === null) missing.push('the reference recipe');
  if (candidateResource === null) missing.push('the new recipe');
  if (missing.length > 0) {
    return {
      multiplier: null,
      reachable: false,
      level,
      ref: referenceResource,
      new: candidateResource,
      reason:
        `${missing.join(' and ')} never reach${missing.length > 1 ? '' : 'es'} ${level} ` +
        '(beyond its floor or asymptote)',
    };
  }
  return {
    multiplier: referenceResource! / candidateResource!,
    reachable: true,
    level,
    ref: referenceResource,
    new: candidateResource,
    reason: null,
  };
}

/** Evenly spaced levels from `from` to `to` (count >= 2), for M across a range of targets. */
export function targetRange(from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / (count - 1));
}
