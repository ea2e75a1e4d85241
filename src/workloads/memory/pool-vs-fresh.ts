/**
 * A pooled buffer against a fresh one: each op takes a 64 KiB buffer, writes its first
 * and last words (a user always writes what it takes) and gives it back, from a
 * BufferPool; the reference does the same with `new ArrayBuffer` and lets the GC have
 * it. The histogram is the pooled op; pool_speedup = fresh ns / pooled ns.
 *
 * The two are not equivalent, and the gap is the point: a fresh buffer comes zeroed and
 * is freed by the GC (external memory, so it also makes V8 collect sooner); a pooled one
 * comes dirty and costs nothing to free.
 */
import { measureBatched } from '../../measure/batch.ts';
import { measureReferenceBatched } from '../../measure/reference-batched.ts';
import { defineWorkload } from '../api.ts';
import { defineParams, integerParam } from '../params.ts';
import { BufferPool } from './buffer-pool.ts';
import { POOL_SPEEDUP_TARGET } from './targets.ts';

const POOL_CAPACITY = 8;

/** Writes the buffer's first and last byte through a view, as any user of a raw ArrayBuffer must (both sides pay for the view). */
function touch(buffer: ArrayBuffer, i: number): number {
  const bytes = new Uint8Array(buffer);
  bytes[0] = i;
  bytes[bytes.length - 1] = i;
  return bytes[0];
}

export default defineWorkload({
  name: 'memory.pool-vs-fresh',
  category: 'memory',
  tier: 1,
  description: 'Take, write and return a 64 KiB buffer from a free-list pool, against allocating a fresh zeroed ArrayBuffer each time.',
  params: defineParams([1], { bufferBytes: integerParam({ min: 1, max: 256 * 1024 * 1024, default: 64 * 1024 }) }),
  kpis: [
    {
      name: 'pool_speedup',
      description: 'Fresh-allocation ns/op divided by pooled ns/op (vmsoak: ≥ 2x, or the pool is not worth its memory).',
      statistic: 'metric:pool_speedup',
      target: POOL_SPEEDUP_TARGET,
      direction: 'min',
      unit: 'factor',
      severity: 'warning',
    },
  ],
  run(ctx) {
    const bytes = ctx.params.bufferBytes;
    const fresh = measureReferenceBatched(ctx, (i) => touch(new ArrayBuffer(bytes), i));
    const pool = new BufferPool(bytes, POOL_CAPACITY);
    const pooled = measureBatched(ctx, (i) => {
      const buffer = pool.acquire();
      const value = touch(buffer, i);
      pool.release(buffer);
      return value;
    });
    return {
      ...pooled,
      metrics: {
        pooled_ns_per_op: pooled.nsPerOp,
        fresh_ns_per_op: fresh.nsPerOp,
        pool_speedup: pooled.nsPerOp > 0 ? fresh.nsPerOp / pooled.nsPerOp : 0,
        pool_allocations: pool.allocated,
      },
    };
  },
});
