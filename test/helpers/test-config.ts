/** A small, fast Config for tests that drive the runner directly. */
import { defaultConfig } from '../../src/config/defaults.ts';
import type { Config, SuiteConfig } from '../../src/config/types.ts';

export function testSuite(overrides: Partial<SuiteConfig> = {}): SuiteConfig {
  return {
    name: 'test', schedule: 'continuous', runOnStart: true, workloads: ['*'], duration: 100, warmup: 20, ...overrides,
  };
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return {
    listen: '127.0.0.1:0', dataDir: './var/test', logLevel: 'silent', shutdownTimeout: 5000, runTimeout: 20_000,
    resourceLimits: { maxOldGenerationSizeMb: 256 }, runner: defaultConfig().runner, workloadModules: [], suites: [testSuite()], kpis: {},
    exporters: ['prometheus'], otel: defaultConfig().otel, baseline: defaultConfig().baseline, history: defaultConfig().history,
    judgement: defaultConfig().judgement, kpiWindow: defaultConfig().kpiWindow, metrics: defaultConfig().metrics,
    ...overrides,
  };
}
