/**
 * Worker-thread entry of the parallel comparison bootstrap (piscina): evaluates resamples
 * `from` to `to` - 1 of a comparison. Results depend only on the context and the indices.
 */
import { uniformSource } from '../uncertainty/random.ts';
import { resampleSeed, type ResampleOutcome } from '../uncertainty/resample.ts';
import { evaluateCompareResample, type CompareResampleContext } from './compare.ts';

export default function evaluateChunk(task: {
  context: CompareResampleContext;
  from: number;
  to: number;
}): ResampleOutcome[] {
  const outcomes: ResampleOutcome[] = [];
  for (let index = task.from; index < task.to; index++) {
    const uniform = uniformSource(resampleSeed(task.context.seed, index));
    outcomes.push(evaluateCompareResample(task.context, uniform));
  }
  return outcomes;
}
