/**
 * prometheusRule.alertOverrides, rendered by helm 3 and helm 4:
 * - a name that is no generated alert fails the install whether or not the PrometheusRule
 *   is rendered (with `enabled: auto` on a cluster without the operator's CRDs too), as
 *   values.yaml promises;
 * - a severity override on an alert that the generator tiers by severity (one rule per
 *   severity) gives one rule per remaining label set, so promtool finds no duplicate rules,
 *   and that rule still fires for every series the tiered rules fired for.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import { helm, HELM_RELEASES, helmSkipReason } from '../helpers/helm.ts';
import { promtool, promtoolSkipReason } from '../helpers/promtool.ts';
import { render, renderError, type K8sObject } from './render-chart.ts';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

function ruleGroups(objects: readonly K8sObject[]): Array<{ name: string; rules: Rule[] }> {
  const rule = objects.find((object) => object.kind === 'PrometheusRule');
  assert.ok(rule, 'no PrometheusRule rendered');
  return (rule.spec as { groups: Array<{ name: string; rules: Rule[] }> }).groups;
}

const MISSPELT = { prometheusRule: { alertOverrides: { VmsoakKpiBreachd: { severity: 'warning' } } } };

for (const release of HELM_RELEASES) {
  describe(`alert overrides, helm ${release.helmVersion}`, { skip: helmSkipReason(release) || promtoolSkipReason() }, () => {
    let work: string;
    before(async () => {
      work = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-overrides-'));
    });
    after(async () => {
      await rm(work, { recursive: true, force: true });
    });

    it('fails on a misspelt alert name when the cluster has the operator\'s CRDs', () => {
      assert.match(renderError(helm(release), { values: MISSPELT }), /prometheusRule\.alertOverrides\.VmsoakKpiBreachd: no generated alert has this name/);
    });

    it('fails on a misspelt alert name with enabled: auto on a cluster without them (no PrometheusRule rendered)', () => {
      assert.match(renderError(helm(release), { values: MISSPELT, operatorApi: false }), /prometheusRule\.alertOverrides\.VmsoakKpiBreachd: no generated alert has this name/);
    });

    it('fails on a misspelt alert name with prometheusRule.enabled: false', () => {
      const values = { prometheusRule: { ...MISSPELT.prometheusRule, enabled: false } };
      assert.match(renderError(helm(release), { values }), /VmsoakKpiBreachd/);
    });

    it('gives promtool no duplicate rules when severities are overridden, alert by alert', async () => {
      const severityOverrides = Object.fromEntries(['VmsoakKpiBreached', 'VmsoakTrendRegression', 'VmsoakRegressionDetected']
        .map((alert) => [alert, { severity: 'warning' }]));
      const groups = ruleGroups(render(helm(release), { values: { prometheusRule: { alertOverrides: severityOverrides } } }));
      const file = path.join(work, `rules-${release.major}.yaml`);
      await writeFile(file, stringify({ groups }));
      const outcome = await promtool(['check', 'rules', file]);
      assert.equal(outcome.code, 0, outcome.output);
      assert.doesNotMatch(outcome.output, /duplicate/i);
      const breached = groups.flatMap((group) => group.rules).filter((rule) => rule.alert === 'VmsoakKpiBreached');
      assert.equal(breached.length, 1, 'one VmsoakKpiBreached rule, severity warning');
      assert.equal(breached[0].labels?.severity, 'warning');
    });

    it('still fires, with the overridden severity, for a breach of a critical and of a warning KPI', async () => {
      const groups = ruleGroups(render(helm(release), { values: { prometheusRule: { alertOverrides: { VmsoakKpiBreached: { severity: 'page', for: '5m' } } } } }));
      const rules = path.join(work, `override-rules-${release.major}.yaml`);
      // Without annotations: promtool compares them too, and their wording is not what this checks.
      const bare = groups.map((group) => ({ ...group, rules: group.rules.map(({ annotations: _annotations, ...rule }) => rule) }));
      await writeFile(rules, stringify({ groups: bare }));
      const series = (kpi: string, severity: string) => `{job="vmsoak", instance="node-a", kpi="${kpi}", workload="w", threads="1", direction="max", severity="${severity}"}`;
      const labels = (kpi: string) => ({ severity: 'page', job: 'vmsoak', instance: 'node-a', kpi, workload: 'w', threads: '1', direction: 'max' });
      const test = path.join(work, `override-test-${release.major}.yaml`);
      await writeFile(test, stringify({
        rule_files: [path.basename(rules)],
        evaluation_interval: '1m',
        tests: [{
          interval: '1m',
          input_series: [
            { series: `vmsoak_kpi_window_value${series('a', 'critical')}`, values: '2x20' },
            { series: `vmsoak_kpi_breached${series('a', 'critical')}`, values: '1x20' },
            { series: `vmsoak_kpi_window_value${series('b', 'warning')}`, values: '3x20' },
            { series: `vmsoak_kpi_breached${series('b', 'warning')}`, values: '1x20' },
            { series: `vmsoak_kpi_window_value${series('c', 'warning')}`, values: '4x20' },
            { series: `vmsoak_kpi_breached${series('c', 'warning')}`, values: '0x20' },
          ],
          alert_rule_test: [{
            eval_time: '10m',
            alertname: 'VmsoakKpiBreached',
            exp_alerts: [{ exp_labels: labels('a') }, { exp_labels: labels('b') }],
          }],
        }],
      }));
      const outcome = await promtool(['test', 'rules', path.basename(test)], work);
      assert.equal(outcome.code, 0, outcome.output);
    });
  });
}
