import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../../src/errors.ts';
import type { BaseParams, Phases, Workload } from '../../../src/workloads/api.ts';
import { runInProcess } from '../fake-context.ts';
import { runInWorkers } from '../run-workers.ts';

const SHORT: Phases = { warmupNs: 10_000_000, durationNs: 100_000_000 };

const MODULES = [
  'jit/block-compile', 'jit/block-cache', 'jit/hotspot-detect', 'jit/mixed-exec',
  'aot/function-compile', 'aot/image-load', 'aot/startup',
  'tlb/hit-rate', 'tlb/miss-handling', 'tlb/flush', 'tlb/prefetch',
  'crossarch/x86-to-arm', 'crossarch/arm-to-x86', 'crossarch/arm-to-riscv', 'crossarch/riscv-to-arm', 'crossarch/mixed-exec',
  'snapshot/create', 'snapshot/restore',
];

const moduleUrl = (path: string): URL => new URL(`../../../src/workloads/${path}.ts`, import.meta.url);

async function workloadOf(path: string): Promise<Workload<BaseParams>> {
  return ((await import(moduleUrl(path).href)) as { default: Workload<BaseParams> }).default;
}

describe('VM workloads run for real and produce their KPIs', () => {
  for (const path of MODULES) {
    it(path, async () => {
      const workload = await workloadOf(path);
      const run = await runInProcess(workload, { phases: SHORT });
      assert.ok(run.ops > 0, 'recorded operations');
      assert.equal(run.barrierCalls, 1, 'one barrier, between warm-up and measurement');
      assert.notEqual(run.output.suspectDeadCode, true, 'not dead code');
      for (const kpi of workload.kpis) {
        const value = kpi.statistic.startsWith('metric:') ? run.metrics[kpi.statistic.slice('metric:'.length)] : run.sumNs / run.ops;
        // Only that it is there: most values are timings, which tests never judge.
        assert.ok(Number.isFinite(value), `${kpi.name}: ${value}`);
      }
      for (const [key, value] of Object.entries(run.metrics)) assert.ok(Number.isFinite(value), `metric ${key}: ${value}`);
      if ('results_ok' in run.metrics) assert.equal(run.metrics.results_ok, 1, 'the guest computed the reference results');
      if ('resumed_identically' in run.metrics) assert.equal(run.metrics.resumed_identically, 1);
      if ('cached_data_rejected' in run.metrics) assert.equal(run.metrics.cached_data_rejected, 0);
    });
  }

  it('tlb.hit-rate: every working set that fits hits always, 16x over rarely', async () => {
    const run = await runInProcess(await workloadOf('tlb/hit-rate'), { phases: SHORT });
    assert.equal(run.metrics.hit_rate, 1);
    assert.equal(run.metrics.hit_rate_0_5x, 1);
    assert.ok(run.metrics.hit_rate_16x < 0.1, `16x: ${run.metrics.hit_rate_16x}`);
    assert.ok(run.metrics.hit_rate_2x > run.metrics.hit_rate_4x && run.metrics.hit_rate_4x > run.metrics.hit_rate_8x);
  });

  it('tlb.miss-handling misses on every translation; tlb.prefetch halves the demand misses', async () => {
    const miss = await runInProcess(await workloadOf('tlb/miss-handling'), { phases: SHORT });
    assert.equal(miss.metrics.miss_ratio, 1);
    const prefetch = await runInProcess(await workloadOf('tlb/prefetch'), { phases: SHORT });
    assert.equal(prefetch.metrics.demand_misses_saved, 0.5);
    assert.equal(prefetch.metrics.prefetch_accuracy, 1);
  });

  it('runs in a real worker thread', async () => {
    for (const path of ['tlb/hit-rate', 'aot/startup']) {
      const workload = await workloadOf(path);
      const { reports } = await runInWorkers(moduleUrl(path), workload, 1, { phases: SHORT });
      assert.ok(reports[0].ops > 0, path);
      assert.ok(Number.isFinite(reports[0].output.metrics?.[workload.kpis[0].statistic.slice('metric:'.length)]), path);
    }
  });

  it('a bad parameter is a usage error naming the field', async () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['jit/block-cache', { cacheCapacity: 0 }, /params\.cacheCapacity/],
      ['jit/mixed-exec', { arch: 'mips' }, /params\.arch/],
      ['tlb/hit-rate', { tlbEntries: 48 }, /params\.tlbEntries must be a power of two/],
      ['snapshot/create', { dataBytes: 5000 }, /params\.dataBytes/],
      ['crossarch/x86-to-arm', { program: 'doom' }, /params\.program/],
      ['crossarch/mixed-exec', { foreignFunctions: ['nope'] }, /"nope" is not a function/],
    ];
    for (const [path, params, message] of cases) {
      await assert.rejects(runInProcess(await workloadOf(path), { params, phases: SHORT }), (error: Error) => {
        assert.ok(error instanceof UsageError, `${path}: ${error.name}`);
        assert.match(error.message, message);
        return true;
      });
    }
  });
});
