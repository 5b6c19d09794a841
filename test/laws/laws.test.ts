import { describe, expect, it } from 'vitest';

import { fitLaw } from '../../src/fit/fit-law.ts';
import { computeOptimal, hoffmannGrid, laws } from '../../src/laws/index.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { surfaces } from '../fixtures/known-truth.ts';

describe('laws', () => {
  for (const [name, law] of Object.entries(laws)) {
    const surface = surfaces[name]!;

    it(`${name}: analytic gradient matches central differences at the true parameters`, () => {
      const out = new Float64Array(law.parameters.length);
      for (const point of surface.design().slice(0, 5)) {
        const input = law.inputs.map((key) => point[key]!);
        law.gradient(surface.truth, input, out);
        surface.truth.forEach((value, j) => {
          // Step eps^(1/3) * scale: the error of central differences is then O(eps^(2/3)).
          const step = 6e-6 * Math.max(Math.abs(value), 1e-3);
          const up = surface.truth.slice();
          const down = surface.truth.slice();
          up[j] = value + step;
          down[j] = value - step;
          const numeric = (law.predict(up, input) - law.predict(down, input)) / (2 * step);
          expectClose(
            out[j]!,
            numeric,
            { rel: 1e-6, abs: 1e-9 },
            `${name} d/d${law.parameters[j]!.name}`,
          );
        });
      }
    });

    it(`${name}: inverse(predict(x)) gives x back`, () => {
      if (law.inputs.length !== 1) return;
      for (const point of surface.design()) {
        const x = point.x!;
        const back = law.inverse(surface.truth, law.predict(surface.truth, [x]));
        expectClose(back!, x, { rel: 1e-9 }, `${name} inverse at ${x}`);
      }
    });
  }

  it('power-offset: a target at or below the floor E is unreachable', () => {
    expect(laws['power-offset']!.inverse([1.69, 400, 0.3], 1.69)).toBeNull();
    expect(laws['power-offset']!.inverse([1.69, 400, 0.3], 1.5)).toBeNull();
  });

  it('sigmoid: a target beyond the asymptote A is unreachable', () => {
    expect(laws.sigmoid!.inverse([0.1, 0.72, 2000, 1.4], 0.73)).toBeNull();
  });

  it('sigmoid: a fit whose midpoint lies beyond the data warns that A is extrapolated', () => {
    const law = laws.sigmoid!;
    const truth = [0.1, 0.72, 2000, 1.4];
    const curve = (xs: number[]) => xs.map((x) => ({ x, y: law.predict(truth, [x]) }));
    // Steps 10 to 1000 see only the first half (Cmid = 2000); 10 to 100,000 see both.
    const half = fitLaw(law, curve([10, 20, 50, 100, 200, 500, 1000]));
    const whole = fitLaw(law, curve([10, 50, 200, 1000, 5000, 20000, 100000]));
    expect(half.warnings.join('\n')).toMatch(
      /Cmid = 2\.00e\+3 lies above the largest x \(1\.00e\+3\).*asymptote A is an extrapolation/,
    );
    expect(whole.warnings.join('\n')).not.toMatch(/Cmid/);
  });

  it('loss-to-accuracy: a fit that sees one tail warns that its far end is extrapolated', () => {
    const law = laws['loss-to-accuracy']!;
    const truth = [0.6, -8, 1.0, 0.25];
    const curve = (xs: number[]) => xs.map((x) => ({ x, y: law.predict(truth, [x]) }));
    // Losses 1.2 to 2.0 lie above the midpoint L0 = 1: only the tail near chance is seen.
    const tail = fitLaw(law, curve([1.2, 1.3, 1.4, 1.5, 1.6, 1.7, 1.8, 2.0]));
    const whole = fitLaw(law, curve([0.6, 0.7, 0.8, 0.9, 1.0, 1.1, 1.2, 1.4]));
    expect(tail.warnings.join('\n')).toMatch(/midpoint L0 = 1\.00 lies outside the data's losses/);
    expect(whole.warnings.join('\n')).not.toMatch(/midpoint/);
  });

  it('chinchilla: the compute-optimal point spends the budget, 6ND = C; inverse finds C', () => {
    const truth = [1.69, 406.4, 410.7, 0.34, 0.28];
    const point = computeOptimal(truth, 5.76e23);
    expectClose(6 * point.N * point.D, 5.76e23, { rel: 1e-12 }, '6ND');
    // The optimum minimises the loss along the budget line: nudging N either way raises it.
    const loss = (N: number) =>
      truth[0]! + truth[1]! / N ** truth[3]! + truth[2]! / (5.76e23 / (6 * N)) ** truth[4]!;
    expectClose(loss(point.N), point.loss, { rel: 1e-12 }, 'loss at N_opt');
    expect(loss(point.N * 1.01)).toBeGreaterThan(point.loss);
    expect(loss(point.N / 1.01)).toBeGreaterThan(point.loss);
    expectClose(laws.chinchilla!.inverse(truth, point.loss)!, 5.76e23, { rel: 1e-9 }, 'C at loss');
  });

  it("chinchilla: Hoffmann's grid has 4,500 starts spanning the published ranges", () => {
    const grid = hoffmannGrid();
    expect(grid).toHaveLength(4500);
    expectClose(Math.min(...grid.map((s) => Math.log(s[1]!))), 0, { abs: 1e-12 });
    expectClose(Math.max(...grid.map((s) => Math.log(s[2]!))), 25, { abs: 1e-12 });
    expect(new Set(grid.map((s) => s[3])).size).toBe(5);
  });
});
