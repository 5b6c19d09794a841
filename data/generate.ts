/**
 * Generator of the bundled example data. SYNTHETIC: every number comes from the law below with
 * seeded noise, so each result of the examples can be checked against the truth, which is
 * written beside the data.
 *
 * Run: npx tsx data/generate.ts [output folder]
 * Writes:
 * - example-runs.csv (+ .truth.json): one Chinchilla ladder, for the single-fit example;
 * - pretraining-recipes.csv (+ .truth.json): a "baseline" and a "new" recipe, each 5 model
 *   sizes x 4 tokens-per-parameter ratios, where the new recipe needs exactly 10x less compute
 *   for every loss along the compute-optimal frontier; and reference-model.json, one large
 *   baseline model at 2.2e24 FLOPs (the scale of Llama 4 Maverick: 6 x 17e9 x 22e12).
 */
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import { chinchilla, computeOptimal } from '../src/laws/chinchilla.ts';
import { normalSource, uniformSource } from '../src/uncertainty/random.ts';

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
// Output folder: this one, or the folder given as the first argument (the tests regenerate
// the data there and compare it with the committed files byte for byte).
const here =
  process.argv[2] === undefined
    ? new URL('.', import.meta.url)
    : pathToFileURL(`${process.argv[2]}/`);
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

// RL: per-problem attempts at RL checkpoints, on training and held-out problems. Problem i has
// success probability p_i(s) = q_i + b * log10(s / 10) at step s (q_i uniform in [0.005, 0.25];
// no clamping is needed over steps 10..10,000), so mean pass@1 rises exactly log-linearly
// with slope b: 0.08 on training problems, 0.05 on held-out ones. 32 attempts per problem.
const rlDraw = uniformSource(SEED + 2);
const RL_STEPS = [10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000];
const RL_SPLITS = [
  { split: 'train', problems: 200, slope: 0.08 },
  { split: 'held-out', problems: 100, slope: 0.05 },
];
const ATTEMPTS = 32;
const rlRows = ['step,split,problem,samples,correct'];
const truthPassAt1: Record<string, number[]> = {};
for (const { split, problems, slope } of RL_SPLITS) {
  const q = Array.from({ length: problems }, () => 0.005 + 0.245 * rlDraw());
  truthPassAt1[split] = RL_STEPS.map(
    (s) => q.reduce((sum, qi) => sum + qi + slope * Math.log10(s / 10), 0) / problems,
  );
  for (const step of RL_STEPS) {
    q.forEach((qi, problem) => {
      const p = qi + slope * Math.log10(step / 10);
      let correct = 0;
      for (let a = 0; a < ATTEMPTS; a++) if (rlDraw() < p) correct++;
      rlRows.push([step, split, `${split}-${problem}`, ATTEMPTS, correct].join(','));
    });
  }
}
writeFileSync(new URL('rl-attempts.csv', here), `${rlRows.join('\n')}\n`);

// Test-time: tokens per answer and accuracy per checkpoint of a run trained with a thinking-time
// penalty. Tokens rise until step 1,000, fall ("thought compression") until step 2,000 while
// accuracy holds, then rise again; 2% multiplicative noise on tokens, 0.5 points on accuracy.
const ttDraw = normalSource(SEED + 3);
const PHASES = [1000, 2000];
const ttRows = ['step,tokens,accuracy'];
for (let step = 0; step <= 3000; step += 50) {
  const tokens =
    step <= PHASES[0]!
      ? 1500 + 3.5 * step
      : step <= PHASES[1]!
        ? 5000 - 2.5 * (step - PHASES[0]!)
        : 2500 + 2 * (step - PHASES[1]!);
  const accuracy =
    step <= PHASES[0]!
      ? 0.3 + 0.0002 * step
      : step <= PHASES[1]!
        ? 0.5
        : 0.5 + 0.0001 * (step - PHASES[1]!);
  ttRows.push(
    [
      step,
      Math.round(tokens * (1 + 0.02 * ttDraw())),
      (accuracy + 0.005 * ttDraw()).toFixed(4),
    ].join(','),
  );
}
writeFileSync(new URL('thinking-tokens.csv', here), `${ttRows.join('\n')}\n`);

// Agents against latency: one agent thinking longer, and four in parallel. Accuracy is
// a + b log10(latency) for one agent; four in parallel reach every accuracy with 3x less
// latency, so theirs is a + b log10(3 latency). 0.5 points of noise.
const agentDraw = normalSource(SEED + 4);
const LATENCY_MULTIPLIER = 3;
const agentRows = ['mode,latency,accuracy'];
for (const latency of [2, 4, 8, 16, 32, 64, 128]) {
  for (const [mode, factor] of [
    ['one agent', 1],
    ['four agents', LATENCY_MULTIPLIER],
  ] as const) {
    const accuracy = 0.2 + 0.15 * Math.log10(factor * latency) + 0.005 * agentDraw();
    agentRows.push([mode, latency, accuracy.toFixed(4)].join(','));
  }
}
writeFileSync(new URL('agents-latency.csv', here), `${agentRows.join('\n')}\n`);

// Accuracy against the thinking budget (tokens per answer) at one checkpoint: log-linear,
// accuracy = 0.3 + 0.12 log10(tokens / 1000), 0.5 points of noise.
const budgetDraw = normalSource(SEED + 5);
const budgetRows = ['tokens,accuracy'];
for (const tokens of [500, 1000, 2000, 4000, 8000, 16000, 32000]) {
  const accuracy = 0.3 + 0.12 * Math.log10(tokens / 1000) + 0.005 * budgetDraw();
  budgetRows.push([tokens, accuracy.toFixed(4)].join(','));
}
writeFileSync(new URL('thinking-budget.csv', here), `${budgetRows.join('\n')}\n`);

writeFileSync(
  new URL('rl-and-test-time.truth.json', here),
  `${JSON.stringify(
    {
      synthetic: true,
      generator: 'data/generate.ts',
      rl: {
        file: 'rl-attempts.csv',
        attemptsPerProblem: ATTEMPTS,
        passAt1Slope: { train: 0.08, 'held-out': 0.05 },
        law: 'pass@1 = a + b log10(step), exact in expectation',
        passAt1: { steps: RL_STEPS, ...truthPassAt1 },
      },
      testTime: { file: 'thinking-tokens.csv', phaseBoundaries: PHASES },
      thinkingBudget: {
        file: 'thinking-budget.csv',
        law: 'accuracy = 0.3 + 0.12 log10(tokens / 1000), i.e. a = -0.06, b = 0.12',
        b: 0.12,
      },
      agents: {
        file: 'agents-latency.csv',
        law: 'accuracy = 0.2 + 0.15 log10(latency) for one agent',
        latencyMultiplier: LATENCY_MULTIPLIER,
      },
    },
    null,
    2,
  )}\n`,
);
