/**
 * Memory soak: a `vmsoak run` child runs passes of cheap workloads back to back with short
 * durations, so that thousands of runs go through the daemon's main thread (results,
 * metrics, results log, status), and its memory is sampled from its own /metrics: resident
 * set size, V8 heap used and external memory. The slope per 1,000 runs comes from a
 * least-squares line, with a confidence interval that allows for the samples' serial
 * correlation; growth counts as beyond noise when that interval lies above zero.
 * Aim: under 1 MB per 1,000 runs, and no growth beyond noise.
 *
 * The runs execute in runner processes: the soak counts the runners it sees under the
 * daemon (its child processes, polled from /proc) and reads each run's runner peak RSS
 * from the results log afterwards. MALLOC_ARENA_MAX is removed from the daemon's
 * environment, so the figures are glibc's defaults.
 *
 * `soak` runs 1 hour, `soak-10m` 10 minutes (with --quick: 2 minutes and 1 minute, smoke
 * tests); `soak-short`, in the default run, 60 s, so BENCHMARKS.md always has a figure, but
 * a minute says much less than an hour.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_RUNNER } from '../../src/config/defaults.ts';
import { scanResultsLog, resultsLogPath } from '../../src/store/results-log.ts';
import { cheapWorkloads } from '../cheap-workloads.ts';
import { startDaemonProcess, type DaemonProcess } from '../daemon-process.ts';
import { linearTrend } from '../linear-trend.ts';
import { markdownTable, significant } from '../markdown.ts';
import { scrapeFamilySums, valueOf } from '../metric-values.ts';
import type { Aim, BenchContext, BenchPart, SectionResult } from '../part.ts';
import { percentile } from '../percentile.ts';
import { canReadProcessStats, childPids } from '../process-stats.ts';

const SLOPE_AIM_MB = 1;
const MB = 1e6;

const MEMORY_SERIES = [
  { family: 'process_resident_memory_bytes', label: 'resident set size' },
  { family: 'nodejs_heap_size_used_bytes', label: 'V8 heap used (main thread)' },
  { family: 'nodejs_external_memory_bytes', label: 'external memory (main thread)' },
] as const;

interface Sample {
  seconds: number;
  runs: number;
  failures: number;
  bytes: number[];
}

/** How often the daemon's children are listed: well under a runner's life (runner.maxRuns runs). */
const RUNNER_POLL_MS = 500;

export interface SoakPlan {
  durationMs: number;
  sampleEveryMs: number;
  /** The first part of the soak, left out of the fit: start-up, JIT, first allocations. */
  warmupMs: number;
  runDuration: string;
  runWarmup: string;
  /** Set MALLOC_ARENA_MAX for the daemon and its runners; unset (glibc's default) when absent. */
  mallocArenaMax?: number;
}

/** Counts the daemon's runner processes, polling its children until stopped. */
function watchRunners(daemonPid: number): { seen: Set<number>; stop(): Promise<void> } {
  const seen = new Set<number>();
  let running = canReadProcessStats(daemonPid);
  const loop = (async () => {
    while (running) {
      for (const pid of childPids(daemonPid)) seen.add(pid);
      await sleep(RUNNER_POLL_MS);
    }
  })();
  return { seen, stop: async () => { running = false; await loop; } };
}

/** Each run's runnerPeakRssBytes in MB, in log order, streamed (a 1-hour log holds tens of thousands of runs). */
async function runnerPeaksMb(dataDir: string): Promise<number[]> {
  const peaks: number[] = [];
  await scanResultsLog(resultsLogPath(dataDir), (result) => {
    if (result.runnerPeakRssBytes !== undefined) peaks.push(result.runnerPeakRssBytes / MB);
  });
  return peaks;
}

async function sample(daemon: DaemonProcess, since: number): Promise<Sample> {
  const values = await scrapeFamilySums(daemon.metricsUrl);
  return {
    seconds: (performance.now() - since) / 1000,
    runs: valueOf(values, 'vmsoak_runs_total'),
    failures: valueOf(values, 'vmsoak_run_failures_total'),
    bytes: MEMORY_SERIES.map(({ family }) => valueOf(values, family)),
  };
}

