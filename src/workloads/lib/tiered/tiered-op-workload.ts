/**
 * The shape of every tier0.* and tier1.* workload: build a fixture from the scheduler
 * core, then time one of its operations with measureBatched (batches, no-op baseline,
 * dead-code check). `prepare` runs inside the worker and returns the op; it should vary
 * what the op works on with `i` (task ids, values) so that the op is not one constant
 * access the JIT can hoist out of the loop.
 */
import { measureBatched } from '../../../measure/batch.ts';
import { defineWorkload, type Workload } from '../../api.ts';
import { tierKpis, type OpTier } from './tier-kpis.ts';
import { defineParams } from '../../params.ts';

export interface TieredOpSpec {
  name: string;
  tier: OpTier;
  description: string;
  prepare(): (i: number) => number;
}

export function defineTieredOp(spec: TieredOpSpec): Workload {
  return defineWorkload({
    name: spec.name,
    category: `tier${spec.tier}`,
    tier: spec.tier,
    description: spec.description,
    params: defineParams([1]),
    kpis: tierKpis(spec.tier),
    run(ctx) {
      return measureBatched(ctx, spec.prepare());
    },
  });
}
