/** A workload's ThreadOutput from a measureBatched outcome plus its own metrics. */
import type { BatchOutcome } from '../../../measure/batch.ts';
import type { ThreadOutput } from '../../api.ts';

export function batchedOutput(outcome: BatchOutcome, metrics: Record<string, number>): ThreadOutput {
  return {
    samples: outcome.samples,
    batchSize: outcome.batchSize,
    noopNsPerOp: outcome.noopNsPerOp,
    suspectDeadCode: outcome.suspectDeadCode,
    metrics,
  };
}
