import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SuiteResult } from '../../src/model/result.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import type { KpiSpec } from '../../src/workloads/api.ts';
import { runCli } from './run-cli.ts';

const WORKLOAD = 'contention.padded-counter';
const FAST = ['--workload', WORKLOAD, '--threads', '1', '--duration', '200ms', '--warmup', '50ms'];

const dir = mkdtempSync(path.join(tmpdir(), 'vmsoak-once-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Checks `value` field by field against src/model/result.ts. */
function assertSuiteResultShape(value: unknown): asserts value is SuiteResult {
  const suite = value as Record<string, unknown>;
  for (const key of ['vmsoak', 'node', 'v8', 'startedAt', 'finishedAt']) assert.equal(typeof suite[key], 'string', key);
  for (const key of ['cpus', 'timerCostNs', 'timerResolutionNs', 'seed']) assert.ok(isNumber(suite[key]), key);
  assert.ok(!Number.isNaN(Date.parse(suite.startedAt as string)));
  assert.ok(Array.isArray(suite.results));
  for (const item of suite.results as Record<string, unknown>[]) {
    for (const key of ['workload', 'category', 'startedAt']) assert.equal(typeof item[key], 'string', key);
    assert.ok([0, 1, 2, 3].includes(item.tier as number), 'tier');
    assert.ok(['ok', 'failed'].includes(item.status as string), 'status');
    assert.ok(item.cv === null || isNumber(item.cv), 'cv');
    assert.ok(item.jainIndex === null || isNumber(item.jainIndex), 'jainIndex');
    for (const key of ['threads', 'ops', 'durationSeconds', 'opsPerSecond', 'sumNs', 'cpus']) {
      assert.ok(isNumber(item[key]), `${key}: ${String(item[key])}`);
    }
    const latency = item.latencyNs as Record<string, unknown>;
    for (const key of ['min', 'p50', 'p90', 'p99', 'p999', 'max', 'mean', 'stddev']) assert.ok(isNumber(latency[key]), `latencyNs.${key}`);
    assert.ok(item.ci95Ns === null || (isNumber((item.ci95Ns as Record<string, unknown>).low) && isNumber((item.ci95Ns as Record<string, unknown>).high)));
    assert.ok(Array.isArray(item.perThreadOps) && (item.perThreadOps as unknown[]).every(isNumber), 'perThreadOps');
    assert.ok(Array.isArray(item.samples) && (item.samples as unknown[]).every(isNumber), 'samples');
    for (const key of ['oversubscribed', 'suspectDeadCode']) assert.equal(typeof item[key], 'boolean', key);
    for (const key of ['noopNsPerOp', 'batchSize']) assert.ok(item[key] === null || isNumber(item[key]), key);
    assert.ok(typeof item.metrics === 'object' && item.metrics !== null && Object.values(item.metrics).every(isNumber), 'metrics');
    for (const key of ['histogram', 'correctedHistogram']) assert.ok(item[key] === null || typeof item[key] === 'string', key);
    // Issue 12: every result says how it was judged, what else the node did, and the CPUs it could use.
    const judgement = item.judgement as Record<string, unknown>;
    assert.ok(['judged', 'disturbed', 'oversubscribed', 'failed'].includes(judgement.state as string), 'judgement.state');
    assert.ok(judgement.reason === null || typeof judgement.reason === 'string', 'judgement.reason');
    assert.ok(isNumber(item.effectiveCpus), 'effectiveCpus');
    if (item.status === 'ok') {
      const interference = item.interference as Record<string, unknown>;
      assert.ok(isNumber(interference.windowSeconds), 'interference.windowSeconds');
      for (const key of ['otherCpus', 'stealRatio', 'throttledRatio', 'cpuPressureRatio', 'involuntarySwitchesPerSecond', 'slowCpuShare']) {
        assert.ok(interference[key] === null || isNumber(interference[key]), `interference.${key}`);
      }
      assert.equal(typeof interference.unavailable, 'object', 'interference.unavailable');
    }
    if (item.status === 'failed') {
      const error = item.error as Record<string, unknown>;
      assert.ok(['error', 'timeout', 'oom', 'exit'].includes(error.reason as string));
      assert.equal(typeof error.message, 'string');
    }
    assert.ok(Array.isArray(item.kpis));
    for (const kpi of item.kpis as Record<string, unknown>[]) {
      for (const key of ['name', 'id', 'direction', 'unit', 'severity']) assert.equal(typeof kpi[key], 'string', `kpi.${key}`);
      assert.ok(isNumber(kpi.target), 'kpi.target');
      assert.ok(kpi.value === null || isNumber(kpi.value), 'kpi.value');
      assert.ok(kpi.pass === null || typeof kpi.pass === 'boolean', 'kpi.pass');
      assert.equal(kpi.id, `${item.workload}.${kpi.name}@${item.threads}`);
    }
  }
}

describe('vmsoak once', () => {
  let kpis: readonly KpiSpec[];
  let lenient: string;
  before(async () => {
    const entry = (await loadCatalog([])).find((candidate) => candidate.workload.name === WORKLOAD);
    assert.ok(entry, `${WORKLOAD} is a built-in`);
    kpis = entry.workload.kpis;
    // Targets no machine can miss, so exit 0 depends on the plumbing, not on this machine's speed.
    const overrides = kpis.map((kpi) => `  ${WORKLOAD}.${kpi.name}:\n    target: ${kpi.direction === 'max' ? 1e15 : -1e15}`);
    lenient = path.join(dir, 'lenient.yaml');
    writeFileSync(lenient, `kpis:\n${overrides.join('\n')}\n`);
  });

  it('exits 0 and prints a SuiteResult as JSON when every KPI passes', async () => {
    const result = await runCli(['once', '--config', lenient, ...FAST, '--format', 'json', '--seed', '7']);
    assert.equal(result.code, 0, result.stderr);
    const parsed: unknown = JSON.parse(result.stdout);
    assertSuiteResultShape(parsed);
    assert.equal(parsed.seed, 7);
    assert.equal(parsed.results.length, 1);
    const [run] = parsed.results;
    assert.deepEqual([run.workload, run.threads, run.status], [WORKLOAD, 1, 'ok']);
    assert.ok(run.ops > 0);
    // The workload times batches, so the worker timed the reference loop between them (400 times in 200 ms).
    const slow = run.interference?.slowCpuShare;
    assert.ok(typeof slow === 'number' && slow >= 0 && slow <= 1, `slowCpuShare ${slow}`);
    assert.equal(run.interference?.unavailable.canary, undefined);
    assert.deepEqual(run.kpis.map((kpi) => kpi.name).sort(), kpis.map((kpi) => kpi.name).sort());
    assert.ok(run.kpis.every((kpi) => kpi.pass === true));
    assert.match(result.stderr, new RegExp(`^\\[1/1\\] ${WORKLOAD.replace('.', '\\.')} threads=1  \\(elapsed \\d+:\\d\\d, ETA \\d+:\\d\\d\\)$`, 'm'));
    assert.match(result.stderr, /^1 of 1 runs in \d+:\d\d$/m);
  });

  it('exits 1 when a critical KPI is breached over the passes, and says which on stderr', async () => {
    const strict = path.join(dir, 'strict.yaml');
    // Thresholds no busy machine exceeds: the runs must be judged for their KPIs to count.
    writeFileSync(strict, `kpis:\n  ${WORKLOAD}.ns_per_op:\n    target: 0.0001\n`
      + 'judgement: { maxOtherCpus: 1000, maxStealRatio: 1, maxThrottledRatio: 1, maxCpuPressureRatio: 1, maxRunQueueWaitRatio: 1, maxSlowCpuShare: 1 }\n');
    const result = await runCli(['once', '--config', strict, ...FAST, '--format', 'json', '--repeat', '2']);
    assert.equal(result.code, 1, result.stderr);
    const parsed = JSON.parse(result.stdout) as SuiteResult;
    assertSuiteResultShape(parsed);
    assert.equal(parsed.results.length, 2);
    const breached = parsed.results[0].kpis.find((kpi) => kpi.name === 'ns_per_op');
    assert.deepEqual([breached?.target, breached?.pass], [0.0001, false]);
    const window = parsed.kpiWindow?.find((kpi) => kpi.name === 'ns_per_op');
    assert.deepEqual([window?.state, window?.judgedRuns, window?.severity], ['breached', 2, 'critical']);
    assert.match(result.stderr, new RegExp(`^vmsoak: exit 1 \\(--fail-on critical\\) because of 1 finding:\n  KPI ${WORKLOAD.replace('.', '\\.')}\\.ns_per_op@1 \\(critical\\) breached: .* \\(median of 2 judged runs\\), target ≤ 0\\.0001 ns$`, 'm'));
    const never = await runCli(['once', '--config', strict, ...FAST, '--format', 'json', '--fail-on', 'never']);
    assert.equal(never.code, 0, never.stderr);
  });

  it('exits 1 when a run failed, naming the reason in the progress', async () => {
    const result = await runCli([
      'once', '--workload-module', 'test/fixtures/workloads/throws.ts', '--workload', 'fixture.throws', '--duration', '100ms', '--format', 'csv',
    ]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^\[1\/1\] fixture\.throws threads=1 failed: error/m);
    assert.match(result.stdout.split('\r\n')[1], /^fixture\.throws,fixture,3,1,failed,error,/);
  });

  it('writes its five report files with --out and says where report.html is', async () => {
    const out = path.join(dir, 'reports', 'nested');
    const result = await runCli(['once', '--config', lenient, ...FAST, '--format', 'csv', '--out', out]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(readdirSync(out).sort(), ['histograms.hlog', 'report.html', 'report.md', 'results.csv', 'results.json']);
    assert.ok(result.stderr.split('\n').includes(`report: ${path.join(out, 'report.html')}`), result.stderr);
    const json: unknown = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
    assertSuiteResultShape(json);
    assert.equal(readFileSync(path.join(out, 'results.csv'), 'utf8').split('\r\n')[1].split(',')[0], WORKLOAD);
    assert.match(readFileSync(path.join(out, 'report.md'), 'utf8'), /^# vmsoak report/);
    assert.match(result.stdout, /^workload,category,tier,threads,/);
  });

  it('runs every suite of the config with the flags applied', async () => {
    const twoSuites = path.join(dir, 'two-suites.yaml');
    writeFileSync(twoSuites, [
      'suites:',
      `  - name: first\n    workloads: [${WORKLOAD}]\n    threads: [2]`,
      `  - name: second\n    workloads: [${WORKLOAD}]`,
    ].join('\n'));
    const result = await runCli(['once', '--config', twoSuites, '--threads', '1', '--duration', '100ms', '--warmup', '0', '--format', 'json']);
    assert.ok(result.code === 0 || result.code === 1, result.stderr);
    const parsed: unknown = JSON.parse(result.stdout);
    assertSuiteResultShape(parsed);
    assert.deepEqual(parsed.results.map((run) => [run.workload, run.threads]), [[WORKLOAD, 1], [WORKLOAD, 1]]);
    assert.match(result.stderr, /^\[first 1\/1\]/m);
    assert.match(result.stderr, /^\[second 1\/1\]/m);
  });
});

describe('vmsoak list', () => {
  it('lists the catalog as JSON with KPI targets', async () => {
    const result = await runCli(['list', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const catalog = JSON.parse(result.stdout) as { name: string; tier: number; params: { threads: number[] }; kpis: { target: number }[] }[];
    const entry = catalog.find((workload) => workload.name === WORKLOAD);
    assert.ok(entry);
    assert.ok(entry.params.threads.length > 0);
    assert.ok(entry.kpis.every((kpi) => typeof kpi.target === 'number'));
  });

  it('lists every workload in the table', async () => {
    const [table, json] = await Promise.all([runCli(['list']), runCli(['list', '--format', 'json'])]);
    assert.equal(table.code, 0, table.stderr);
    for (const { name } of JSON.parse(json.stdout) as { name: string }[]) assert.match(table.stdout, new RegExp(`^${name.replace('.', '\\.')} `, 'm'));
  });
});
