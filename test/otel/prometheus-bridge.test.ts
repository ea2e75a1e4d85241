/** The prom-client -> OTel bridge: how every vmsoak_ gauge and counter reaches OpenTelemetry. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataPointType, type MetricData } from '@opentelemetry/sdk-metrics';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { FAMILIES } from '../../src/export/metric-families.ts';
import { prometheusBridge } from '../../src/export/otel/prometheus-bridge.ts';
import { counterOf, gaugeOf } from '../../src/export/prometheus/instruments.ts';

async function collect(registry: Registry): Promise<Map<string, MetricData>> {
  const producer = prometheusBridge({ registry, scope: { name: 'test' } });
  const { resourceMetrics, errors } = await producer.collect();
  assert.deepEqual(errors, []);
  return new Map(resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).map((metric) => [metric.descriptor.name, metric]));
}

describe('prometheusBridge', () => {
  it('turns gauges into gauges and counters into monotonic sums without _total, with labels as attributes', async () => {
    const registry = new Registry();
    const gauge = new Gauge({ name: 'vmsoak_test_ratio', help: 'a ratio', labelNames: ['workload'], registers: [registry] });
    const counter = new Counter({ name: 'vmsoak_test_events_total', help: 'events', labelNames: ['workload'], registers: [registry] });
    gauge.set({ workload: 'a' }, 0.5);
    gauge.set({ workload: 'b' }, 2);
    counter.inc({ workload: 'a' }, 3);
    const metrics = await collect(registry);
    const ratio = metrics.get('vmsoak_test_ratio')!;
    assert.equal(ratio.dataPointType, DataPointType.GAUGE);
    assert.equal(ratio.descriptor.description, 'a ratio');
    assert.deepEqual(ratio.dataPoints.map((point) => [point.attributes, point.value]), [[{ workload: 'a' }, 0.5], [{ workload: 'b' }, 2]]);
    const events = metrics.get('vmsoak_test_events')!;
    assert.equal(events.dataPointType, DataPointType.SUM);
    assert.equal(events.dataPointType === DataPointType.SUM && events.isMonotonic, true);
    assert.deepEqual(events.dataPoints.map((point) => [point.attributes, point.value]), [[{ workload: 'a' }, 3]]);

    gauge.remove({ workload: 'b' });
    assert.deepEqual((await collect(registry)).get('vmsoak_test_ratio')!.dataPoints.map((point) => point.attributes), [{ workload: 'a' }], 'a removed series is gone');
  });

  it('leaves out other prefixes and histograms', async () => {
    const registry = new Registry();
    new Gauge({ name: 'process_thing', help: 'h', registers: [registry] }).set(1);
    new Histogram({ name: 'vmsoak_latency_seconds', help: 'h', registers: [registry] }).observe(1);
    new Gauge({ name: 'vmsoak_kept', help: 'h', registers: [registry] }).set(1);
    assert.deepEqual([...(await collect(registry)).keys()], ['vmsoak_kept']);
  });

  it('gives each family of the table its unit, and an undeclared family none', async () => {
    const registry = new Registry();
    gaugeOf(FAMILIES.lastRunTimestamp, registry).set({ workload: 'a', threads: '1' }, 1);
    counterOf(FAMILIES.runs, registry).inc({ workload: 'a', category: 'c', threads: '1' });
    new Gauge({ name: 'vmsoak_undeclared', help: 'h', registers: [registry] }).set(1);
    const metrics = await collect(registry);
    assert.equal(metrics.get(FAMILIES.lastRunTimestamp.name)?.descriptor.unit, 's');
    assert.equal(metrics.get(FAMILIES.runs.name.replace(/_total$/, ''))?.descriptor.unit, '{run}');
    assert.equal(metrics.get('vmsoak_undeclared')?.descriptor.unit, '');
  });
});
