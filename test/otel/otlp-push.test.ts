/**
 * OTLP push end to end: a daemon with `exporters: [prometheus, otel]` pushes to a test
 * receiver on loopback, which decodes the JSON payload. The run fixtures carry real HDR
 * histograms; the expected exponential buckets are computed here from the OTel data
 * model's definition of a bucket, (base^i, base^(i+1)] with base = 2^(2^-scale).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunResult, SuiteResult } from '../../src/model/result.ts';
import { eventually, fakeRunner, startTestDaemon, type TestDaemon } from '../daemon/daemon-fixture.ts';
import { failedRun, okRun, SPREAD } from '../export/run-fixture.ts';
import { attributesOf, startOtlpReceiver, type OtlpExponentialPoint, type OtlpMetric, type OtlpReceiver } from './otlp-receiver.ts';

const MAX_BUCKETS = 160;
const TOKEN = 'test-token-123';

let receiver: OtlpReceiver;
let test: TestDaemon;
let ok: RunResult;

function latestMetric(name: string): OtlpMetric {
  const found = receiver.metrics().filter((metric) => metric.name === name).at(-1);
  assert.ok(found, `no ${name} in ${receiver.requests.length} pushes: ${[...new Set(receiver.metrics().map((m) => m.name))].join(', ')}`);
  return found;
}

/** The data model's bucket of a positive value: the i with base^i < value <= base^(i+1). */
function modelIndex(value: number, scale: number): number {
  return Math.ceil(Math.log2(value) * 2 ** scale) - 1;
}

before(async () => {
  receiver = await startOtlpReceiver();
  ok = await okRun({ threads: 1 });
  test = await startTestDaemon(fakeRunner(async () => [ok, failedRun('timeout', 2)]), {
    exporters: ['prometheus', 'otel'],
    otel: { endpoint: receiver.endpoint, interval: 250, timeout: 250, headers: { 'x-vmsoak-token': TOKEN } },
    // A window of one judged run: the breach gauge has a verdict after the one pass.
    kpiWindow: { runs: 1, for: 0 },
  });
  await eventually(async () => {
    const point = receiver.metrics().filter((metric) => metric.name === 'vmsoak_workload_latency_seconds')
      .flatMap((metric) => metric.exponentialHistogram?.dataPoints ?? [])
      .find((candidate) => attributesOf(candidate).threads === '1' && Number(candidate.count) > 0);
    return point;
  }, 'a push with the run\'s latency histogram', 20_000);
});

after(async () => {
  await test?.stop();
  await receiver?.close();
});

