/**
 * Numerical edge cases through the CLI: each ends in a clear status or a refusal, and no NaN
 * or infinity is printed where a result is. Expected values come from the generating laws
 * written out below (noise-free or seeded), never from a fit.
 */
import { describe, expect, it } from 'vitest';

import { laws } from '../../src/laws/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { tempFiles } from '../data/temp-files.ts';
import { normalSource } from '../fixtures/known-truth.ts';
import { expectClose } from '../helpers/expect-close.ts';

const write = tempFiles();
const chinchilla = laws.chinchilla!;
const truth = [1.69, 406.4, 410.7, 0.34, 0.28]; // Hoffmann et al. 2022, Approach 3
const lossAt = (N: number, D: number) => chinchilla.predict(truth, [N, D]);

function csv(name: string, header: string, rows: number[][]): string {
  return write(name, [header, ...rows.map((row) => row.join(','))].join('\n') + '\n');
}

/** Fit in both output modes; check the human report and the JSON for printed non-numbers. */
async function fitBoth(args: string[]) {
  const human = await runCli(['fit', ...args, '--quiet']);
  const json = await runCli(['fit', ...args, '--quiet', '--json']);
  expect(human.code).toBe(json.code);
  for (const output of [human.stdout, human.stderr, json.stdout, json.stderr]) {
    expect(output).not.toMatch(/NaN|Infinity/);
  }
  const document = json.code === 0 ? JSON.parse(json.stdout) : null;
  for (const fit of document?.fits ?? []) {
    const results = [
      ...Object.values(fit.params),
      ...Object.values(fit.standardErrors ?? {}),
      fit.rmse,
      fit.r2,
      fit.aic,
      fit.bic,
      fit.objective.value,
      ...fit.predictions.map((p: { value: number }) => p.value),
    ];
    for (const value of results) expect(Number.isFinite(value), String(value)).toBe(true);
  }
  return { human, json, fits: document?.fits ?? [] };
}

