/**
 * What the two pipeline variants share: parameters, their checks, and KPIs. Both run the
 * same topology so that only the channel differs: the run's one thread is the source and
 * the sink (so a message's send and arrival times come from one clock), and `stages`
 * inner worker threads stand in between, connected by `stages + 1` bounded channels of
 * `capacity` messages each.
 */
import type { z } from 'zod';
import type { KpiSpec } from '../api.ts';
import { latencyKpi, statisticKpi } from '../kpis.ts';
import { defaultParams, defineParams, integerParam, powerOfTwoParam } from '../params.ts';

export const pipelineParams = defineParams([1], {
  /** Worker threads between source and sink. */
  stages: integerParam({ min: 1, max: 16, default: 2 }),
  /** Messages each channel holds. */
  capacity: powerOfTwoParam({ min: 1, max: 65_536, default: 64 }),
});

export type PipelineParams = z.output<typeof pipelineParams>;

export const PIPELINE_PARAMS: PipelineParams = defaultParams('pipeline', pipelineParams);

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
  latencyKpi(
    'end_to_end_latency',
    `99th percentile of a lone message's source-to-sink time (vmsoak: ${DEFAULT_HOPS} hops x the seeds' 100 µs scheduling latency).`,
    DEFAULT_HOPS * HOP_LATENCY_TARGET_NS, { statistic: 'p99' },
  ),
  statisticKpi(
    'throughput',
    'Messages per second through the saturated pipeline (vmsoak: ≥ 100 000, i.e. at most 10 µs per hand-off, a tenth of the seeds\' 100 µs scheduling latency).',
    'metric:messages_per_second', 1e9 / HANDOFF_BUDGET_NS, 'min', 'ops_per_second', 'warning',
  ),
  statisticKpi(
    'intact_delivery',
    'Share of the messages sent that arrived exactly once, in order and intact; anything below 1 is a lost, duplicated or corrupted message.',
    'metric:intact_ratio', 1, 'min', 'ratio', 'critical',
  ),
];
