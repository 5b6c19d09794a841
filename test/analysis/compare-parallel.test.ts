import { existsSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { efficientRecipe, recipePoints, REFERENCE } from '../fixtures/two-recipes.ts';

// Worker threads need the compiled worker, so this test drives the built package (dist/,
// made by `npm ci` through the prepare script).
const built = existsSync('dist/analysis/compare-worker.js');

describe.skipIf(!built)('compareParallel', () => {
  it('gives exactly the serial comparison, failures included, on two threads', async () => {
    const { compare } = await import('../../dist/analysis/compare.js' as string);
    const { compareParallel } = await import('../../dist/analysis/compare-parallel.js' as string);
    const { laws } = await import('../../dist/laws/index.js' as string);
    const law = laws['power-offset'];
    const reference = { name: 'baseline', points: recipePoints(REFERENCE, 0.02, 6) };
    const candidate = { name: 'new', points: recipePoints(efficientRecipe(10), 0.02, 5) };
    // A level just above the higher fitted floor, so that some resamples cannot reach it and
    // the failure counts are compared too. 600 resamples of 40 runs pass the threshold
    // (20,000 resampled points) above which the work goes to threads.
    const probe = compare(reference, candidate, { law, target: { kind: 'level', value: 2.5 } });
    const floor = Math.max(...probe.fits.map((fit: { params: { E: number } }) => fit.params.E));
    const options = {
      law,
      target: { kind: 'level', value: floor + 2e-3 },
      resamples: 600,
      seed: 4,
    };
    let progress = 0;
    const threaded = await compareParallel(reference, candidate, {
      ...options,
      threads: 2,
      onProgress: (done: number) => {
        progress = done;
      },
    });
    const plain = compare(reference, candidate, options);
    expect(threaded.bootstrap.unreachable).toBeGreaterThan(0);
    expect(threaded.draws).toEqual(plain.draws);
    expect(JSON.parse(JSON.stringify(threaded))).toEqual(JSON.parse(JSON.stringify(plain)));
    expect(progress).toBe(600);
  });
});
