/** A daemon on 127.0.0.1:0 with a fake runner, a fixture catalog and a temp data dir. */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { defaultConfig } from '../../src/config/defaults.ts';
import type { Config, SuiteConfig } from '../../src/config/types.ts';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.ts';
import type { RunResult, SuiteResult } from '../../src/model/result.ts';
import type { runSuite } from '../../src/run/suite.ts';
import type { LoadedWorkload } from '../../src/workloads/registry.ts';
import { TEST_ENVIRONMENT, testWorkload } from '../export/run-fixture.ts';

export const FIXTURE_CATALOG: LoadedWorkload[] = [
  { workload: testWorkload, moduleUrl: 'file:///fixture/never-imported.ts', builtin: false },
];

/** A cron expression that will not fire during a test: midnight on January 1st. */
export const NEVER = '0 0 1 1 *';

export function suite(overrides: Partial<SuiteConfig> = {}): SuiteConfig {
  return { name: 'pass', schedule: NEVER, runOnStart: true, workloads: ['contention.*'], duration: 100, warmup: 20, ...overrides };
}

export type RunSuite = typeof runSuite;

/** A runner that announces and returns `produce()`'s results, as run/suite.ts does. */
export function fakeRunner(produce: (suite: SuiteConfig) => Promise<RunResult[]>): RunSuite {
  return async (_config, suiteConfig, _catalog, hooks = {}) => {
    const startedAt = new Date().toISOString();
    const results = await produce(suiteConfig);
    for (const [index, result] of results.entries()) {
      hooks.onProgress?.({ index, total: results.length, workload: result.workload, threads: result.threads });
      hooks.onResult?.(result);
    }
    const suiteResult: SuiteResult = {
      ...TEST_ENVIRONMENT, seed: 7, startedAt, finishedAt: new Date().toISOString(), results,
    };
    return suiteResult;
  };
}

export interface TestDaemon {
  daemon: Daemon;
  config: Config;
  dataDir: string;
  url(pathname: string): string;
  stop(): Promise<void>;
}

export function daemonConfig(dataDir: string, overrides: Partial<Config> = {}): Config {
  return {
    listen: '127.0.0.1:0', dataDir, logLevel: 'silent', shutdownTimeout: 5000, runTimeout: 10_000,
    resourceLimits: { maxOldGenerationSizeMb: 256 }, runner: defaultConfig().runner, workloadModules: [], suites: [suite()], kpis: {},
    exporters: ['prometheus'], otel: defaultConfig().otel, baseline: defaultConfig().baseline, history: defaultConfig().history,
    judgement: defaultConfig().judgement, kpiWindow: defaultConfig().kpiWindow, metrics: defaultConfig().metrics,
    ...overrides,
  };
}

export function tempDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'vmsoak-daemon-'));
}

export async function startTestDaemon(runner: RunSuite, overrides: Partial<Config> = {}, continuousPauseMs?: number): Promise<TestDaemon> {
  const dataDir = await tempDataDir();
  const config = daemonConfig(dataDir, overrides);
  let daemon: Daemon;
  try {
    daemon = await startDaemon(config, {
      logger: pino({ level: 'silent' }), catalog: FIXTURE_CATALOG, handleSignals: false, runSuite: runner, continuousPauseMs,
    });
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    daemon, config, dataDir,
    url: (pathname) => new URL(pathname, daemon.url).href,
    stop: async () => {
      await daemon.close('test finished');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls until `check` returns a value; gives up after `limitMs` so a broken daemon fails the test instead of hanging it. */
export async function eventually<T>(check: () => Promise<T | undefined>, what: string, limitMs = 15_000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
