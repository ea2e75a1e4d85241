/** Facts about the measuring process that every result carries; the clock is calibrated once. */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { calibrateClock } from '../measure/clock.ts';

const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export const VMSOAK_VERSION: string = packageJson.version;

export interface Environment {
  vmsoak: string;
  node: string;
  v8: string;
  cpus: number;
  timerCostNs: number;
  timerResolutionNs: number;
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
      timerCostNs: clock.timerCostNs,
      timerResolutionNs: clock.timerResolutionNs,
    };
  }
  return cached;
}
