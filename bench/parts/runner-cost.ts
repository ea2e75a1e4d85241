/**
 * What the runner process costs, and how long one should live:
 * - start-up: fork until the runner is ready (clock calibrated, HDR WASM loaded), paid
 *   once per runner and kept off every measured run;
 * - the runner's RSS over many runs in one runner: its growth per 1,000 runs bounds how
 *   long a runner may live (runner.maxRuns) before its memory should go back to the OS;
 * - the wall time each run costs beyond its warm-up and duration, in-process and in a
 *   runner (cold: a fresh runner per pass; warm: one kept across passes): the gap between
 *   runs that the runner adds.
 */
import { defaultConfig } from '../../src/config/defaults.ts';
import type { Config, SuiteConfig } from '../../src/config/types.ts';
import { readRssBytes } from '../../src/run/runner/process-rss.ts';
import { RunnerProcess } from '../../src/run/runner/runner-process.ts';
import { createRunnerSuite, type SuiteRunner } from '../../src/run/runner/runner-suite.ts';
import { runSuite } from '../../src/run/suite.ts';
import type { LoadedWorkload } from '../../src/workloads/registry.ts';
import { cheapWorkloads } from '../cheap-workloads.ts';
import { NEVER } from '../daemon-process.ts';
import { linearTrend } from '../linear-trend.ts';
import { markdownTable, significant } from '../markdown.ts';
import type { Aim, BenchPart } from '../part.ts';
import { percentile } from '../percentile.ts';

const MB = 1e6;
const RUN_DURATION_MS = 20;
const RUN_WARMUP_MS = 5;
/** The aim for start-up spread over a runner's life: under 1 % of a run's wall time. */
const STARTUP_SHARE_AIM = 0.01;

function config(maxRuns: number): Config {
  return { ...defaultConfig(), logLevel: 'silent', runner: { ...defaultConfig().runner, maxRuns } };
}

function suite(names: readonly string[], schedule: string): SuiteConfig {
  return { name: 'runner-cost', schedule, runOnStart: true, workloads: [...names], threads: [1, 2], duration: RUN_DURATION_MS, warmup: RUN_WARMUP_MS };
}

async function startupMs(count: number): Promise<number[]> {
  const times: number[] = [];
  const settings = defaultConfig().runner;
  for (let i = 0; i < count; i++) {
    const start = await RunnerProcess.start(settings, 60_000);
    if (start.kind !== 'ready') throw new Error(`runner did not start: ${start.kind === 'failed' ? start.message : 'aborted'}`);
    times.push(start.runner.startupMs);
    await start.runner.stop();
  }
  return times;
}

interface PassCost {
  runs: number;
  /** Wall ms per run beyond warm-up + duration. */
  overheadMs: number;
}

async function passCost(run: SuiteRunner, config: Config, pass: SuiteConfig, passes: number, catalog: readonly LoadedWorkload[]): Promise<PassCost> {
  let runs = 0;
  let wallMs = 0;
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    const result = await run(config, pass, catalog);
    wallMs += performance.now() - started;
    runs += result.results.length;
  }
  return { runs, overheadMs: wallMs / runs - (RUN_DURATION_MS + RUN_WARMUP_MS) };
}

