/**
 * Worker-thread entry of the parallel bootstrap (piscina): evaluates resamples `from` to
 * `to` - 1 of a context. Results depend only on the context and the indices.
 */
import { evaluateResample, type ResampleContext } from './bootstrap-fit.ts';
import type { ResampleOutcome } from './resample.ts';

export default function evaluateChunk(task: {
  context: ResampleContext;
  from: number;
  to: number;
}): ResampleOutcome[] {
  const outcomes: ResampleOutcome[] = [];
  for (let index = task.from; index < task.to; index++) {
    outcomes.push(evaluateResample(task.context, index));
  }
  return outcomes;
}
