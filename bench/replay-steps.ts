/**
 * `node bench/replay-steps.ts <results.jsonl> [--fraction 0.2]`: how many synthetic runtime
 * regressions the daemon finds on the noise of a real results log. Each of the log's
 * workloads in turn is made `fraction` slower from minute 4, 10, 15, 20 and 25
 * (bench/inject-step.ts), and the log is replayed (bench/replay-verdicts.ts). A step counts
 * as found when a `runtime` regression or change point of its workload comes no earlier
 * than a minute before it; the latency is from the step to the first of them. The A/A
 * replay of the same log says what the node alone makes of it; this says what that costs.
 */
import { injectStep } from './inject-step.ts';
import { readResultsLog, replayVerdicts } from './replay-verdicts.ts';
import type { RunResult } from '../src/model/result.ts';

const MINUTES = [4, 10, 15, 20, 25];

export interface StepFigures {
  steps: number;
  regressions: number;
  foundAtAll: number;
  /** Minutes from each found step to its first runtime verdict, sorted. */
  latencies: number[];
}

export function replaySteps(runs: readonly RunResult[], fraction: number, minutes: readonly number[] = MINUTES): StepFigures {
  const figures: StepFigures = { steps: 0, regressions: 0, foundAtAll: 0, latencies: [] };
  if (runs.length === 0) return figures;
  const start = Date.parse(runs[0].startedAt);
  for (const workload of [...new Set(runs.map((run) => run.workload))]) {
    for (const fromMinute of minutes) {
      const from = start + fromMinute * 60_000;
      const replayed = replayVerdicts(injectStep(runs, { workload, fraction, fromMinute }));
      const runtimeTimes = (lines: readonly string[]) => lines.filter((line) => line.startsWith(`${workload}@`) && line.split(' ')[1] === 'runtime')
        .map((line) => Date.parse(line.split(' ')[2])).filter((at) => at >= from - 60_000);
      const regressions = runtimeTimes(replayed.regressions);
      const found = [...regressions, ...runtimeTimes(replayed.changePoints)];
      figures.steps++;
      if (regressions.length > 0) figures.regressions++;
      if (found.length > 0) {
        figures.foundAtAll++;
        figures.latencies.push((Math.min(...found) - from) / 60_000);
      }
    }
  }
  figures.latencies.sort((a, b) => a - b);
  return figures;
}

if (import.meta.main) {
  const args = process.argv.slice(2);
  const fractionAt = args.indexOf('--fraction');
  const fraction = fractionAt >= 0 ? Number(args[fractionAt + 1]) : 0.2;
  const file = args.find((arg, i) => !arg.startsWith('-') && args[i - 1] !== '--fraction');
  if (file === undefined || !(fraction > 0)) {
    process.stderr.write('usage: node bench/replay-steps.ts <results.jsonl> [--fraction 0.2]\n');
    process.exit(2);
  }
  const figures = replaySteps(readResultsLog(file), fraction);
  const at = (q: number) => figures.latencies[Math.floor(q * (figures.latencies.length - 1))]?.toFixed(1) ?? '-';
  process.stdout.write(`${figures.steps} steps of +${Math.round(fraction * 100)} %: runtime regression ${figures.regressions}, runtime regression or change point ${figures.foundAtAll}; `
    + `minutes to the first: p50 ${at(0.5)}, max ${at(1)}\n`);
}
