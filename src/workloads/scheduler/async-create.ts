/**
 * Coroutine creation, async flavour: call an async function (which allocates its promise
 * and its resumable frame) and await the result, so each op also pays for settling the
 * promise and resuming the caller. noopNsPerOp is the same loop awaiting a plain number,
 * so nsPerOp − noopNsPerOp is what creating the async invocation adds to a bare await.
 */
import { defineWorkload } from '../api.ts';
import { COROUTINE_CREATION_KPI } from './coroutine-kpi.ts';
import { measureBatchedAsync } from './measure-async.ts';
import { defineParams } from '../params.ts';

async function coroutine(seed: number): Promise<number> {
  return seed + 1;
}

export default defineWorkload({
  name: 'scheduler.async-create',
  category: 'scheduler',
  tier: 1,
  description: 'Call an async function and await its promise: creation, settlement and resumption of an async invocation.',
  params: defineParams([1]),
  kpis: [COROUTINE_CREATION_KPI],
  async run(ctx) {
    const outcome = await measureBatchedAsync(ctx, coroutine);
    return { samples: outcome.samples, batchSize: outcome.batchSize, noopNsPerOp: outcome.noopNsPerOp };
  },
});