describe('numerical edge cases of scalefit fit', () => {
  it('FLOPs from 1e12 to 1e30 recover the power law with an offset', async () => {
    // Noise-free y = 1.69 + 1e4 * C^-0.2 at 19 log-spaced budgets.
    const rows = Array.from({ length: 19 }, (_, i) => {
      const C = 10 ** (12 + i);
      return [C, 1.69 + 1e4 * C ** -0.2];
    });
    const file = csv('wide-flops.csv', 'C,loss', rows);
    const { human, fits } = await fitBoth([file, '--law', 'power-offset', '--predict', 'C=1e31']);
    expect(human.code).toBe(0);
    expect(fits[0].status).toBe('converged');
    expect(fits[0].notIdentifiable).toEqual([]);
    expectClose(fits[0].params.E, 1.69, { rel: 1e-6 }, 'E');
    expectClose(fits[0].params.A, 1e4, { rel: 1e-5 }, 'A');
    expectClose(fits[0].params.alpha, 0.2, { rel: 1e-6 }, 'alpha');
    expectClose(fits[0].predictions[0].value, 1.69 + 1e4 * 1e31 ** -0.2, { rel: 1e-8 });
  });

  it('losses at the floor: the trend term is marked not identifiable, E is kept', async () => {
    // Loss 1.69 with 0.01% seeded noise at every budget: no trend is left to measure.
    const draw = normalSource(7);
    const rows = Array.from({ length: 12 }, (_, i) => [
      10 ** (20 + i / 2),
      1.69 * (1 + 1e-4 * draw()),
    ]);
    const file = csv('floor.csv', 'C,loss', rows);
    for (const objective of ['ls', 'log-huber']) {
      const { human, fits } = await fitBoth([
        file,
        '--law',
        'power-offset',
        '--objective',
        objective,
      ]);
      expect(human.code).toBe(0);
      // The scale A is never pinned; alpha is either unpinned too or pushed to its bound
      // (the fit then chases the noise of the smallest run), which the status says.
      const fit = fits[0];
      expect(fit.notIdentifiable).toContain('A');
      expect(fit.notIdentifiable.includes('alpha') || fit.status === 'at-bound').toBe(true);
      expect(fit.notIdentifiable).not.toContain('E');
      expectClose(fit.params.E, 1.69, { rel: 1e-3 }, 'E');
      expect(human.stdout).toMatch(/NOT IDENTIFIABLE: A\b/);
      expect(human.stdout).toMatch(/\n {2}A += \S+ {3}\(not identifiable\)/);
    }
  });

  it('a loss identical in every run is refused with exit 2, naming the file', async () => {
    const file = csv(
      'flat.csv',
      'C,loss',
      [1e20, 1e21, 1e22, 1e23, 1e24].map((C) => [C, 1.69]),
    );
    const { human } = await fitBoth([file, '--law', 'power-offset']);
    expect(human.code).toBe(2);
    expect(human.stdout).toBe('');
    expect(human.stderr).toContain(file);
    expect(human.stderr).toContain('[invalid-points]');
    expect(human.stderr).toContain('y is the same in all 5 points');
  });

  it('N and D perfectly collinear: the exponents are reported as not identifiable', async () => {
    // One tokens-per-parameter ratio (20), 1% seeded noise.
    const draw = normalSource(3);
    const rows = Array.from({ length: 20 }, (_, i) => {
      const N = 10 ** (7.5 + 0.15 * i);
      return [N, 20 * N, lossAt(N, 20 * N) * (1 + 0.01 * draw())];
    });
    const file = csv('collinear.csv', 'N,D,loss', rows);
    const { human, fits } = await fitBoth([
      file,
      '--law',
      'chinchilla',
      '--objective',
      'log-huber',
    ]);
    expect(human.code).toBe(0);
    expect(fits[0].notIdentifiable).toEqual(expect.arrayContaining(['alpha', 'beta']));
    expect(fits[0].warnings.join('\n')).toMatch(/collinear.*exponents are not identifiable/);
    expect(human.stdout).toMatch(/NOT IDENTIFIABLE: .*alpha, beta/);
    expect(human.stdout).not.toMatch(/alpha += [^\n]*±/);
  });

  it('one model size is refused: the N term cannot be told from the floor', async () => {
    const rows = [1e9, 3e9, 1e10, 3e10, 1e11, 3e11].map((D) => [1e9, D, lossAt(1e9, D)]);
    const file = csv('one-size.csv', 'N,D,loss', rows);
    const { human } = await fitBoth([file, '--law', 'chinchilla']);
    expect(human.code).toBe(2);
    expect(human.stderr).toContain(file);
    expect(human.stderr).toContain('N has the same value in all 6 points');
    expect(human.stderr).toContain('power-offset');
  });

  it('identical x values are refused with exit 2', async () => {
    const file = csv(
      'same-x.csv',
      'C,loss',
      [2.01, 2.02, 2.0, 2.03].map((loss) => [1e20, loss]),
    );
    const { human } = await fitBoth([file, '--law', 'power-offset']);
    expect(human.code).toBe(2);
    expect(human.stderr).toContain('x has the same value in all 4 points');
    expect(human.stderr).not.toMatch(/\n {4}at /);
  });

  it('as many points as parameters: an exact fit with no standard errors, said why', async () => {
    // Three noise-free points of y = 1.69 + 1e4 * C^-0.2.
    const rows = [1e18, 1e20, 1e22].map((C) => [C, 1.69 + 1e4 * C ** -0.2]);
    const file = csv('three.csv', 'C,loss', rows);
    const { human, fits } = await fitBoth([file, '--law', 'power-offset', '--predict', 'C=1e24']);
    expect(human.code).toBe(0);
    expect(fits[0].degreesOfFreedom).toBe(0);
    expect(fits[0].standardErrors).toBeNull();
    expect(fits[0].covarianceNote).toContain('no degrees of freedom left (3 points, 3 parameters)');
    expect(human.stdout).toContain('no standard errors: no degrees of freedom left');
    expectClose(fits[0].params.alpha, 0.2, { rel: 1e-6 }, 'alpha');
  });

  it('a loss of 1e300 among ordinary ones: no fit (exit 1), the file named', async () => {
    // Found by the CLI property tests: the FitError did not say which file it was about.
    const file = csv('overflow.csv', 'C,loss', [
      [1e18, 1e300],
      [1e23, 1.99],
    ]);
    const { human } = await fitBoth([file, '--law', 'power']);
    expect(human.code).toBe(1);
    expect(human.stderr).toContain(`error [no-fit]: ${file}: no starting point`);
  });

  it('fewer points than parameters are refused before fitting', async () => {
    const file = csv(
      'two.csv',
      'C,loss',
      [1e18, 1e20].map((C) => [C, 1.69 + 1e4 * C ** -0.2]),
    );
    const { human } = await fitBoth([file, '--law', 'power-offset']);
    expect(human.code).toBe(2);
    expect(human.stderr).toContain('[too-few-points]');
    expect(human.stderr).toContain(file);
  });
});
