import type { Command } from 'commander';

import { holdout } from '../analysis/holdout.ts';
import { parsePredictionPoint, predict, type PredictionPoint } from '../analysis/predict.ts';
import { parseNumber } from '../data/parse-number.ts';
import type { RunPoint, Runs } from '../data/read-runs.ts';
import type { StreamedRuns } from '../data/stream-runs.ts';
import { InputError } from '../errors.ts';
import { fitLaw, type FitOptions } from '../fit/fit-law.ts';
import type { Law } from '../laws/law.ts';
import { bootstrapFitParallel } from '../uncertainty/parallel-bootstrap.ts';
import { parameterIntervals, predictionInterval } from '../uncertainty/delta-method.ts';
import { laws } from '../laws/index.ts';
import { formatFit, printable, type FitEntry } from './format-fit.ts';
import { EXIT, type CliIo } from './io.ts';
import {
  collect,
  jsonNumbers,
  naming,
  parseObjective,
  positiveInteger,
  defaultLaw,
  fraction,
  positiveNumber,
  readRunsForLaw,
  shouldStream,
  STREAM_BYTES,
  streamRunsForLaw,
  resolveLaw,
  wholeNumber,
  withColumnOptions,
  withRunOptions,
  type ColumnFlags,
} from './options.ts';
import { progressBar } from './progress.ts';

/** Options of `scalefit fit`, as commander hands them over. */
export interface FitCommandOptions extends ColumnFlags {
  law?: string;
  objective: string;
  huberDelta?: string;
  predict: string[];
  holdout?: string;
  flopsPerParamToken: string;
  json?: boolean;
  bootstrap: string;
  seed: string;
  level: string;
  resampleBy?: string;
  interval: string;
  quiet?: boolean;
  stream?: boolean;
  starts?: string;
}

/** Register `scalefit fit` on the program. */
export function addFitCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  withRunOptions(
    withColumnOptions(
      program
        .command('fit')
        .description('fit a scaling law to a run table and report parameters with standard errors')
        .argument('<file>', 'run table: CSV, TSV, JSON (array of objects) or JSONL'),
    ),
    'ls',
  )
    .option(
      '--law <name>',
      `law: ${Object.keys(laws).join(', ')} ` +
        '(default: chinchilla when N and D are given, else power-offset)',
    )
    .option('--group <column>', 'fit each group of runs separately')
    .option('--sigma <column>', 'standard deviation of each y: weighted least squares')
    .option('--huber-delta <number>', 'Huber threshold on log residuals (default 1e-3)')
    .option(
      '--predict <spec>',
      'evaluate the fit at "N=1.3e10,D=5e12" or "C=1e24" (repeatable)',
      collect,
      [],
    )
    .option(
      '--holdout <K>',
      'fit all but the K runs with the largest resource; report their errors',
    )
    .option('--resample-by <N|D|x>', 'resample whole groups of runs sharing this value')
    .option('--interval <method>', 'bootstrap interval: percentile or bca', 'percentile')
    .option(
      '--stream',
      'read a JSON Lines table as a stream, keeping only the numbers per group ' +
        `(automatic for .jsonl over ${STREAM_BYTES / 2 ** 20} MiB)`,
    )
    .option(
      '--starts <n>',
      'best screened starts optimised fully in each fit (default 12; fewer is faster on ' +
        'large tables)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  scalefit fit runs.csv --law chinchilla --objective log-huber --predict "C=1e24"',
        '  scalefit fit runs.csv --law power-offset --x flops --y loss --holdout 3 --json',
        '  scalefit fit ladder.csv --group recipe --law power-offset',
        '  scalefit fit checkpoints.jsonl --group run --x tokens --stream --starts 2',
      ].join('\n'),
    )
    .action(async (file: string, options: FitCommandOptions) => {
      setExit(await runFit(file, options, io));
    });
}

