import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kpiWindowVerdicts } from '../../src/analysis/kpi-window.ts';
import { FAILURE_REASONS, MAX_METRIC_KEYS_PER_WORKLOAD, VmsoakMetrics } from '../../src/export/prometheus/metrics.ts';
import { DEFAULT_LATENCY_BOUNDS_NS, FULL_LATENCY_BOUNDS_NS, type MetricsDetail } from '../../src/export/prometheus/detail.ts';
import type { SuiteResult } from '../../src/model/result.ts';
import type { Workload } from '../../src/workloads/api.ts';
import { failedRun, okRun, SPREAD, TEST_ENVIRONMENT, testWorkload } from './run-fixture.ts';
import { family, numericValue, parseExposition, sample, samples, sortedBuckets } from './prom-text.ts';

const SERIES = [{ workload: testWorkload, threads: 1 }, { workload: testWorkload, threads: 2 }];
const ONE = { workload: 'contention.fixture', category: 'contention', threads: '1' };
const SHORT = { workload: 'contention.fixture', threads: '1' };

const TWO = { ...ONE, threads: '2' };

function newMetrics(detail: MetricsDetail = 'full'): VmsoakMetrics {
  return new VmsoakMetrics({ series: SERIES, environment: TEST_ENVIRONMENT, defaultMetrics: false, detail });
}

async function scrape(metrics: VmsoakMetrics) {
  return parseExposition(await metrics.metrics());
}

/** A float literal as Go's strconv.ParseFloat (Prometheus) reads it. */
const FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

describe('vmsoak_workload_latency_seconds', () => {
  for (const [detail, boundsNs] of [['full', FULL_LATENCY_BOUNDS_NS], ['default', DEFAULT_LATENCY_BOUNDS_NS]] as const) {
  it(`accumulates exact HDR bucket counts, _sum and _count over runs (${detail} detail: ${boundsNs.length} bounds)`, async () => {
    const metrics = newMetrics(detail);
    const first = await okRun();
    const second = await okRun();
    metrics.observeRun(first);
    metrics.observeRun(second);
    const histogram = sample(await scrape(metrics), 'vmsoak_workload_latency_seconds', ONE);

    assert.equal(Number(histogram.count), first.ops + second.ops);
    const expectedSum = (first.sumNs + second.sumNs) / 1e9;
    assert.ok(Math.abs(Number(histogram.sum) - expectedSum) <= expectedSum * 1e-12, `sum ${histogram.sum} vs ${expectedSum}`);

    const buckets = sortedBuckets(histogram);
    assert.equal(buckets.length, boundsNs.length + 1);
    assert.deepEqual(buckets.at(-1), ['+Inf', Number(histogram.count)]);
    for (let i = 1; i < buckets.length; i++) assert.ok(buckets[i][1] >= buckets[i - 1][1], `bucket ${buckets[i][0]} is cumulative`);
    for (const [i, [le, count]] of buckets.slice(0, -1).entries()) {
      assert.match(le, FLOAT, `le="${le}" is a float literal`);
      const boundNs = boundsNs[i];
      assert.ok(Math.abs(Number(le) * 1e9 - boundNs) <= boundNs * 1e-12, `le="${le}" is ${boundNs} ns in seconds`);
      // Both runs recorded SPREAD; its values sit away from the bounds, where HDR is exact.
      const expected = 2 * SPREAD.filter(([value]) => value <= boundNs).reduce((total, [, n]) => total + n, 0);
      assert.equal(count, expected, `bucket le="${le}"`);
    }
  });
  }

  it('uses log-spaced bounds, one per decade by default and 1-2-5 per decade at full detail', () => {
    assert.deepEqual(DEFAULT_LATENCY_BOUNDS_NS, [10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]);
    assert.equal(FULL_LATENCY_BOUNDS_NS.length, 28);
    assert.ok(DEFAULT_LATENCY_BOUNDS_NS.every((bound) => FULL_LATENCY_BOUNDS_NS.includes(bound)), 'the default layout is a subset of the full one');
  });

  it('starts every planned series at zero and leaves it alone for a failed run', async () => {
    const metrics = newMetrics();
    metrics.observeRun(failedRun('timeout', 2));
    const families = await scrape(metrics);
    for (const threads of ['1', '2']) {
      const histogram = sample(families, 'vmsoak_workload_latency_seconds', { ...ONE, threads });
      assert.equal(histogram.count, '0');
      assert.ok(Object.values(histogram.buckets ?? {}).every((count) => count === '0'));
    }
  });
});

