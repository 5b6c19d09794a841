import { closeSync, openSync, readSync, statSync } from 'node:fs';

import type { Command } from 'commander';

import { nearestName } from '../data/nearest-name.ts';
import { parseNumber } from '../data/parse-number.ts';
import {
  COLUMN_CONVENTIONS,
  readRuns,
  type Quantity,
  type ReadRunsOptions,
  type Runs,
} from '../data/read-runs.ts';
import { streamRuns, type StreamedRuns } from '../data/stream-runs.ts';
import { filterRows, parseCondition } from '../data/filter-rows.ts';
import { formatFromPath, readTable } from '../data/read-table.ts';
import { FitError, InputError } from '../errors.ts';
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
 * The readRuns options for a law: the law's inputs are needed, and every quantity it (or the
 * log-Huber objective) takes the log of must be > 0.
 */
export function runOptionsForLaw(
  law: Law,
  objective: 'ls' | 'log-huber',
  flags: ColumnFlags,
  limits: { minPoints: number; flopsPerParamToken: number },
): ReadRunsOptions {
  const inputs = law.inputs.filter((input): input is 'x' | 'N' | 'D' => input !== 'g');
  const positive: Quantity[] = law.realInputs === true ? [] : [...inputs];
  if (objective === 'log-huber') positive.push('y');
  return {
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
  };
}

/** Read a run table for a law (see {@link runOptionsForLaw}), keeping the --where rows. */
export function readRunsForLaw(
  file: string,
  law: Law,
  objective: 'ls' | 'log-huber',
  flags: ColumnFlags,
  limits: { minPoints: number; flopsPerParamToken: number },
): Runs {
  const table = readTable(file, undefined, { keepRowIssues: true });
  const conditions = (flags.where ?? []).map(parseCondition);
  const filtered = conditions.length === 0 ? table : filterRows(table, conditions);
  return readRuns(filtered, runOptionsForLaw(law, objective, flags, limits));
}

/** Read a JSON Lines run table for a law as a stream (see streamRuns), with progress. */
export function streamRunsForLaw(
  file: string,
  law: Law,
  objective: 'ls' | 'log-huber',
  flags: ColumnFlags,
  limits: { minPoints: number; flopsPerParamToken: number },
  onProgress: (bytesRead: number, totalBytes: number) => void,
): Promise<StreamedRuns> {
  const where = (flags.where ?? []).map(parseCondition);
  return streamRuns(file, {
    ...runOptionsForLaw(law, objective, flags, limits),
    where,
    onProgress,
  });
}

/** JSON Lines files above this size are streamed without --stream. */
export const STREAM_BYTES = 64 * 2 ** 20;

/**
 * Whether to read `file` as a stream: --stream asks for it (JSON Lines only), and a JSON
 * Lines file over 64 MiB is streamed anyway.
 */
export function shouldStream(file: string, asked: boolean): boolean {
  const jsonLines = formatFromPath(file) === 'jsonl';
  if (asked && !jsonLines) {
    throw new InputError(
      'invalid-option',
      `--stream ${JSON.stringify(file)}: only JSON Lines (.jsonl, .ndjson) is read as a stream; ` +
        'convert the table or drop --stream',
    );
  }
  if (asked || !jsonLines) return asked;
  try {
    return statSync(file).size > STREAM_BYTES;
  } catch {
    return false; // the reader reports a missing file properly
  }
}

/**
 * The law when --law is not given: chinchilla when --n or --d is given or the table has columns
 * named as N and D, else power-offset. A file that cannot be read is left to the reader, which
 * reports it properly.
 */
export function defaultLaw(file: string, flags: ColumnFlags, stream = false): string {
  if (flags.n !== undefined || flags.d !== undefined) return 'chinchilla';
  let columns: string[];
  try {
    const names = stream ? firstLineKeys(file) : readTable(file).columns;
    columns = names.map((name) => name.toLowerCase().replace(/[\s_.-]/g, ''));
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

/**
 * Run a fit on data read from `source` (one group of it, when `group` is not null), naming
 * the file and group in any InputError or FitError the fit raises: the library knows neither.
 */
export function naming<T>(source: string, group: string | null, action: () => T): T {
  try {
    return action();
  } catch (error) {
    const named = error instanceof InputError || error instanceof FitError;
    if (!named || error.message.startsWith(source)) throw error;
    const where = group === null ? source : `${source}, group ${JSON.stringify(group)}`;
    if (error instanceof FitError) throw new FitError(error.code, `${where}: ${error.message}`);
    throw new InputError(error.code, `${where}: ${error.message}`, error.issues);
  }
}

/** Keys of the first object of a JSON Lines file, reading its first 1 MiB only. */
function firstLineKeys(file: string): string[] {
  const handle = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(2 ** 20);
    const length = readSync(handle, buffer, 0, buffer.length, 0);
    const text = buffer
      .subarray(0, length)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    const line = text.split(/\r\n|\n|\r/).find((content) => content.trim() !== '') ?? '{}';
    return Object.keys(JSON.parse(line) as object);
  } finally {
    closeSync(handle);
  }
}
