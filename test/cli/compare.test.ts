/**
 * `vmsoak compare` end to end on real results from this machine: a self-compare is
 * "unchanged" for every series and exits 0; the exit code follows --fail-on, and stderr
 * names each KPI that decided it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { ComparisonReport } from '../../src/analysis/baseline-comparison.ts';
import { isUsageFailure, ROOT, runCli } from './run-cli.ts';

const RESULTS = path.join(ROOT, 'test/fixtures/results/pre-judgement-pass.json');
let env: NodeJS.ProcessEnv;
let dataDir: string;

before(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-compare-cli-'));
  env = { VMSOAK_DATA_DIR: dataDir };
  const saved = await runCli(['baseline', 'save', '--name', 'self', '--from', RESULTS], env);
  assert.equal(saved.code, 0, saved.stderr);
});
after(() => rm(dataDir, { recursive: true, force: true }));

test('self-compare: every series unchanged, exit 0, the warning-level KPI breaches listed as not failing', async () => {
  const result = await runCli(['compare', '--baseline', 'self', '--current', RESULTS, '--format', 'json'], env);
  assert.equal(result.code, 0, result.stderr);
  const comparison = JSON.parse(result.stdout) as ComparisonReport;
  assert.equal(comparison.summary.unchanged, comparison.series.length);
  assert.match(result.stderr, /not failing \(--fail-on critical\): 4 findings/);
  assert.match(result.stderr, /KPI tier0\.hook-poll\.cv@1 \(warning\) breached: 77\.8% \(one judged run\), target ≤ 5%/);
});

test('--fail-on warning: exit 1, and stderr says which KPIs', async () => {
  const result = await runCli(['compare', '--baseline', 'self', '--current', RESULTS, '--fail-on', 'warning'], env);
  assert.equal(result.code, 1);
  assert.match(result.stdout, /6 series: 0 regressed \(0 critical\), 0 improved, 6 unchanged, 0 noisy, 0 incomparable/);
  assert.match(result.stderr, /^vmsoak: exit 1 \(--fail-on warning\) because of 4 findings:\n {2}KPI /m);
});

test('--fail-on never: exit 0; a misspelt level is a usage error', async () => {
  assert.equal((await runCli(['compare', '--baseline', 'self', '--current', RESULTS, '--fail-on', 'never'], env)).code, 0);
  const wrong = await runCli(['compare', '--baseline', 'self', '--current', RESULTS, '--fail-on', 'sometimes'], env);
  assert.equal(isUsageFailure(wrong), null);
  assert.match(wrong.stderr, /--fail-on/);
});
