import type { Command } from 'commander';

import { optimalAllocation } from '../analysis/optimal-allocation.ts';
import { parseNumber } from '../data/parse-number.ts';
import { InputError } from '../errors.ts';
import { fitLaw } from '../fit/fit-law.ts';
import { chinchilla } from '../laws/chinchilla.ts';
import { significant } from './format-fit.ts';
import { EXIT, type CliIo } from './io.ts';
import {
  collect,
  fraction,
  jsonNumbers,
  parseObjective,
  positiveNumber,
  naming,
  readRunsForLaw,
  wholeNumber,
  type ColumnFlags,
  withColumnOptions,
  withRunOptions,
} from './options.ts';
import { progressBar } from './progress.ts';

/** Options of `scalefit optimal`. */
export interface OptimalCommandOptions extends ColumnFlags {
  budget: string[];
  objective: string;
  bootstrap: string;
  seed: string;
  level: string;
  flopsPerParamToken: string;
  quiet?: boolean;
  json?: boolean;
}

/** Register `scalefit optimal`: compute-optimal N and D at a budget from a Chinchilla fit. */
export function addOptimalCommand(program: Command, io: CliIo, setExit: (code: number) => void) {
  withRunOptions(
    withColumnOptions(
      program
        .command('optimal')
        .description('compute-optimal parameters and tokens at a FLOP budget (Chinchilla law)')
        .argument('<file>', 'run table with N, D (or C) and loss'),
    ),
    'log-huber',
  )
    .requiredOption('--budget <C>', 'FLOP budget (repeatable), e.g. 1e24', collect, [])
    .addHelpText(
      'after',
      '\nExamples:\n  scalefit optimal runs.csv --budget 1e24 --bootstrap 1000 --seed 1\n' +
        '  scalefit optimal runs.csv --budget 1e23 --budget 1e25 --json',
    )
    .action((file: string, options: OptimalCommandOptions) => {
      setExit(runOptimal(file, options, io));
    });
}

function runOptimal(file: string, options: OptimalCommandOptions, io: CliIo): number {
  const objective = parseObjective(options.objective);
  const k = positiveNumber('--flops-per-param-token', options.flopsPerParamToken);
  const budgets = options.budget.map((text) => {
    const value = parseNumber(text);
    if (value === null || !(value > 0)) {
      throw new InputError(
        'invalid-option',
        `--budget ${JSON.stringify(text)}: expected FLOPs > 0`,
      );
    }
    return value;
  });
  const runs = readRunsForLaw(file, chinchilla, objective, options, {
    minPoints: chinchilla.parameters.length,
    flopsPerParamToken: k,
  });
  const fit = naming(runs.source, null, () => fitLaw(chinchilla, runs.points, { objective }));
  const progress = progressBar('bootstrap', options.quiet !== true);
  let allocations;
  try {
    allocations = optimalAllocation(chinchilla, runs.points, fit, budgets, {
      fitOptions: { objective },
      resamples: wholeNumber('--bootstrap', options.bootstrap),
      seed: wholeNumber('--seed', options.seed),
      level: fraction('--level', options.level),
      flopsPerParamToken: k,
      onProgress: progress.onProgress,
    });
  } finally {
    progress.stop();
  }
  if (options.json === true) {
    io.stdout(`${JSON.stringify({ fit, allocations }, jsonNumbers, 2)}\n`);
  } else {
    const lines = [`${runs.source}: chinchilla fit ${fit.status} on ${fit.points} runs`];
    for (const a of allocations) {
      const range = (key: 'N' | 'D' | 'tokensPerParameter' | 'loss') =>
        a.intervals === null
          ? ''
          : ` [${significant(a.intervals[key][0], 3)}, ${significant(a.intervals[key][1], 3)}]`;
      lines.push(
        `C = ${significant(a.C, 4)} FLOPs: N_opt ${significant(a.N, 4)}${range('N')}, ` +
          `D_opt ${significant(a.D, 4)}${range('D')}, tokens per parameter ` +
          `${significant(a.tokensPerParameter, 3)}${range('tokensPerParameter')}, ` +
          `loss ${significant(a.loss, 5)}${range('loss')}`,
      );
    }
    if (allocations[0]?.intervals === null) lines.push('(no intervals: pass --bootstrap N)');
    else lines.push(`(${Math.round(allocations[0]!.level * 100)}% percentile bootstrap intervals)`);
    io.stdout(`${lines.join('\n')}\n`);
  }
  return fit.status === 'converged' || fit.status === 'at-bound' ? EXIT.ok : EXIT.noFit;
}
