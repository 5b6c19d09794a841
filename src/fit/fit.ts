import { InputError } from '../errors.ts';
import type { Runs } from '../data/read-runs.ts';
import { laws } from '../laws/index.ts';
import type { Law } from '../laws/law.ts';
import { fitLaw, type FitOptions, type FitPoint, type FitResult } from './fit-law.ts';

/** Options of {@link fit}: the engine's options plus which law and which group. */
export interface FitRunsOptions extends FitOptions {
  /**
   * A catalogue name (`chinchilla`, `power-offset`, ...) or a law object from `defineLaw`.
   * @defaultValue 'chinchilla' when the runs have N and D, else 'power-offset'
   */
  law?: string | Law;
  /** Fit only the runs of this group (from the table's group column). */
  group?: string;
}

/**
 * Fit a scaling law to runs read by `readRuns` (or to plain points), the library's main entry.
 *
 * @example
 * const runs = readRuns('runs.csv', { needs: ['N', 'D'] });
 * const result = fit(runs, { law: 'chinchilla', objective: 'log-huber' });
 * result.params.alpha; // the fitted exponent of N
 * @throws InputError for an unknown law or group, or invalid points; FitError when no start
 *   gives a finite objective.
 */
export function fit(runs: Runs | readonly FitPoint[], options: FitRunsOptions = {}): FitResult {
  const points = Array.isArray(runs) ? (runs as readonly FitPoint[]) : (runs as Runs).points;
  const hasTwoInputs = points.every((point) => point.N !== undefined && point.D !== undefined);
  const law = resolve(
    options.law ?? (hasTwoInputs && points.length > 0 ? 'chinchilla' : 'power-offset'),
  );
  let selected = points;
  if (options.group !== undefined) {
    selected = (points as readonly (FitPoint & { group?: string | null })[]).filter(
      (point) => point.group === options.group,
    );
    if (selected.length === 0) {
      throw new InputError('unknown-group', `no runs in group ${JSON.stringify(options.group)}`);
    }
  }
  const result = fitLaw(law, selected, options);
  return { ...result, group: options.group ?? null };
}

function resolve(law: string | Law): Law {
  if (typeof law !== 'string') return law;
  const found = laws[law];
  if (found === undefined) {
    throw new InputError(
      'unknown-law',
      `unknown law ${JSON.stringify(law)}; known: ${Object.keys(laws).join(', ')}`,
    );
  }
  return found;
}
