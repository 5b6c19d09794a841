import { describe, expect, it } from 'vitest';

import { fitLaw } from '../../src/fit/fit-law.ts';
import { laws } from '../../src/laws/index.ts';
import { bootstrapFit } from '../../src/uncertainty/bootstrap-fit.ts';
import {
  bcaInterval,
  percentileInterval,
  quantileSorted,
  waldInterval,
} from '../../src/uncertainty/intervals.ts';
import { resampleIndices, resampleSeed, runBootstrap } from '../../src/uncertainty/resample.ts';
import { uniformSource } from '../../src/uncertainty/random.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { knownTruth } from '../fixtures/known-truth.ts';

describe('interval methods', () => {
  it('quantileSorted interpolates between order statistics (type 7, by hand)', () => {
    // 0..10: the 2.5% quantile sits at position 0.25, i.e. 0.25.
    const values = Array.from({ length: 11 }, (_, i) => i);
    expectClose(quantileSorted(values, 0.025), 0.25, { abs: 1e-15 });
    expect(percentileInterval([...values].reverse(), 0.5)).toEqual([2.5, 7.5]);
  });

  it('waldInterval uses the t quantile: t(0.975, 17) = 2.1098155778 (jStat, stdlib)', () => {
    const [lo, hi] = waldInterval(10, 1, 0.95, 17);
    expectClose(hi - 10, 2.1098155778, { rel: 1e-9 });
    expectClose(10 - lo, 2.1098155778, { rel: 1e-9 });
  });

  it('bcaInterval equals the percentile interval when bias and acceleration vanish', () => {
    // Symmetric draws around the estimate and a symmetric jackknife: z0 = 0, a = 0.
    const draws = Array.from({ length: 2001 }, (_, i) => -1 + i / 1000);
    const jackknife = [-0.1, 0, 0.1];
    const bca = bcaInterval(draws, 0, jackknife, 0.9)!;
    const plain = percentileInterval(draws, 0.9);
    expectClose(bca[0], plain[0], { abs: 1e-12 });
    expectClose(bca[1], plain[1], { abs: 1e-12 });
  });
});

describe('resampling', () => {
  it('resample streams depend on seed and index only', () => {
    expect(resampleSeed(7, 3)).toBe(resampleSeed(7, 3));
    expect(resampleSeed(7, 3)).not.toBe(resampleSeed(7, 4));
    expect(resampleSeed(7, 3)).not.toBe(resampleSeed(8, 3));
  });

  it('group resampling keeps whole groups together', () => {
    const labels = ['a', 'a', 'b', 'b', 'b', 'c'];
    const indices = resampleIndices(labels.length, uniformSource(5), labels);
    const drawn = indices.map((i) => labels[i]);
    for (const label of new Set(drawn)) {
      const size = labels.filter((l) => l === label).length;
      expect(drawn.filter((l) => l === label).length % size).toBe(0);
    }
  });

  it('runBootstrap counts failed resamples by reason and never drops them silently', () => {
    const draws = runBootstrap({
      resamples: 10,
      seed: 1,
      evaluate: (_u, index) => (index % 3 === 0 ? { failed: 'no fit' } : { values: [index] }),
    });
    expect(draws.failed).toBe(4);
    expect(draws.failures).toEqual({ 'no fit': 4 });
    expect(draws.values.map((row) => row[0])).toEqual([1, 2, 4, 5, 7, 8]);
  });
});

describe('bootstrapFit', () => {
  const { points } = knownTruth('log-linear', { seed: 21, noise: 0.01, kind: 'absolute' });
  const law = laws['log-linear']!;
  const fit = fitLaw(law, points);

  it('the same seed gives the same intervals; another seed gives others', () => {
    const a = bootstrapFit(law, points, fit, {}, { resamples: 200, seed: 4 });
    const b = bootstrapFit(law, points, fit, {}, { resamples: 200, seed: 4 });
    const c = bootstrapFit(law, points, fit, {}, { resamples: 200, seed: 5 });
    expect(b.intervals).toEqual(a.intervals);
    expect(c.intervals.b).not.toEqual(a.intervals.b);
    expect(a.failed).toBe(0);
  });

  it('bootstrap standard errors agree with the linearised ones for a linear law', () => {
    // For a law linear in its parameters the covariance formula is exact up to the bootstrap's
    // own n/(n-p) shrinkage (15 points, 2 parameters: a factor sqrt(13/15) = 0.93) and its
    // Monte Carlo error (about 2% at 2,000 resamples).
    const result = bootstrapFit(law, points, fit, {}, { resamples: 2000, seed: 8 });
    for (const name of ['a', 'b']) {
      const ratio = result.standardErrors[name]! / fit.standardErrors![name]!;
      expect(ratio, name).toBeGreaterThan(0.8);
      expect(ratio, name).toBeLessThan(1.05);
    }
  });

  it('prediction intervals: with noise wider than without, both around the prediction', () => {
    const result = bootstrapFit(
      law,
      points,
      fit,
      {},
      {
        resamples: 300,
        seed: 2,
        predictAt: [{ x: 5e4 }],
      },
    );
    const [p] = result.predictions;
    const value = law.predict([fit.params.a!, fit.params.b!], [5e4]);
    expect(p!.interval[0]).toBeLessThan(value);
    expect(p!.interval[1]).toBeGreaterThan(value);
    expect(p!.intervalWithNoise[1] - p!.intervalWithNoise[0]).toBeGreaterThan(
      p!.interval[1] - p!.interval[0],
    );
  });
});
