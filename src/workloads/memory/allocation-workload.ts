/**
 * The shape of the memory.alloc-* workloads: time one allocation per op with
 * measureBatched, the result kept in an EscapeRing so that it cannot be optimized away
 * and dies young. Allocation cost includes its share of the garbage collections it
 * causes: they happen inside the timed batches, as they would in the VM that allocates.
 */
import { measureBatched } from '../../measure/batch.ts';
import { defineWorkload, type BaseParams, type Workload, type WorkerContext } from '../api.ts';
import { EscapeRing } from './escape-ring.ts';
import { defineParams } from '../params.ts';

export interface AllocationSpec<T> {
  name: string;
  description: string;
  /** Allocates one value; `i` varies per op so the values are not all the same. */
  allocate(i: number): T;
  /** A number that depends on the allocated value, for measureBatched's sink. */
  observe(value: T): number;
  /** How many recent allocations stay alive (a power of two). */
  keepAlive: number;
  kpiName: string;
  kpiDescription: string;
  targetNs: number;
  tier: 1 | 3;
  /** Measures a comparison before the workload's own op (before the barrier); its figures become metrics. */
  reference?(ctx: WorkerContext<BaseParams>): Record<string, number>;
}

export function defineAllocationWorkload<T>(spec: AllocationSpec<T>): Workload {
  return defineWorkload({
    name: spec.name,
    category: 'memory',
    tier: spec.tier,
    description: spec.description,
    params: defineParams([1]),
    kpis: [
      {
        name: spec.kpiName,
        description: spec.kpiDescription,
        statistic: 'mean',
        target: spec.targetNs,
        direction: 'max',
        unit: 'ns',
        severity: 'warning',
      },
    ],
    run(ctx) {
      const metrics = spec.reference?.(ctx);
      const ring = new EscapeRing<T>(spec.keepAlive);
      const { allocate, observe } = spec;
      const outcome = measureBatched(ctx, (i) => {
        const value = allocate(i);
        ring.keep(i, value);
        return observe(value);
      });
      ring.clear();
      return metrics === undefined ? outcome : { ...outcome, metrics };
    },
  });
}
