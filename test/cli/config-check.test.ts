import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { isUsageFailure, runCli } from './run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-check-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, yaml: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, yaml);
  return target;
}

async function failsWith(yaml: string, mentions: RegExp): Promise<void> {
  const target = file(`bad-${Math.random().toString(36).slice(2)}.yaml`, yaml);
  const result = await runCli(['config', 'check', target]);
  assert.equal(isUsageFailure(result), null);
  assert.match(result.stderr, mentions);
}

describe('vmsoak config check', () => {
  it('accepts a good file and says how many suites and workloads it covers', async () => {
    const good = file('good.yaml', [
      'listen: 127.0.0.1:9650',
      'shutdownTimeout: 5s',
      'suites:',
      '  - name: fast',
      '    schedule: "*/5 * * * *"',
      '    workloads: [contention.padded-counter, contention.atomic-add]',
      '    threads: [1, 2]',
      '  - name: nightly',
      '    schedule: "0 3 * * *"',
      '    workloads: [contention.padded-counter]',
      'kpis:',
      '  contention.padded-counter.ns_per_op@2:',
      '    target: 150',
    ].join('\n'));
    const result = await runCli(['config', 'check', good]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `config OK: ${good} (2 suites, 2 workloads)\n`);
  });

  it('rejects an unknown key', () => failsWith('suits: []\n', /config: unknown key "suits"/));
  it('rejects an invalid cron expression', () =>
    failsWith('suites:\n  - name: a\n    schedule: "*/61 * * * *"\n', /suites\[0\]\.schedule: invalid cron expression/));
  it('rejects a YAML syntax error with file:line', () => failsWith('suites:\n  - name: [a\n', /\.yaml:\d+:\d+: /));
  it('rejects a glob matching no workload', () =>
    failsWith('suites:\n  - name: a\n    workloads: ["jit-typo.*"]\n', /suites\[0\]\.workloads: .*"jit-typo\.\*"/));
  it('rejects a missing workload module', () => failsWith('workloadModules: [./plugins/missing.ts]\n', /plugins\/missing\.ts/));
  it('rejects a KPI override for a KPI that does not exist', () =>
    failsWith('kpis:\n  contention.padded-counter.no_such_kpi:\n    target: 1\n', /has no KPI "no_such_kpi"/));
  it('accepts workload params in a suite', async () => {
    const good = file('params.yaml', [
      'suites:',
      '  - name: gc',
      '    workloads: ["gc.churn-*"]',
      '    params:',
      '      gc.churn-small: { allocationMBps: 400, liveSetMB: 64 }',
    ].join('\n'));
    const result = await runCli(['config', 'check', good]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, `config OK: ${good} (1 suite, 2 workloads)\n`);
  });
  const gcSuite = 'suites:\n  - name: gc\n    workloads: ["gc.*"]\n    params:\n';
  it('rejects a param of the wrong type, naming its key path', () =>
    failsWith(`${gcSuite}      gc.churn-small: { liveSetMB: "64MB" }\n`, /^vmsoak: config: suites\[0\]\.params\["gc\.churn-small"\]\.liveSetMB: must be a number between 0 and 1000000 \(got "64MB"\)$/m));
  it('rejects a param out of range', () =>
    failsWith(`${gcSuite}      gc.churn-small: { allocationMBps: -5 }\n`, /suites\[0\]\.params\["gc\.churn-small"\]\.allocationMBps: must be a number between 0 and 100000 \(got -5\)/));
  it('rejects a param the workload does not have', () =>
    failsWith(`${gcSuite}      gc.churn-small: { liveSetGB: 1 }\n`, /suites\[0\]\.params\["gc\.churn-small"\]\.liveSetGB: is not a param \(the params: threads, allocationMBps, liveSetMB, mutateFractionPerSecond\)/));
  it('rejects params for a workload not in the catalog', () =>
    failsWith(`${gcSuite}      gc.churn-tiny: { liveSetMB: 1 }\n`, /suites\[0\]\.params\["gc\.churn-tiny"\]: workload "gc\.churn-tiny" is not in the catalog/));
  it('rejects params for a workload the suite does not select', () =>
    failsWith('suites:\n  - name: a\n    workloads: ["contention.*"]\n    params:\n      gc.churn-small: { liveSetMB: 1 }\n',
      /suites\[0\]\.params\["gc\.churn-small"\]: workload "gc\.churn-small" is not selected by suites\[0\]\.workloads/));
  it('rejects thread counts among the params', () =>
    failsWith(`${gcSuite}      gc.churn-small: { threads: [2] }\n`, /suites\[0\]\.params\["gc\.churn-small"\]\.threads: set thread counts with suites\[0\]\.threads/));
  it('rejects params that are not a mapping', () =>
    failsWith(`${gcSuite}      gc.churn-small: 400\n`, /suites\[0\]\.params\["gc\.churn-small"\]: must be a mapping/));
  it('rejects a bad param at the start of `once` too', async () => {
    const target = file('once-params.yaml', `${gcSuite}      gc.churn-small: { liveSetMB: -1 }\n`);
    const result = await runCli(['once', '--config', target]);
    assert.equal(isUsageFailure(result), null);
    assert.match(result.stderr, /suites\[0\]\.params\["gc\.churn-small"\]\.liveSetMB: must be a number/);
  });
  it('rejects a missing file', async () => {
    const result = await runCli(['config', 'check', path.join(dir, 'absent.yaml')]);
    assert.equal(isUsageFailure(result), null);
    assert.match(result.stderr, /absent\.yaml: file not found/);
  });
});
