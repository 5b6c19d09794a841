import type { HoldoutResult } from '../analysis/holdout.ts';
import type { Prediction } from '../analysis/predict.ts';
import type { FitResult } from '../fit/fit-law.ts';
import type { Interval } from '../uncertainty/intervals.ts';

/** One fit's entry in the command's output: the fit plus what was asked of it. */
export interface FitEntry extends FitResult {
  predictions: (Prediction & { interval?: Interval; intervalWithNoise?: Interval })[];
  holdout?: HoldoutResult['heldOut'];
  /** Intervals of the parameters at `level`; null when none could be estimated. */
  intervals?: Record<string, Interval> | null;
  intervalMethod?: string;
  level?: number;
  bootstrap?: {
    resamples: number;
    seed: number;
    unit: 'run' | 'group';
    failed: number;
    failures: Record<string, number>;
    standardErrors: Record<string, number>;
  };
}

/** Format a number with `digits` significant digits, without trailing noise. */
export function significant(value: number, digits = 5): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || magnitude < 1e-3) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}

/** Escape control characters so that text from data cannot drive the terminal. */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/**
 * The readable report of one fit: status first, then value ± standard error with the
 * relative error, then fit statistics, predictions, held-out runs and warnings.
 */
export function formatFit(entry: FitEntry): string {
  const lines: string[] = [];
  const title =
    entry.group === null
      ? `${entry.law}`
      : `${entry.law}, group ${JSON.stringify(printable(entry.group))}`;
  const ok = entry.status === 'converged' || entry.status === 'at-bound';
  lines.push(
    `${title}: ${ok ? entry.status : `NOT CONVERGED (${entry.status})`} - ${entry.statusMessage}`,
  );
  lines.push(
    `  ${entry.formula}   (${entry.points} points, objective ${describeObjective(entry)})`,
  );
  if (!ok) {
    lines.push('  The values below are where the optimiser stopped, not a fitted optimum.');
  }
  const unidentified = new Set(entry.notIdentifiable);
  if (unidentified.size > 0) {
    lines.push(
      `  NOT IDENTIFIABLE: ${[...unidentified].join(', ')}: the data do not determine ` +
        `${unidentified.size === 1 ? 'it' : 'them'}; the values shown are one of many equally ` +
        'good fits (see the warnings)',
    );
  }
  const width = Math.max(...Object.keys(entry.params).map((name) => name.length));
  for (const [name, value] of Object.entries(entry.params)) {
    if (unidentified.has(name)) {
      lines.push(`  ${name.padEnd(width)} = ${significant(value, 6)}   (not identifiable)`);
      continue;
    }
    // With a bootstrap, ± is the bootstrap standard deviation; else the linearised error.
    const error = entry.bootstrap?.standardErrors[name] ?? entry.standardErrors?.[name];
    const spread =
      error === undefined
        ? ''
        : ` ± ${significant(error, 3)} (${significant((100 * error) / Math.abs(value), 2)}%)`;
    const interval = entry.intervals?.[name];
    const range =
      interval === undefined
        ? ''
        : `   ${Math.round((entry.level ?? 0.95) * 100)}% [${significant(interval[0], 4)}, ` +
          `${significant(interval[1], 4)}]`;
    lines.push(`  ${name.padEnd(width)} = ${significant(value, 6)}${spread}${range}`);
  }
  if (entry.intervalMethod !== undefined) {
    const b = entry.bootstrap;
    const detail =
      b === undefined
        ? ''
        : `: ${b.resamples} resamples of ${b.unit === 'run' ? 'runs' : 'groups'}, ` +
          `seed ${b.seed}, ` +
          `${b.failed} failed${b.failed > 0 ? ` (${describeFailures(b.failures)})` : ''}`;
    lines.push(`  intervals: ${entry.intervalMethod}${detail}`);
  }
  if (entry.standardErrors === null) lines.push(`  (no standard errors: ${entry.covarianceNote})`);
  lines.push(
    `  RMSE ${significant(entry.rmse, 4)}, R² ${significant(entry.r2, 6)}, ` +
      `AIC ${significant(entry.aic, 6)}, ` +
      `BIC ${significant(entry.bic, 6)}; starts: ${entry.starts.screened} screened, ` +
      `${entry.starts.optimised} optimised, ${entry.starts.reachedBest} reached the best objective`,
  );
  for (const prediction of entry.predictions) {
    const at = Object.entries(prediction.at)
      .map(([key, value]) => `${key}=${significant(value!, 5)}`)
      .join(', ');
    const how = prediction.computeOptimal ? ' (compute-optimal N and D)' : '';
    const range =
      prediction.interval === undefined
        ? ''
        : `, interval [${significant(prediction.interval[0], 5)}, ` +
          `${significant(prediction.interval[1], 5)}], with noise ` +
          `[${significant(prediction.intervalWithNoise![0], 5)}, ` +
          `${significant(prediction.intervalWithNoise![1], 5)}]`;
    lines.push(`  prediction at ${at}${how}: ${significant(prediction.value, 6)}${range}`);
  }
  if (entry.holdout !== undefined) {
    lines.push(`  held out (fit on the other ${entry.points} runs):`);
    for (const run of entry.holdout) {
      const at = Object.entries(run.at)
        .map(([key, value]) => `${key}=${significant(value!, 4)}`)
        .join(', ');
      const sign = run.relativeError >= 0 ? '+' : '';
      lines.push(
        `    row ${run.row} (${at}): actual ${significant(run.actual, 6)}, predicted ` +
          `${significant(run.predicted, 6)}, error ${sign}${(100 * run.relativeError).toFixed(2)}%`,
      );
    }
  }
  for (const warning of entry.warnings) lines.push(`  warning: ${warning}`);
  return lines.join('\n');
}

function describeObjective(entry: FitResult): string {
  const { name, delta, value } = entry.objective;
  return name === 'log-huber'
    ? `log-Huber, delta ${delta}, sum ${significant(value, 10)}`
    : `least squares, sum ${significant(value, 10)}`;
}

function describeFailures(failures: Record<string, number>): string {
  return Object.entries(failures)
    .map(([reason, count]) => `${count} ${reason}`)
    .join(', ');
}
