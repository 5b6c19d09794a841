import { existsSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { knownTruth } from '../fixtures/known-truth.ts';

// Worker threads need the compiled worker, so this test drives the built package (dist/,
// made by `npm ci` through the prepare script).
const built = existsSync('dist/uncertainty/bootstrap-worker.js');

describe.skipIf(!built)('bootstrapFitParallel', () => {
  it('gives exactly the serial result, resample for resample, on two threads', async () => {
    const parallel = await import('../../dist/uncertainty/parallel-bootstrap.js' as string);
    const serial = await import('../../dist/uncertainty/bootstrap-fit.js' as string);
    const { fitLaw } = await import('../../dist/fit/fit-law.js' as string);
    const { laws } = await import('../../dist/laws/index.js' as string);
    const { points } = knownTruth('chinchilla', { seed: 4, noise: 0.005 });
    const law = laws.chinchilla;
    const fit = fitLaw(law, points, { objective: 'log-huber' });
    const options = { resamples: 700, seed: 9, predictAt: [{ C: 1e24 }] };
    let progress = 0;
    const threaded = await parallel.bootstrapFitParallel(
      law,
      points,
      fit,
      { objective: 'log-huber' },
      {
        ...options,
        threads: 2,
        onProgress: (done: number) => {
          progress = done;
        },
      },
    );
    const plain = serial.bootstrapFit(law, points, fit, { objective: 'log-huber' }, options);
    expect(threaded.draws).toEqual(plain.draws);
    expect(threaded.intervals).toEqual(plain.intervals);
    expect(threaded.predictions).toEqual(plain.predictions);
    expect(progress).toBe(700);
  });
});