describe('OTLP push', () => {
  it('sends the configured headers and the vmsoak resource', async () => {
    const last = receiver.requests.at(-1)!;
    assert.equal(last.headers['x-vmsoak-token'], TOKEN);
    assert.match(String(last.headers['content-type']), /^application\/json/);
    const resource = attributesOf(last.body.resourceMetrics[0].resource ?? {});
    const results = await (await fetch(test.url('/api/results'))).json() as SuiteResult;
    assert.equal(resource['service.name'], 'vmsoak');
    assert.equal(resource['service.version'], results.vmsoak);
  });

  it('carries latency as an exponential histogram whose buckets hold the HDR data', () => {
    const metric = latestMetric('vmsoak_workload_latency_seconds');
    assert.equal(metric.unit, 's');
    assert.ok(metric.exponentialHistogram, 'exponential, not explicit buckets');
    const point = metric.exponentialHistogram.dataPoints.find((candidate) => attributesOf(candidate).threads === '1') as OtlpExponentialPoint;
    assert.deepEqual(attributesOf(point), { workload: ok.workload, category: ok.category, threads: '1' });
    assert.equal(Number(point.count), ok.ops);
    assert.ok(Math.abs(Number(point.sum) - ok.sumNs / 1e9) <= 1e-15 + (ok.sumNs / 1e9) * 1e-12, `sum ${point.sum}`);
    const counts = (point.positive?.bucketCounts ?? []).map(Number);
    assert.equal(Number(point.zeroCount ?? 0) + counts.reduce((a, b) => a + b, 0), ok.ops, 'buckets add up to count');

    // The finest scale at which the data's range fits in the SDK's default 160 buckets.
    const seconds = SPREAD.map(([ns]) => ns / 1e9);
    const fits = (scale: number) => modelIndex(Math.max(...seconds), scale) - modelIndex(Math.min(...seconds), scale) + 1 <= MAX_BUCKETS;
    let expectedScale = 20;
    while (!fits(expectedScale)) expectedScale--;
    assert.equal(point.scale, expectedScale);

    // Each recorded value in its bucket. HDR rounds values above 2048 ns by up to 0.1 %,
    // so the fixture's values are checked to lie well inside their buckets first.
    const expected = new Map<number, number>();
    for (const [ns, count] of SPREAD) {
      const index = modelIndex(ns / 1e9, point.scale);
      assert.equal(modelIndex((ns * 0.999) / 1e9, point.scale), index, `${ns} ns is too near a bucket boundary for this test`);
      assert.equal(modelIndex((ns * 1.001) / 1e9, point.scale), index, `${ns} ns is too near a bucket boundary for this test`);
      expected.set(index, (expected.get(index) ?? 0) + count);
    }
    const offset = point.positive?.offset ?? 0;
    const actual = new Map(counts.map((count, i) => [offset + i, count] as const).filter(([, count]) => count > 0));
    assert.deepEqual(actual, expected);
    assert.ok(Math.abs(Number(point.min) - SPREAD[0][0] / 1e9) <= (SPREAD[0][0] / 1e9) * 0.001, `min ${point.min}`);
    assert.ok(Math.abs(Number(point.max) - SPREAD.at(-1)![0] / 1e9) <= (SPREAD.at(-1)![0] / 1e9) * 0.001, `max ${point.max}`);
  });

  it('mirrors the counters and the KPI gauges with the same attributes', async () => {
    const runs = latestMetric('vmsoak_runs');
    assert.equal(runs.sum?.isMonotonic, true);
    const byThreads = new Map(runs.sum!.dataPoints.map((point) => [attributesOf(point).threads, Number(point.asInt ?? point.asDouble)]));
    assert.deepEqual(Object.fromEntries(byThreads), { 1: 1, 2: 1 });
    const failures = latestMetric('vmsoak_run_failures').sum!.dataPoints
      .filter((point) => Number(point.asInt ?? point.asDouble) > 0).map(attributesOf);
    assert.deepEqual(failures, [{ workload: ok.workload, category: ok.category, threads: '2', reason: 'timeout' }]);

    const results = await (await fetch(test.url('/api/results'))).json() as SuiteResult;
    const breached = latestMetric('vmsoak_kpi_breached').gauge!.dataPoints;
    const evaluated = results.results.flatMap((result) => result.kpis.filter((kpi) => kpi.pass !== null).map((kpi) => ({ kpi, threads: result.threads })));
    assert.ok(evaluated.length > 0);
    for (const { kpi, threads } of evaluated) {
      const point = breached.find((candidate) => attributesOf(candidate).kpi === kpi.name && attributesOf(candidate).threads === String(threads));
      assert.ok(point, `vmsoak_kpi_breached for ${kpi.id}`);
      assert.equal(Number(point.asDouble ?? point.asInt), kpi.pass ? 0 : 1, kpi.id);
      assert.deepEqual(attributesOf(point), { kpi: kpi.name, workload: ok.workload, threads: String(threads), direction: kpi.direction, severity: kpi.severity });
    }
  });
});

describe('OTLP push on shutdown', () => {
  it('pushes the runs since the last interval when the daemon stops', async () => {
    const own = await startOtlpReceiver();
    try {
      const daemon = await startTestDaemon(fakeRunner(async () => [await okRun({ threads: 1 })]), {
        exporters: ['otel'],
        otel: { endpoint: own.endpoint, interval: 3_600_000, timeout: 2000, headers: {} },
      });
      await eventually(async () => {
        const body = await (await fetch(daemon.url('/api/results'))).json() as SuiteResult;
        return body.results.length === 1 ? true : undefined;
      }, 'the run');
      assert.equal(own.requests.length, 0, 'nothing pushed before the hour is up');
      assert.equal((await fetch(daemon.url('/metrics'))).status, 404, 'no prom-client endpoint without the prometheus exporter');
      await daemon.stop();
      const runs = own.metrics().find((metric) => metric.name === 'vmsoak_runs');
      assert.ok(runs, 'the shutdown push');
      const point = runs.sum!.dataPoints.find((candidate) => attributesOf(candidate).threads === '1');
      assert.equal(Number(point?.asDouble ?? point?.asInt), 1);
    } finally {
      await own.close();
    }
  });
});
