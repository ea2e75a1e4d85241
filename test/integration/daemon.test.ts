/**
 * The real thing end to end: `vmsoak run` as a child process with a short config, one pass
 * of contention.padded-counter at 1 and 2 threads on real worker threads, /metrics scraped
 * and parsed, then SIGTERM and a clean exit.
 *
 * The suite's cron fires at midnight on January 1st only and runOnStart starts one pass, so
 * exactly one pass runs and the counters can be compared with /api/results.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { stringify } from 'yaml';
import type { SuiteResult } from '../../src/model/result.ts';
import { eventually } from '../daemon/daemon-fixture.ts';
import { family, numericValue, parseExposition, sample, samples, type PromFamily } from '../export/prom-text.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
const WORKLOAD = 'contention.padded-counter';
const THREADS = [1, 2];
const SHUTDOWN_TIMEOUT_MS = 10_000;

interface Spawned {
  child: ChildProcess;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  baseUrl: string;
  logLines: Array<Record<string, unknown>>;
  stderr(): string;
}

const dirs: string[] = [];
const children: ChildProcess[] = [];

/** Starts `vmsoak run` with one suite of WORKLOAD; resolves once it logged where it listens. */
async function spawnDaemon(duration: string): Promise<Spawned> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-integration-'));
  dirs.push(dir);
  const configFile = path.join(dir, 'vmsoak.yaml');
  await writeFile(configFile, stringify({
    listen: '127.0.0.1:0',
    dataDir: path.join(dir, 'data'),
    logLevel: 'info',
    shutdownTimeout: `${SHUTDOWN_TIMEOUT_MS}ms`,
    runTimeout: '120s',
    suites: [{
      name: 'integration', schedule: '0 0 1 1 *', runOnStart: true,
      workloads: [WORKLOAD], threads: THREADS, duration, warmup: '50ms',
    }],
  }));
  const child = spawn(NODE, [path.join(ROOT, 'src/cli.ts'), 'run', '--config', configFile], {
    cwd: dir, stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const logLines: Array<Record<string, unknown>> = [];
  // The first log line with a `url` says where it listens (port 0 picked a free one).
  const listening = Promise.withResolvers<string>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logLines.push(entry);
      if (typeof entry.url === 'string') listening.resolve(entry.url);
    } catch {
      // not a log line
    }
  });
  void exit.then(({ code }) => listening.reject(new Error(`vmsoak exited (${code}) before listening: ${stderr}`)));
  return { child, exit, baseUrl: await listening.promise, logLines, stderr: () => stderr };
}

/** The exit of a child sent SIGTERM, or 'timeout' past the shutdown timeout plus process start-up slack. */
function exitAfterSigterm(daemon: Spawned): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'timeout'> {
  daemon.child.kill('SIGTERM');
  return Promise.race([
    daemon.exit,
    new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), SHUTDOWN_TIMEOUT_MS + 5000).unref()),
  ]);
}

async function scrape(baseUrl: string): Promise<Map<string, PromFamily>> {
  return parseExposition(await (await fetch(new URL('metrics', baseUrl))).text());
}

let daemon: Spawned;
let results: SuiteResult;
let families: Map<string, PromFamily>;

