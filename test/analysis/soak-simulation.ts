/**
 * A seeded soak of one tier-1-like series, judged by the real analysis functions the way the
 * daemon judges it: every judged run, the last 5 judged runs (the KPI window) against the
 * rolling window of judged runs before them; change points over the judged runs' means,
 * each labelled with its cause from the interference around it.
 *
 * The node: run-level noise is log-normal with a CV of 1–3 % per series (a quiet node's
 * run-to-run spread of a tier-1 op); inside a run, 20 batch samples (what the rolling window
 * keeps of a run) with a CV of 4 % and one batch in 50 preempted (3×). A run's mean and p50
 * are those of its full run of ~1,000 batches, where the preempted share is close to 2 %:
 * the level × 1.04 and the level. Interference episodes of 3–12 runs make runs 20–33 %
 * slower; the other processes' CPU of those runs is 0.8–1.6 (threshold 0.5), and they are
 * marked disturbed, as the judgement would mark them. No wall clock: times are synthetic.
 */
import { changePointsOver, type HistoryPoint } from '../../src/analysis/history-trends.ts';
import { type HistoryRun, rollingComparison } from '../../src/analysis/rolling-baseline.ts';
import { decideSeries, testSeries } from '../../src/analysis/series-comparison.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import type { Interference } from '../../src/model/interference.ts';
import { robustCv } from '../../src/measure/robust-stats.ts';
import { seededRandom, type SeededRandom } from '../helpers/seeded-random.ts';

export const RUNS = 60;
/** Judged runs per current window: the default KPI window. */
export const CURRENT_RUNS = defaultConfig().kpiWindow.runs;
const SAMPLES_PER_RUN = 20;
const PREEMPTED_SHARE = 0.02;
const RUN_INTERVAL_MS = 15 * 60_000;
const START = Date.parse('2026-01-01T00:00:00Z');

export interface SimulatedRun {
  at: string;
  judged: boolean;
  history: HistoryRun;
  interference: Interference;
}

export interface Scenario {
  /** Index of the first run after a slowdown of `slowdown` (e.g. 0.10); none for A/A. */
  stepAt?: number;
  slowdown?: number;
  /** Interference episodes (disturbed and slower runs). */
  episodes: boolean;
}

function interferenceOf(otherCpus: number): Interference {
  return {
    windowSeconds: 1.3, ownCpuSeconds: 1.25, otherCpuSeconds: otherCpus * 1.3, otherCpus, cpusWatched: 2, stealSeconds: 0, stealRatio: 0,
    periods: 0, throttledPeriods: 0, throttledSeconds: 0, throttledRatio: 0, cpuPressureSeconds: null, cpuPressureRatio: null,
    involuntarySwitches: null, involuntarySwitchesPerSecond: null, unavailable: { psi: 'simulated' },
  };
}

function episodeMask(random: SeededRandom): boolean[] {
  const mask = Array.from({ length: RUNS }, () => false);
  const episodes = 1 + Math.floor(random.uniform() * 3);
  for (let e = 0; e < episodes; e++) {
    const length = 3 + Math.floor(random.uniform() * 10);
    const start = Math.floor(random.uniform() * (RUNS - length));
    for (let i = start; i < start + length; i++) mask[i] = true;
  }
  return mask;
}

export function simulateSeries(seed: number, scenario: Scenario): SimulatedRun[] {
  const random = seededRandom(seed);
  const runCv = 0.01 + 0.02 * random.uniform();
  const disturbed = scenario.episodes ? episodeMask(random) : Array.from({ length: RUNS }, () => false);
  return Array.from({ length: RUNS }, (_, i) => {
    const at = new Date(START + i * RUN_INTERVAL_MS).toISOString();
    const stepped = scenario.stepAt !== undefined && i >= scenario.stepAt ? 1 + (scenario.slowdown ?? 0) : 1;
    const slowed = disturbed[i] ? 1.20 + 0.13 * random.uniform() : 1;
    const level = random.logNormal(50, runCv) * stepped * slowed;
    const samples = Array.from({ length: SAMPLES_PER_RUN }, () => random.logNormal(level, 0.04) * (random.uniform() < PREEMPTED_SHARE ? 3 : 1));
    const runMean = level * (1 + 2 * PREEMPTED_SHARE);
    const history: HistoryRun = {
      at, samples, cv: null, robustCv: robustCv(samples),
      statistics: { mean: runMean, p50: level, opsPerSecond: 1e9 / runMean },
      judgement: disturbed[i] ? { state: 'disturbed', reason: 'other processes used 1.2 CPUs' } : { state: 'judged', reason: null },
    };
    const otherCpus = disturbed[i] ? 0.8 + 0.8 * random.uniform() : 0.2 * random.uniform();
    return { at, judged: !disturbed[i], history, interference: interferenceOf(otherCpus) };
  });
}

export interface SeriesJudgement {
  /** Indices (into the runs) of the runs at which a regression verdict was given. */
  regressions: number[];
  changePoints: { at: string; cause: 'environment' | 'runtime' | undefined }[];
}

const config = defaultConfig();
const tier = config.baseline.tiers[1];

/** The daemon's verdicts on `runs` as they arrive, and the change points of the whole history. */
export function judgeSeries(runs: readonly SimulatedRun[]): SeriesJudgement {
  const regressions: number[] = [];
  for (let i = 0; i < runs.length; i++) {
    if (!runs[i].judged) continue;
    const sides = rollingComparison(runs.slice(0, i + 1).map((run) => run.history), config.history, { runs: CURRENT_RUNS }, Date.parse(runs[i].at));
    if ('missing' in sides) continue;
    const test = testSeries(sides.baseline, sides.current, tier, config.baseline);
    // One series: Benjamini–Hochberg over one p-value leaves it as it is.
    if (decideSeries(test, test.pValue, tier, config.baseline).verdict === 'regressed') regressions.push(i);
  }
  const points: HistoryPoint[] = runs.map((run) => ({ at: run.at, value: run.history.statistics.mean ?? Number.NaN, judged: run.judged, interference: run.interference }));
  const changePoints = changePointsOver(points, config.history.changePoints, config.judgement).map((point) => ({ at: point.at, cause: point.cause }));
  return { regressions, changePoints };
}
