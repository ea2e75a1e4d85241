/**
 * VmsoakNodeOutlier as generated: the factor comes from the generator's option (1.5 by
 * default) and is used the worse way for both directions, the fleet needs 3 nodes, and a
 * factor that cannot mean "worse" is refused. Its firing and silent cases run in promtool
 * (deploy/prometheus/tests/node-outlier.test.yaml); the ranking panel's query runs against
 * a live Prometheus in test/integration/prometheus-dashboards.test.ts.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { ALERT_RULES_FILE, generateDashboards, generateRuleFiles } from '../../src/generate/artifacts.ts';
import type { AlertingRule, RuleGroup } from '../../src/generate/rule-files.ts';
import { loadCatalog, type LoadedWorkload } from '../../src/workloads/registry.ts';

let catalog: LoadedWorkload[];

before(async () => {
  catalog = await loadCatalog();
});

function outlierRule(outlierFactor?: number): AlertingRule {
  const file = generateRuleFiles(catalog, { outlierFactor }).find((candidate) => candidate.path === ALERT_RULES_FILE);
  assert.ok(file);
  const rules = (parse(file.content) as { groups: RuleGroup<AlertingRule>[] }).groups.flatMap((group) => group.rules);
  const found = rules.filter((rule) => rule.alert === 'VmsoakNodeOutlier');
  assert.equal(found.length, 1);
  return found[0];
}

describe('VmsoakNodeOutlier', () => {
  it('compares judged KPI values with 1.5 × the fleet median by default, above for direction max and below for min', () => {
    const { expr } = outlierRule();
    assert.match(expr, /vmsoak_kpi_window_value\{direction="max"\}\n> on \(kpi, workload, threads\) group_left \(\)\n\(1\.5 \* \(quantile by \(kpi, workload, threads\) \(0\.5,/);
    assert.match(expr, /vmsoak_kpi_window_value\{direction="min"\}\n< on \(kpi, workload, threads\) group_left \(\)\n\(\(quantile[\s\S]*\) \/ 1\.5\)/);
    assert.equal(expr.match(/count by \(kpi, workload, threads\) \(vmsoak_kpi_window_value\{direction="(max|min)"\}\) >= 3/g)?.length, 2);
    assert.doesNotMatch(expr, /vmsoak_kpi_value\b/, 'single runs, judged or not, are not what a node is judged by');
  });

  it('takes its factor from the generator option', () => {
    const rule = outlierRule(2.5);
    assert.match(rule.expr, /2\.5 \* \(quantile/);
    assert.match(rule.expr, /\) \/ 2\.5\)/);
    assert.match(rule.annotations.description, /more than 2\.5× worse/);
  });

  it('refuses a factor of 1 or less, which would call half the fleet outliers', () => {
    for (const factor of [1, 0.5, Number.NaN]) assert.throws(() => outlierRule(factor), /outlier factor must be a number above 1/);
  });

  it('has a ranking panel on the overview, sorted worst first', () => {
    const overview = generateDashboards(catalog).find((dashboard) => dashboard.file === 'overview.json');
    assert.ok(overview);
    const panel = (overview.model.panels ?? []).find((candidate) => (candidate as { title?: string }).title === 'Nodes against the fleet median') as
      { targets: { expr: string }[]; options: { sortBy: { displayName: string; desc: boolean }[] } } | undefined;
    assert.ok(panel);
    assert.match(panel.targets[0].expr, /^topk\(10, vmsoak_kpi_window_value\{[^}]*direction="max"\} \/ on \(kpi, workload, threads\) group_left \(\) quantile/);
    assert.match(panel.targets[0].expr, /\nor topk\(10, quantile by \(kpi, workload, threads\) \(0\.5, vmsoak_kpi_window_value\{direction="min"\}\) \/ on \(kpi, workload, threads\) group_right \(\)/);
    assert.deepEqual(panel.options.sortBy, [{ displayName: '× fleet median', desc: true }]);
  });
});
