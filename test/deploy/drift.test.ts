/**
 * The chart against its sources: the rules and dashboards it ships are byte-equal to the
 * generated ones in deploy/prometheus/ and dashboards/, its values schema's `config` part
 * is the one the daemon's config schema gives, its appVersion is package.json's version,
 * and every alert override in its values files names a generated alert. Any of these
 * fails after a change that was not followed by `npm run generate`.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { chartConfigSchema } from '../../src/generate/helm-values-schema.ts';
import { CHART_DIR, chartValues, ciValuesFiles, isMapping, readYaml } from './chart.ts';
import { REPO_ROOT } from './dockerfile-model.ts';

interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string }> }>;
}

const SHIPPED = [
  { generated: 'deploy/prometheus', inChart: 'files/prometheus', extension: '.yaml' },
  { generated: 'dashboards', inChart: 'files/dashboards', extension: '.json' },
];

function filesIn(directory: string, extension: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(extension)).map((entry) => entry.name).sort();
}

function generatedAlertNames(): Set<string> {
  const names = new Set<string>();
  for (const name of filesIn(path.join(REPO_ROOT, 'deploy/prometheus'), '.yaml')) {
    const file = readYaml(path.join(REPO_ROOT, 'deploy/prometheus', name)) as RuleFile;
    for (const group of file.groups) for (const rule of group.rules) if (rule.alert) names.add(rule.alert);
  }
  return names;
}

describe('the chart against the generated files', () => {
  for (const { generated, inChart, extension } of SHIPPED) {
    it(`ships ${generated}/*${extension} byte for byte, and nothing else, in ${inChart}/`, () => {
      const sources = filesIn(path.join(REPO_ROOT, generated), extension);
      assert.ok(sources.length > 0, `nothing generated in ${generated}/ (npm run generate)`);
      assert.deepEqual(filesIn(path.join(CHART_DIR, inChart), extension), sources, 'run npm run generate');
      for (const name of sources) {
        const source = readFileSync(path.join(REPO_ROOT, generated, name));
        const copy = readFileSync(path.join(CHART_DIR, inChart, name));
        assert.ok(copy.equals(source), `${inChart}/${name} differs from ${generated}/${name}: run npm run generate`);
      }
    });
  }

  it('ships rule files in the shape the PrometheusRule template reads (groups of rules)', () => {
    let alerts = 0;
    let records = 0;
    for (const name of filesIn(path.join(CHART_DIR, 'files/prometheus'), '.yaml')) {
      const file = readYaml(path.join(CHART_DIR, 'files/prometheus', name)) as RuleFile;
      assert.ok(Array.isArray(file.groups), `${name} has no groups`);
      for (const group of file.groups) {
        assert.ok(group.name && Array.isArray(group.rules), `${name}: a group without name or rules`);
        for (const rule of group.rules) {
          assert.equal(typeof rule.expr, 'string');
          if (rule.alert) alerts++;
          else if (rule.record) records++;
          else assert.fail(`${name}: a rule that is neither alert nor record`);
        }
      }
    }
    assert.ok(alerts > 0 && records > 0, `${alerts} alerts and ${records} recording rules`);
  });

  it('has a values.schema.json whose config part is generated from the daemon\'s config schema', () => {
    const schema = JSON.parse(readFileSync(path.join(CHART_DIR, 'values.schema.json'), 'utf8')) as { properties: { config: unknown } };
    assert.deepEqual(schema.properties.config, chartConfigSchema(), 'run npm run generate');
  });

  it('has appVersion equal to package.json\'s version', () => {
    const chart = readYaml(path.join(CHART_DIR, 'Chart.yaml')) as { appVersion: string; name: string };
    const packageJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.equal(chart.name, 'vmsoak');
    assert.equal(String(chart.appVersion), packageJson.version);
  });

  it('overrides only alerts that are generated (the template fails the install otherwise)', () => {
    const alerts = generatedAlertNames();
    assert.ok(alerts.has('VmsoakKpiBreached'));
    const files = new Map([['values.yaml', chartValues()], ...[...ciValuesFiles()].map(([name, values]) => [`ci/${name}`, values] as const)]);
    let overrides = 0;
    for (const [name, values] of files) {
      const rule = values.prometheusRule;
      const byAlert = isMapping(rule) && isMapping(rule.alertOverrides) ? rule.alertOverrides : {};
      for (const alert of Object.keys(byAlert)) {
        overrides++;
        assert.ok(alerts.has(alert), `${name}: prometheusRule.alertOverrides.${alert} is not a generated alert`);
      }
    }
    assert.ok(overrides > 0, 'some ci values file exercises alertOverrides');
  });
});
