import type { Command } from 'commander';

import { nearestName } from '../data/nearest-name.ts';
import { parseNumber } from '../data/parse-number.ts';
import { COLUMN_CONVENTIONS, readRuns, type Quantity, type Runs } from '../data/read-runs.ts';
import { filterRows, parseCondition } from '../data/filter-rows.ts';
import { readTable } from '../data/read-table.ts';
import { InputError } from '../errors.ts';
import { laws } from '../laws/index.ts';
import type { Law } from '../laws/law.ts';

/** Option parsing shared by the commands: numbers, laws, "did you mean", JSON output. */

export function didYouMean(nearest: string | null): string {
  return nearest === null ? '' : ` (did you mean ${JSON.stringify(nearest)}?)`;
}

export function collect(value: string, previous: string[]): string[] {
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

/** Parse an objective name, suggesting the nearest on a typo. */
export function parseObjective(objective: string): 'ls' | 'log-huber' {
  if (objective === 'ls' || objective === 'log-huber') return objective;
  const nearest = nearestName(objective, ['ls', 'log-huber']);
  throw new InputError(
    'unknown-objective',
    `unknown objective ${JSON.stringify(objective)}${didYouMean(nearest)}; use ls or log-huber`,
  );
}

/** JSON has no NaN or Infinity: write them as null rather than invalid JSON. */
export function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

export function positiveNumber(flag: string, text: string): number {
  const value = parseNumber(text);
  if (value === null || !(value > 0)) {
    throw new InputError(
      'invalid-option',
      `${flag} ${JSON.stringify(text)}: expected a number > 0`,
    );
  }
  return value;
}

export function positiveInteger(flag: string, text: string): number {
  const value = parseNumber(text);
  if (value === null || !Number.isInteger(value) || value < 1) {
    throw new InputError(
      'invalid-option',
      `${flag} ${JSON.stringify(text)}: expected a whole number >= 1`,
    );
  }
  return value;
}

/** A number in (0, 1), such as an interval level. */
export function fraction(flag: string, text: string): number {
  const value = parseNumber(text);
  if (value === null || !(value > 0 && value < 1)) {
    throw new InputError(
      'invalid-option',
      `${flag} ${JSON.stringify(text)}: expected a number between 0 and 1`,
    );
  }
  return value;
}

/** A whole number >= 0 (a seed, a resample count). */
export function wholeNumber(flag: string, text: string): number {
  const value = parseNumber(text);
  if (value === null || !Number.isInteger(value) || value < 0) {
    throw new InputError(
      'invalid-option',
      `${flag} ${JSON.stringify(text)}: expected a whole number >= 0`,
    );
  }
  return value;
}

/** Column flags shared by the commands that read run tables. */
export interface ColumnFlags {
  x?: string;
  y?: string;
  n?: string;
  d?: string;
  c?: string;
  group?: string;
  sigma?: string;
  /** Row conditions such as "step=143000" (repeatable). */
  where?: string[];
}

/**
 * Read a run table for a law: the law's inputs are needed, and every quantity it (or the
 * log-Huber objective) takes the log of must be > 0.
 */
export function readRunsForLaw(
  file: string,
  law: Law,
  objective: 'ls' | 'log-huber',
  flags: ColumnFlags,
  limits: { minPoints: number; flopsPerParamToken: number },
): Runs {
  const inputs = law.inputs.filter((input): input is 'x' | 'N' | 'D' => input !== 'g');
  const positive: Quantity[] = law.realInputs === true ? [] : [...inputs];
  if (objective === 'log-huber') positive.push('y');
  const table = readTable(file);
  const conditions = (flags.where ?? []).map(parseCondition);
  return readRuns(conditions.length === 0 ? table : filterRows(table, conditions), {
    x: flags.x,
    y: flags.y,
    n: flags.n,
    d: flags.d,
    c: flags.c,
    group: flags.group,
    sigma: flags.sigma,
    needs: inputs,
    positive,
    minPoints: limits.minPoints,
    flopsPerParamToken: limits.flopsPerParamToken,
  });
}

/**
 * The law when --law is not given: chinchilla when --n or --d is given or the table has columns
 * named as N and D, else power-offset. A file that cannot be read is left to the reader, which
 * reports it properly.
 */
export function defaultLaw(file: string, flags: ColumnFlags): string {
  if (flags.n !== undefined || flags.d !== undefined) return 'chinchilla';
  let columns: string[];
  try {
    columns = readTable(file).columns.map((name) => name.toLowerCase().replace(/[\s_.-]/g, ''));
  } catch {
    return 'power-offset';
  }
  const has = (names: readonly string[]) => columns.some((column) => names.includes(column));
  const hasN = flags.n !== undefined || has(COLUMN_CONVENTIONS.N);
  const hasD = flags.d !== undefined || has(COLUMN_CONVENTIONS.D);
  return hasN && hasD ? 'chinchilla' : 'power-offset';
}

/** The run-table column options every command shares: --x --y --n --d --c --where. */
export function withColumnOptions(command: Command): Command {
  return command
    .option('--x <column>', 'resource column for one-input laws (default: C, flops or compute)')
    .option('--y <column>', 'metric column (default: loss, else score)')
    .option('--n <column>', 'parameter-count column (default: N, params, parameters)')
    .option('--d <column>', 'token-count column (default: D, tokens)')
    .option('--c <column>', 'compute column in FLOPs (default: C, flops, compute)')
    .option(
      '--where <condition>',
      'keep rows meeting "COL OP VALUE", e.g. "step=143000"',
      collect,
      [],
    );
}

/**
 * The fitting and output options every command shares: --objective, --bootstrap, --seed,
 * --level, --flops-per-param-token, --quiet, --json.
 */
export function withRunOptions(command: Command, objective: 'ls' | 'log-huber'): Command {
  return command
    .option('--objective <name>', 'ls (least squares) or log-huber', objective)
    .option('--bootstrap <N>', 'bootstrap resamples for intervals (0: none)', '0')
    .option('--seed <S>', 'bootstrap seed: the same seed gives the same result anywhere', '0')
    .option('--level <P>', 'interval level', '0.95')
    .option('--flops-per-param-token <k>', 'k in C = k·N·D when one of C, N, D is derived', '6')
    .option('--quiet', 'no progress bar')
    .option('--json', 'print one JSON document on stdout');
}
