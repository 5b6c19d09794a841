/**
 * Two-step downstream prediction on the OLMo ladder (Bhagia et al. 2024, arXiv 2412.04403):
 * step 1, (N, D) -> task bits-per-byte from the 16 ladder runs (mean of each run's last five
 * evaluations); step 2, bits-per-byte -> accuracy from every ladder checkpoint; predict the
 * 7B (4T tokens) and 13B (5T tokens) targets and report the errors.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { twoStepPrediction } from '../../src/analysis/two-step.ts';
import { parseTable } from '../../src/data/index.ts';
import { sharedData } from '../helpers/shared-data.ts';

const config = sharedData('olmo-ladder/final_config.json');
const folder = sharedData('olmo-ladder/ladder-runs');

const TARGETS = [
  { name: '7B', N: 6887575552, D: 3945065873408, file: 'peteish7_eval_anneal.csv' },
  { name: '13B', N: 13202396160, D: 5000088518656, file: 'peteish13_eval_final.csv' },
];

function rows(file: string) {
  const path = join(folder.path, file);
  return parseTable(readFileSync(path, 'utf8'), path).rows.map((row) => row.cells);
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * Tasks and the largest accuracy error accepted, from the run of 2026-12-03 (docs/results.md):
 * HellaSwag +1.2 and +2.2 points (7B, 13B). ARC-Easy is reported, not hidden: step 1
 * over-predicts its bits-per-byte at scale (0.599 against 0.543 at 7B), so accuracy comes out
 * 7.6 and 9.7 points low; the chained interval still covers the truth. (PIQA, +1.5 and +2.0
 * points, is left out of the suite: its step-2 fit sees only the sigmoid's lower tail and takes
 * thousands of iterations per resample; docs/limitations.md.)
 */
const TASKS: { task: string; largestError: number | null }[] = [
  { task: 'hellaswag_val', largestError: 0.03 },
  { task: 'arc_easy_val', largestError: null },
];

describe.skipIf(!config.present || !folder.present)('OLMo ladder: two-step prediction', () => {
  const sizes = JSON.parse(readFileSync(config.path, 'utf8')) as Record<
    string,
    { n: number; mode: string; paths: string[] }
  >;
  for (const { task, largestError } of TASKS) {
    it(`${task}: predicts the 7B and 13B accuracy and reports the errors`, () => {
      const bpb = `eval/downstream_bpb/${task}_rc_5shot_bpb`;
      const acc = `eval/downstream/${task}_rc_5shot_len_norm`;
      const runs: { N: number; D: number; loss: number }[] = [];
      const checkpoints: { loss: number; accuracy: number }[] = [];
      for (const entry of Object.values(sizes)) {
        if (entry.mode !== 'train') continue;
        for (const path of entry.paths) {
          const table = rows(path.split('/').at(-1)!);
          const last = table.slice(-5);
          runs.push({
            N: entry.n,
            D: Number(last.at(-1)!['throughput/total_tokens']),
            loss: mean(last.map((r) => Number(r[bpb]))),
          });
          for (const r of table)
            checkpoints.push({ loss: Number(r[bpb]), accuracy: Number(r[acc]) });
        }
      }
      expect(runs).toHaveLength(16);
      const result = twoStepPrediction(runs, checkpoints, TARGETS, { resamples: 300, seed: 1 });
      expect(result.step1.status).toBe('converged');
      expect(result.step2.status).toBe('converged');
      for (const [i, target] of TARGETS.entries()) {
        const actualRows = rows(target.file).slice(-5);
        const actual = mean(actualRows.map((r) => Number(r[acc])));
        const predicted = result.predictions[i]!.accuracy;
        const error = predicted.value - actual;
        const report =
          `${task} ${target.name}: predicted ${predicted.value.toFixed(4)} ` +
          `[${predicted.interval?.map((v) => v.toFixed(4)).join(', ')}], ` +
          `actual ${actual.toFixed(4)}`;
        if (largestError !== null) expect(Math.abs(error), report).toBeLessThan(largestError);
        else expect(error, report).toBeLessThan(0);
        // Every actual accuracy lies inside its chained 95% interval.
        expect(actual, report).toBeGreaterThanOrEqual(predicted.interval![0]);
        expect(actual, report).toBeLessThanOrEqual(predicted.interval![1]);
        expect(predicted.interval).not.toBeNull();
      }
    });
  }
});
