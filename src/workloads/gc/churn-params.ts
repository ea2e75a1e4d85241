/**
 * The churn kernel's params: the allocation rate and the live-set size that define a GC
 * workload, and how fast the live set mutates. Each workload sets its own defaults.
 */
import { numberParam } from '../params.ts';
import type { ChurnConfig } from './churn.ts';

export function churnShape(defaults: ChurnConfig) {
  return {
    /** Garbage allocated per second, in MiB. */
    allocationMBps: numberParam({ min: 0, max: 100_000, default: defaults.allocationMBps }),
    /** Size of the retained live set, in MiB. */
    liveSetMB: numberParam({ min: 0, max: 1_000_000, default: defaults.liveSetMB }),
    /** Share of the live set replaced per second. */
    mutateFractionPerSecond: numberParam({ min: 0, max: 1_000, default: defaults.mutateFractionPerSecond }),
  };
}
