/**
 * A history for a fresh daemon's data directory, made from the real runs it already logged:
 * each logged run is repeated at earlier times, the older half with its latencies scaled by
 * `stepFactor`, so that on restart the daemon loads a rolling baseline (enough runs in the
 * window) and a step in every series (a change point), as a daemon that ran for a day would.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { RunResult } from '../../src/model/result.ts';

export interface SeedOptions {
  /** Copies of each logged run, spaced `spacingMs` apart, the newest `spacingMs` before the run. */
  copies: number;
  spacingMs: number;
  /** Latency factor of the older half of the copies. */
  stepFactor: number;
  /** Latency factor of the newer half; default 1 (as measured). Both below 1: every earlier run was faster, a regression now. */
  newerFactor?: number;
}

function scaled(run: RunResult, factor: number, at: number): RunResult {
  const latency = { ...run.latencyNs };
  for (const key of Object.keys(latency) as Array<keyof typeof latency>) latency[key] *= factor;
  return {
    ...run,
    startedAt: new Date(at).toISOString(),
    latencyNs: latency,
    sumNs: run.sumNs * factor,
    opsPerSecond: run.opsPerSecond / factor,
    samples: run.samples.map((sample) => sample * factor),
  };
}

/** Rewrites the results log with the seeded copies first (oldest first), then the real runs. */
export async function seedHistory(resultsLog: string, options: SeedOptions): Promise<number> {
  const lines = (await readFile(resultsLog, 'utf8')).split('\n').filter((line) => line !== '');
  const runs = lines.map((line) => JSON.parse(line) as RunResult).filter((run) => run.status === 'ok');
  const seeded: string[] = [];
  for (let copy = options.copies; copy >= 1; copy--) {
    const factor = copy > options.copies / 2 ? options.stepFactor : options.newerFactor ?? 1;
    for (const run of runs) seeded.push(JSON.stringify(scaled(run, factor, Date.parse(run.startedAt) - copy * options.spacingMs)));
  }
  await writeFile(resultsLog, `${[...seeded, ...lines].join('\n')}\n`);
  return seeded.length;
}
