/**
 * What the two pipeline variants share: parameters, their checks, and KPIs. Both run the
 * same topology so that only the channel differs: the run's one thread is the source and
 * the sink (so a message's send and arrival times come from one clock), and `stages`
 * inner worker threads stand in between, connected by `stages + 1` bounded channels of
 * `capacity` messages each.
 */
import { UsageError } from '../../errors.ts';
import type { BaseParams, KpiSpec, WorkerContext } from '../api.ts';
import { integerParam } from '../integer-param.ts';

export interface PipelineParams extends BaseParams {
  /** Worker threads between source and sink. */
  stages: number;
  /** Messages each channel holds; a power of two. */
  capacity: number;
}

export const PIPELINE_PARAMS: PipelineParams = { threads: [1], stages: 2, capacity: 64 };

export function checkedPipelineParams(ctx: WorkerContext<PipelineParams>): { stages: number; capacity: number } {
  const stages = integerParam(ctx.workload, 'stages', ctx.params.stages, 1, 16);
  const capacity = integerParam(ctx.workload, 'capacity', ctx.params.capacity, 1, 65_536);
  if ((capacity & (capacity - 1)) !== 0) {
    throw new UsageError(`${ctx.workload}: params.capacity must be a power of two, got ${capacity}`);
  }
  return { stages, capacity };
}

/** Seeds: scheduling latency < 100 µs; a message wakes a thread at each of its hops. */
const HOP_LATENCY_TARGET_NS = 100_000;
const DEFAULT_HOPS = PIPELINE_PARAMS.stages + 1;
/**
 * vmsoak's own: a saturated channel should take at most a tenth of the hop latency budget
 * per message, so that in a pipeline of small messages the stages' work, not the
 * channels, sets the pace: 10 µs per message, 100 000 messages per second.
 */
const HANDOFF_BUDGET_NS = HOP_LATENCY_TARGET_NS / 10;

export const PIPELINE_KPIS: readonly KpiSpec[] = [
  {
    name: 'end_to_end_latency',
    description: `99th percentile of a lone message's source-to-sink time (vmsoak: ${DEFAULT_HOPS} hops x the seeds' 100 µs scheduling latency).`,
    statistic: 'p99',
    target: DEFAULT_HOPS * HOP_LATENCY_TARGET_NS,
    direction: 'max',
    unit: 'ns',
    severity: 'warning',
  },
  {
    name: 'throughput',
    description: 'Messages per second through the saturated pipeline (vmsoak: ≥ 100 000, i.e. at most 10 µs per hand-off, a tenth of the seeds\' 100 µs scheduling latency).',
    statistic: 'metric:messages_per_second',
    target: 1e9 / HANDOFF_BUDGET_NS,
    direction: 'min',
    unit: 'ops_per_second',
    severity: 'warning',
  },
  {
    name: 'intact_delivery',
    description: 'Share of the messages sent that arrived exactly once, in order and intact; anything below 1 is a lost, duplicated or corrupted message.',
    statistic: 'metric:intact_ratio',
    target: 1,
    direction: 'min',
    unit: 'ratio',
    severity: 'critical',
  },
];
