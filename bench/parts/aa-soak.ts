/**
 * The A/A soak: can the daemon tell "the node was busy" from "the runtime got slower"? A
 * `vmsoak run` child runs continuous passes of nine cheap but real workloads (tier 0, tier 1,
 * contention, scheduler) with no change of code or runtime, default judgement thresholds
 * and KPI window, while the benchmark injects a CPU hog twice (child processes spinning on
 * every CPU this process may use, started and stopped by the benchmark at planned times).
 * Anything the daemon calls a change is therefore a false one.
 *
 * During the soak /metrics is scraped every few seconds: vmsoak_kpi_breached (a KPI's state
 * over its window), vmsoak_regression_state, and the regression and change-point counters
 * by cause. At the end /api/changes is read and the results log is scanned: each run's
 * judgement, and whether its window overlapped the hog.
 *
 * Aims (issue 12): 0 regression verdicts and 0 change points with cause runtime, no KPI that
 * changes state after its first full window, and ≥ 95 % of the runs overlapping the hog
 * marked disturbed.
 *
 * `aa-soak` runs 2 hours with the hog at 30–40 and 75–85 minutes; `aa-soak-30m` 30 minutes
 * with it at 8–13 and 18–23 minutes; with --quick either is a 200-s smoke test with two
 * 40-s hogs.
 */
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { FAMILIES } from '../../src/export/metric-families.ts';
import { effectiveCpusNow } from '../../src/run/environment.ts';
import { resultsLogPath, scanResultsLog } from '../../src/store/results-log.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { summariseChanges, type ChangesSummary } from '../changes-view.ts';
import { CpuHog, type HogEpisode } from '../cpu-hog.ts';
import { startDaemonProcess } from '../daemon-process.ts';
import { scrapesAtValue, stateChangesAfterFirstValue, type GaugeSample } from '../gauge-series.ts';
import { addRun, disturbedShare, emptyRunTally, type Interval, type OverlapTally, type RunTally } from '../hog-overlap.ts';
import { markdownTable, significant } from '../markdown.ts';
import { percentile } from '../percentile.ts';
import { labelledSamples, sumByLabel, valuesByLabels, type LabelledSample } from '../metric-values.ts';
import type { Aim, BenchContext, BenchPart, SectionResult } from '../part.ts';

const SUITE = 'aa-soak';

/** Tier 0 and 1 (the strictest gates and CV KPIs), contention and the scheduler: nine series at one thread. */
export const AA_WORKLOADS = [
  'tier0.budget-consume', 'tier0.tier-check', 'tier0.hook-poll',
  'tier1.counter-increment', 'tier1.histogram-record',
  'scheduler.coroutine-create', 'async.await-overhead',
  'contention.atomic-add', 'contention.padded-counter',
] as const;

/** Two threads only where they leave a CPU for the daemon, the runner's main thread and the node's own work. */
const MIN_CPUS_FOR_TWO_THREADS = 3;
const RUN_DURATION = '300ms';
const RUN_WARMUP = '100ms';
/** A hog child's own limit beyond its planned end: it outlives a crashed benchmark by this at most. */
const HOG_SLACK_MS = 30_000;
const PROGRESS_EVERY_MS = 60_000;
/** Scrapes that may fail in a row (a scrape during a long GC) before the soak gives up. */
const MAX_FAILED_SCRAPES = 3;
/**
 * A run takes about 13 kB of the results log (measured on this VM), so a 2-hour soak at 1
 * and 2 threads (about 14,000 runs) comes near the 256 MiB default, past which retention
 * would drop the first runs before they are counted. Only retention changes; the analysis
 * (history window, judgement, KPI window) keeps its defaults.
 */
const MAX_LOG_BYTES = 2 * 1024 ** 3;

const KPI_SERIES_LABELS = ['kpi', 'workload', 'threads'] as const;
const SERIES_LABELS = ['workload', 'threads'] as const;

export interface AaSoakPlan {
  durationMs: number;
  sampleEveryMs: number;
  /** Hog episodes as offsets from the soak's start. */
  hogs: readonly Interval[];
}

interface Scrape {
  kpiBreached: GaugeSample;
  regressionState: GaugeSample;
  families: ReadonlyMap<string, readonly LabelledSample[]>;
}

