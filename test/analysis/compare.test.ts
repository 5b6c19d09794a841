import { describe, expect, it } from 'vitest';

import { compare } from '../../src/analysis/compare.ts';
import { multiplierAt } from '../../src/analysis/multiplier.ts';
import { InputError } from '../../src/errors.ts';
import { chinchilla, computeOptimal, laws } from '../../src/laws/index.ts';
import { expectClose } from '../helpers/expect-close.ts';
import {
  computeAt,
  efficientRecipe,
  recipePoints,
  REFERENCE,
  type RecipeTruth,
} from '../fixtures/two-recipes.ts';

const law = laws['power-offset']!;

/** A noise-free Chinchilla ladder: five sizes times three tokens-per-parameter ratios. */
const ladder = [5e7, 1.5e8, 5e8, 1.5e9, 5e9].flatMap((N) =>
  [5, 20, 80].map((r) => ({ N, D: r * N })),
);
const points = (p: number[]) => ladder.map((g) => ({ ...g, y: chinchilla.predict(p, [g.N, g.D]) }));
const reference = { name: 'baseline', points: recipePoints(REFERENCE) };
const candidate = { name: 'new', points: recipePoints(efficientRecipe(10)) };

describe('compare: known truth, true multiplier 10 (shared floor and exponent)', () => {
  it('--target: M = 10 to 1e-6 on noise-free data', () => {
    const result = compare(reference, candidate, { law, target: { kind: 'level', value: 2.5 } });
    expectClose(result.multiplier!, 10, { rel: 1e-6 }, 'M');
    expect(result.dependsOnTarget).toBe(false);
    expect(result.sentence).toMatch(
      /^new reaches the level 2\.5 with 10x less compute than baseline/,
    );
  });

  it('--at: M = 10 to 1e-6 at the level the reference reaches at 2.2e24 FLOPs', () => {
    const result = compare(reference, candidate, { law, target: { kind: 'at', x: 2.2e24 } });
    expectClose(result.multiplier!, 10, { rel: 1e-6 }, 'M');
    expectClose(result.ref.C!, 2.2e24, { rel: 1e-12 }, 'reference compute');
    expectClose(result.new.C!, 2.2e23, { rel: 1e-6 }, 'new compute');
  });

  it('--ref-point: M = 10 to 1e-6 with only the new recipe fitted', () => {
    const y = REFERENCE.E + REFERENCE.A * 2.2e24 ** -REFERENCE.alpha;
    const result = compare(null, candidate, { law, target: { kind: 'ref-point', x: 2.2e24, y } });
    expectClose(result.multiplier!, 10, { rel: 1e-6 }, 'M');
    expect(result.fits).toHaveLength(1);
  });

  it('--shared E,alpha: one joint fit, M = 10 at every level', () => {
    const result = compare(reference, candidate, {
      law,
      target: { kind: 'level', value: 2.2 },
      shared: ['E', 'alpha'],
      targets: [2.0, 2.5, 3.0],
    });
    expectClose(result.multiplier!, 10, { rel: 1e-6 }, 'M');
    for (const value of result.across)
      expectClose(value.multiplier!, 10, { rel: 1e-6 }, 'M across');
    expect(result.fits[0]!.params.alpha).toBe(result.fits[1]!.params.alpha);
  });

  it('with 0.5% noise the 95% bootstrap interval covers 10, and the seed fixes it', () => {
    const noisy = (truth: RecipeTruth, seed: number) => recipePoints(truth, 0.005, seed);
    const options = {
      law,
      target: { kind: 'at', x: 2.2e24 } as const,
      shared: ['E', 'alpha'],
      resamples: 400,
      seed: 11,
    };
    const a = { name: 'baseline', points: noisy(REFERENCE, 3) };
    const b = { name: 'new', points: noisy(efficientRecipe(10), 4) };
    const result = compare(a, b, options);
    expect(result.interval![0]).toBeLessThan(10);
    expect(result.interval![1]).toBeGreaterThan(10);
    expect(result.bootstrap).toMatchObject({ resamples: 400, seed: 11, unreachable: 0 });
    expect(compare(a, b, options).interval).toEqual(result.interval);
  });

  it('Chinchilla frontier: A and B scaled by 10^-gamma give M = 10', () => {
    // Along the frontier L*(C) = E + K (C/6)^-gamma with gamma = alpha beta / (alpha + beta);
    // scaling A and B by s keeps G and scales K by s, so s = 10^-gamma means 10x (by hand).
    const truth = [1.69, 406.4, 410.7, 0.34, 0.28];
    const gamma = (0.34 * 0.28) / (0.34 + 0.28);
    const efficient = [1.69, 406.4 * 10 ** -gamma, 410.7 * 10 ** -gamma, 0.34, 0.28];
    const result = compare(
      { name: 'ref', points: points(truth) },
      { name: 'new', points: points(efficient) },
      { law: chinchilla, target: { kind: 'at', x: 2.2e24 } },
    );
    expectClose(result.multiplier!, 10, { rel: 1e-6 }, 'M');
    expectClose(result.target.level, computeOptimal(truth, 2.2e24).loss, { rel: 1e-8 }, 'level');
  });
});

