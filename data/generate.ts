/**
 * Generator of the bundled example data. SYNTHETIC: every number comes from the law below with
 * seeded noise, so each result of the examples can be checked against the truth, which is
 * written beside the data.
 *
 * Run: npx tsx data/generate.ts   (writes data/example-runs.csv and data/example-runs.truth.json)
 */
import { writeFileSync } from 'node:fs';

import { chinchilla, computeOptimal } from '../src/laws/chinchilla.ts';
import { normalSource } from '../src/uncertainty/random.ts';

const SEED = 20261203;
/** True Chinchilla parameters [E, A, B, alpha, beta]: Hoffmann et al.'s published fit. */
const TRUTH = [1.69, 406.4, 410.7, 0.34, 0.28];
/** Multiplicative noise on the loss: 0.5% standard deviation, as seen between seeds of a run. */
const NOISE = 0.005;
const SIZES = [2e7, 5e7, 1.2e8, 3e8, 7e8, 1.5e9];
const TOKENS_PER_PARAMETER = [5, 10, 20, 40, 80];

const draw = normalSource(SEED);
const rows = ['N,D,C,loss'];
for (const N of SIZES) {
  for (const ratio of TOKENS_PER_PARAMETER) {
    const D = N * ratio;
    const loss = chinchilla.predict(TRUTH, [N, D]) * (1 + NOISE * draw());
    rows.push([N, D, 6 * N * D, loss.toPrecision(6)].join(','));
  }
}
const here = new URL('.', import.meta.url);
writeFileSync(new URL('example-runs.csv', here), `${rows.join('\n')}\n`);
const reference = computeOptimal(TRUTH, 2.2e24);
writeFileSync(
  new URL('example-runs.truth.json', here),
  `${JSON.stringify(
    {
      synthetic: true,
      generator: 'data/generate.ts',
      seed: SEED,
      law: 'chinchilla',
      params: { E: TRUTH[0], A: TRUTH[1], B: TRUTH[2], alpha: TRUTH[3], beta: TRUTH[4] },
      noise: { kind: 'multiplicative gaussian on the loss', standardDeviation: NOISE },
      computeOptimalAt2_2e24: reference,
    },
    null,
    2,
  )}\n`,
);