export const runnerCostPart: BenchPart = {
  name: 'runner-cost',
  title: 'Runner process: start-up, memory per run, gap between runs',
  // ~10 minutes on 2 cores (runs cost ~0.5 s each there): like the soaks, run on its own.
  inDefaultRun: false,
  async run({ quick, progress }) {
    const { catalog, names } = await cheapWorkloads();
    progress('runner start-up, fork to ready');
    const startups = await startupMs(quick ? 3 : 10);
    const startupMedian = percentile(startups, 50);

    const growthRuns = quick ? 160 : 1000;
    progress(`${growthRuns} runs in one runner`);
    let pid = -1;
    const rss: { runs: number; mb: number; peakMb: number }[] = [];
    const growthConfig = config(Number.MAX_SAFE_INTEGER);
    const oneRunner = createRunnerSuite({
      events: {
        runnerStarted: (runner) => { pid = runner.pid; },
        runFinished: ({ result }) => {
          rss.push({ runs: rss.length + 1, mb: (readRssBytes(pid) ?? Number.NaN) / MB, peakMb: (result.runnerPeakRssBytes ?? Number.NaN) / MB });
        },
      },
    });
    const continuous = suite(names, 'continuous');
    while (rss.length < growthRuns) await oneRunner(growthConfig, continuous, catalog);
    await oneRunner.close();
    // The first passes load code and grow the allocator's arenas; the fit starts after a tenth.
    const fitted = rss.slice(Math.floor(rss.length / 10)).filter((entry) => Number.isFinite(entry.mb));
    const trend = fitted.length >= 3 ? linearTrend(fitted.map((entry) => entry.runs / 1000), fitted.map((entry) => entry.mb)) : null;

    progress('wall time per run: in-process, runner per pass, runner kept');
    const passes = quick ? 2 : 4;
    const inProcess = await passCost(runSuite, config(1000), suite(names, NEVER), passes, catalog);
    const cold = await passCost(createRunnerSuite(), config(1000), suite(names, NEVER), passes, catalog);
    const warmRunner = createRunnerSuite();
    await warmRunner(config(1000), continuous, catalog);
    const warm = await passCost(warmRunner, config(1000), continuous, passes, catalog);
    await warmRunner.close();

    const perPassRuns = inProcess.runs / passes;
    const { maxRuns } = defaultConfig().runner;
    const bodyRows = [
      ['runner start-up, fork → ready (median of ' + startups.length + ')', `${significant(startupMedian)} ms (min ${significant(Math.min(...startups))}, max ${significant(Math.max(...startups))})`],
      [`start-up per run, one runner per pass (${perPassRuns} runs)`, `${significant(startupMedian / perPassRuns)} ms`],
      [`start-up per run, one runner per runner.maxRuns (${maxRuns}) runs`, `${significant(startupMedian / maxRuns)} ms`],
      ['runner RSS after the first run', `${significant(rss[0]?.mb)} MB`],
      [`runner RSS after ${rss.length} runs`, `${significant(rss[rss.length - 1]?.mb)} MB`],
      ['runner RSS slope (after the first tenth)', trend === null ? '–' : `${significant(trend.slope)} MB per 1,000 runs (95 % CI ${trend.slopeCi95 === null ? '–' : `${significant(trend.slopeCi95.low)} … ${significant(trend.slopeCi95.high)}`})`],
      ['runner peak RSS per run: median, max', `${significant(percentile(rss.map((entry) => entry.peakMb), 50))} MB, ${significant(Math.max(...rss.map((entry) => entry.peakMb)))} MB`],
      ['wall time per run beyond warm-up + duration, in-process', `${significant(inProcess.overheadMs)} ms`],
      ['same, runner started per pass', `${significant(cold.overheadMs)} ms`],
      ['same, runner kept across passes', `${significant(warm.overheadMs)} ms`],
    ];
    const runWallMs = RUN_DURATION_MS + RUN_WARMUP_MS + inProcess.overheadMs;
    const startupShare = startupMedian / maxRuns / runWallMs;
    const aims: Aim[] = [{
      figure: `runner start-up spread over runner.maxRuns (${maxRuns}) runs, share of a run's wall time in-process (${significant(runWallMs)} ms)`,
      aim: `under ${STARTUP_SHARE_AIM * 100} %`, measured: `${significant(startupShare * 100)} %`, met: startupShare < STARTUP_SHARE_AIM,
    }];
    const body = [
      markdownTable(['figure', 'value'], bodyRows, [1]),
      '',
      `Runs: ${names.join(', ')} at 1 and 2 threads, ${RUN_DURATION_MS} ms after ${RUN_WARMUP_MS} ms warm-up. RSS is read from /proc`,
      'after each run; the peak per run is the runner\'s VmHWM, reset before each run. The wall time per run',
      `is the passes' wall time over their runs (${passes} passes each) less warm-up and duration: worker start-up,`,
      'module import, result assembly and, with a runner, one IPC round trip; start-up is off the measured time.',
    ].join('\n');
    return { body, aims };
  },
};
