/**
 * A synthetic runtime regression written into a real results log: every run of one
 * workload from a given minute on is made `fraction` slower (its latencies, samples and
 * time-unit KPIs scaled up, its throughput down). Replayed (bench/replay-verdicts.ts
 * --step), it shows whether the daemon still calls a real step `runtime` on the noise of a
 * real node, where the node rule (analysis/node-shift.ts) could explain it away.
 */
import type { RunResult } from '../src/model/result.ts';

export interface InjectedStep {
  workload: string;
  /** 0.1 = 10 % slower. */
  fraction: number;
  /** Minutes after the log's first run. */
  fromMinute: number;
}

/** Parses `WORKLOAD:FRACTION:MINUTE`, e.g. `tier1.counter-increment:0.1:15`. */
export function parseStep(text: string): InjectedStep {
  const [workload, fraction, minute] = text.split(':');
  const step = { workload: workload ?? '', fraction: Number(fraction), fromMinute: Number(minute) };
  if (step.workload === '' || !(step.fraction > 0) || !(step.fromMinute >= 0)) {
    throw new RangeError(`--step: expected WORKLOAD:FRACTION:MINUTE such as tier1.counter-increment:0.1:15, got "${text}"`);
  }
  return step;
}

export function injectStep(runs: readonly RunResult[], step: InjectedStep): RunResult[] {
  if (runs.length === 0) return [];
  const from = Date.parse(runs[0].startedAt) + step.fromMinute * 60_000;
  const factor = 1 + step.fraction;
  return runs.map((run) => {
    if (run.workload !== step.workload || Date.parse(run.startedAt) < from || run.status !== 'ok') return run;
    const { min, p50, p90, p99, p999, max, mean, stddev } = run.latencyNs;
    const latencyNs = {
      min: min * factor, p50: p50 * factor, p90: p90 * factor, p99: p99 * factor, p999: p999 * factor, max: max * factor, mean: mean * factor, stddev: stddev * factor,
    };
    return {
      ...run, latencyNs, opsPerSecond: run.opsPerSecond / factor, samples: run.samples.map((value) => value * factor),
      kpis: run.kpis.map((kpi) => (kpi.unit === 'ns' && kpi.value !== null ? { ...kpi, value: kpi.value * factor } : kpi)),
    };
  });
}
