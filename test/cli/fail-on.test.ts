import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ComparisonReport } from '../../src/analysis/baseline-comparison.ts';
import type { SeriesComparison } from '../../src/analysis/matrix-comparison.ts';
import { describeExit, exitVerdict } from '../../src/cli/fail-on.ts';
import type { KpiWindowVerdict } from '../../src/model/kpi-window.ts';
import { fakeRun } from '../analysis/run-factory.ts';

const kpi = (id: string, severity: 'warning' | 'critical', state: KpiWindowVerdict['state']): KpiWindowVerdict => ({
  id, name: 'ns_per_op', target: 100, direction: 'max', unit: 'ns', severity, workload: 'tier1.x', threads: 1, state,
  value: 150, judgedRuns: 5, needed: 5, latest: 150,
});

const regression = (severity: 'warning' | 'critical', cause?: 'environment' | 'runtime'): SeriesComparison => ({
  workload: 'tier0.y', category: 'tier0', tier: 0, threads: 1, verdict: 'regressed', severity, pValue: 0.001, adjustedPValue: 0.004, shift: 1,
  baselineCv: 0.01, currentCv: 0.01,
  changes: [{ statistic: 'mean', better: 'lower', baseline: 10, current: 10.8, ratio: 1.08, worsening: 0.08, severity, gated: true }],
  ...(cause === undefined ? {} : { cause, causeReason: cause === 'environment' ? 'other processes\' CPUs 0.05 -> 0.4 (threshold 0.5)' : 'none' }),
});

const comparisonOf = (series: SeriesComparison[]) => ({ series } as unknown as ComparisonReport);

test('critical (the default level) fails on critical KPIs, critical regressions and failed runs only', () => {
  const verdict = exitVerdict({
    runs: [fakeRun({ minute: 0, state: 'failed' }), fakeRun({ minute: 1 })],
    kpis: [kpi('a.b.c@1', 'critical', 'breached'), kpi('a.b.d@1', 'warning', 'breached'), kpi('a.b.e@1', 'critical', 'pending')],
    comparison: comparisonOf([regression('critical'), regression('warning')]),
  }, 'critical');
  assert.equal(verdict.code, 1);
  assert.deepEqual(verdict.failing, [
    'run tier1.fake-op@1 failed (error: boom)',
    'KPI a.b.c@1 (critical) breached: 150 ns (median of 5 judged runs), target ≤ 100 ns',
    'regression tier0.y@1 (critical): mean +8.0 % worse, adjusted p 0.0040',
  ]);
  assert.equal(verdict.notFailing.length, 2);
});

test('warning fails on warning-level findings too; never on nothing', () => {
  const findings = { kpis: [kpi('a.b.d@1', 'warning', 'breached')], comparison: comparisonOf([regression('warning')]) };
  assert.equal(exitVerdict(findings, 'warning').failing.length, 2);
  const never = exitVerdict({ ...findings, runs: [fakeRun({ minute: 0, state: 'failed' })] }, 'never');
  assert.equal(never.code, 0);
  assert.equal(never.notFailing.length, 3);
});

test('a regression the node explains (cause environment) never fails, and says why', () => {
  const verdict = exitVerdict({ comparison: comparisonOf([regression('critical', 'environment')]) }, 'warning');
  assert.equal(verdict.code, 0);
  assert.match(verdict.notFailing[0], /cause environment: other processes' CPUs 0\.05 -> 0\.4/);
});

test('the exit summary names the level and every finding; nothing to say is the empty string', () => {
  const text = describeExit(exitVerdict({ kpis: [kpi('a.b.c@1', 'critical', 'breached')] }, 'critical'), 'critical');
  assert.equal(text, 'vmsoak: exit 1 (--fail-on critical) because of 1 finding:\n'
    + '  KPI a.b.c@1 (critical) breached: 150 ns (median of 5 judged runs), target ≤ 100 ns\n');
  assert.equal(describeExit(exitVerdict({}, 'critical'), 'critical'), '');
});