before(async () => {
  daemon = await spawnDaemon('300ms');
  // The pass counter moves after the pass's last result: once it is 1, everything is in.
  await eventually(async () => {
    const scraped = await scrape(daemon.baseUrl);
    return numericValue(sample(scraped, 'vmsoak_suite_runs_total', { suite: 'integration' })) === 1 ? true : undefined;
  }, 'a completed pass', 120_000);
  results = await (await fetch(new URL('api/results', daemon.baseUrl))).json() as SuiteResult;
  families = await scrape(daemon.baseUrl);
});

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('vmsoak run (integration)', () => {
  it('completed real runs', () => {
    for (const result of results.results) {
      assert.equal(result.workload, WORKLOAD);
      assert.equal(result.status, 'ok', JSON.stringify(result.error));
      assert.ok(result.ops > 0);
    }
    assert.deepEqual(results.results.map((r) => r.threads), THREADS);
  });

  it('exposes the vmsoak_ families with their types and labels', () => {
    const types: Record<string, PromFamily['type']> = {
      vmsoak_workload_latency_seconds: 'HISTOGRAM',
      vmsoak_workload_latency_last_seconds: 'GAUGE',
      vmsoak_workload_cv_ratio: 'GAUGE',
      vmsoak_workload_fairness_jain_ratio: 'GAUGE',
      vmsoak_kpi_target: 'GAUGE',
      vmsoak_kpi_breached: 'GAUGE',
      vmsoak_runs_total: 'COUNTER',
      vmsoak_run_failures_total: 'COUNTER',
      vmsoak_last_success_timestamp_seconds: 'GAUGE',
      vmsoak_suite_runs_total: 'COUNTER',
      vmsoak_suite_last_duration_seconds: 'GAUGE',
      vmsoak_timer_cost_seconds: 'GAUGE',
      vmsoak_timer_resolution_seconds: 'GAUGE',
      vmsoak_build_info: 'GAUGE',
      vmsoak_cpus: 'GAUGE',
    };
    for (const [name, type] of Object.entries(types)) assert.equal(family(families, name).type, type, name);
    // Full detail only (metrics.detail); the daemon runs with the default.
    for (const name of ['vmsoak_last_run_timestamp_seconds', 'vmsoak_measurement_overhead_seconds', 'vmsoak_kpi_value', 'vmsoak_workload_ops_per_second']) {
      assert.equal(families.has(name), false, name);
    }
    for (const name of ['vmsoak_workload_latency_seconds', 'vmsoak_runs_total', 'vmsoak_workload_latency_last_seconds']) {
      for (const threads of THREADS) {
        const found = sample(families, name, { workload: WORKLOAD, threads: String(threads) });
        assert.equal(found.labels?.category, 'contention', name);
      }
    }
    assert.equal(numericValue(sample(families, 'vmsoak_suite_runs_total', { suite: 'integration' })), 1);
    assert.ok(families.has('nodejs_eventloop_lag_seconds'));
  });

  it('counts exactly the operations /api/results reports, in a consistent histogram', () => {
    for (const result of results.results) {
      const labels = { workload: WORKLOAD, threads: String(result.threads) };
      const histogram = sample(families, 'vmsoak_workload_latency_seconds', labels);
      assert.equal(Number(histogram.count), result.ops);
      assert.equal(Number(histogram.buckets?.['+Inf']), result.ops);
      // No Atomics.add takes 1 s: the largest finite bucket (default detail) holds every HDR
      // count, so the HDR total equals ops as well.
      assert.equal(Number(histogram.buckets?.['1']), result.ops);
      const sumSeconds = Number(histogram.sum);
      assert.ok(Math.abs(sumSeconds - result.sumNs / 1e9) <= (result.sumNs / 1e9) * 1e-9, 'sum');
      assert.equal(numericValue(sample(families, 'vmsoak_runs_total', labels)), 1);
      // Default detail: a failure series appears with its first failure.
      assert.equal(samples(families, 'vmsoak_run_failures_total', labels).length, 0);
    }
  });

  it('carries version, node and v8 in build_info', () => {
    const build = sample(families, 'vmsoak_build_info');
    assert.deepEqual(build.labels, { version: results.vmsoak, node: results.node, v8: results.v8 });
    assert.ok(Number(results.node.split('.')[0]) >= 24, `node ${results.node}`);
    assert.match(results.v8, /^\d+\.\d+/);
  });

  it('exits 0 on SIGTERM within the shutdown timeout', async () => {
    const outcome = await exitAfterSigterm(daemon);
    assert.notEqual(outcome, 'timeout', 'vmsoak did not exit after SIGTERM');
    assert.deepEqual(outcome, { code: 0, signal: null }, daemon.stderr());
  });
});

describe('vmsoak run: SIGTERM during a run (integration)', () => {
  it('aborts the run in flight, records nothing half-done and exits 0 within the shutdown timeout', async () => {
    const busy = await spawnDaemon('60s');
    await eventually(async () => {
      const html = await (await fetch(busy.baseUrl)).text();
      return html.includes('Running: suite integration') ? true : undefined;
    }, 'the run to start', 60_000);
    const outcome = await exitAfterSigterm(busy);
    assert.notEqual(outcome, 'timeout', 'vmsoak did not exit after SIGTERM');
    assert.deepEqual(outcome, { code: 0, signal: null }, busy.stderr());
    const messages = busy.logLines.map((line) => line.msg);
    const events = busy.logLines.map((line) => line.event);
    assert.ok(events.includes('suite pass aborted by shutdown'), JSON.stringify(messages));
    assert.ok(messages.includes('vmsoak stopped'));
    assert.ok(!events.includes('run finished'), 'no result from the aborted run');
  });
});
