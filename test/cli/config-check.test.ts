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
  it('rejects a missing file', async () => {
    const result = await runCli(['config', 'check', path.join(dir, 'absent.yaml')]);
    assert.equal(isUsageFailure(result), null);
    assert.match(result.stderr, /absent\.yaml: file not found/);
  });
});
