/**
 * `vmsoak calibrate`: the proposal rule on fixed numbers, the YAML it writes (loadable as a
 * config, one commented override per missed target), and the command end to end on a
 * fixture workload with one impossible and one easy target.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { calibrateKpis, proposeTarget } from '../../src/analysis/kpi-calibration.ts';
import { calibrationYaml } from '../../src/cli/calibrate.ts';
import { loadConfig } from '../../src/config/load.ts';
import { fakeRun } from '../analysis/run-factory.ts';
import { ROOT, runCli } from './run-cli.ts';

let directory: string;
before(async () => {
  directory = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-calibrate-'));
});
after(() => rm(directory, { recursive: true, force: true }));

test('the proposal: median + 3 robust sigmas the worse way, at least 10 %, rounded leniently', () => {
  // 100 ± 2 → 100 + 6 is less than the 10 % floor: 110.
  assert.equal(proposeTarget(100, 2, 'max'), 110);
  // 100 ± 10 → 130.
  assert.equal(proposeTarget(100, 10, 'max'), 130);
  // A floor: a hit rate of 0.9 ± 0.01 → 0.9 − 0.09 = 0.81 (rounded down, never up).
  assert.equal(proposeTarget(0.9, 0.01, 'min'), 0.81);
  assert.equal(proposeTarget(123.456, 0, 'max'), 136); // 135.8 rounded up to 3 digits
});

test('only judged runs are measured; a target met stays the seed\'s; no judged run is said', () => {
  const runs = [
    ...[100, 140, 150, 160, 170].map((value, minute) => fakeRun({ minute, value })),
    fakeRun({ minute: 9, value: 900, state: 'disturbed' }),
    ...[90, 95].map((value, i) => fakeRun({ minute: 20 + i, value, threads: 2 })),
    fakeRun({ minute: 30, value: 500, threads: 4, state: 'oversubscribed' }),
  ];
  const calibrations = calibrateKpis(runs, () => 120);
  assert.deepEqual(calibrations.map((calibration) => [calibration.id, calibration.outcome, calibration.median, calibration.judgedRuns]), [
    ['tier1.fake-op.ns_per_op@1', 'missed', 150, 5],
    ['tier1.fake-op.ns_per_op@2', 'met', 92.5, 2],
    ['tier1.fake-op.ns_per_op@4', 'unjudged', null, 0],
  ]);
  // MAD of 100 140 150 160 170 around 150 is 10: ±14.8, so 150 + 44.5 = 194.5 → 195.
  assert.equal(calibrations[0].proposed, 195);
});

test('the YAML loads as a config and carries the seed target, median and spread in a comment', () => {
  const runs = [100, 140, 150, 160, 170].map((value, minute) => fakeRun({ minute, value }));
  const yaml = calibrationYaml(calibrateKpis(runs, () => 120), { vmsoak: '0.1.0', node: '24.9.0', cpus: 2, startedAt: '2026-01-01T00:00:00Z' }, 5);
  assert.match(yaml, /# tier1\.fake-op\.ns_per_op@1 \(critical\): seed target ≤ 120 ns; measured median 150 ns, spread ±14\.8 ns \(1\.4826·MAD\), range 100 ns–170 ns over 5 judged of 5 runs\n {2}tier1\.fake-op\.ns_per_op@1:\n {4}target: 195\n/);
  const file = path.join(directory, 'kpis.yaml');
  writeFileSync(file, yaml);
  assert.deepEqual(loadConfig({ file, env: {} }).kpis, { 'tier1.fake-op.ns_per_op@1': { target: 195 } });
});

test('end to end on a fixture workload: the impossible target gets an override, the easy one none', async () => {
  // Thresholds no busy machine exceeds, so the fixture's runs are judged whatever the load.
  const config = path.join(ROOT, 'test/fixtures/lax-judgement.yaml');
  const out = path.join(directory, 'node-kpis.yaml');
  const result = await runCli(['calibrate', '--config', config, '--workload-module', path.join(ROOT, 'test/fixtures/workloads/unmeetable-kpi.ts'),
    '-w', 'fixture.unmeetable-kpi', '--passes', '2', '-d', '100ms', '--warmup', '20ms', '--out', out], { VMSOAK_DATA_DIR: directory });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /wrote .*node-kpis\.yaml: 1 override of 2 KPIs/);
  const text = readFileSync(out, 'utf8');
  assert.match(text, /# fixture\.unmeetable-kpi\.impossible@1 \(critical\): seed target ≤ 0\.001 ns; measured median/);
  const kpis = loadConfig({ file: out, env: {} }).kpis;
  assert.deepEqual(Object.keys(kpis), ['fixture.unmeetable-kpi.impossible@1']);
  assert.ok(kpis['fixture.unmeetable-kpi.impossible@1'].target > 0.001);
});
