/**
 * Slow: coverage of the multiplier's 95% bootstrap interval (BCa, the default). Two recipes
 * with a true multiplier of 10 (shared floor and exponent), 0.5% multiplicative noise, 200
 * seeds, 1,000 resamples each. With 200 seeds the Monte Carlo standard deviation of a 95% rate
 * is 1.5%, so the band 90-98% allows about three below and two above.
 *
 * The noise is multiplicative, so the joint fit uses the log-Huber objective. Fitted by least
 * squares in linear space instead, the same joint comparison covered only 87.5% (200 seeds,
 * 1,000 resamples), though M itself was unbiased: docs/limitations.md.
 */
import { describe, expect, it } from 'vitest';

import { compare } from '../../src/analysis/compare.ts';
import type { Target } from '../../src/analysis/multiplier.ts';
import { laws } from '../../src/laws/index.ts';
import { efficientRecipe, recipePoints, REFERENCE } from '../fixtures/two-recipes.ts';

const SEEDS = 200;

const cases: {
  name: string;
  shared?: string[];
  objective?: 'ls' | 'log-huber';
  target: Target;
}[] = [
  {
    name: 'joint log-Huber fit, shared E and alpha, at 2.2e24 FLOPs',
    shared: ['E', 'alpha'],
    objective: 'log-huber',
    target: { kind: 'at', x: 2.2e24 },
  },
  { name: 'separate fits, at a level inside the data', target: { kind: 'level', value: 2.6 } },
];

describe('multiplier interval coverage', () => {
  for (const testCase of cases) {
    it(`${testCase.name}: covers the true 10 in 90-98% of 200 seeds`, () => {
      let covered = 0;
      for (let seed = 1; seed <= SEEDS; seed++) {
        const result = compare(
          { name: 'ref', points: recipePoints(REFERENCE, 0.005, 2 * seed) },
          { name: 'new', points: recipePoints(efficientRecipe(10), 0.005, 2 * seed + 1) },
          {
            law: laws['power-offset']!,
            target: testCase.target,
            shared: testCase.shared,
            objective: testCase.objective,
            resamples: 1000,
            seed,
          },
        );
        if (result.interval![0] <= 10 && result.interval![1] >= 10) covered++;
      }
      const rate = covered / SEEDS;
      // The measured rate, for the record (docs/results.md quotes it).
      console.log(`${testCase.name}: coverage ${rate} over ${SEEDS} seeds`);
      expect(rate, `coverage ${rate}`).toBeGreaterThanOrEqual(0.9);
      expect(rate, `coverage ${rate}`).toBeLessThanOrEqual(0.98);
    });
  }
});
