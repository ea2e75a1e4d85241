/**
 * The per-node series budget: after one full default pass of the whole catalog, /metrics
 * holds at most 2,000 series at the default detail (a 1,000-node fleet stays within one
 * Prometheus), and full detail is what opting in adds. The figures are in BENCHMARKS.md.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { metricsAfterDefaultPass, samplesPerFamily } from './default-pass.ts';

const BUDGET = 2000;

function total(counts: ReadonlyMap<string, number>): number {
  return [...counts.values()].reduce((sum, count) => sum + count, 0);
}

function table(counts: ReadonlyMap<string, number>): string {
  return [...counts].sort((a, b) => b[1] - a[1]).map(([name, count]) => `${name} ${count}`).join('\n');
}

describe('series budget', () => {
  it(`stays within ${BUDGET} series per node after a full default pass at default detail`, async (t) => {
    const { metrics, series, workloads } = await metricsAfterDefaultPass({ detail: 'default' });
    const counts = samplesPerFamily(await metrics.metrics());
    const count = total(counts);
    t.diagnostic(`${workloads} workloads, ${series} workload × threads series: ${count} samples\n${table(counts)}`);
    // A catalog shrunk to nothing would pass the budget trivially.
    assert.ok(series >= 60, `only ${series} planned series`);
    assert.ok(count <= BUDGET, `${count} series after one default pass, budget ${BUDGET}`);
    // The histogram keeps its place: one per workload × threads, 9 bounds + Inf + _sum + _count.
    assert.equal(counts.get('vmsoak_workload_latency_seconds'), series * 12);
  });

  it('adds the regression and KPI-window gauges, and only those, once the baseline and the windows have filled', async (t) => {
    const pass = samplesPerFamily(await (await metricsAfterDefaultPass({ detail: 'default' })).metrics.metrics());
    const { metrics, series } = await metricsAfterDefaultPass({ detail: 'default', steadyState: true });
    const steady = samplesPerFamily(await metrics.metrics());
    t.diagnostic(`steady state: ${total(steady)} samples`);
    // The budget holds once every window and baseline has filled, not only after the first pass.
    assert.ok(total(steady) <= BUDGET, `${total(steady)} series in the steady state, budget ${BUDGET}`);
    const added = [...steady].filter(([name, count]) => count !== (pass.get(name) ?? 0)).map(([name, count]) => [name, count - (pass.get(name) ?? 0)]);
    // One state and one ratio (mean) per series (the other ratios and the p-value are full
    // detail only), and a window value and breach state per KPI with a value.
    // Single-run KPI values are full detail only; the full pass says how many KPIs have one.
    const full = samplesPerFamily(await (await metricsAfterDefaultPass({ detail: 'full' })).metrics.metrics());
    const kpisWithValue = full.get('vmsoak_kpi_value') ?? 0;
    assert.ok(kpisWithValue > 100, `only ${kpisWithValue} KPIs with a value`);
    assert.deepEqual(Object.fromEntries(added), {
      vmsoak_regression_state: series, vmsoak_baseline_ratio: series, vmsoak_kpi_breached: kpisWithValue, vmsoak_kpi_window_value: kpisWithValue,
    });
  });

  it('exports everything at full detail, and more than twice the default', async (t) => {
    const defaults = total(samplesPerFamily(await (await metricsAfterDefaultPass({ detail: 'default' })).metrics.metrics()));
    const { metrics, series } = await metricsAfterDefaultPass({ detail: 'full' });
    const counts = samplesPerFamily(await metrics.metrics());
    t.diagnostic(`full detail: ${total(counts)} samples\n${table(counts)}`);
    assert.ok(total(counts) > 2 * defaults, `full ${total(counts)} vs default ${defaults}`);
    assert.equal(counts.get('vmsoak_workload_latency_seconds'), series * 31);
    assert.equal(counts.get('vmsoak_workload_latency_last_seconds'), series * 5);
    for (const name of ['vmsoak_measurement_overhead_seconds', 'vmsoak_last_run_timestamp_seconds']) assert.equal(counts.get(name), series, name);
    // Started at 0 for every series (and cause) at full detail only.
    assert.ok((counts.get('vmsoak_change_points_total') ?? 0) >= series);
  });
});