function clock(offsetMs: number): string {
  const seconds = Math.max(0, Math.round(offsetMs / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function percent(share: number | null): string {
  return share === null ? '–' : `${significant(share * 100)} %`;
}

async function scrape(metricsUrl: string, atMs: number): Promise<Scrape> {
  const response = await fetch(metricsUrl);
  if (!response.ok) throw new Error(`GET ${metricsUrl}: HTTP ${response.status}`);
  const families = labelledSamples(await response.text());
  return {
    kpiBreached: { atMs, values: valuesByLabels(families.get(FAMILIES.kpiBreached.name) ?? [], KPI_SERIES_LABELS) },
    regressionState: { atMs, values: valuesByLabels(families.get(FAMILIES.regressionState.name) ?? [], SERIES_LABELS) },
    families,
  };
}

/** The daemon's /api/changes, or why it could not be read. */
async function readChanges(baseUrl: string): Promise<ChangesSummary | string> {
  const url = new URL('api/changes', baseUrl).href;
  try {
    const response = await fetch(url);
    if (!response.ok) return `GET /api/changes: HTTP ${response.status}`;
    return summariseChanges(await response.json()) ?? 'GET /api/changes: not a change-point answer';
  } catch (error) {
    return `GET /api/changes: ${(error as Error).message}`;
  }
}

/** Starts and stops the hog at the planned offsets; the hog is stopped however this ends. */
async function runHogs(plan: AaSoakPlan, startMs: number, hog: CpuHog, signal: AbortSignal, progress: (message: string) => void): Promise<void> {
  const until = (offsetMs: number) => sleep(Math.max(0, startMs + offsetMs - Date.now()), undefined, { signal });
  try {
    for (const planned of plan.hogs) {
      await until(planned.fromMs);
      progress(`hog on: ${CpuHog.cpus()} spinning child process(es) until ${clock(planned.toMs)}`);
      await hog.start(planned.toMs - planned.fromMs + HOG_SLACK_MS);
      await until(planned.toMs);
      await hog.stop();
      progress('hog off');
    }
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  } finally {
    await hog.stop();
  }
}

interface Scraped {
  samples: Scrape[];
  failedScrapes: number;
}

async function sampleSoak(daemonMetricsUrl: string, plan: AaSoakPlan, startMs: number, progress: (message: string) => void): Promise<Scraped> {
  const samples: Scrape[] = [];
  let failedScrapes = 0;
  let failedInARow = 0;
  let lastProgress = startMs;
  for (let tick = 0; ; tick++) {
    const atMs = Date.now();
    try {
      samples.push(await scrape(daemonMetricsUrl, atMs));
      failedInARow = 0;
    } catch (error) {
      failedScrapes++;
      if (++failedInARow > MAX_FAILED_SCRAPES) throw error;
    }
    if (atMs - lastProgress >= PROGRESS_EVERY_MS && samples.length > 0) {
      lastProgress = atMs;
      const judgements = sumByLabel(samples[samples.length - 1].families.get(FAMILIES.runJudgements.name) ?? [], 'judgement');
      const line = [...judgements].map(([state, runs]) => `${state} ${runs}`).join(', ');
      progress(`${clock(atMs - startMs)}: runs ${line || 'none yet'}`);
    }
    if (atMs - startMs >= plan.durationMs) return { samples, failedScrapes };
    await sleep(Math.max(0, startMs + (tick + 1) * plan.sampleEveryMs - Date.now()));
  }
}

function stateRow(label: string, tally: OverlapTally): string[] {
  const { states } = tally;
  return [label, String(tally.runs), String(states.judged), String(states.disturbed), percent(disturbedShare(tally)), String(states.oversubscribed), String(states.failed)];
}

/** p50 / p90 / p99 / max of a reading over a tally's runs, for the table of readings. */
function spread(values: readonly number[], format: (value: number) => string): string[] {
  if (values.length === 0) return ['–', '–', '–', '–', '0'];
  return [...[50, 90, 99, 100].map((p) => format(percentile(values, p))), String(values.length)];
}

function readingRows(label: string, tally: OverlapTally): string[][] {
  return [
    [`run-queue wait, ${label}`, ...spread(tally.runQueueWaitRatios, (value) => percent(value))],
    [`… of it on other processes' CPU time, ${label}`, ...spread(tally.runQueueWaitOnOthersRatios, (value) => percent(value))],
    [`other processes' CPUs, ${label}`, ...spread(tally.otherCpus, (value) => significant(value))],
    [`slow-CPU share (reference loop), ${label}`, ...spread(tally.slowCpuShares, (value) => percent(value))],
  ];
}

function topReasons(tally: OverlapTally, limit = 4): string {
  const sorted = [...tally.reasons].sort((a, b) => b[1] - a[1]).slice(0, limit);
  return sorted.length === 0 ? '–' : sorted.map(([reason, runs]) => `${reason} (${runs})`).join('; ');
}

/** A counter's final total by cause; null where the daemon does not export the family. */
function byCause(last: Scrape | undefined, family: string): Map<string, number> | null {
  const samples = last?.families.get(family);
  return samples === undefined ? null : sumByLabel(samples, 'cause');
}

function causeCell(counts: Map<string, number> | null, cause: string): string {
  return counts === null ? 'n/a (not exported)' : String(counts.get(cause) ?? 0);
}

export async function aaSoak(plan: AaSoakPlan, { progress }: BenchContext, label: string): Promise<SectionResult> {
  const catalog = new Set((await loadCatalog()).map((entry) => entry.workload.name));
  const missing = AA_WORKLOADS.filter((name) => !catalog.has(name));
  if (missing.length > 0) throw new Error(`the A/A soak's workloads are missing from the catalog: ${missing.join(', ')}`);
  const cpus = effectiveCpusNow();
  const threads = cpus >= MIN_CPUS_FOR_TWO_THREADS ? [1, 2] : [1];
  progress(`starting \`vmsoak run\`: continuous passes of ${AA_WORKLOADS.length} workloads at ${threads.join(' and ')} thread(s) on ${cpus} effective CPU(s); hog of ${CpuHog.cpus()} child process(es)`);
  const daemon = await startDaemonProcess([{
    name: SUITE, schedule: 'continuous', workloads: [...AA_WORKLOADS], threads, duration: RUN_DURATION, warmup: RUN_WARMUP,
  }], { config: { history: { maxLogBytes: MAX_LOG_BYTES } } });
  const hog = new CpuHog();
  const stopHogs = new AbortController();
  const tally: RunTally = emptyRunTally();
  let scraped: Scraped;
  let changes: ChangesSummary | string;
  let hogEpisodes: HogEpisode[];
  let logRuns: number;
  let logBytes: number;
  const startMs = Date.now();
  try {
    // Settled into a value at once: a hog that fails to start must not be an unhandled rejection while the soak samples.
    const hogs = runHogs(plan, startMs, hog, stopHogs.signal, progress).then(() => null, (error: unknown) => error);
    let hogError: unknown = null;
    try {
      scraped = await sampleSoak(daemon.metricsUrl, plan, startMs, progress);
    } finally {
      stopHogs.abort();
      hogError = await hogs;
    }
    if (hogError !== null) throw hogError;
    changes = await readChanges(daemon.url);
    await daemon.terminate();
    hogEpisodes = [...hog.episodes];
    const logFile = resultsLogPath(daemon.dataDir);
    ({ count: logRuns } = await scanResultsLog(logFile, (run) => addRun(tally, run, hogEpisodes)));
    logBytes = logRuns === 0 ? 0 : (await stat(logFile)).size;
  } finally {
    await hog.stop();
    await daemon.stop();
  }

  const { samples } = scraped;
  const last = samples.at(-1);
  const kpiStates = stateChangesAfterFirstValue(samples.map((sample) => sample.kpiBreached));
  const kpiChanges = kpiStates.reduce((sum, series) => sum + series.changes.length, 0);
  const flapping = kpiStates.filter((series) => series.changes.length > 0);
  const breachedAtEnd = [...(last?.kpiBreached.values.values() ?? [])].filter((value) => value === 1).length;
  const regressedScrapes = scrapesAtValue(samples.map((sample) => sample.regressionState), 1);
  const regressions = byCause(last, FAMILIES.regressions.name);
  const changePoints = byCause(last, FAMILIES.changePoints.name);
  const runtimeChangeSeries = (last?.families.get(FAMILIES.changePoints.name) ?? [])
    .filter((sample) => sample.labels.cause === 'runtime' && sample.value > 0)
    .map((sample) => `${sample.labels.workload}@${sample.labels.threads} (${sample.value})`);
  const hogShare = disturbedShare(tally.hog);
  const soakSeconds = last === undefined ? 0 : (last.kpiBreached.atMs - startMs) / 1000;

  const hogLines = hogEpisodes.map((episode) => `${clock(episode.fromMs - startMs)}–${clock(episode.toMs - startMs)} `
    + `(${significant((episode.toMs - episode.fromMs) / 1000)} s, ${episode.children} child process(es); ${new Date(episode.fromMs).toISOString()} to ${new Date(episode.toMs).toISOString()})`);
  const notDisturbed = tally.hogNotDisturbed.slice(0, 8).map((run) => `${clock(Date.parse(run.startedAt) - startMs)} ${run.state}`
    + ` (${significant(run.overlapShare * 100)} % of its window in the hog)${run.reason ? `: ${run.reason}` : ''}`);

  const body = [
    markdownTable(['runs', 'all', 'judged', 'disturbed', 'disturbed share¹', 'oversubscribed', 'failed'], [
      stateRow('every run', tally.all),
      stateRow('overlapping the hog', tally.hog),
      stateRow('… wholly inside the hog', tally.hogInside),
      stateRow('not overlapping the hog', tally.noHog),
    ], [1, 2, 3, 4, 5, 6]),
    '',
    '¹ disturbed / (judged + disturbed): failed and oversubscribed runs are set apart before interference is looked at.',
    '',
    markdownTable(['reading', 'p50', 'p90', 'p99', 'max', 'runs'], [
      ...readingRows('runs wholly inside the hog', tally.hogInside),
      ...readingRows('runs not overlapping the hog', tally.noHog),
    ], [1, 2, 3, 4, 5]),
    '',
    'The run-queue wait is the share of the run threads\' time they were ready but waited for a',
    'CPU; the part on other processes\' CPU time is capped at the CPU time other processes used',
    'on the watched CPUs, and is what judgement.maxRunQueueWaitRatio is compared with (the rest',
    'is the run\'s own main and V8 helper threads). The quiet runs\' high percentiles and the hog',
    'runs\' low ones are where a threshold can lie.',
    '',
    markdownTable(['figure', 'value'], [
      ['soak', `${significant(soakSeconds)} s; ${logRuns} runs in the results log (${significant(logBytes / 1e6)} MB, ${significant(logRuns === 0 ? 0 : logBytes / logRuns / 1e3)} kB per run); ${samples.length} scrapes of /metrics, one every ${plan.sampleEveryMs / 1000} s (${scraped.failedScrapes} failed)`],
      ['workloads', `${AA_WORKLOADS.join(', ')}; threads ${threads.join(' and ')} (${cpus} effective CPUs; 2 threads need ≥ ${MIN_CPUS_FOR_TWO_THREADS}); ${RUN_DURATION} measured after ${RUN_WARMUP} warm-up; passes back to back`],
      ['hog episodes (from the soak\'s start)', hogLines.join('; ') || 'none'],
      ['disturbance reasons, runs overlapping the hog', topReasons(tally.hog)],
      ['disturbance reasons, runs not overlapping the hog', topReasons(tally.noHog)],
      ['runs overlapping the hog and not disturbed', `${tally.hogNotDisturbed.length}${notDisturbed.length > 0 ? `: ${notDisturbed.join('; ')}` : ''}`],
    ]),
    '',
    markdownTable(['verdict', 'cause runtime', 'cause environment', 'where from'], [
      ['regression verdicts', causeCell(regressions, 'runtime'), causeCell(regressions, 'environment'), `${FAMILIES.regressions.name} at the end`],
      ['change points', causeCell(changePoints, 'runtime'), causeCell(changePoints, 'environment'), `${FAMILIES.changePoints.name} at the end (since the daemon started)`],
      ['change points in the daemon\'s history now',
        typeof changes === 'string' ? 'n/a' : String(changes.pointsByCause.get('runtime') ?? 0),
        typeof changes === 'string' ? 'n/a' : String(changes.pointsByCause.get('environment') ?? 0),
        typeof changes === 'string' ? changes : `/api/changes at the end${changes.pointsByCause.has('no cause') ? `; ${changes.pointsByCause.get('no cause')} without a cause` : ''}`],
    ]),
    '',
    markdownTable(['figure', 'value'], [
      ['KPI state changes after the first full window', `${kpiChanges} in ${flapping.length} of ${kpiStates.length} KPI series (${FAMILIES.kpiBreached.name}; a series counts from the first scrape that has it)`],
      ['KPI series breached at the end', `${breachedAtEnd} of ${last?.kpiBreached.values.size ?? 0}`],
      ['KPI series that changed state', flapping.length === 0 ? 'none'
        : flapping.slice(0, 10).map((series) => `${series.key}: ${series.changes.slice(0, 4).map((change) => `${clock(change.atMs - startMs)} ${change.from ?? 'pending'}→${change.to ?? 'pending'}`).join(', ')}${series.changes.length > 4 ? ', …' : ''}`).join('; ')],
      [`${FAMILIES.regressionState.name} at 1`, regressedScrapes.size === 0 ? 'never'
        : [...regressedScrapes].map(([series, scrapes]) => `${series.replace(' ', '@')} in ${scrapes} scrapes`).join('; ')],
      ['series with runtime change points', runtimeChangeSeries.join('; ') || 'none'],
      ['rolling comparison at the end (/api/changes)', typeof changes === 'string' ? 'n/a'
        : [...changes.verdicts].map(([verdict, series]) => `${verdict} ${series}`).join(', ') || 'no series compared yet'],
    ]),
    '',
    'A run overlaps the hog when its interference window (start-up, warm-up, measurement,',
    'teardown) intersects a hog episode, which runs from the first hog child\'s spawn to the',
    'last one\'s exit. The hog spins one child per CPU this process may use (affinity honoured),',
    'so under `taskset -c 0` one child shares CPU 0 with the daemon. Other sessions on a shared',
    'machine are load too: the runs that never met the hog show how much. Regression verdicts',
    'and change points are cumulative counters, so none can hide by being resolved before the',
    'end; a KPI state change is a change of the windowed gauge between two scrapes.',
  ].join('\n');

  const runtimeRegressions = regressions === null ? null : regressions.get('runtime') ?? 0;
  const runtimeChangePoints = changePoints === null ? null : changePoints.get('runtime') ?? 0;
  const aims: Aim[] = [
    {
      figure: `${label}: regression verdicts, cause runtime`, aim: '0',
      measured: runtimeRegressions === null ? 'n/a' : `${runtimeRegressions} (environment ${regressions?.get('environment') ?? 0})`,
      met: runtimeRegressions === null ? null : runtimeRegressions === 0,
    },
    {
      figure: `${label}: change points, cause runtime`, aim: '0',
      measured: runtimeChangePoints === null ? 'n/a' : `${runtimeChangePoints} (environment ${changePoints?.get('environment') ?? 0})`,
      met: runtimeChangePoints === null ? null : runtimeChangePoints === 0,
    },
    {
      figure: `${label}: KPI state changes after the first full window`, aim: '0',
      measured: `${kpiChanges} in ${flapping.length} of ${kpiStates.length} series`,
      met: kpiStates.length === 0 ? null : kpiChanges === 0,
    },
    {
      figure: `${label}: runs overlapping the hog marked disturbed`, aim: '≥ 95 %',
      measured: `${percent(hogShare)} (${tally.hog.states.disturbed} of ${tally.hog.states.judged + tally.hog.states.disturbed})`,
      met: hogShare === null ? null : hogShare >= 0.95,
    },
  ];
  return { body, aims };
}

const MINUTE = 60_000;

/** Both soaks share everything but their lengths; --quick makes either a 200-s smoke test. */
function aaSoakPartOf(name: string, title: string, label: string, full: AaSoakPlan): BenchPart {
  const quick: AaSoakPlan = { durationMs: 200_000, sampleEveryMs: 5000, hogs: [{ fromMs: 50_000, toMs: 90_000 }, { fromMs: 130_000, toMs: 170_000 }] };
  return { name, title, inDefaultRun: false, run: (context) => aaSoak(context.quick ? quick : full, context, label) };
}

export const aaSoakPart = aaSoakPartOf('aa-soak', 'A/A soak, 2 hours, hog injected twice', 'A/A soak', {
  durationMs: 120 * MINUTE, sampleEveryMs: 10_000, hogs: [{ fromMs: 30 * MINUTE, toMs: 40 * MINUTE }, { fromMs: 75 * MINUTE, toMs: 85 * MINUTE }],
});

export const thirtyMinuteAaSoakPart = aaSoakPartOf('aa-soak-30m', 'A/A soak, 30 minutes, hog injected twice', '30-minute A/A soak', {
  durationMs: 30 * MINUTE, sampleEveryMs: 10_000, hogs: [{ fromMs: 8 * MINUTE, toMs: 13 * MINUTE }, { fromMs: 18 * MINUTE, toMs: 23 * MINUTE }],
});
