/** Facts about the measuring process that every result carries; the clock is calibrated once. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { calibrateClock } from '../measure/clock.ts';
import { effectiveCpus } from '../measure/interference/effective-cpus.ts';
import { interferenceProbe } from '../measure/interference/probe.ts';
import type { Environment } from '../model/environment.ts';

export type { Environment } from '../model/environment.ts';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const VMSOAK_VERSION: string = packageJson.version;

/**
 * os.availableParallelism() bounded by the cgroup quota and cpuset, read afresh: a pod's CPU
 * limit can be resized while it runs, so each run reads it again.
 */
export function effectiveCpusNow(): number {
  return effectiveCpus(interferenceProbe().cpuLimits(os.availableParallelism()));
}

let cached: Environment | null = null;

export function environment(): Environment {
  if (cached === null) {
    const clock = calibrateClock();
    cached = {
      vmsoak: VMSOAK_VERSION,
      node: process.versions.node,
      v8: process.versions.v8,
      cpus: os.availableParallelism(),
      effectiveCpus: effectiveCpusNow(),
      timerCostNs: clock.timerCostNs,
      timerResolutionNs: clock.timerResolutionNs,
    };
  }
  return cached;
}