describe('run counters and last-run gauges', () => {
  it('creates a failure series with its first failure at default detail, runs at 0 from the start', async () => {
    const metrics = newMetrics('default');
    let families = await scrape(metrics);
    assert.equal(numericValue(sample(families, 'vmsoak_runs_total', ONE)), 0);
    assert.equal(samples(families, 'vmsoak_run_failures_total').length, 0);
    metrics.observeRun(failedRun('timeout'));
    families = await scrape(metrics);
    assert.deepEqual(samples(families, 'vmsoak_run_failures_total').map((found) => [found.labels?.reason, found.labels?.threads, numericValue(found)]), [['timeout', '1', 1]]);
  });

  it('pre-initialises runs and every failure reason at 0 for every planned series at full detail', async () => {
    const families = await scrape(newMetrics('full'));
    for (const threads of ['1', '2']) {
      assert.equal(numericValue(sample(families, 'vmsoak_runs_total', { ...ONE, threads })), 0);
      for (const reason of FAILURE_REASONS) {
        assert.equal(numericValue(sample(families, 'vmsoak_run_failures_total', { ...ONE, threads, reason })), 0);
      }
    }
  });

  it('counts failures by reason and keeps the last successful run\'s gauges', async () => {
    const metrics = newMetrics();
    const ok = await okRun({ batchSize: 100 });
    metrics.observeRun(ok);
    const before = await scrape(metrics);
    metrics.observeRun(failedRun('oom'));
    const after = await scrape(metrics);

    assert.equal(numericValue(sample(after, 'vmsoak_runs_total', ONE)), 2);
    assert.equal(numericValue(sample(after, 'vmsoak_run_failures_total', { ...ONE, reason: 'oom' })), 1);
    assert.equal(numericValue(sample(after, 'vmsoak_run_failures_total', { ...ONE, reason: 'error' })), 0);
    assert.equal(numericValue(sample(after, 'vmsoak_workload_ops_per_second', ONE)), ok.opsPerSecond);
    assert.deepEqual(samples(after, 'vmsoak_workload_latency_last_seconds', ONE), samples(before, 'vmsoak_workload_latency_last_seconds', ONE));
    const lastRun = numericValue(sample(after, 'vmsoak_last_run_timestamp_seconds', SHORT));
    const lastSuccess = numericValue(sample(after, 'vmsoak_last_success_timestamp_seconds', SHORT));
    assert.ok(lastSuccess <= lastRun);
    assert.equal(lastSuccess, numericValue(sample(before, 'vmsoak_last_success_timestamp_seconds', SHORT)));
  });

  it('removes a node-wide interference gauge the last run lacks, and keeps the slow-CPU share of the last run that had one', async () => {
    const metrics = newMetrics();
    const quiet = {
      windowSeconds: 1, ownCpuSeconds: 1, otherCpuSeconds: 0.1, otherCpus: 0.1, cpusWatched: 2, stealSeconds: 0, stealRatio: 0,
      periods: null, throttledPeriods: null, throttledSeconds: null, throttledRatio: null, cpuPressureSeconds: 0.01, cpuPressureRatio: 0.01,
      involuntarySwitches: 2, involuntarySwitchesPerSecond: 2, unavailable: {},
    };
    metrics.observeRun({ ...await okRun(), interference: { ...quiet, slowCpuShare: 0.25 } });
    let families = await scrape(metrics);
    assert.equal(numericValue(sample(families, 'vmsoak_interference_slow_cpu_ratio')), 0.25);
    assert.equal(numericValue(sample(families, 'vmsoak_interference_steal_ratio')), 0);
    // A workload that times no batches, on a node that lost /proc/stat: steal goes, the slow-CPU share stays.
    metrics.observeRun({ ...await okRun(), interference: { ...quiet, stealRatio: null, slowCpuShare: null } });
    families = await scrape(metrics);
    assert.equal(numericValue(sample(families, 'vmsoak_interference_slow_cpu_ratio')), 0.25);
    assert.deepEqual(samples(families, 'vmsoak_interference_steal_ratio'), []);
    assert.equal(numericValue(sample(families, 'vmsoak_interference_other_cpus')), 0.1);
  });

  it('exports the last run\'s statistics, CV, fairness, workload metrics and overhead in base units at full detail', async () => {
    const metrics = newMetrics('full');
    const run = await okRun({ batchSize: 100, metrics: { hit_rate: 0.93, misses: 12 } });
    metrics.observeRun(run);
    metrics.observeRun(await okRun({ threads: 2 }));
    const families = await scrape(metrics);
    for (const statistic of ['p50', 'p90', 'p99', 'p999', 'max'] as const) {
      assert.equal(numericValue(sample(families, 'vmsoak_workload_latency_last_seconds', { ...ONE, statistic })), run.latencyNs[statistic] / 1e9);
    }
    assert.equal(numericValue(sample(families, 'vmsoak_workload_cv_ratio', ONE)), run.cv);
    // One thread's Jain index is 1 by definition: only the two-thread run has one.
    assert.deepEqual(samples(families, 'vmsoak_workload_fairness_jain_ratio').map((found) => found.labels?.threads), ['2']);
    assert.equal(numericValue(sample(families, 'vmsoak_workload_fairness_jain_ratio', TWO)), run.jainIndex);
    assert.equal(numericValue(sample(families, 'vmsoak_workload_metric', { ...SHORT, metric: 'misses' })), 12);
    assert.equal(numericValue(sample(families, 'vmsoak_measurement_overhead_seconds', SHORT)), TEST_ENVIRONMENT.timerCostNs / 100 / 1e9);

    metrics.observeRun(await okRun({ batchSize: null }));
    const unbatched = await scrape(metrics);
    assert.equal(numericValue(sample(unbatched, 'vmsoak_measurement_overhead_seconds', SHORT)), TEST_ENVIRONMENT.timerCostNs / 1e9);
  });

  it('exports only p99, the declared and KPI-read metric keys, and no overhead or last-run time at default detail', async () => {
    const metrics = newMetrics('default');
    const run = await okRun({ batchSize: 100, metrics: { hit_rate: 0.93, misses: 12 } });
    metrics.observeRun(run);
    const families = await scrape(metrics);
    assert.deepEqual(samples(families, 'vmsoak_workload_latency_last_seconds', ONE).map((found) => found.labels?.statistic), ['p99']);
    assert.equal(numericValue(sample(families, 'vmsoak_workload_latency_last_seconds', ONE)), run.latencyNs.p99 / 1e9);
    // hit_rate is read by a KPI of the fixture workload; misses is neither declared nor read.
    assert.deepEqual(samples(families, 'vmsoak_workload_metric', SHORT).map((found) => found.labels?.metric), ['hit_rate']);
    for (const name of ['vmsoak_measurement_overhead_seconds', 'vmsoak_last_run_timestamp_seconds']) assert.equal(families.has(name), false, name);
    assert.ok(numericValue(sample(families, 'vmsoak_last_success_timestamp_seconds', SHORT)) > 0);
  });

  it('caps the metric keys a workload can add', async () => {
    const metrics = newMetrics();
    const many = Object.fromEntries(Array.from({ length: MAX_METRIC_KEYS_PER_WORKLOAD + 10 }, (_, i) => [`key_${i}`, i]));
    metrics.observeRun(await okRun({ metrics: many }));
    assert.equal(samples(await scrape(metrics), 'vmsoak_workload_metric', SHORT).length, MAX_METRIC_KEYS_PER_WORKLOAD);
  });

  it('records suite passes and the clock calibration', async () => {
    const metrics = newMetrics();
    metrics.initSuite('nightly');
    let families = await scrape(metrics);
    assert.equal(numericValue(sample(families, 'vmsoak_suite_runs_total', { suite: 'nightly' })), 0);
    const suite: SuiteResult = {
      ...TEST_ENVIRONMENT, timerCostNs: 40, timerResolutionNs: 2, seed: 1,
      startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:02.500Z', results: [],
    };
    metrics.observeSuite(suite, 'nightly');
    families = await scrape(metrics);
    assert.equal(numericValue(sample(families, 'vmsoak_suite_runs_total', { suite: 'nightly' })), 1);
    assert.equal(numericValue(sample(families, 'vmsoak_suite_last_duration_seconds', { suite: 'nightly' })), 2.5);
    assert.equal(numericValue(sample(families, 'vmsoak_timer_cost_seconds')), 40 / 1e9);
    assert.equal(numericValue(sample(families, 'vmsoak_timer_resolution_seconds')), 2 / 1e9);
  });
});

