import { expect } from 'vitest';

/** Tolerances for {@link expectClose}: passes when |a - e| <= max(abs, rel * |e|). */
export interface Tolerance {
  rel?: number;
  abs?: number;
}

/**
 * The one tolerance check used across the tests. A value passes when
 * |actual - expected| <= max(abs, rel * |expected|). On failure the message prints the
 * value, the expected value, the tolerance and the difference.
 */
export function expectClose(
  actual: number,
  expected: number,
  tolerance: Tolerance,
  label = 'value',
): void {
  const rel = tolerance.rel ?? 0;
  const abs = tolerance.abs ?? 0;
  const allowed = Math.max(abs, rel * Math.abs(expected));
  const difference = Math.abs(actual - expected);
  const ok = Number.isFinite(actual) && difference <= allowed;
  expect(
    ok,
    `${label}: got ${actual}, expected ${expected} (rel ${rel}, abs ${abs}, ` +
      `allowed ${allowed.toExponential(3)}, difference ${difference.toExponential(3)})`,
  ).toBe(true);
}
