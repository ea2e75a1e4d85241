/**
 * A real Prometheus (Debian's `prometheus` package) for tests: a temporary config and data
 * directory, a free loopback port, a 1 s scrape interval, and a query helper over its HTTP
 * API. A test that needs it passes `{ skip: prometheusSkipReason() }`; `stop()` always
 * ends the process and removes the directory, and is safe to call twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { externalBinary } from './external-binary.ts';

const PROMETHEUS = externalBinary({
  name: 'Prometheus', envVar: 'PROMETHEUS_PATH', paths: ['/usr/bin/prometheus'], install: 'apt-get install prometheus',
});

export const findPrometheus = PROMETHEUS.find;
export const prometheusSkipReason = PROMETHEUS.skipReason;

export interface ScrapeTarget {
  job: string;
  /** host:port */
  address: string;
  metricsPath: string;
  /** More scrape_config keys (scheme, tls_config, basic_auth), as Prometheus spells them. */
  scrape?: Record<string, unknown>;
}

export interface PromVectorSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface PrometheusOptions {
  /** Rule files to load (recording and alerting rules), evaluated every second. */
  ruleFiles?: readonly string[];
  /** Whole scrape_configs entries, as Prometheus spells them, after those of the targets. */
  scrapeConfigs?: ReadonlyArray<Record<string, unknown>>;
  /** Runs on the empty data directory before Prometheus starts, e.g. to backfill blocks into it. */
  prepareDataDir?(dataDir: string): Promise<void>;
}

export interface PrometheusServer {
  url: string;
  /** An instant query; throws on an API error. */
  query(expression: string): Promise<PromVectorSample[]>;
  /** What Prometheus logged, for failure messages. */
  log(): string;
  stop(): Promise<void>;
}

/** One scrape config per job (Prometheus refuses a job name twice); a job's targets share its first target's settings. */
function scrapeConfigs(targets: readonly ScrapeTarget[]): Array<Record<string, unknown>> {
  const jobs = new Map<string, { first: ScrapeTarget; addresses: string[] }>();
  for (const target of targets) {
    const job = jobs.get(target.job);
    if (job === undefined) jobs.set(target.job, { first: target, addresses: [target.address] });
    else job.addresses.push(target.address);
  }
  return [...jobs.values()].map(({ first, addresses }) => ({
    job_name: first.job, metrics_path: first.metricsPath, static_configs: [{ targets: addresses }], ...first.scrape,
  }));
}

export async function freeLoopbackPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

export async function startPrometheus(targets: readonly ScrapeTarget[], options: PrometheusOptions = {}): Promise<PrometheusServer> {
  const binary = findPrometheus();
  if (binary === null) throw new Error(prometheusSkipReason() || 'Prometheus not found');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'vmsoak-prometheus-'));
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(configFile, stringify({
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: options.ruleFiles ?? [],
    scrape_configs: [...scrapeConfigs(targets), ...options.scrapeConfigs ?? []],
  }));
  const dataDir = path.join(dir, 'data');
  try {
    await options.prepareDataDir?.(dataDir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const port = await freeLoopbackPort();
  const child = spawn(binary, [
    `--config.file=${configFile}`, `--storage.tsdb.path=${dataDir}`,
    `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { output += chunk; });
  const url = `http://127.0.0.1:${port}`;
  let stopped: Promise<void> | null = null;
  const server: PrometheusServer = {
    url,
    log: () => output,
    async query(expression) {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expression })}`);
      const body = await response.json() as { status: string; error?: string; data?: { resultType: string; result: PromVectorSample[] } };
      if (body.status !== 'success' || body.data === undefined) throw new Error(`query ${expression}: ${body.error ?? response.status}`);
      return body.data.result;
    },
    stop() {
      stopped ??= stopProcess(child).then(() => rm(dir, { recursive: true, force: true }));
      return stopped;
    },
  };
  try {
    await waitForReady(url, child, () => output);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

async function waitForReady(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}: ${output()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`prometheus did not become ready: ${output()}`);
}
