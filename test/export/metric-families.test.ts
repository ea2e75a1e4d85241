/**
 * The family table against what the exporters register: every vmsoak_ family in the
 * registry is declared in the table with the same help, type and labels, and every entry
 * of the table is registered, so neither can drift from the other.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FAMILIES, familyNamed, METRIC_FAMILIES, METRIC_PREFIX } from '../../src/export/metric-families.ts';
import { VmsoakMetrics } from '../../src/export/prometheus/metrics.ts';
import { RegressionMetrics } from '../../src/export/prometheus/regression-metrics.ts';
import type { Workload } from '../../src/workloads/api.ts';
import { generateDashboards, generateRuleFiles } from '../../src/generate/artifacts.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { parseExposition, samples } from './prom-text.ts';
import { TEST_ENVIRONMENT, testWorkload } from './run-fixture.ts';

interface Registered { name: string; help: string; type: string; labelNames?: readonly string[] }

describe('the metric family table', () => {
  for (const detail of ['full', 'default'] as const) {
  it(`declares exactly the vmsoak_ families the exporters register at ${detail} detail, with their help, type and labels`, () => {
    const metrics = new VmsoakMetrics({ series: [], environment: TEST_ENVIRONMENT, defaultMetrics: false, detail });
    new RegressionMetrics(metrics.registry, metrics.detail);
    const registered = metrics.registry.getMetricsAsArray().map((metric) => metric as unknown as Registered)
      .filter((metric) => metric.name.startsWith(METRIC_PREFIX));
    const expected = METRIC_FAMILIES.filter((entry) => detail === 'full' || entry.fullDetailOnly !== true);
    assert.deepEqual(registered.map((metric) => metric.name).sort(), expected.map((entry) => entry.name).sort());
    for (const metric of registered) {
      const entry = familyNamed(metric.name)!;
      assert.equal(metric.help, entry.help, metric.name);
      assert.equal(metric.type, entry.type, metric.name);
      assert.deepEqual([...(metric.labelNames ?? [])], [...entry.labels], metric.name);
    }
  });
  }

  it('leaves out at default detail no family a generated dashboard or rule reads', async () => {
    const fullOnly = METRIC_FAMILIES.filter((entry) => entry.fullDetailOnly === true).map((entry) => entry.name);
    assert.ok(fullOnly.length > 0);
    const artifacts = [
      ...generateDashboards(await loadCatalog()).map(({ model }) => JSON.stringify(model)),
      ...generateRuleFiles(await loadCatalog()).map((file) => file.content),
    ];
    for (const text of artifacts) for (const name of fullOnly) assert.ok(!text.includes(name), name);
  });

  it('follows the naming guide: the prefix, _total on counters only, a unit for every family', () => {
    for (const entry of METRIC_FAMILIES) {
      assert.ok(entry.name.startsWith(METRIC_PREFIX), entry.name);
      assert.equal(entry.name.endsWith('_total'), entry.type === 'counter', entry.name);
      assert.ok(entry.unit.length > 0, `${entry.name} has a unit`);
      if (entry.name.endsWith('_seconds')) assert.equal(entry.unit, 's', entry.name);
    }
  });
});

describe('vmsoak_workload_info', () => {
  it('is 1 for every loaded workload, planned or not, with its category and tier', async () => {
    const plugin: Workload = { ...testWorkload, name: 'acme.plugin', category: 'acme', tier: 2, kpis: [] };
    const metrics = new VmsoakMetrics({
      series: [{ workload: testWorkload, threads: 1 }], workloads: [testWorkload, plugin], environment: TEST_ENVIRONMENT, defaultMetrics: false,
    });
    const info = samples(parseExposition(await metrics.metrics()), FAMILIES.workloadInfo.name);
    const byWorkload = info.map((found) => [found.labels ?? {}, Number(found.value)] as const)
      .sort(([a], [b]) => String(a.workload).localeCompare(String(b.workload)));
    assert.deepEqual(byWorkload, [
      [{ workload: 'acme.plugin', category: 'acme', tier: '2' }, 1],
      [{ workload: 'contention.fixture', category: 'contention', tier: '0' }, 1],
    ]);
  });
});
