import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

import { resampleOnThreads, useThreads } from '../uncertainty/parallel-bootstrap.ts';
import { collectDraws } from '../uncertainty/resample.ts';
import {
  compare,
  finishComparison,
  prepareComparison,
  type CompareOptions,
  type Comparison,
  type Recipe,
} from './compare.ts';

/**
 * {@link compare} with its bootstrap resamples on worker threads (piscina) when the work is
 * large: the same result, resample for resample, since each resample draws from its own
 * seeded stream. Runs serially for small work, for laws outside the catalogue (a worker
 * cannot receive a function), with one core, or when the compiled worker is absent (running
 * from source). The BCa jackknife stays on the calling thread.
 *
 * @param threads - worker threads; @defaultValue the machine's available parallelism
 * @throws InputError as {@link compare} does
 */
export async function compareParallel(
  reference: Recipe | null,
  candidate: Recipe,
  options: CompareOptions & { threads?: number },
): Promise<Comparison> {
  const resamples = options.resamples ?? 0;
  const threads = options.threads ?? availableParallelism();
  const worker = fileURLToPath(new URL('./compare-worker.js', import.meta.url));
  const points = (reference?.points.length ?? 0) + candidate.points.length;
  if (resamples === 0 || !useThreads(threads, options.law, resamples * points, worker)) {
    return compare(reference, candidate, options);
  }
  const prepared = prepareComparison(reference, candidate, options);
  const outcomes = await resampleOnThreads({
    worker,
    task: { context: prepared.context },
    resamples,
    threads,
    onProgress: options.onProgress,
  });
  return finishComparison(prepared, collectDraws(outcomes, prepared.context.seed));
}
