/**
 * How a pipeline run spends its time: warm-up split between the two modes, then the
 * LATENCY phase, then the THROUGHPUT phase, each half of the measured duration, or, with
 * `iterations`, that many messages each.
 */
import type { Phases } from '../api.ts';

export interface PhaseBudget {
  durationNs: number;
  /** When set, the phase ends after this many messages instead of after `durationNs`. */
  messages: number | undefined;
}

export interface PipelinePhasePlan {
  warmup: PhaseBudget;
  measure: PhaseBudget;
}

export function pipelinePhasePlan(phases: Phases): PipelinePhasePlan {
  const iterations = phases.iterations !== undefined && phases.iterations > 0 ? phases.iterations : undefined;
  return {
    warmup: { durationNs: phases.warmupNs / 2, messages: undefined },
    measure: { durationNs: phases.durationNs / 2, messages: iterations },
  };
}

/** Whether a phase that started at `startNs` and has sent `sent` messages is over. */
export function phaseOver(budget: PhaseBudget, startNs: number, nowNs: number, sent: number): boolean {
  return budget.messages !== undefined ? sent >= budget.messages : nowNs - startNs >= budget.durationNs;
}
