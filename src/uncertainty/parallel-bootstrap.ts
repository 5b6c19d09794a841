import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

import { Piscina } from 'piscina';

import type { FitOptions, FitPoint, FitResult } from '../fit/fit-law.ts';
import { laws } from '../laws/index.ts';
import type { Law } from '../laws/law.ts';
import {
  bootstrapFit,
  resampleContext,
  summariseBootstrap,
  type FitBootstrapOptions,
  type FitUncertainty,
} from './bootstrap-fit.ts';
import type { ResampleOutcome } from './resample.ts';

/** Below this many resampled points in all, threads cost more than they save. */
const PARALLEL_THRESHOLD = 20_000;

/**
 * {@link bootstrapFit} on worker threads (piscina) when the work is large: the same result,
 * resample for resample, since each resample draws from its own seeded stream. Runs serially
 * for small work, for laws outside the catalogue (a worker cannot receive a function), when
 * only one core is available, or when the compiled worker is absent (running from source).
 *
 * @param threads - worker threads; @defaultValue the machine's available parallelism
 */
export async function bootstrapFitParallel(
  law: Law,
  points: readonly FitPoint[],
  fit: FitResult,
  fitOptions: FitOptions = {},
  options: FitBootstrapOptions & { threads?: number } = {},
): Promise<FitUncertainty> {
  const resamples = options.resamples ?? 1000;
  const threads = options.threads ?? availableParallelism();
  const worker = fileURLToPath(new URL('./bootstrap-worker.js', import.meta.url));
  if (!useThreads(threads, law, resamples * points.length, worker)) {
    return bootstrapFit(law, points, fit, fitOptions, options);
  }

  const context = resampleContext(law, points, fit, fitOptions, options);
  const outcomes = await resampleOnThreads({
    worker,
    task: { context },
    resamples,
    threads,
    onProgress: options.onProgress,
  });
  return summariseBootstrap(law, fit, context, outcomes, options);
}

/**
 * Whether a bootstrap is worth worker threads: more than one thread, a law of the catalogue
 * (a worker receives its name, not a function), enough work, and the compiled worker present.
 */
export function useThreads(
  threads: number,
  law: Law,
  resampledPoints: number,
  worker: string,
): boolean {
  return (
    threads > 1 &&
    laws[law.name] === law &&
    resampledPoints >= PARALLEL_THRESHOLD &&
    existsSync(worker)
  );
}

/**
 * Run resamples 0 to `resamples` - 1 on a pool of worker threads, in chunks of about an
 * eighth of a thread's share, and return their outcomes in resample order. Each chunk is
 * `{ ...task, from, to }` for the worker's default export.
 */
export async function resampleOnThreads(options: {
  worker: string;
  task: object;
  resamples: number;
  threads: number;
  onProgress?: (done: number, total: number) => void;
}): Promise<ResampleOutcome[]> {
  const { worker, task, resamples, threads } = options;
  const pool = new Piscina({ filename: worker, maxThreads: threads, minThreads: threads });
  try {
    const size = Math.max(1, Math.ceil(resamples / (threads * 8)));
    const tasks: Promise<ResampleOutcome[]>[] = [];
    let done = 0;
    for (let from = 0; from < resamples; from += size) {
      const to = Math.min(resamples, from + size);
      tasks.push(
        (pool.run({ ...task, from, to }) as Promise<ResampleOutcome[]>).then((chunk) => {
          done += chunk.length;
          options.onProgress?.(done, resamples);
          return chunk;
        }),
      );
    }
    return (await Promise.all(tasks)).flat();
  } finally {
    await pool.destroy();
  }
}