async function runFit(file: string, options: FitCommandOptions, io: CliIo): Promise<number> {
  // 1. Options.
  const objective = parseObjective(options.objective);
  const k = positiveNumber('--flops-per-param-token', options.flopsPerParamToken);
  const fitOptions: FitOptions = { objective };
  if (options.huberDelta !== undefined)
    fitOptions.huberDelta = positiveNumber('--huber-delta', options.huberDelta);
  if (options.starts !== undefined)
    fitOptions.optimisedStarts = positiveInteger('--starts', options.starts);
  const stream = shouldStream(file, options.stream === true);
  const points: PredictionPoint[] = options.predict.map((spec) =>
    parsePredictionPoint(spec, parseNumber),
  );
  const holdoutCount =
    options.holdout === undefined ? undefined : positiveInteger('--holdout', options.holdout);
  const lawName = options.law ?? defaultLaw(file, options, stream);
  const law = resolveLaw(lawName);

  // 2. Read and validate the runs.
  const uncertainty = {
    resamples: wholeNumber('--bootstrap', options.bootstrap),
    seed: wholeNumber('--seed', options.seed),
    level: fraction('--level', options.level),
    method: parseIntervalMethod(options.interval),
    resampleBy: parseResampleBy(options.resampleBy),
    quiet: options.quiet === true,
  };
  const limits = { minPoints: law.parameters.length + (holdoutCount ?? 0), flopsPerParamToken: k };
  const runs = stream
    ? await streamWithProgress(file, law, objective, options, limits, uncertainty.quiet)
    : pointsByGroup(readRunsForLaw(file, law, objective, options, limits));

  // 3. Fit each group.
  const groups: (string | null)[] = runs.groups.length > 0 ? runs.groups : [null];
  const entries: FitEntry[] = [];
  const fitting = progressBar('fitting groups', groups.length > 1 && uncertainty.resamples === 0);
  for (const [index, group] of groups.entries()) {
    const selected: RunPoint[] = runs.pointsOf(group);
    const groupOptions: FitOptions =
      options.sigma === undefined
        ? fitOptions
        : { ...fitOptions, sigma: selected.map((p) => p.sigma!) };
    const held =
      holdoutCount === undefined
        ? undefined
        : naming(runs.source, group, () => holdout(law, selected, holdoutCount, groupOptions, k));
    const fit = held?.fit ?? naming(runs.source, group, () => fitLaw(law, selected, groupOptions));
    const training = held?.training ?? selected;
    const entry: FitEntry = {
      ...fit,
      group,
      predictions: points.map((at) => predict(law, fit.params, at, k)),
    };
    if (held !== undefined) entry.holdout = held.heldOut;
    await addUncertainty(entry, law, training, groupOptions, uncertainty, points, k);
    entries.push(entry);
    fitting.onProgress(index + 1, groups.length);
  }
  fitting.stop();

  // 4. Report.
  if (options.json === true) {
    io.stdout(
      `${JSON.stringify(
        { source: runs.source, columns: runs.columns, derived: runs.derived, fits: entries },
        jsonNumbers,
        2,
      )}\n`,
    );
  } else {
    const derived = Object.entries(runs.derived)
      .filter(([, isDerived]) => isDerived)
      .map(([name]) => name);
    const note = derived.length > 0 ? ` (${derived.join(', ')} derived from C = ${k}·N·D)` : '';
    io.stdout(`${runs.source}: ${runs.rowCount} runs${note}\n\n`);
    io.stdout(`${entries.map(formatFit).join('\n\n')}\n`);
  }
  const failed = entries.some(
    (entry) => entry.status === 'max-iterations' || entry.status === 'stalled',
  );
  return failed ? EXIT.noFit : EXIT.ok;
}

interface UncertaintyRequest {
  resamples: number;
  seed: number;
  level: number;
  method: 'percentile' | 'bca';
  resampleBy: 'N' | 'D' | 'x' | null;
  quiet: boolean;
}

/**
 * Add intervals to a fit entry: bootstrap ones when resamples were asked for, else the
 * covariance-based (delta-method) ones; predictions gain an interval with and without noise.
 */
