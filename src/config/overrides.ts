/**
 * `vmsoak once` overrides: command-line settings that replace fields of every suite, or
 * an ad-hoc suite when `--workload` is given. The result is validated again, so a
 * `--duration` that no longer fits into runTimeout fails with the flag's name.
 */
import { UsageError } from '../errors.ts';
import { DEFAULT_SUITE } from './defaults.ts';
import { formatDuration } from './duration.ts';
import type { Config, SuiteConfig } from './types.ts';

/** Already parsed values (durations in milliseconds). */
export interface SuiteOverrides {
  workloads?: string[];
  threads?: number[];
  duration?: number;
  warmup?: number;
  iterations?: number;
  seed?: number;
}

/** The name of the suite `once --workload` runs. */
export const AD_HOC_SUITE = 'once';

function overridden(suite: SuiteConfig, overrides: SuiteOverrides): SuiteConfig {
  const result: SuiteConfig = { ...suite };
  if (overrides.threads !== undefined) result.threads = overrides.threads;
  if (overrides.duration !== undefined) result.duration = overrides.duration;
  if (overrides.warmup !== undefined) result.warmup = overrides.warmup;
  if (overrides.iterations !== undefined) result.iterations = overrides.iterations;
  if (overrides.seed !== undefined) result.seed = overrides.seed;
  return result;
}

/** The suites `once` runs: the config's suites with the flags applied, or one ad-hoc suite. */
export function suitesForOnce(config: Config, overrides: SuiteOverrides): SuiteConfig[] {
  const suites = overrides.workloads !== undefined && overrides.workloads.length > 0
    ? [overridden({ name: AD_HOC_SUITE, ...DEFAULT_SUITE, workloads: overrides.workloads }, overrides)]
    : config.suites.map((suite) => overridden(suite, overrides));
  for (const suite of suites) {
    if (suite.warmup + suite.duration > config.runTimeout) {
      const flag = overrides.duration !== undefined ? '--duration' : overrides.warmup !== undefined ? '--warmup' : `suite ${suite.name}`;
      throw new UsageError(
        `${flag}: warmup + duration (${formatDuration(suite.warmup + suite.duration)}) must not exceed runTimeout `
        + `(${formatDuration(config.runTimeout)}); raise it with --run-timeout`,
      );
    }
  }
  return suites;
}
