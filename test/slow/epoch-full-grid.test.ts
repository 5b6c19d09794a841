/**
 * Slow: every start of Hoffmann's 4,500-point grid optimised fully by our L-BFGS on the Epoch
 * data, to show that the screened fit's optimum is the lowest any start reaches. (The bench
 * does the same with scipy's L-BFGS-B.)
 */
import { describe, expect, it } from 'vitest';

import { fitLaw } from '../../src/fit/fit-law.ts';
import { lbfgs } from '../../src/fit/lbfgs.ts';
import { FitProblem } from '../../src/fit/problem.ts';
import { chinchilla, hoffmannGrid } from '../../src/laws/index.ts';
import { sharedData } from '../helpers/shared-data.ts';
import { epochRuns } from '../fixtures/epoch.ts';

describe.skipIf(!sharedData('epoch-chinchilla/svg_extracted_data.csv').present)(
  'Epoch grid',
  () => {
    it('no start of the 4,500-point grid, optimised fully by L-BFGS, finds a lower value', () => {
      const points = epochRuns();
      const result = fitLaw(chinchilla, points, { objective: 'log-huber' });
      const problem = new FitProblem(
        chinchilla,
        points.map((point) => Float64Array.of(point.N!, point.D!)),
        Float64Array.from(points, (point) => point.y),
        { objective: 'log-huber', delta: 1e-3, sigma: null },
      );
      const fg = (x: Float64Array, g: Float64Array) => problem.valueAndGradient(x, g);
      let lowest = Infinity;
      for (const start of hoffmannGrid()) {
        const local = lbfgs(fg, problem.toInternal(start)!, {
          lower: problem.lower,
          upper: problem.upper,
          scale: problem.nullObjective(),
        });
        lowest = Math.min(lowest, local.value);
      }
      // Equal to the last digits is fine; lower by more than rounding is not.
      expect(lowest).toBeGreaterThanOrEqual(result.objective.value * (1 - 1e-12));
    });
  },
);