async function addUncertainty(
  entry: FitEntry,
  law: Law,
  points: readonly RunPoint[],
  fitOptions: FitOptions,
  request: UncertaintyRequest,
  at: PredictionPoint[],
  k: number,
): Promise<void> {
  if (request.resamples === 0) {
    entry.intervals = parameterIntervals(entry, request.level);
    entry.intervalMethod = 'covariance (delta method, t quantiles)';
    entry.predictions.forEach((prediction, i) => {
      const interval = predictionInterval(law, entry, at[i]!, request.level, k);
      if (interval !== null) Object.assign(prediction, interval);
    });
    entry.level = request.level;
    return;
  }
  const label = entry.group === null ? 'bootstrap' : `bootstrap ${printable(entry.group)}`;
  const progress = progressBar(label, !request.quiet);
  try {
    const key = request.resampleBy;
    const clusters = key === null ? undefined : points.map((point) => point[key]);
    if (clusters !== undefined && clusters.some((value) => value === undefined)) {
      throw new InputError(
        'invalid-option',
        `--resample-by ${key}: the runs have no ${key} for law ${law.name}; ` +
          'use a quantity the law reads (N or D for chinchilla, x for one-input laws)',
      );
    }
    if (clusters !== undefined && new Set(clusters).size < 2) {
      throw new InputError(
        'invalid-option',
        `--resample-by ${key}: all runs share one value, so there is nothing to resample`,
      );
    }
    const result = await bootstrapFitParallel(law, points, entry, fitOptions, {
      resamples: request.resamples,
      seed: request.seed,
      level: request.level,
      method: request.method,
      clusters: clusters as number[] | undefined,
      predictAt: at,
      flopsPerParamToken: k,
      onProgress: progress.onProgress,
    });
    entry.intervals = result.intervals;
    entry.intervalMethod = `bootstrap ${result.method}`;
    entry.level = request.level;
    entry.bootstrap = {
      resamples: result.resamples,
      seed: result.seed,
      unit: result.unit,
      failed: result.failed,
      failures: result.failures,
      standardErrors: result.standardErrors,
    };
    entry.predictions.forEach((prediction, i) => {
      const p = result.predictions[i]!;
      prediction.interval = p.interval;
      prediction.intervalWithNoise = p.intervalWithNoise;
    });
  } finally {
    progress.stop();
  }
}

function parseIntervalMethod(text: string): 'percentile' | 'bca' {
  if (text === 'percentile' || text === 'bca') return text;
  throw new InputError(
    'invalid-option',
    `--interval ${JSON.stringify(text)}: use percentile or bca`,
  );
}

function parseResampleBy(text: string | undefined): 'N' | 'D' | 'x' | null {
  if (text === undefined) return null;
  if (text === 'N' || text === 'D' || text === 'x') return text;
  throw new InputError(
    'invalid-option',
    `--resample-by ${JSON.stringify(text)}: use N (all runs of one model size), D or x`,
  );
}

/** Runs read whole, with the interface of streamed ones: a point count and points per group. */
function pointsByGroup(runs: Runs): StreamedRuns {
  const { points, ...description } = runs;
  // Split once: a filter per group was quadratic in tables of many groups.
  const byGroup = new Map<string | null, RunPoint[]>();
  for (const point of points) {
    const group = byGroup.get(point.group);
    if (group === undefined) byGroup.set(point.group, [point]);
    else group.push(point);
  }
  return {
    ...description,
    rowCount: points.length,
    pointsOf: (group) => (group === null ? points : (byGroup.get(group) ?? [])),
  };
}

/** Stream a JSON Lines table with a progress bar over its bytes. */
async function streamWithProgress(
  file: string,
  law: Law,
  objective: 'ls' | 'log-huber',
  flags: FitCommandOptions,
  limits: { minPoints: number; flopsPerParamToken: number },
  quiet: boolean,
): Promise<StreamedRuns> {
  const reading = progressBar('reading (bytes)', !quiet);
  try {
    return await streamRunsForLaw(file, law, objective, flags, limits, reading.onProgress);
  } finally {
    reading.stop();
  }
}
