/**
 * The dashboards' structure, and that what a panel shows (units, thresholds, workloads)
 * comes from the catalog: the expected values here are read from the catalog and the KPI
 * specs, never copied from generated output.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { defaultDashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { kpiValueInBaseUnit } from '../../src/export/prometheus/metrics.ts';
import { generateDashboards } from '../../src/generate/artifacts.ts';
import type { GeneratedDashboard } from '../../src/generate/dashboard-frame.ts';
import { VARIABLE_NAMES } from '../../src/generate/variables.ts';
import { defineWorkload, type KpiSpec } from '../../src/workloads/api.ts';
import { defineParams } from '../../src/workloads/params.ts';
import { loadCatalog, type LoadedWorkload } from '../../src/workloads/registry.ts';

interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: { uid?: string };
  targets?: Array<{ expr: string; refId: string; format?: string; datasource?: { uid?: string } }>;
  options?: Record<string, unknown>;
  fieldConfig?: { defaults: { unit?: string; thresholds?: { steps: Array<{ value: number | null; color: string }> } } };
}

let catalog: LoadedWorkload[];
let dashboards: GeneratedDashboard[];

function panels(dashboard: GeneratedDashboard): Panel[] {
  return (dashboard.model.panels ?? []) as unknown as Panel[];
}

function panel(file: string, title: string): Panel {
  const dashboard = dashboards.find((candidate) => candidate.file === file);
  assert.ok(dashboard, file);
  const found = panels(dashboard).find((candidate) => candidate.title === title);
  assert.ok(found, `${file}: no panel "${title}"`);
  return found;
}

function kpiSpec(name: string): KpiSpec {
  const spec = catalog.flatMap((entry) => entry.workload.kpis).find((kpi) => kpi.name === name);
  assert.ok(spec, `catalog KPI ${name}`);
  return spec;
}

function thresholdValues(target: Panel): Array<number | null> {
  return target.fieldConfig?.defaults.thresholds?.steps.map((step) => step.value) ?? [];
}

before(async () => {
  catalog = await loadCatalog();
  dashboards = generateDashboards(catalog);
});

describe('generated dashboards', () => {
  it('are the five of the issue, with the SDK\'s current schema version and unique uids', () => {
    assert.deepEqual(dashboards.map((dashboard) => dashboard.model.title), [
      'vmsoak / Overview', 'vmsoak / Contention & scheduler', 'vmsoak / GC', 'vmsoak / VM core', 'vmsoak / Trends',
    ]);
    for (const dashboard of dashboards) assert.equal(dashboard.model.schemaVersion, defaultDashboard().schemaVersion);
    assert.equal(new Set(dashboards.map((dashboard) => dashboard.model.uid)).size, dashboards.length);
  });

  it('each have the datasource, job, instance, category, workload and threads variables', () => {
    for (const dashboard of dashboards) {
      const names = (dashboard.model.templating?.list ?? []).map((variable) => variable.name);
      assert.deepEqual(names, [...VARIABLE_NAMES], dashboard.file);
    }
  });

  it('use only timeseries, stat, table and heatmap panels (and rows), every query on $datasource', () => {
    const kinds = new Set<string>();
    for (const dashboard of dashboards) {
      const ids = new Set<number>();
      for (const item of panels(dashboard)) {
        assert.ok(!ids.has(item.id), `${dashboard.file}: panel id ${item.id} twice`);
        ids.add(item.id);
        kinds.add(item.type);
        if (item.type === 'row') continue;
        assert.equal(item.datasource?.uid, '${datasource}', item.title);
        assert.ok((item.targets ?? []).length > 0, `${item.title} has no query`);
        for (const target of item.targets ?? []) {
          assert.equal(target.datasource?.uid, '${datasource}', item.title);
          assert.match(target.expr, /\$job/, `${item.title} ${target.refId} ignores the job variable`);
        }
      }
      const titles = panels(dashboard).filter((item) => item.type !== 'row').map((item) => item.title);
      assert.equal(new Set(titles).size, titles.length, `${dashboard.file}: duplicate titles`);
    }
    assert.deepEqual([...kinds].sort(), ['heatmap', 'row', 'stat', 'table', 'timeseries']);
  });

  it('have the panels the issue lists', () => {
    const expected: Record<string, string[]> = {
      'overview.json': ['Runs and failures by reason', 'Last successful run per workload', 'Up', 'Scrape duration',
        'Event-loop delay of the main thread', 'Build info, Node and V8 versions, CPUs'],
      'contention-scheduler.json': ['ns/op against threads', 'Jain\'s fairness index', 'Wake-up latency percentiles', 'Thundering-herd time', 'Latency histogram'],
      'gc.json': ['Pause percentiles by kind', 'Max pause against target', 'Mutator utilisation against target', 'Hiccups'],
      'trends.json': ['Ratio to the baseline', 'Week-over-week change of p99', 'Regression state', 'Change points'],
    };
    for (const [file, titles] of Object.entries(expected)) for (const title of titles) panel(file, title);
  });

  it('draw the latency heatmap from classic buckets, format=heatmap, without recalculating', () => {
    const heatmap = panel('contention-scheduler.json', 'Latency histogram');
    assert.equal(heatmap.type, 'heatmap');
    assert.equal(heatmap.options?.calculate, false);
    assert.equal(heatmap.targets?.[0].format, 'heatmap');
    assert.match(heatmap.targets?.[0].expr ?? '', /^sum by \(le\) \(increase\(vmsoak_workload_latency_seconds_bucket\{/);
  });

  it('take units and threshold steps from the KPI catalog', () => {
    const maxPause = kpiSpec('max_pause');
    const pause = panel('gc.json', 'Max pause against target');
    assert.equal(pause.fieldConfig?.defaults.unit, 's');
    assert.deepEqual(thresholdValues(pause), [null, kpiValueInBaseUnit(maxPause.target, maxPause.unit)]);
    const utilisation = kpiSpec('mutator_utilisation');
    const mutator = panel('gc.json', 'Mutator utilisation against target');
    assert.equal(mutator.fieldConfig?.defaults.unit, 'percentunit');
    assert.deepEqual(thresholdValues(mutator), [null, utilisation.target]);
    // min direction: red below the target, green from it.
    assert.deepEqual(mutator.fieldConfig?.defaults.thresholds?.steps.map((step) => step.color), ['red', 'green']);
    const wakeup = kpiSpec('scheduling_latency');
    assert.deepEqual(thresholdValues(panel('contention-scheduler.json', 'Wake-up latency percentiles')), [null, wakeup.target / 1e9]);
  });

  it('have a KPI status table for every KPI unit of the catalog, covering every KPI', () => {
    const overview = dashboards.find((dashboard) => dashboard.file === 'overview.json')!;
    const tables = panels(overview).filter((item) => item.title.startsWith('KPI status'));
    const units = new Set(catalog.flatMap((entry) => entry.workload.kpis.map((kpi) => kpi.unit)));
    assert.equal(tables.length, units.size);
    const queried = tables.map((table) => table.targets?.[0].expr ?? '').join('\n');
    for (const kpi of catalog.flatMap((entry) => entry.workload.kpis)) {
      assert.ok(queried.includes(kpi.name), `KPI ${kpi.name} is in no status table`);
    }
  });

  it('grow with the catalog: a new workload with a KPI lands in its table and its panel', async () => {
    const extra = defineWorkload({
      name: 'gc.fixture-pauser', category: 'gc', tier: 2, description: 'test', params: defineParams([1]),
      kpis: [{ ...kpiSpec('max_pause'), target: 5e7 }, { name: 'fixture_rate', description: 'x', statistic: 'opsPerSecond', target: 10, direction: 'min', unit: 'ops_per_second', severity: 'warning' }],
      run: () => ({}),
    });
    const grown = generateDashboards([...catalog, { workload: extra, moduleUrl: 'file:///fixture.ts', builtin: false }]);
    const gc = grown.find((dashboard) => dashboard.file === 'gc.json')!;
    const pause = panels(gc).find((item) => item.title === 'Max pause against target')!;
    // The panel lists no workload names: it joins on the category, so the new workload shows without them.
    assert.match(pause.targets?.[0].expr ?? '', /kpi="max_pause"[^]*vmsoak_workload_info\{category=~"gc"\}/);
    assert.doesNotMatch(pause.targets?.[0].expr ?? '', /churn-small/);
    assert.ok(gc.panels.find((item) => item.title === 'Max pause against target')?.workloads.includes('gc.fixture-pauser'));
    const overview = grown.find((dashboard) => dashboard.file === 'overview.json')!;
    assert.ok(panels(overview).some((item) => item.title === 'KPI status: throughput' && (item.targets?.[0].expr ?? '').includes('fixture_rate')));
  });

  it('refuse a catalog that gives one KPI name two units', () => {
    const clash = defineWorkload({
      name: 'gc.fixture-clash', category: 'gc', tier: 2, description: 'test', params: defineParams([1]),
      kpis: [{ ...kpiSpec('max_pause'), unit: 'ratio' }],
      run: () => ({}),
    });
    assert.throws(() => generateDashboards([...catalog, { workload: clash, moduleUrl: 'file:///fixture.ts', builtin: false }]), /max_pause.*unit/);
  });
});