describe('compare: different exponents', () => {
  const steep: RecipeTruth = { E: 1.7, A: 5e3, alpha: 0.18 };
  const steepRecipe = { name: 'steep', points: recipePoints(steep) };

  it('M per target matches the analytic value to 1e-6 and depends on the target', () => {
    const levels = [2.0, 2.3, 2.6];
    const result = compare(reference, steepRecipe, {
      law,
      target: { kind: 'level', value: 2.3 },
      targets: levels,
    });
    expect(result.dependsOnTarget).toBe(true);
    result.across.forEach((value, i) => {
      const analytic = computeAt(REFERENCE, levels[i]!) / computeAt(steep, levels[i]!);
      expectClose(value.multiplier!, analytic, { rel: 1e-6 }, `M at ${levels[i]}`);
    });
  });

  it('refuses a target at or below the floor: unreachable, no number', () => {
    const run = () =>
      compare(reference, steepRecipe, { law, target: { kind: 'level', value: 1.6 } });
    expect(run).toThrow(InputError);
    expect(run).toThrow(/unreachable.*never reach/);
  });

  it('multiplierAt says which recipe cannot reach the level', () => {
    const curve = (t: RecipeTruth) => ({ law, params: [t.E, t.A, t.alpha] });
    const floorHigher = { E: 1.9, A: 2e3, alpha: 0.15 };
    const value = multiplierAt(curve(REFERENCE), curve(floorHigher), { kind: 'level', value: 1.8 });
    expect(value.reachable).toBe(false);
    expect(value.multiplier).toBeNull();
    expect(value.reason).toMatch(/^the new recipe never reaches 1\.8/);
  });
});

describe('compare: metrics that rise, on another resource axis', () => {
  it('log-linear pass rate against RL steps: M from the intercept gap (by hand)', () => {
    // y = a + b log10(steps): same b, intercepts 0.1 apart at b = 0.1 means 10x fewer steps.
    const steps = [100, 200, 400, 800, 1600, 3200];
    const make = (a: number) => steps.map((x) => ({ x, y: a + 0.1 * Math.log10(x) }));
    const result = compare(
      { name: 'base', points: make(0.05) },
      { name: 'rl-v2', points: make(0.15) },
      { law: laws['log-linear']!, target: { kind: 'level', value: 0.3 } },
    );
    expectClose(result.multiplier!, 10, { rel: 1e-9 }, 'M');
  });
});

describe('compare: policies and unreachable resamples', () => {
  it('--tokens-per-param: at a fixed D/N, scaling A and B by 10^(-alpha/2) gives M = 10', () => {
    // With alpha = beta and N = sqrt(C / (6 r)), D = r N: L(C) = E + (A + B r^-beta)
    // (C / 6r)^(-alpha/2), so scaling A and B by s gives M = s^(-2/alpha) (by hand).
    const truth = [1.69, 400, 500, 0.3, 0.3];
    const s = 10 ** -0.15;
    const efficient = [1.69, 400 * s, 500 * s, 0.3, 0.3];
    const result = compare(
      { name: 'ref', points: points(truth) },
      { name: 'new', points: points(efficient) },
      { law: chinchilla, target: { kind: 'level', value: 2.4 }, tokensPerParameter: 20 },
    );
    expectClose(result.multiplier!, 10, { rel: 1e-6 }, 'M');
  });

  it('counts resamples in which the target is out of reach instead of dropping them', () => {
    const noisy = { name: 'new', points: recipePoints(efficientRecipe(10), 0.02, 5) };
    const noisyRef = { name: 'baseline', points: recipePoints(REFERENCE, 0.02, 6) };
    const probe = compare(noisyRef, noisy, { law, target: { kind: 'level', value: 2.5 } });
    // Just above the higher fitted floor: reachable on all runs, not on many resamples.
    const floor = Math.max(...probe.fits.map((fit) => fit.params.E!));
    const result = compare(noisyRef, noisy, {
      law,
      target: { kind: 'level', value: floor + 1e-3 },
      resamples: 200,
      seed: 3,
    });
    const b = result.bootstrap!;
    expect(b.unreachable).toBeGreaterThan(0);
    expect(b.failures['target unreachable']).toBe(b.unreachable);
    const failed = Object.values(b.failures).reduce((sum, count) => sum + count, 0);
    expect(b.used + failed).toBe(200);
  });
});
