/**
 * `node bench/replay-verdicts.ts <results.jsonl> [--verbose]`: the daemon's verdicts on a
 * results log, replayed run by run through its own history and regression tracker with the
 * default config, as if the daemon had started at the log's first run. Prints the regression
 * verdicts and change points by cause and the KPI window state changes after each KPI's
 * first full window: the A/A soak's verdict figures for a log kept with
 * VMSOAK_BENCH_KEEP_DATA=1, under the analysis code of the checkout that replays it.
 * `--step WORKLOAD:FRACTION:MINUTE` first injects a synthetic runtime regression
 * (bench/inject-step.ts); `REPLAY_KPI_FOR_MS` overrides kpiWindow.for.
 */
import { readFileSync } from 'node:fs';
import { defaultConfig } from '../src/config/defaults.ts';
import { RegressionTracker } from '../src/daemon/regression-tracker.ts';
import { RunHistory } from '../src/daemon/run-history.ts';
import type { RegressionMetrics } from '../src/export/prometheus/regression-metrics.ts';
import type { ChangePointView } from '../src/model/report-views.ts';
import type { RunResult } from '../src/model/result.ts';
import { injectStep, parseStep } from './inject-step.ts';

export interface ReplayedVerdicts {
  runs: number;
  /** `workload@threads cause`, in the order given. */
  regressions: string[];
  /** `workload@threads cause at`. */
  changePoints: string[];
  /** `kpi@threads from->to at minute`. */
  kpiStateChanges: string[];
}

export function replayVerdicts(runs: readonly RunResult[]): ReplayedVerdicts {
  const config = defaultConfig();
  if (process.env.REPLAY_KPI_FOR_MS !== undefined) config.kpiWindow.for = Number(process.env.REPLAY_KPI_FOR_MS);
  const replayed: ReplayedVerdicts = { runs: runs.length, regressions: [], changePoints: [], kpiStateChanges: [] };
  if (runs.length === 0) return replayed;
  const metrics = {
    observeComparison() {},
    observeRegression(workload: string, threads: number, cause: string) {
      const comparison = tracker.report().series.find((series) => series.workload === workload && series.threads === threads);
      replayed.regressions.push(`${workload}@${threads} ${cause} ${observing} (${comparison?.causeReason ?? 'no reason'})`);
    },
    observeChangePoints(workload: string, threads: number, points: readonly ChangePointView[]) {
      for (const point of points) {
        replayed.changePoints.push(`${workload}@${threads} ${point.cause ?? 'runtime'} ${point.at} ${(point.change * 100).toFixed(1)} % (${point.causeReason ?? 'no reason'})`);
      }
    },
  } as unknown as RegressionMetrics;
  const history = new RunHistory({
    changePoints: config.history.changePoints, judgement: config.judgement, kpiWindow: config.kpiWindow, since: runs[0].startedAt,
  });
  const tracker: RegressionTracker = new RegressionTracker(config, history, metrics);
  let observing = '';
  const states = new Map<string, string>();
  const startMs = Date.parse(runs[0].startedAt);
  for (const run of runs) {
    observing = run.startedAt;
    for (const verdict of tracker.observe(run).kpiWindow) {
      if (verdict.state === 'pending') continue;
      const key = `${verdict.id}@${verdict.threads}`;
      const before = states.get(key);
      const minute = ((Date.parse(run.startedAt) - startMs) / 60_000).toFixed(1);
      if (before !== undefined && before !== verdict.state) replayed.kpiStateChanges.push(`${key} ${before}->${verdict.state} at ${minute} min (window median ${verdict.value}, target ${verdict.target})`);
      states.set(key, verdict.state);
    }
  }
  return replayed;
}

/** The runs of a results log (one JSON object per line). */
export function readResultsLog(file: string): RunResult[] {
  return readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as RunResult);
}

function byCause(entries: readonly string[], cause: string): number {
  return entries.filter((entry) => entry.split(' ')[1] === cause).length;
}

if (import.meta.main) {
  const [file] = process.argv.slice(2).filter((arg, i, args) => !arg.startsWith('-') && args[i - 1] !== '--step');
  if (file === undefined) {
    process.stderr.write('usage: node bench/replay-verdicts.ts <results.jsonl> [--verbose] [--step WORKLOAD:FRACTION:MINUTE]\n');
    process.exit(2);
  }
  const logged = readResultsLog(file);
  const stepAt = process.argv.indexOf('--step');
  const runs = stepAt > 0 ? injectStep(logged, parseStep(process.argv[stepAt + 1] ?? '')) : logged;
  const replayed = replayVerdicts(runs);
  process.stdout.write(`${replayed.runs} runs; regression verdicts: runtime ${byCause(replayed.regressions, 'runtime')}, environment ${byCause(replayed.regressions, 'environment')}; `
    + `change points: runtime ${byCause(replayed.changePoints, 'runtime')}, environment ${byCause(replayed.changePoints, 'environment')}; `
    + `KPI state changes after the first full window: ${replayed.kpiStateChanges.length}\n`);
  if (process.argv.includes('--verbose')) {
    for (const line of [...replayed.regressions, ...replayed.changePoints, ...replayed.kpiStateChanges]) process.stdout.write(`${line}\n`);
  }
}