export async function soak(plan: SoakPlan, { progress }: BenchContext, label: string): Promise<SectionResult> {
  const { names: workloads } = await cheapWorkloads();
  const env = { ...process.env };
  delete env.MALLOC_ARENA_MAX;
  if (plan.mallocArenaMax !== undefined) env.MALLOC_ARENA_MAX = String(plan.mallocArenaMax);
  const arenas = plan.mallocArenaMax === undefined ? 'MALLOC_ARENA_MAX unset' : `MALLOC_ARENA_MAX=${plan.mallocArenaMax}`;
  progress(`starting \`vmsoak run\` (${arenas}), continuous passes of ${workloads.length} workloads at 1 and 2 threads`);
  const daemon = await startDaemonProcess([{
    name: 'soak', schedule: 'continuous', workloads, threads: [1, 2], duration: plan.runDuration, warmup: plan.runWarmup,
  }], { env });
  const samples: Sample[] = [];
  const runners = watchRunners(daemon.pid);
  let peaks: number[];
  try {
    const start = performance.now();
    let lastReport = start;
    while (performance.now() - start < plan.durationMs) {
      samples.push(await sample(daemon, start));
      if (performance.now() - lastReport > 30_000) {
        lastReport = performance.now();
        const last = samples[samples.length - 1];
        progress(`${Math.round(last.seconds)} s, ${last.runs} runs, RSS ${significant(last.bytes[0] / MB)} MB`);
      }
      await sleep(plan.sampleEveryMs);
    }
    await runners.stop();
    await daemon.terminate();
    peaks = await runnerPeaksMb(daemon.dataDir);
  } finally {
    await runners.stop();
    await daemon.stop();
  }

  const fitted = samples.filter((entry) => entry.seconds * 1000 >= plan.warmupMs);
  const first = fitted[0];
  const last = fitted[fitted.length - 1];
  const runs = last.runs - first.runs;
  const x = fitted.map((entry) => entry.runs / 1000);
  const rows: string[][] = [];
  const aims: Aim[] = [];
  for (const [index, { label: what }] of MEMORY_SERIES.entries()) {
    const y = fitted.map((entry) => entry.bytes[index] / MB);
    const trend = runs > 0 ? linearTrend(x, y) : null;
    const ci = trend?.slopeCi95 ?? null;
    const beyondNoise = ci === null ? null : ci.low > 0;
    // Memory that settles (allocator arenas, code caches) still tilts a line fitted over
    // the whole soak; a leak keeps the same slope in the second half.
    const half = Math.floor(fitted.length / 2);
    const secondHalf = fitted.length - half >= 3 && fitted[fitted.length - 1].runs > fitted[half].runs
      ? linearTrend(x.slice(half), y.slice(half)) : null;
    rows.push([
      what, significant(first.bytes[index] / MB), significant(last.bytes[index] / MB),
      trend === null ? '–' : significant(trend.slope),
      ci === null ? '–' : `${significant(ci.low)} … ${significant(ci.high)}`,
      secondHalf === null ? '–' : significant(secondHalf.slope),
      trend === null ? '–' : significant(trend.residualSd),
      beyondNoise === null ? '–' : beyondNoise ? '**yes**' : 'no',
    ]);
    if (index < 2) {
      aims.push({
        figure: `${label}: ${what} slope`, aim: `under ${SLOPE_AIM_MB} MB per 1,000 runs, no growth beyond noise`,
        measured: trend === null ? '–' : `${significant(trend.slope)} MB per 1,000 runs${beyondNoise ? ' (beyond noise)' : ''}`,
        met: trend === null ? null : trend.slope < SLOPE_AIM_MB && beyondNoise !== true,
      });
    }
  }
  const seconds = last.seconds - first.seconds;
  const totalRuns = samples[samples.length - 1].runs;
  const tenth = Math.max(1, Math.floor(peaks.length / 10));
  const runnerRows = [
    ['runners started (seen under the daemon)', `${runners.seen.size} for ${totalRuns} runs; runner.maxRuns ${DEFAULT_RUNNER.maxRuns} gives ${Math.ceil(totalRuns / DEFAULT_RUNNER.maxRuns)}`],
    ['runner peak RSS per run: median, p90, max', peaks.length === 0 ? '–'
      : `${significant(percentile(peaks, 50))} MB, ${significant(percentile(peaks, 90))} MB, ${significant(peaks.reduce((max, value) => Math.max(max, value), 0))} MB (${peaks.length} runs)`],
    ['runner peak RSS, median of the first and of the last tenth of the runs', peaks.length < 20 ? '–'
      : `${significant(percentile(peaks.slice(0, tenth), 50))} MB, ${significant(percentile(peaks.slice(-tenth), 50))} MB`],
  ];
  const body = [
    markdownTable([
      'memory', 'first MB', 'last MB', 'slope MB per 1,000 runs', '95 % CI of the slope', 'slope, second half', 'noise (residual SD, MB)', 'growth beyond noise',
    ], rows, [1, 2, 3, 5, 6]),
    '',
    markdownTable(['figure', 'value'], [
      ['runs fitted', `${runs} runs in ${significant(seconds)} s (${significant(runs / seconds)} runs/s), ${last.failures} failed in all`],
      ['samples fitted', `${fitted.length}, one every ${plan.sampleEveryMs / 1000} s after the first ${plan.warmupMs / 1000} s`],
      ['workloads', `${workloads.join(', ')}; threads 1 and 2; ${plan.runDuration} measured after ${plan.runWarmup} warm-up per run; passes back to back`],
      ['allocator', `${arenas} (the daemon and its runners)`],
    ]),
    '',
    markdownTable(['runner', 'value'], runnerRows),
    '',
    'Memory is read from the daemon\'s own /metrics (prom-client\'s process and Node.js metrics),',
    'so the samples include the garbage of scrapes not yet collected; the fit sees that as noise.',
    'The confidence interval widens by the residuals\' lag-1 autocorrelation (effective sample',
    'size n·(1 − r)/(1 + r)). Memory that settles rather than leaks shows a smaller slope in',
    'the second half than over the whole soak. The runners are the daemon\'s child processes,',
    `listed every ${RUNNER_POLL_MS} ms; their peak RSS per run is each result's runnerPeakRssBytes.`,
  ].join('\n');
  return { body, aims };
}

