/**
 * Pythia (Biderman et al. 2023): the deduplicated Pile against the standard Pile as two
 * recipes with the same N and D. Final checkpoints (step 143,000) of the eight sizes, zero-shot
 * ARC-Easy accuracy against C = 6ND, log-linear law with a shared slope; the multiplier at 60%
 * accuracy with a 95% bootstrap interval, whatever it turns out to be.
 */
import { describe, expect, it } from 'vitest';

import { runCli } from '../cli/run-cli.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { sharedData } from '../helpers/shared-data.ts';

const pythia = sharedData('pythia-evals/pythia_zero_shot.csv');

describe.skipIf(!pythia.present)('Pythia: deduplicated against standard Pile', () => {
  it('reports M with its interval: indistinguishable from 1 on ARC-Easy', async () => {
    const { code, stdout } = await runCli([
      'compare',
      pythia.path,
      '--where',
      'step=143000',
      '--group',
      'deduped',
      '--ref',
      '0',
      '--new',
      '1',
      '--x',
      'flops_6ND',
      '--y',
      'arc_easy_acc',
      '--law',
      'log-linear',
      '--shared',
      'b',
      '--target',
      '0.6',
      '--bootstrap',
      '1000',
      '--seed',
      '1',
      '--json',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    // Measured 2026-12-03: M = 1.094, 95% BCa interval 0.873-1.37 (docs/results.md).
    expect(result.fits.map((fit: { points: number }) => fit.points)).toEqual([8, 8]);
    expect(result.dependsOnTarget).toBe(false);
    // The full-data estimate is deterministic: the value measured then and on 2026-12-04.
    expectClose(result.multiplier, 1.09405308, { rel: 1e-6 }, 'M');
    expect(result.interval[0]).toBeLessThan(1);
    expect(result.interval[1]).toBeGreaterThan(1);
    expect(result.sentence).toMatch(/indistinguishable/);
  });
});
