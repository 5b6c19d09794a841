import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { defineLaw } from '../../src/laws/index.ts';
import { fit } from '../../src/fit/fit.ts';
import { fitLaw, type FitOptions } from '../../src/fit/fit-law.ts';
import { laws } from '../../src/laws/index.ts';
import { InputError } from '../../src/errors.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { knownTruth } from '../fixtures/known-truth.ts';

describe('fitLaw diagnostics', () => {
  it('warns that the exponents are not identifiable when N and D move together', () => {
    // One tokens-per-parameter ratio (20): log D = log N + log 20, perfectly collinear.
    const law = laws.chinchilla!;
    const points = [1e8, 2e8, 4e8, 8e8, 1.6e9, 3.2e9, 6.4e9].map((N) => ({
      N,
      D: 20 * N,
      y: law.predict([1.69, 406.4, 410.7, 0.34, 0.28], [N, 20 * N]),
    }));
    const result = fitLaw(law, points, { objective: 'ls' });
    expect(result.warnings.join('\n')).toMatch(/collinear .*not\s+identifiable/);
  });

  it('warns when the resource spans less than one decade', () => {
    const law = laws['power-offset']!;
    const points = [1e20, 2e20, 3e20, 5e20, 8e20].map((x) => ({
      x,
      y: law.predict([1.7, 1e4, 0.2], [x]),
    }));
    const result = fitLaw(law, points);
    expect(result.warnings.join('\n')).toMatch(/x spans only 0\.90 decades/);
  });

  it('reports no standard errors, with the reason, when points equal parameters', () => {
    const { points } = knownTruth('power-offset');
    const result = fitLaw(laws['power-offset']!, points.slice(0, 3));
    expect(result.standardErrors).toBeNull();
    expect(result.covarianceNote).toMatch(/no degrees of freedom/);
  });

  it('weighted least squares: sigma scales the objective by 1 / sigma^2 (by hand)', () => {
    const { points } = knownTruth('log-linear', { seed: 5, noise: 0.01, kind: 'absolute' });
    const unweighted = fitLaw(laws['log-linear']!, points);
    const weighted = fitLaw(laws['log-linear']!, points, { sigma: points.map(() => 0.5) });
    // Equal sigmas leave the optimum where it was and multiply the sum of squares by 1/0.25.
    expectClose(weighted.params.b!, unweighted.params.b!, { rel: 1e-10 });
    expectClose(weighted.objective.value, 4 * unweighted.objective.value, { rel: 1e-10 });
  });

  it('diagnostics off (bootstrap resamples): the same optimum, no covariance computed', () => {
    const { points } = knownTruth('chinchilla', { seed: 2, noise: 0.005 });
    const law = laws.chinchilla!;
    const full = fitLaw(law, points, { objective: 'log-huber' });
    const start = law.parameters.map((spec) => full.params[spec.name]! * 1.01);
    const warm: FitOptions = { objective: 'log-huber', warmStarts: [start] };
    const checked = fitLaw(law, points, warm);
    const skipped = fitLaw(law, points, { ...warm, diagnostics: false });
    // Diagnostics run after the optimiser, so the optimum is the same to the bit.
    expect(skipped.params).toEqual(checked.params);
    expect(skipped.status).toBe(checked.status);
    expect(skipped.residualSumOfSquares).toBe(checked.residualSumOfSquares);
    expect(checked.standardErrors).not.toBeNull();
    expect(skipped.standardErrors).toBeNull();
    expect(skipped.covarianceNote).toMatch(/not computed \(diagnostics off/);
  });

  it('refuses fewer points than parameters with an InputError naming the law', () => {
    expect(() => fitLaw(laws.chinchilla!, [{ N: 1e8, D: 1e9, y: 3 }])).toThrow(InputError);
  });

  it('fits a law defined by a research script through defineLaw', () => {
    const decay = defineLaw({
      name: 'exp-decay',
      formula: 'y = c * exp(-r * x)',
      inputs: ['x'],
      parameters: [
        { name: 'c', lower: 0, upper: Infinity, scale: 'log', description: 'scale' },
        { name: 'r', lower: 0, upper: 10, scale: 'linear', description: 'rate' },
      ],
      predict: (p, x) => p[0]! * Math.exp(-p[1]! * x[0]!),
      gradient: (p, x, out) => {
        const e = Math.exp(-p[1]! * x[0]!);
        out[0] = e;
        out[1] = -p[0]! * x[0]! * e;
      },
    });
    const points = [0.5, 1, 2, 3, 4, 6].map((x) => ({ x, y: 3 * Math.exp(-0.7 * x) }));
    const result = fit(points, { law: decay, objective: 'log-huber' });
    expectClose(result.params.c!, 3, { rel: 1e-6 });
    expectClose(result.params.r!, 0.7, { rel: 1e-6 });
  });
});

describe.skipIf(!existsSync('dist/index.js'))('the built package', () => {
  it("import { readRuns, fit, laws } from 'scalefit' works, with type declarations", () => {
    expect(existsSync('dist/index.d.ts')).toBe(true);
    const script = [
      "import { readRuns, fit, laws } from 'scalefit';",
      "const runs = readRuns('data/example-runs.csv', { needs: ['N', 'D'] });",
      "const result = fit(runs, { law: 'chinchilla' });",
      'const summary = { law: result.law, n: result.points, laws: Object.keys(laws) };',
      'console.log(JSON.stringify(summary));',
    ].join('\n');
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const parsed = JSON.parse(output);
    expect(parsed).toMatchObject({ law: 'chinchilla', n: 30 });
    expect(parsed.laws).toContain('loss-to-accuracy');
  });
});
