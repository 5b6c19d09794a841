import type { Command } from 'commander';

import { holdout } from '../analysis/holdout.ts';
import { parsePredictionPoint, predict, type PredictionPoint } from '../analysis/predict.ts';
import { nearestName } from '../data/nearest-name.ts';
import { parseNumber } from '../data/parse-number.ts';
import { readRuns, type Quantity, type RunPoint } from '../data/read-runs.ts';
import { InputError } from '../errors.ts';
import { fitLaw, type FitOptions } from '../fit/fit-law.ts';
import { laws } from '../laws/index.ts';
import type { Law } from '../laws/law.ts';
import { formatFit, type FitEntry } from './format-fit.ts';
import { EXIT, type CliIo } from './io.ts';

/** Options of `scalefit fit`, as commander hands them over. */
export interface FitCommandOptions {
  law?: string;
  x?: string;
  y?: string;
  n?: string;
  d?: string;
  c?: string;
  group?: string;
  sigma?: string;
  objective: string;
  huberDelta?: string;
  predict: string[];
  holdout?: string;
  flopsPerParamToken: string;
  json?: boolean;
}

/** Register `scalefit fit` on the program. */
export function addFitCommand(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('fit')
    .description('fit a scaling law to a run table and report parameters with standard errors')
    .argument('<file>', 'run table: CSV, TSV, JSON (array of objects) or JSONL')
    .option(
      '--law <name>',
      `law: ${Object.keys(laws).join(', ')} ` +
        '(default: chinchilla when N and D are given, else power-offset)',
    )
    .option('--x <column>', 'resource column for one-input laws (default: C, flops or compute)')
    .option('--y <column>', 'metric column (default: loss, else score)')
    .option('--n <column>', 'parameter-count column (default: N, params, parameters)')
    .option('--d <column>', 'token-count column (default: D, tokens)')
    .option('--c <column>', 'compute column in FLOPs (default: C, flops, compute)')
    .option('--group <column>', 'fit each group of runs separately')
    .option('--sigma <column>', 'standard deviation of each y: weighted least squares')
    .option('--objective <name>', 'ls (least squares) or log-huber', 'ls')
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
    .option('--flops-per-param-token <k>', 'k in C = k·N·D when one of C, N, D is derived', '6')
    .option('--json', 'print one JSON document on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  scalefit fit runs.csv --law chinchilla --objective log-huber --predict "C=1e24"',
        '  scalefit fit runs.csv --law power-offset --x flops --y loss --holdout 3 --json',
        '  scalefit fit ladder.csv --group recipe --law power-offset',
      ].join('\n'),
    )
    .action((file: string, options: FitCommandOptions) => {
      setExit(runFit(file, options, io));
    });
}

function didYouMean(nearest: string | null): string {
  return nearest === null ? '' : ` (did you mean ${JSON.stringify(nearest)}?)`;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Resolve a law name, suggesting the nearest on a typo. */
export function resolveLaw(name: string): Law {
  const law = laws[name];
  if (law !== undefined) return law;
  const nearest = nearestName(name, Object.keys(laws));
  throw new InputError(
    'unknown-law',
    `unknown law ${JSON.stringify(name)}${didYouMean(nearest)}; ` +
      `known laws: ${Object.keys(laws).join(', ')}`,
  );
}

function runFit(file: string, options: FitCommandOptions, io: CliIo): number {
  // 1. Options.
  const objective = options.objective;
  if (objective !== 'ls' && objective !== 'log-huber') {
    const nearest = nearestName(objective, ['ls', 'log-huber']);
    throw new InputError(
      'unknown-objective',
      `unknown objective ${JSON.stringify(objective)}${didYouMean(nearest)}; use ls or log-huber`,
    );
  }
  const k = positiveNumber('--flops-per-param-token', options.flopsPerParamToken);
  const fitOptions: FitOptions = { objective };
  if (options.huberDelta !== undefined)
    fitOptions.huberDelta = positiveNumber('--huber-delta', options.huberDelta);
  const points: PredictionPoint[] = options.predict.map((spec) =>
    parsePredictionPoint(spec, parseNumber),
  );
  const holdoutCount =
    options.holdout === undefined ? undefined : positiveInteger('--holdout', options.holdout);
  const lawName =
    options.law ??
    (options.n !== undefined || options.d !== undefined ? 'chinchilla' : 'power-offset');
  const law = resolveLaw(lawName);

  // 2. Read and validate the runs.
  const positive: Quantity[] =
    law.realInputs === true ? [] : law.inputs.map((input) => input as Quantity);
  if (objective === 'log-huber') positive.push('y');
  const runs = readRuns(file, {
    x: options.x,
    y: options.y,
    n: options.n,
    d: options.d,
    c: options.c,
    group: options.group,
    sigma: options.sigma,
    needs: [...law.inputs],
    positive,
    minPoints: law.parameters.length + (holdoutCount ?? 0),
    flopsPerParamToken: k,
  });

  // 3. Fit each group.
  const groups: (string | null)[] = runs.groups.length > 0 ? runs.groups : [null];
  const entries: FitEntry[] = groups.map((group) => {
    const selected: RunPoint[] = runs.points.filter(
      (point) => group === null || point.group === group,
    );
    const groupOptions: FitOptions =
      options.sigma === undefined
        ? fitOptions
        : { ...fitOptions, sigma: selected.map((p) => p.sigma!) };
    const held =
      holdoutCount === undefined
        ? undefined
        : holdout(law, selected, holdoutCount, groupOptions, k);
    const fit = held?.fit ?? fitLaw(law, selected, groupOptions);
    const entry: FitEntry = {
      ...fit,
      group,
      predictions: points.map((at) => predict(law, fit.params, at, k)),
    };
    if (held !== undefined) entry.holdout = held.heldOut;
    return entry;
  });

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
    io.stdout(`${runs.source}: ${runs.points.length} runs${note}\n\n`);
    io.stdout(`${entries.map(formatFit).join('\n\n')}\n`);
  }
  const failed = entries.some(
    (entry) => entry.status === 'max-iterations' || entry.status === 'stalled',
  );
  return failed ? EXIT.noFit : EXIT.ok;
}

/** JSON has no NaN or Infinity: write them as null rather than invalid JSON. */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

function positiveNumber(flag: string, text: string): number {
  const value = parseNumber(text);
  if (value === null || !(value > 0)) {
    throw new InputError(
      'invalid-option',
      `${flag} ${JSON.stringify(text)}: expected a number > 0`,
    );
  }
  return value;
}

function positiveInteger(flag: string, text: string): number {
  const value = parseNumber(text);
  if (value === null || !Number.isInteger(value) || value < 1) {
    throw new InputError(
      'invalid-option',
      `${flag} ${JSON.stringify(text)}: expected a whole number >= 1`,
    );
  }
  return value;
}
