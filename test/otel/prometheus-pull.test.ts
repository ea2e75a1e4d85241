/**
 * The OTel pull endpoint: /otel/metrics mirrors /metrics (the same families, those of the
 * family table, with the same types, labels and counts), and a real Prometheus (Debian's
 * package) scrapes it: the vmsoak series arrive with the values the runs produced.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { METRIC_FAMILIES, METRIC_PREFIX } from '../../src/export/metric-families.ts';
import type { RunResult } from '../../src/model/result.ts';
import { eventually, fakeRunner, startTestDaemon, type TestDaemon } from '../daemon/daemon-fixture.ts';
import { parseExposition, type PromFamily, type PromSample } from '../export/prom-text.ts';
import { failedRun, okRun } from '../export/run-fixture.ts';
import { prometheusSkipReason, startPrometheus, type PrometheusServer } from '../helpers/prometheus-server.ts';

const JOB = 'vmsoak-otel';
/** Labels the OTel Prometheus exporter adds to every sample: the instrumentation scope. */
const SCOPE_LABELS = new Set(['otel_scope_name', 'otel_scope_version']);

let test: TestDaemon;
let ok: RunResult;

async function scrape(pathname: string): Promise<{ contentType: string; families: Map<string, PromFamily> }> {
  const response = await fetch(test.url(pathname));
  assert.equal(response.status, 200, pathname);
  return { contentType: response.headers.get('content-type') ?? '', families: parseExposition(await response.text()) };
}

function withoutScope(sample: PromSample): Record<string, string> {
  return Object.fromEntries(Object.entries(sample.labels ?? {}).filter(([name]) => !SCOPE_LABELS.has(name)));
}

const key = (labels: Record<string, string>) => JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));

before(async () => {
  ok = await okRun({ threads: 1 });
  test = await startTestDaemon(fakeRunner(async () => [ok, failedRun('oom', 2)]), { exporters: ['prometheus', 'otel'] });
  await eventually(async () => {
    const text = await (await fetch(test.url('/otel/metrics'))).text();
    return /vmsoak_suite_runs_total\{[^}]*\} 1\b/.test(text) ? true : undefined;
  }, 'the pass in /otel/metrics');
});

after(async () => {
  await test?.stop();
});

describe('/otel/metrics', () => {
  it('mirrors every vmsoak_ family of /metrics with its type, its label sets and its counts', async () => {
    const prom = await scrape('/metrics');
    const otel = await scrape('/otel/metrics');
    assert.match(otel.contentType, /^text\/plain/);
    const names = [...prom.families.keys()].filter((name) => name.startsWith('vmsoak_'));
    assert.ok(names.length >= 20, `only ${names.length} vmsoak_ families`);
    for (const name of names) {
      const expected = prom.families.get(name)!;
      const actual = otel.families.get(name);
      assert.ok(actual, `${name} missing from /otel/metrics`);
      assert.equal(actual.type, expected.type, name);
      assert.equal(actual.help, expected.help, name);
      const actualByLabels = new Map(actual.metrics.map((sample) => [key(withoutScope(sample)), sample]));
      for (const sample of expected.metrics) {
        const mirrored = actualByLabels.get(key(sample.labels ?? {}));
        assert.ok(mirrored, `${name}${key(sample.labels ?? {})} missing from /otel/metrics`);
        if (expected.type === 'COUNTER') assert.equal(Number(mirrored.value), Number(sample.value), `${name} ${key(sample.labels ?? {})}`);
        if (expected.type === 'HISTOGRAM') {
          assert.equal(Number(mirrored.count), Number(sample.count), `${name} count`);
          assert.ok(Math.abs(Number(mirrored.sum) - Number(sample.sum)) <= Math.abs(Number(sample.sum)) * 1e-12, `${name} sum`);
          const buckets = (found: PromSample) => Object.entries(found.buckets ?? {}).map(([le, count]) => [le === '+Inf' ? Infinity : Number(le), Number(count)]).sort(([a], [b]) => a - b);
          assert.deepEqual(buckets(mirrored), buckets(sample), `${name} buckets`);
        }
        if (name.startsWith('vmsoak_kpi_')) assert.equal(Number(mirrored.value), Number(sample.value), `${name} ${key(sample.labels ?? {})}`);
      }
    }
  });
});

describe('/metrics and /otel/metrics', () => {
  it('carry the same vmsoak_ families: every family of the table at the default detail, and no other', async () => {
    const vmsoakFamilies = async (pathname: string) => [...(await scrape(pathname)).families.keys()].filter((name) => name.startsWith(METRIC_PREFIX)).sort();
    // The daemon runs at the default metrics detail: the full-detail-only families are not registered.
    const declared = METRIC_FAMILIES.filter((family) => family.fullDetailOnly !== true).map((family) => family.name).sort();
    assert.deepEqual(await vmsoakFamilies('/metrics'), declared);
    assert.deepEqual(await vmsoakFamilies('/otel/metrics'), declared);
  });
});

describe('real Prometheus scraping /otel/metrics', { skip: prometheusSkipReason() }, () => {
  let prometheus: PrometheusServer | undefined;

  before(async () => {
    prometheus = await startPrometheus([{ job: JOB, address: test.daemon.address, metricsPath: '/otel/metrics' }]);
  });

  after(async () => {
    await prometheus?.stop();
  });

  it('ingests the vmsoak series with the runs\' values', async () => {
    const server = prometheus!;
    const runs = await eventually(async () => {
      const result = await server.query(`vmsoak_runs_total{job="${JOB}"}`);
      return result.length === 2 ? result : undefined;
    }, `vmsoak_runs_total from ${JOB}`, 30_000).catch((error: Error) => {
      throw new Error(`${error.message}; prometheus log: ${server.log()}`);
    });
    assert.deepEqual(runs.map((sample) => [sample.metric.threads, Number(sample.value[1])]).sort(), [['1', 1], ['2', 1]]);
    assert.equal(runs[0].metric.workload, ok.workload);
    assert.equal(runs[0].metric.otel_scope_name, 'vmsoak');

    const up = await server.query(`up{job="${JOB}"}`);
    assert.equal(Number(up[0]?.value[1]), 1);
    const failures = await server.query(`vmsoak_run_failures_total{job="${JOB}",reason="oom"}`);
    // Default metrics detail: a failure series appears with its first failure.
    assert.deepEqual(failures.map((sample) => [sample.metric.threads, Number(sample.value[1])]).sort(), [['2', 1]]);
    const count = await server.query(`vmsoak_workload_latency_seconds_count{job="${JOB}",threads="1"}`);
    assert.equal(Number(count[0]?.value[1]), ok.ops);
    const p99 = await server.query(`histogram_quantile(0.99, vmsoak_workload_latency_seconds_bucket{job="${JOB}",threads="1"})`);
    assert.ok(Number(p99[0]?.value[1]) > 0, 'histogram_quantile over the classic buckets');
    const target = await server.query(`target_info{job="${JOB}"}`);
    assert.equal(target[0]?.metric.service_name, 'vmsoak');
  });
});
