/**
 * Generator of the bundled example data. SYNTHETIC: every number comes from the law below with
 * seeded noise, so each result of the examples can be checked against the truth, which is
 * written beside the data.
 *
 * Run: npx tsx data/generate.ts
 * Writes:
 * - example-runs.csv (+ .truth.json): one Chinchilla ladder, for the single-fit example;
 * - pretraining-recipes.csv (+ .truth.json): a "baseline" and a "new" recipe, each 5 model
 *   sizes x 4 tokens-per-parameter ratios, where the new recipe needs exactly 10x less compute
 *   for every loss along the compute-optimal frontier; and reference-model.json, one large
 *   baseline model at 2.2e24 FLOPs (the scale of Llama 4 Maverick: 6 x 17e9 x 22e12).
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

// Two recipes. Along the frontier L*(C) = E + K (C / 6)^-gamma with gamma = alpha beta /
// (alpha + beta); scaling A and B by s leaves the optimal split alone and multiplies K by s,
// so s = M^-gamma makes the new recipe reach every loss with M times less compute.
const MULTIPLIER = 10;
const gamma = (TRUTH[3]! * TRUTH[4]!) / (TRUTH[3]! + TRUTH[4]!);
const NEW = [
  TRUTH[0]!,
  TRUTH[1]! * MULTIPLIER ** -gamma,
  TRUTH[2]! * MULTIPLIER ** -gamma,
  TRUTH[3]!,
  TRUTH[4]!,
];
const LADDER = [5e7, 1.2e8, 3e8, 7e8, 1.5e9];
const RATIOS = [5, 10, 20, 40];
const recipeDraw = normalSource(SEED + 1);
const recipeRows = ['recipe,N,D,C,loss'];
for (const [recipe, params] of [
  ['baseline', TRUTH],
  ['new', NEW],
] as const) {
  for (const N of LADDER) {
    for (const ratio of RATIOS) {
      const D = N * ratio;
      const loss = chinchilla.predict(params, [N, D]) * (1 + NOISE * recipeDraw());
      recipeRows.push([recipe, N, D, 6 * N * D, loss.toPrecision(6)].join(','));
    }
  }
}
writeFileSync(new URL('pretraining-recipes.csv', here), `${recipeRows.join('\n')}\n`);
const REFERENCE_C = 2.2e24;
const referenceModel = computeOptimal(TRUTH, REFERENCE_C);
writeFileSync(
  new URL('reference-model.json', here),
  `${JSON.stringify(
    {
      synthetic: true,
      description: 'one large model trained with the baseline recipe, compute-optimally',
      C: REFERENCE_C,
      N: referenceModel.N,
      D: referenceModel.D,
      loss: Number(referenceModel.loss.toPrecision(6)),
    },
    null,
    2,
  )}\n`,
);
writeFileSync(
  new URL('pretraining-recipes.truth.json', here),
  `${JSON.stringify(
    {
      synthetic: true,
      generator: 'data/generate.ts',
      seed: SEED + 1,
      law: 'chinchilla',
      baseline: { E: TRUTH[0], A: TRUTH[1], B: TRUTH[2], alpha: TRUTH[3], beta: TRUTH[4] },
      new: { E: NEW[0], A: NEW[1], B: NEW[2], alpha: NEW[3], beta: NEW[4] },
      multiplier: MULTIPLIER,
      noise: { kind: 'multiplicative gaussian on the loss', standardDeviation: NOISE },
      note: 'the reference model loss is exact (no noise), so the true multiplier at it is 10',
    },
    null,
    2,
  )}\n`,
);
