import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import allocLarge from '../../src/workloads/memory/alloc-large.ts';
import allocObject from '../../src/workloads/memory/alloc-object.ts';
import allocSmall from '../../src/workloads/memory/alloc-small.ts';
import { BufferPool } from '../../src/workloads/memory/buffer-pool.ts';
import { EscapeRing } from '../../src/workloads/memory/escape-ring.ts';
import poolVsFresh from '../../src/workloads/memory/pool-vs-fresh.ts';
import rssPerGuestMb from '../../src/workloads/memory/rss-per-guest-mb.ts';
import transfer from '../../src/workloads/memory/transfer.ts';
import type { Workload } from '../../src/workloads/api.ts';
import { runInProcess } from './fake-context.ts';
import { runInWorkers } from './run-workers.ts';

const SHORT = { warmupNs: 20_000_000, durationNs: 150_000_000 };

describe('BufferPool', () => {
  it('hands a released buffer out again instead of allocating', () => {
    const pool = new BufferPool(1024, 2);
    const first = pool.acquire();
    assert.equal(first.byteLength, 1024);
    assert.equal(pool.allocated, 1);
    assert.equal(pool.release(first), true);
    assert.equal(pool.available, 1);
    assert.equal(pool.acquire(), first);
    assert.equal(pool.allocated, 1);
    assert.notEqual(pool.acquire(), first, 'empty again: a new buffer');
    assert.equal(pool.allocated, 2);
  });

  it('keeps at most `capacity` buffers, and refuses foreign and detached ones', () => {
    const pool = new BufferPool(16, 1);
    assert.equal(pool.release(new ArrayBuffer(16)), true);
    assert.equal(pool.release(new ArrayBuffer(16)), false, 'full');
    assert.equal(pool.release(new ArrayBuffer(8)), false, 'wrong size');
    const detached = new ArrayBuffer(16);
    structuredClone(detached, { transfer: [detached] });
    pool.acquire();
    assert.equal(pool.release(detached), false, 'detached');
    assert.throws(() => new BufferPool(0, 1), RangeError);
  });
});

describe('EscapeRing', () => {
  it('needs a power-of-two size', () => {
    assert.throws(() => new EscapeRing(3), RangeError);
    const ring = new EscapeRing<number>(4);
    ring.keep(5, 1);
    ring.clear();
  });
});

describe('memory workloads, in-process', () => {
  for (const workload of [allocSmall, allocObject, allocLarge] as Workload[]) {
    it(`${workload.name} times allocations that are not optimized away`, async () => {
      const run = await runInProcess(workload, { phases: SHORT });
      assert.ok(run.ops > 0);
      assert.equal(run.output.suspectDeadCode, false);
      assert.equal(run.barrierCalls, 1);
    });
  }

  it('memory.alloc-small reports the off-heap 128-byte allocation beside the 64-byte one', async () => {
    const run = await runInProcess(allocSmall, { phases: SHORT });
    assert.ok(run.metrics.off_heap_128b_ns > 0);
  });

  it('memory.pool-vs-fresh times the pool and reports both sides', async () => {
    const run = await runInProcess(poolVsFresh, { phases: SHORT });
    const { metrics } = run;
    assert.ok(metrics.fresh_ns_per_op > 0 && metrics.pooled_ns_per_op > 0);
    assert.equal(metrics.pool_speedup, metrics.fresh_ns_per_op / metrics.pooled_ns_per_op);
    assert.equal(metrics.pool_allocations, 1, 'one buffer, reused for every op');
  });

  it('memory.transfer moves the buffer to another thread and back, intact, every time', async () => {
    const run = await runInProcess(transfer, { phases: SHORT, params: { bufferBytes: 64 * 1024 } });
    assert.ok(run.ops > 10, `round trips: ${run.ops}`);
    assert.equal(run.metrics.errors, 0, 'every buffer detached on send and back with both stamps');
    assert.ok(run.metrics.copy_round_trip_ns > 0);
    assert.equal(run.metrics.transfer_round_trip_ns, run.sumNs / run.ops);
  });

  it('memory.rss-per-guest-mb records one op per page touched and an RSS ratio per guest MB', async () => {
    // In a worker, as runs are: its malloc arena maps every 64 MiB guest afresh (see the workload).
    const url = new URL('../../src/workloads/memory/rss-per-guest-mb.ts', import.meta.url);
    const { reports } = await runInWorkers(url, rssPerGuestMb, 1, { phases: { warmupNs: 0, durationNs: 1 } });
    const [{ ops, output }] = reports;
    assert.equal(output.metrics?.cycles, 1);
    assert.equal(ops, 64 * 256);
    const ratio = output.metrics?.rss_per_guest_mb ?? 0;
    assert.ok(ratio > 0.5, `touching every page made it resident: ${ratio}`);
    assert.ok((output.metrics?.untouched_rss_per_guest_mb ?? 1) < ratio, 'untouched pages are mapped lazily');
  });

  it('rejects a bad guest size by name', async () => {
    await assert.rejects(runInProcess(rssPerGuestMb, { params: { guestMB: 32 } }), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /memory\.rss-per-guest-mb: params\.guestMB/);
      return true;
    });
  });
});