type SoakLength = Omit<SoakPlan, 'runDuration' | 'runWarmup'>;

/** Both soaks run the same short runs back to back; only their lengths differ. */
function soakPart(name: string, title: string, inDefaultRun: boolean, label: string, full: SoakLength, quick: SoakLength): BenchPart {
  return {
    name, title, inDefaultRun,
    run: (context) => soak({ ...(context.quick ? quick : full), runDuration: '20ms', runWarmup: '5ms' }, context, label),
  };
}

export const memorySoakPart = soakPart('soak', 'Memory soak, 1 hour', false, 'soak',
  { durationMs: 3_600_000, sampleEveryMs: 10_000, warmupMs: 300_000 },
  { durationMs: 120_000, sampleEveryMs: 2000, warmupMs: 20_000 });

export const tenMinuteSoakPart = soakPart('soak-10m', 'Memory soak, 10 minutes', false, '10-minute soak',
  { durationMs: 600_000, sampleEveryMs: 5000, warmupMs: 60_000 },
  { durationMs: 60_000, sampleEveryMs: 1000, warmupMs: 10_000 });

export const shortSoakPart = soakPart('soak-short', 'Memory soak, short version (60 s)', true, 'short soak',
  { durationMs: 60_000, sampleEveryMs: 1000, warmupMs: 10_000 },
  { durationMs: 15_000, sampleEveryMs: 500, warmupMs: 3000 });
