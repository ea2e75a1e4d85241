/**
 * The generated rule files: naming, the annotations and labels every alert must have, the
 * catalog's severities, the tiers' joins and limits, the `for:` override, and runbook links that resolve to a
 * section of docs/runbooks.md.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { DEFAULT_TIER_POLICIES } from '../../src/analysis/regression-policy.ts';
import { FAMILIES } from '../../src/export/metric-families.ts';
import { ALERT_NAMES } from '../../src/generate/alert-rules.ts';
import { ALERT_RULES_FILE, generateRuleFiles, RECORDING_RULES_FILE } from '../../src/generate/artifacts.ts';
import type { AlertingRule, RecordingRule, RuleGroup } from '../../src/generate/rule-files.ts';
import { loadCatalog, type LoadedWorkload } from '../../src/workloads/registry.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

let catalog: LoadedWorkload[];

function rules<R>(options: Parameters<typeof generateRuleFiles>[1], file: string): R[] {
  const found = generateRuleFiles(catalog, options).find((candidate) => candidate.path === file);
  assert.ok(found, file);
  return (parse(found.content) as { groups: Array<RuleGroup<R>> }).groups.flatMap((group) => group.rules);
}

/** The anchor GitHub gives a Markdown heading: lower case, spaces to dashes, punctuation dropped. */
function headingAnchors(markdown: string): Set<string> {
  return new Set([...markdown.matchAll(/^#{1,6} (.+)$/gm)].map(([, text]) => text.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));
}

before(async () => {
  catalog = await loadCatalog();
});

describe('generated recording rules', () => {
  it('are named level:metric:operations', () => {
    const recorded = rules<RecordingRule>({}, RECORDING_RULES_FILE);
    assert.ok(recorded.length > 0);
    for (const rule of recorded) assert.match(rule.record, /^[a-z_]+:vmsoak_[a-z0-9_]+:[a-z0-9_]+$/, rule.record);
  });

  it('are each used by an alert or a dashboard', async () => {
    const alerts = rules<AlertingRule>({}, ALERT_RULES_FILE).map((rule) => rule.expr).join('\n');
    const dashboards = await Promise.all(['trends.json', 'overview.json'].map((file) => readFile(path.join(ROOT, 'dashboards', file), 'utf8')));
    const recorded = rules<RecordingRule>({}, RECORDING_RULES_FILE);
    for (const rule of recorded) {
      const users = [alerts, ...dashboards, ...recorded.filter((other) => other !== rule).map((other) => other.expr)];
      assert.ok(users.some((text) => text.includes(rule.record)), `${rule.record} is used nowhere`);
    }
  });
});

describe('generated alerting rules', () => {
  it('cover every alert of the issue, each with severity, summary, description and runbook_url', () => {
    const alerts = rules<AlertingRule>({}, ALERT_RULES_FILE);
    assert.deepEqual([...new Set(alerts.map((rule) => rule.alert))].sort(), [...ALERT_NAMES].sort());
    for (const rule of alerts) {
      assert.match(rule.labels.severity, /^(critical|warning)$/, rule.alert);
      for (const key of ['summary', 'description', 'runbook_url'] as const) assert.ok(rule.annotations[key].length > 10, `${rule.alert} ${key}`);
    }
  });

  it('link every alert to its section of docs/runbooks.md', async () => {
    const anchors = headingAnchors(await readFile(path.join(ROOT, 'docs/runbooks.md'), 'utf8'));
    for (const rule of rules<AlertingRule>({}, ALERT_RULES_FILE)) {
      const [file, anchor] = rule.annotations.runbook_url.split('#');
      assert.equal(file, 'docs/runbooks.md');
      assert.ok(anchors.has(anchor), `${rule.alert}: no heading for #${anchor}`);
    }
    const absolute = rules<AlertingRule>({ runbookBaseUrl: 'https://example.org/runbooks' }, ALERT_RULES_FILE);
    assert.ok(absolute.every((rule) => rule.annotations.runbook_url === `https://example.org/runbooks#${rule.alert.toLowerCase()}`));
  });

  it('fire VmsoakKpiBreached for 15m at each severity the catalog\'s KPIs use', () => {
    const breached = rules<AlertingRule>({}, ALERT_RULES_FILE).filter((rule) => rule.alert === 'VmsoakKpiBreached');
    const severities = new Set(catalog.flatMap((entry) => entry.workload.kpis.map((kpi) => kpi.severity)));
    assert.deepEqual(new Set(breached.map((rule) => rule.labels.severity)), severities);
    for (const rule of breached) {
      assert.equal(rule.for, '15m');
      assert.ok(rule.expr.includes(`severity="${rule.labels.severity}"`));
    }
  });

  it('select each tier\'s workloads by joining on vmsoak_workload_info, with no list of workload names', () => {
    const alerts = rules<AlertingRule>({}, ALERT_RULES_FILE);
    for (const rule of alerts) assert.doesNotMatch(rule.expr, /workload=~/, `${rule.alert} lists workloads`);
    for (const name of ['VmsoakRegressionDetected', 'VmsoakTrendRegression', 'VmsoakNoisyMeasurements'] as const) {
      const tiered = alerts.filter((rule) => rule.alert === name);
      // Every tier with a policy, so a plug-in of a tier the catalog lacks is covered too.
      assert.deepEqual([...new Set(tiered.map((rule) => rule.labels.tier))].sort(), Object.keys(DEFAULT_TIER_POLICIES).sort(), name);
      for (const rule of tiered) {
        assert.ok(rule.expr.endsWith(`\nand on (job, instance, workload)\n${FAMILIES.workloadInfo.name}{tier="${rule.labels.tier}"}`), rule.expr);
      }
    }
  });

  it('hold each tier\'s trend and noise rules at the tier\'s limits', () => {
    const alerts = rules<AlertingRule>({}, ALERT_RULES_FILE);
    const tier0 = DEFAULT_TIER_POLICIES[0];
    const tier1 = DEFAULT_TIER_POLICIES[1];
    const trend = alerts.filter((rule) => rule.alert === 'VmsoakTrendRegression');
    // The thresholds: tier 0 above 5 %, tier 1 above 10 %.
    assert.equal(tier0.warning, 0.05);
    assert.equal(tier1.warning, 0.10);
    const limitOf = (expr: string) => Number(/> ([\d.]+)\nand on/.exec(expr)?.[1]);
    for (const rule of trend) {
      const limit = limitOf(rule.expr);
      const policy = DEFAULT_TIER_POLICIES[rule.labels.tier as '0' | '1' | '2' | '3'];
      assert.ok([policy.warning, policy.critical].some((gate) => gate !== null && Math.abs(limit - (1 + gate)) < 1e-9), `${rule.labels.tier}: ${limit}`);
    }
    for (const rule of alerts.filter((candidate) => candidate.alert === 'VmsoakNoisyMeasurements')) {
      assert.equal(rule.for, '1h');
      assert.equal(limitOf(rule.expr), DEFAULT_TIER_POLICIES[rule.labels.tier as '0' | '1' | '2' | '3'].maxCv, rule.expr);
    }
  });

  it('replace every for: with the override, and nothing else', () => {
    const normal = rules<AlertingRule>({}, ALERT_RULES_FILE);
    const short = rules<AlertingRule>({ forOverride: '2s' }, ALERT_RULES_FILE);
    assert.ok(short.every((rule) => rule.for === '2s'));
    assert.ok(normal.some((rule) => rule.for !== '2s'));
    assert.deepEqual(short.map(({ for: _ignored, ...rest }) => rest), normal.map(({ for: _ignored, ...rest }) => rest));
  });

  it('watch the job given for VmsoakDown', () => {
    const down = rules<AlertingRule>({ job: 'soak' }, ALERT_RULES_FILE).find((rule) => rule.alert === 'VmsoakDown');
    assert.equal(down?.expr, 'up{job="soak"} == 0');
  });
});