describe('KPI gauges', () => {
  it('reports value and target in base units, and breached (from a window of one judged run) by the KPI\'s direction', async () => {
    const metrics = newMetrics();
    // threads 1 passes both KPIs, threads 2 misses both: p99 max 500 ns, hit_rate min 0.9.
    const passing = await okRun({ threads: 1, recorded: [[100, 1000]], metrics: { hit_rate: 0.95 } });
    const missing = await okRun({ threads: 2, recorded: [[5000, 1000]], metrics: { hit_rate: 0.5 } });
    metrics.observeRun(passing);
    metrics.observeRun(missing);
    metrics.observeKpiWindow(kpiWindowVerdicts([passing, missing], { runs: 1 }));
    const families = await scrape(metrics);
    const breached = (threads: string, kpi: string) =>
      numericValue(sample(families, 'vmsoak_kpi_breached', { workload: 'contention.fixture', threads, kpi }));

    assert.equal(breached('1', 'p99_latency'), 0);
    assert.equal(breached('1', 'hit_rate'), 0);
    assert.equal(breached('2', 'p99_latency'), 1);
    assert.equal(breached('2', 'hit_rate'), 1);

    const p99 = { workload: 'contention.fixture', threads: '2', kpi: 'p99_latency', direction: 'max', severity: 'critical' };
    assert.equal(numericValue(sample(families, 'vmsoak_kpi_value', p99)), missing.latencyNs.p99 / 1e9);
    assert.equal(numericValue(sample(families, 'vmsoak_kpi_target', p99)), 500 / 1e9);
    const hitRate = { workload: 'contention.fixture', threads: '2', kpi: 'hit_rate', direction: 'min', severity: 'warning' };
    assert.equal(numericValue(sample(families, 'vmsoak_kpi_value', hitRate)), 0.5);
    assert.equal(numericValue(sample(families, 'vmsoak_kpi_target', hitRate)), 0.9);

    // Every exported breach agrees with the window's value, target and direction read back from the exposition.
    for (const found of family(families, 'vmsoak_kpi_breached').metrics) {
      const labels = found.labels ?? {};
      const value = numericValue(sample(families, 'vmsoak_kpi_window_value', labels));
      const target = numericValue(sample(families, 'vmsoak_kpi_target', labels));
      assert.equal(numericValue(found), (labels.direction === 'max' ? value > target : value < target) ? 1 : 0, JSON.stringify(labels));
    }
  });

  it('has a target but no value or breach for a KPI the run could not compute', async () => {
    const metrics = newMetrics();
    metrics.observeRun(await okRun());
    const families = await scrape(metrics);
    const absent = { workload: 'contention.fixture', threads: '1', kpi: 'absent' };
    assert.equal(samples(families, 'vmsoak_kpi_value', absent).length, 0);
    assert.equal(samples(families, 'vmsoak_kpi_breached', absent).length, 0);
    assert.equal(numericValue(sample(families, 'vmsoak_kpi_target', absent)), 1);
  });

  it('applies config overrides to the pre-initialised target', async () => {
    const metrics = new VmsoakMetrics({
      series: SERIES, environment: TEST_ENVIRONMENT, defaultMetrics: false,
      kpiOverrides: { 'contention.fixture.p99_latency@2': { target: 800 } },
    });
    const families = await scrape(metrics);
    assert.equal(numericValue(sample(families, 'vmsoak_kpi_target', { threads: '1', kpi: 'p99_latency' })), 500 / 1e9);
    assert.equal(numericValue(sample(families, 'vmsoak_kpi_target', { threads: '2', kpi: 'p99_latency' })), 800 / 1e9);
  });
});

