/**
 * The RL and test-time analyses on the bundled data, whose truth is known
 * (data/rl-and-test-time.truth.json, from the seeded data/generate.ts).
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { detectPhases } from '../../src/analysis/phases.ts';
import { InputError } from '../../src/errors.ts';
import { normalSource } from '../../src/uncertainty/random.ts';
import { runCli } from '../cli/run-cli.ts';
import { expectClose } from '../helpers/expect-close.ts';

const truth = JSON.parse(readFileSync('data/rl-and-test-time.truth.json', 'utf8'));

describe('RL scaling on the bundled attempts', () => {
  it('recovers the log-linear pass@1 slopes on training and held-out problems', async () => {
    const { code, stdout } = await runCli(['rl', 'data/rl-attempts.csv', '--k', '1,16', '--json']);
    expect(code).toBe(0);
    const analysis = JSON.parse(stdout);
    for (const split of ['train', 'held-out']) {
      const curve = analysis.curves.find(
        (c: { split: string; k: number }) => c.split === split && c.k === 1,
      );
      const line = curve.fits.find((f: { law: string }) => f.law === 'log-linear');
      // Tolerance: three standard errors of the slope (about 0.002 here), and at most 0.01.
      const slope = line.fit.params.b;
      const error = line.fit.standardErrors.b;
      expect(3 * error).toBeLessThan(0.01);
      expectClose(slope, truth.rl.passAt1Slope[split], { abs: 3 * error }, `${split} slope`);
      expect(curve.preferred).toBe('log-linear');
      expect(line.extrapolation.meanAbsoluteError).toBeLessThan(0.02);
    }
    // The unbiased pass@1 estimate at each step sits within 4 standard errors of the truth.
    for (const point of analysis.points.filter((p: { k: number }) => p.k === 1)) {
      const index = truth.rl.passAt1.steps.indexOf(point.step);
      const expected = truth.rl.passAt1[point.split][index];
      expectClose(
        point.estimate,
        expected,
        { abs: 4 * point.standardError },
        `pass@1 ${point.step}`,
      );
    }
  });
});

describe('thinking-token phases', () => {
  it('finds the bundled run boundaries (steps 1000 and 2000) and that accuracy held', async () => {
    const { code, stdout } = await runCli(['phases', 'data/thinking-tokens.csv', '--json']);
    expect(code).toBe(0);
    const analysis = JSON.parse(stdout);
    expect(analysis.boundaries).toEqual(truth.testTime.phaseBoundaries);
    expect(analysis.accuracyHeld).toBe(true);
  });

  it('stays within one checkpoint of the truth over 50 noisy runs (5% token noise)', () => {
    let within = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const draw = normalSource(seed);
      const checkpoints = Array.from({ length: 41 }, (_, i) => {
        const step = 75 * i;
        const tokens =
          step <= 900
            ? 1000 + 4 * step
            : step <= 2100
              ? 4600 - 2 * (step - 900)
              : 2200 + 3 * (step - 2100);
        return { step, tokens: tokens * (1 + 0.05 * draw()), accuracy: 0.5 + 0.005 * draw() };
      });
      const { boundaries } = detectPhases(checkpoints);
      if (Math.abs(boundaries[0] - 900) <= 75 && Math.abs(boundaries[1] - 2100) <= 75) within++;
    }
    // Measured: all 50; a rule that reacted to single checkpoints would stray under this noise.
    expect(within).toBe(50);
  });

  it('refuses a run with no rise-fall-rise shape', () => {
    const flat = Array.from({ length: 20 }, (_, i) => ({
      step: i,
      tokens: 1000 + 10 * i,
      accuracy: 0.5,
    }));
    expect(() => detectPhases(flat)).toThrow(InputError);
  });
});

describe('agents against latency', () => {
  it('recovers the latency multiplier of four agents in parallel (truth 3)', async () => {
    const { code, stdout } = await runCli([
      'compare',
      'data/agents-latency.csv',
      '--group',
      'mode',
      '--ref',
      'one agent',
      '--new',
      'four agents',
      '--x',
      'latency',
      '--y',
      'accuracy',
      '--law',
      'log-linear',
      '--shared',
      'b',
      '--target',
      '0.5',
      '--bootstrap',
      '500',
      '--seed',
      '1',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.interval[0]).toBeLessThanOrEqual(truth.agents.latencyMultiplier);
    expect(result.interval[1]).toBeGreaterThanOrEqual(truth.agents.latencyMultiplier);
    expectClose(
      result.multiplier,
      truth.agents.latencyMultiplier,
      { rel: 0.1 },
      'latency multiplier',
    );
    expect(result.sentence).toMatch(/less latency/);
  });
});
