/**
 * Slow: do the reported standard errors mean what they say? Over 200 seeds of known-truth data
 * with Gaussian noise, the Wald interval estimate ± t(0.975, n - p) * SE must cover the true
 * value about 95% of the time. With 200 seeds the Monte Carlo standard deviation of a 95% rate
 * is 1.5%, so the accepted band 90-98% is about three of them on the low side (linearised
 * intervals of nonlinear laws run a little short in small samples) and two on the high side.
 */
import quantile from '@stdlib/stats-base-dists-t-quantile';
import { describe, expect, it } from 'vitest';

import { fitLaw } from '../../src/fit/fit-law.ts';
import { laws } from '../../src/laws/index.ts';
import { knownTruth } from '../fixtures/known-truth.ts';

const SEEDS = 200;

const cases = [
  { law: 'power', objective: 'ls', noise: 0.01, kind: 'absolute' },
  { law: 'power-offset', objective: 'ls', noise: 0.01, kind: 'absolute' },
  { law: 'power-offset', objective: 'log-huber', noise: 0.005, kind: 'relative' },
  { law: 'log-linear', objective: 'ls', noise: 0.01, kind: 'absolute' },
  { law: 'chinchilla', objective: 'ls', noise: 0.01, kind: 'absolute' },
  { law: 'chinchilla', objective: 'log-huber', noise: 0.005, kind: 'relative' },
  { law: 'sigmoid', objective: 'ls', noise: 0.01, kind: 'absolute' },
  { law: 'loss-to-accuracy', objective: 'ls', noise: 0.01, kind: 'absolute' },
] as const;

describe('Wald intervals from the reported standard errors', () => {
  for (const testCase of cases) {
    it(`${testCase.law} (${testCase.objective}): 95% intervals cover 90-98%`, () => {
      const law = laws[testCase.law]!;
      const hits = new Array<number>(law.parameters.length).fill(0);
      for (let seed = 1; seed <= SEEDS; seed++) {
        const data = knownTruth(testCase.law, { seed, noise: testCase.noise, kind: testCase.kind });
        const result = fitLaw(law, data.points, { objective: testCase.objective });
        const t = quantile(0.975, result.degreesOfFreedom);
        law.parameters.forEach((spec, j) => {
          const error = result.standardErrors?.[spec.name];
          if (
            error !== undefined &&
            Math.abs(result.params[spec.name]! - data.truth[j]!) <= t * error
          ) {
            hits[j]!++;
          }
        });
      }
      const rates = hits.map((count) => count / SEEDS);
      // The measured rates, for the record (docs/results.md quotes them).
      console.log(
        `${testCase.law} (${testCase.objective}) coverage over ${SEEDS} seeds: ` +
          law.parameters.map((spec, j) => `${spec.name} ${rates[j]}`).join(', '),
      );
      law.parameters.forEach((spec, j) => {
        expect(
          rates[j],
          `${testCase.law} ${spec.name} coverage ${rates[j]}`,
        ).toBeGreaterThanOrEqual(0.9);
        expect(rates[j], `${testCase.law} ${spec.name} coverage ${rates[j]}`).toBeLessThanOrEqual(
          0.98,
        );
      });
    });
  }
});