describe('exposition', () => {
  it('gives every vmsoak_ family HELP text, its type and bounded labels', async () => {
    const metrics = new VmsoakMetrics({ series: SERIES, environment: TEST_ENVIRONMENT });
    metrics.initSuite('nightly');
    metrics.observeRun(await okRun());
    const families = await scrape(metrics);
    const vmsoak = [...families.values()].filter((found) => found.name.startsWith('vmsoak_'));
    assert.ok(vmsoak.length >= 20, `${vmsoak.length} vmsoak_ families`);
    for (const found of vmsoak) {
      assert.ok(found.help.length > 10, `${found.name} has HELP`);
      if (found.type === 'COUNTER') assert.match(found.name, /_total$/);
      for (const labelled of found.metrics) {
        for (const name of Object.keys(labelled.labels ?? {})) {
          assert.ok(['workload', 'category', 'tier', 'threads', 'statistic', 'kpi', 'direction', 'severity', 'reason', 'metric', 'suite', 'version', 'node', 'v8', 'judgement', 'cause'].includes(name), `${found.name} label ${name}`);
        }
      }
    }
    assert.equal(family(families, 'vmsoak_workload_latency_seconds').type, 'HISTOGRAM');
    assert.equal(family(families, 'vmsoak_runs_total').type, 'COUNTER');
    assert.equal(family(families, 'vmsoak_kpi_breached').type, 'GAUGE');
    const build = sample(families, 'vmsoak_build_info');
    assert.deepEqual(build.labels, { version: TEST_ENVIRONMENT.vmsoak, node: TEST_ENVIRONMENT.node, v8: TEST_ENVIRONMENT.v8 });
    assert.equal(numericValue(build), 1);
    assert.ok(numericValue(sample(families, 'vmsoak_cpus')) >= 1);
    assert.ok(families.has('nodejs_eventloop_lag_seconds'), 'default metrics are on');
    assert.ok(families.has('process_cpu_seconds_total'));
  });

  it('leaves out prom-client\'s per-space heap gauges and GC histogram at default detail only', () => {
    const registered = (detail: MetricsDetail) => new VmsoakMetrics({ series: SERIES, environment: TEST_ENVIRONMENT, detail }).registry;
    for (const name of ['nodejs_heap_space_size_used_bytes', 'nodejs_gc_duration_seconds']) {
      assert.equal(registered('default').getSingleMetric(name), undefined, name);
      assert.notEqual(registered('full').getSingleMetric(name), undefined, name);
    }
  });

  it('has no gauge named _total and no quantile label outside summaries (promtool check metrics)', async () => {
    for (const detail of ['default', 'full'] as const) {
      const metrics = new VmsoakMetrics({ series: SERIES, environment: TEST_ENVIRONMENT, detail });
      metrics.observeRun(await okRun());
      for (const found of (await scrape(metrics)).values()) {
        if (found.type !== 'COUNTER') assert.doesNotMatch(found.name, /_total$/, `${detail}: ${found.name}`);
        if (found.type === 'SUMMARY') continue;
        for (const labelled of found.metrics) assert.equal(labelled.labels?.quantile, undefined, `${detail}: ${found.name}`);
      }
    }
  });

  it('keeps two instances apart (own registries)', async () => {
    const other: Workload = { ...testWorkload, name: 'contention.other' };
    const a = new VmsoakMetrics({ series: SERIES, environment: TEST_ENVIRONMENT, defaultMetrics: false });
    const b = new VmsoakMetrics({ series: [{ workload: other, threads: 1 }], environment: TEST_ENVIRONMENT, defaultMetrics: false });
    a.observeRun(await okRun());
    assert.equal(numericValue(sample(await scrape(a), 'vmsoak_runs_total', ONE)), 1);
    assert.equal(samples(await scrape(b), 'vmsoak_runs_total', ONE).length, 0);
  });
});
