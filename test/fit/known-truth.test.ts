import { describe, expect, it } from 'vitest';

import { fitLaw } from '../../src/fit/fit-law.ts';
import { laws } from '../../src/laws/index.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { knownTruth } from '../fixtures/known-truth.ts';

describe('fitLaw on noise-free known-truth data', () => {
  for (const name of Object.keys(laws)) {
    for (const objective of ['ls', 'log-huber'] as const) {
      it(`${name} (${objective}) gives back the true parameters to 1e-6 relative`, () => {
        const { truth, points } = knownTruth(name);
        const result = fitLaw(laws[name]!, points, { objective });
        expect(result.status).toBe('converged');
        laws[name]!.parameters.forEach((spec, j) => {
          expectClose(
            result.params[spec.name]!,
            truth[j]!,
            { rel: 1e-6, abs: 1e-9 },
            `${name} ${spec.name}`,
          );
        });
      });
    }
  }
});
