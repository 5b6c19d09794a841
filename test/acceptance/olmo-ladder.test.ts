/**
 * Acceptance on the OLMo model ladder (Bhagia et al. 2024, arXiv 2412.04403): 16 runs,
 * N = non-embedding parameters, D = tokens, C4 loss averaged over the last 5 checkpoints.
 * Fit the Chinchilla law with log-Huber and predict the 13B model trained on 5T tokens.
 */
import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { parseTable } from '../../src/data/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { expectClose } from '../helpers/expect-close.ts';
import { sharedData } from '../helpers/shared-data.ts';

const ladder = sharedData('olmo-ladder/ladder_final_points.csv');
const target = sharedData('olmo-ladder/ladder-runs/peteish13_eval_final.csv');

/** The 13B model's actual C4 loss: mean of its last 5 evaluation rows (as the ladder's input). */
function actual13bLoss(): number {
  const table = parseTable(readFileSync(target.path, 'utf8'), target.path);
  const losses = table.rows.map((row) =>
    Number(row.cells['eval/c4_en-validation/CrossEntropyLoss']),
  );
  return losses.slice(-5).reduce((sum, loss) => sum + loss, 0) / 5;
}

describe.skipIf(!ladder.present || !target.present)('OLMo ladder, 13B-5T prediction', () => {
  it('predicts the 13B C4 loss and reports it beside the actual loss', async () => {
    const { code, stdout } = await runCli([
      'fit',
      ladder.path,
      '--n',
      'N_non_embedding',
      '--d',
      'D_tokens',
      '--y',
      'c4_loss_mean_last5',
      '--law',
      'chinchilla',
      '--objective',
      'log-huber',
      '--predict',
      'N=13202396160,D=5000088518656',
      '--json',
    ]);
    expect(code).toBe(0);
    const [entry] = JSON.parse(stdout).fits;
    expect(entry.status).toBe('converged');
    expect(entry.points).toBe(16);
    // The ladder's N spans 0.83 decades, so the fit warns that exponents are poorly identified.
    expect(entry.warnings.join(' ')).toMatch(/N spans only 0\.83 decades/);
    const predicted = entry.predictions[0].value;
    const actual = actual13bLoss();
    const relativeError = (predicted - actual) / actual;
    // Measured 2026-12-03: predicted 2.3444, actual 2.4379, error -3.8% (docs/results.md).
    // The bound records that finding: an under-prediction of less than 5%.
    expectClose(actual, 2.437876, { abs: 1e-6 }, '13B actual loss');
    // The prediction is deterministic (log-Huber optimum); measured again on 2026-12-04.
    expectClose(predicted, 2.3443873, { rel: 1e-6 }, '13B predicted loss');
    expect(relativeError).toBeLessThan(0);
    expect(relativeError).toBeGreaterThan(-0.05);
  });
});
