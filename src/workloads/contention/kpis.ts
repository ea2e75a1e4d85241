/**
 * The contention KPIs, shared by every contention.* workload: ns per op per thread at
 * 1/2/4/8/16 threads, from the seeds' scaling table (DESIGN.md, "Contention"). The "max"
 * column is the critical limit, the "target" column the goal that only warns.
 */
import type { z } from 'zod';
import type { KpiSpec } from '../api.ts';
import { latencyKpi } from '../kpis.ts';
import { defineParams } from '../params.ts';

export const CONTENTION_THREADS: readonly number[] = [1, 2, 4, 8, 16];

/** Every contention workload's params: the thread counts of the seeds' scaling table, then its own. */
export function contentionParams<S extends z.ZodRawShape = Record<never, never>>(shape: S = {} as S) {
  return defineParams(CONTENTION_THREADS, shape);
}

const MAX_NS_BY_THREADS = { 1: 20, 2: 100, 4: 200, 8: 400, 16: 800 } as const;
const GOAL_NS_BY_THREADS = { 1: 10, 2: 50, 4: 100, 8: 200, 16: 400 } as const;

export const CONTENTION_KPIS: readonly KpiSpec[] = [
  latencyKpi(
    'ns_per_op', 'Mean time per operation per thread; the seeds\' "max" column of the contention scaling table.',
    MAX_NS_BY_THREADS[16], { targetByThreads: MAX_NS_BY_THREADS, severity: 'critical' },
  ),
  latencyKpi(
    'ns_per_op_goal', 'Mean time per operation per thread; the seeds\' "target" column of the contention scaling table.',
    GOAL_NS_BY_THREADS[16], { targetByThreads: GOAL_NS_BY_THREADS },
  ),
];
