import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import { aggregateGcMetrics } from '../../src/workloads/gc/aggregate.ts';
import { measureObjectBytes } from '../../src/workloads/gc/churn.ts';
import churnSmall from '../../src/workloads/gc/churn-small.ts';
import type { GcPause } from '../../src/workloads/gc/gc-pauses.ts';
import hiccup from '../../src/workloads/gc/hiccup.ts';
import { pauseMetrics, pausesInWindow, unionDurationMs } from '../../src/workloads/gc/pause-stats.ts';
import { attributeStalls } from '../../src/workloads/gc/stall-attribution.ts';
import { runInProcess } from './fake-context.ts';

const pause = (kind: GcPause['kind'], startMs: number, durationMs: number): GcPause => ({ kind, startMs, durationMs });

describe('GC pause statistics', () => {
  it('counts nested and overlapping pauses once in GC time', () => {
    // [0, 2) and [1, 3) overlap: 3 ms; [5, 6) contains [5.5, 5.75): 1 ms; [10, 10.5): 0.5 ms.
    const pauses = [pause('minor', 0, 2), pause('major', 1, 2), pause('major', 5, 1), pause('weakcb', 5.5, 0.25), pause('minor', 10, 0.5)];
    assert.equal(unionDurationMs(pauses), 4.5);
    assert.equal(unionDurationMs([...pauses].reverse()), 4.5, 'order does not matter');
    assert.equal(unionDurationMs([]), 0);
  });

  it('keeps per-kind counts, maxima and totals, and mutator utilisation', () => {
    const metrics = pauseMetrics([pause('minor', 0, 1), pause('minor', 10, 3), pause('major', 20, 6)], 100e6);
    assert.equal(metrics.pauses_minor, 2);
    assert.equal(metrics.pause_max_ns_minor, 3e6);
    assert.equal(metrics.pause_total_ns_minor, 4e6);
    assert.equal(metrics.pauses_major, 1);
    assert.equal(metrics.pause_max_ns_major, 6e6);
    assert.equal(metrics.pauses_incremental, 0);
    assert.equal(metrics.pauses_weakcb, 0);
    assert.equal(metrics.gc_time_ns, 10e6);
    // Minor pauses 1 ms and 3 ms: nearest rank puts p50 on the first, p99 on the second.
    assert.equal(metrics.pause_p50_ns_minor, 1e6);
    assert.equal(metrics.pause_p99_ns_minor, 3e6);
    assert.equal(metrics.pause_p50_ns_major, 6e6);
    assert.equal('pause_p50_ns_incremental' in metrics, false, 'no percentile for a kind that never paused');
    // 10 ms of GC in 100 ms.
    assert.equal(metrics.mutator_utilisation, 0.9);
  });

  it('selects the pauses that start inside the window', () => {
    const inside = pausesInWindow([pause('minor', 5, 1), pause('minor', 15, 1), pause('minor', 25, 1)], 10, 20);
    assert.deepEqual(inside.map((p) => p.startMs), [15]);
  });

  it('combines threads: maxima stay maxima, counts add up, utilisation is averaged', () => {
    const combined = aggregateGcMetrics([
      { metrics: { pause_max_ns_minor: 3, pause_p99_ns_minor: 2, pauses_minor: 2, gc_time_ns: 10, mutator_utilisation: 0.9, stalls_count: 1 } },
      { metrics: { pause_max_ns_minor: 5, pause_p99_ns_minor: 4, pauses_minor: 1, gc_time_ns: 20, mutator_utilisation: 0.7, stalls_count: 2 } },
    ]);
    assert.equal(combined.pause_p99_ns_minor, 4, 'a percentile over threads takes the largest');
    assert.equal(combined.pause_max_ns_minor, 5);
    assert.equal(combined.pauses_minor, 3);
    assert.equal(combined.gc_time_ns, 30);
    assert.equal(combined.stalls_count, 3);
    assert.ok(Math.abs(combined.mutator_utilisation - 0.8) < 1e-12);
  });
});

describe('stall attribution', () => {
  it('explains a stall a GC pause overlaps, and only that one', () => {
    const stalls = [
      { startMs: 0, endMs: 5, hiccupNs: 4e6 }, // pause at 3..4 inside
      { startMs: 10, endMs: 12, hiccupNs: 2e6 }, // pause 9..10.5 overlaps its start
      { startMs: 20, endMs: 23, hiccupNs: 3e6 }, // nothing
      { startMs: 30, endMs: 31, hiccupNs: 1e6 }, // pause ends exactly when it starts: no overlap
    ];
    const pauses = [pause('minor', 3, 1), pause('major', 9, 1.5), pause('minor', 29, 1)];
    assert.deepEqual(attributeStalls(stalls, pauses), { explained: 2, unexplained: 2, maxUnexplainedNs: 3e6 });
  });
});

describe('churn kernel and gc workloads, in-process', () => {
  it('measures a plausible object size', () => {
    // An object with two fields and an 8-element array: far more than 32 bytes and far
    // less than 1 KiB with or without pointer compression.
    const bytes = measureObjectBytes((i) => ({ seq: i, items: [i, i, i, i, i, i, i, i] }));
    assert.ok(bytes >= 64 && bytes < 1024, `measured ${bytes} bytes`);
  });

  it('gc.churn-small sees GC pauses and reports mutator utilisation in (0, 1]', async () => {
    const run = await runInProcess(churnSmall, { phases: { warmupNs: 20_000_000, durationNs: 500_000_000 } });
    const metrics = run.metrics;
    const pauses = metrics.pauses_minor + metrics.pauses_major + metrics.pauses_incremental + metrics.pauses_weakcb;
    assert.ok(pauses >= 1, `saw ${pauses} GC entries`);
    assert.equal(run.ops, pauses, 'every pause went into the histogram');
    assert.ok(metrics.mutator_utilisation > 0 && metrics.mutator_utilisation <= 1, `utilisation ${metrics.mutator_utilisation}`);
    assert.ok(metrics.gc_time_ns > 0);
    assert.ok(metrics.alloc_rate_mbps > 0);
    assert.equal(run.barrierCalls, 1);
  });

  it('gc.churn-small names a bad parameter', async () => {
    await assert.rejects(runInProcess(churnSmall, { params: { allocationMBps: -1 } }), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /gc\.churn-small: params\.allocationMBps/);
      return true;
    });
  });

  it('gc.hiccup records hiccups and splits its stalls into GC-explained and unexplained', async () => {
    const run = await runInProcess(hiccup, { phases: { warmupNs: 20_000_000, durationNs: 300_000_000 } });
    const metrics = run.metrics;
    assert.ok(run.ops > 0);
    assert.ok(metrics.shortest_iteration_ns > 0);
    assert.equal(metrics.gc_explained_stalls_count + metrics.unexplained_stalls_count, metrics.stalls_count);
    assert.ok(metrics.mutator_utilisation > 0 && metrics.mutator_utilisation <= 1);
    assert.equal(run.barrierCalls, 1);
  });
});
