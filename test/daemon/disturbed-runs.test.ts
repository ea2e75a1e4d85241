/**
 * Disturbed runs move no verdict in the daemon: after a history of quiet judged runs, a
 * pass of runs twice as slow, marked disturbed by their interference, gives no regression,
 * no change point and no KPI breach; their single-run values are still exported and they
 * are counted by judgement. The control: the same pass judged does regress (cause runtime)
 * and breach, so the first case does not pass because nothing could move. And the same pass
 * judged on a node that got busier (still within the thresholds) regresses with cause
 * environment, which leaves vmsoak_regression_state at 0.
 */
import assert from 'node:assert/strict';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.ts';
import type { Interference } from '../../src/model/interference.ts';
import type { Judgement } from '../../src/model/judgement.ts';
import type { RunResult } from '../../src/model/result.ts';
import { evaluateKpis } from '../../src/run/kpi.ts';
import { resultsLogPath } from '../../src/store/results-log.ts';
import { okRun, testWorkload } from '../export/run-fixture.ts';
import { numericValue, parseExposition, sample, samples } from '../export/prom-text.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { daemonConfig, eventually, fakeRunner, FIXTURE_CATALOG, suite, tempDataDir } from './daemon-fixture.ts';

const MINUTE = 60_000;
const SERIES = { workload: 'contention.fixture', threads: '1' };
const P99 = { ...SERIES, kpi: 'p99_latency', direction: 'max', severity: 'critical' };
/** The fixture's p99 KPI is at most 500 ns: the quiet level's p99 (330 ns) passes, the slow one's (660 ns) does not. */
const QUIET_NS = 300;
const SLOW_NS = 600;

function interferenceOf(otherCpus: number): Interference {
  return {
    windowSeconds: 1.3, ownCpuSeconds: 1.25, otherCpuSeconds: otherCpus * 1.3, otherCpus, cpusWatched: 2, stealSeconds: 0, stealRatio: 0,
    periods: 0, throttledPeriods: 0, throttledSeconds: 0, throttledRatio: 0, cpuPressureSeconds: 0.1, cpuPressureRatio: 0.08,
    involuntarySwitches: 40, involuntarySwitchesPerSecond: 30, unavailable: {},
  };
}

const JUDGED: Judgement = { state: 'judged', reason: null };
const DISTURBED: Judgement = { state: 'disturbed', reason: 'other processes used 1.5 CPU' };

async function runAt(random: ReturnType<typeof seededRandom>, at: number, meanNs: number, judgement: Judgement, otherCpus: number): Promise<RunResult> {
  const base = await okRun();
  const samplesNs = Array.from({ length: 200 }, () => random.logNormal(meanNs, 0.02));
  const partial = {
    ...base, startedAt: new Date(at).toISOString(), samples: samplesNs, cv: 0.02, robustCv: 0.02,
    latencyNs: { ...base.latencyNs, mean: meanNs, p50: meanNs, p99: meanNs * 1.1, max: meanNs * 1.3 },
    opsPerSecond: 1e9 / meanNs, interference: interferenceOf(otherCpus), judgement,
  };
  return { ...partial, kpis: evaluateKpis(testWorkload, 1, partial, {}) };
}

interface Started {
  daemon: Daemon;
  dataDir: string;
  metrics(): Promise<ReturnType<typeof parseExposition>>;
  changes(): Promise<{ series: { points: { at: string }[] }[]; rolling: { series: { verdict: string }[] } }>;
}

/** A daemon whose results log holds 30 quiet judged runs and whose one pass is 8 slow runs judged `judgement`. */
async function startWith(judgement: Judgement, otherCpus: number): Promise<Started> {
  const random = seededRandom(7);
  const dataDir = await tempDataDir();
  const start = Date.now() - 86_400_000;
  const history: RunResult[] = [];
  for (let i = 0; i < 30; i++) history.push(await runAt(random, start + i * 10 * MINUTE, QUIET_NS, JUDGED, 0.1));
  await mkdir(dataDir, { recursive: true });
  await writeFile(resultsLogPath(dataDir), history.map((run) => `${JSON.stringify(run)}\n`).join(''));
  const passStart = Date.now() - 20 * MINUTE;
  const pass: RunResult[] = [];
  // 2 minutes apart: the slow level holds for 14 minutes, past kpiWindow.for and history.changePoints.minSegmentSpan (10m).
  for (let i = 0; i < 8; i++) pass.push(await runAt(random, passStart + i * 2 * MINUTE, SLOW_NS, judgement, otherCpus));
  const daemon = await startDaemon(daemonConfig(dataDir, { suites: [suite()], metrics: { detail: 'full' } }), {
    logger: pino({ level: 'silent' }), catalog: FIXTURE_CATALOG, handleSignals: false, runSuite: fakeRunner(async () => pass),
  });
  const metrics = async () => parseExposition(await (await fetch(new URL('/metrics', daemon.url))).text());
  await eventually(async () => {
    const passes = samples(await metrics(), 'vmsoak_suite_runs_total', { suite: 'pass' });
    return passes.length === 1 && passes[0].value === '1' ? true : undefined;
  }, 'the pass to complete');
  return { daemon, dataDir, metrics, changes: async () => (await fetch(new URL('/api/changes', daemon.url))).json() as ReturnType<Started['changes']> };
}

const stateOf = (families: ReturnType<typeof parseExposition>) => samples(families, 'vmsoak_regression_state', SERIES).map((found) => numericValue(found));

describe('a pass of slow disturbed runs after quiet judged ones', () => {
  let started: Started;
  before(async () => {
    started = await startWith(DISTURBED, 1.5);
  });
  after(async () => {
    await started?.daemon.close('test finished');
    await rm(started?.dataDir ?? '', { recursive: true, force: true });
  });

  it('counts them as disturbed and still exports their single-run KPI values and interference', async () => {
    const families = await started.metrics();
    assert.equal(numericValue(sample(families, 'vmsoak_run_judgements_total', { judgement: 'disturbed' })), 8);
    assert.equal(numericValue(sample(families, 'vmsoak_run_judgements_total', { judgement: 'judged' })), 0);
    assert.ok(Math.abs(numericValue(sample(families, 'vmsoak_kpi_value', P99)) - SLOW_NS * 1.1e-9) < 1e-15);
    assert.equal(numericValue(sample(families, 'vmsoak_interference_other_cpus')), 1.5);
  });

  it('leaves the KPI window on the judged runs: not breached, at the quiet level', async () => {
    const families = await started.metrics();
    assert.equal(numericValue(sample(families, 'vmsoak_kpi_breached', P99)), 0);
    assert.ok(Math.abs(numericValue(sample(families, 'vmsoak_kpi_window_value', P99)) - QUIET_NS * 1.1e-9) < 1e-15);
  });

  it('gives no regression verdict and no change point', async () => {
    const families = await started.metrics();
    assert.deepEqual(stateOf(families), []);
    for (const cause of ['runtime', 'environment']) {
      assert.equal(numericValue(sample(families, 'vmsoak_regressions_total', { ...SERIES, cause })), 0, cause);
      assert.equal(numericValue(sample(families, 'vmsoak_change_points_total', { ...SERIES, cause })), 0, cause);
    }
    const changes = await started.changes();
    assert.deepEqual(changes.rolling.series, []);
    assert.deepEqual(changes.series.flatMap((series) => series.points), []);
  });
});

describe('control: the same pass judged', () => {
  let started: Started;
  before(async () => {
    started = await startWith(JUDGED, 0.1);
  });
  after(async () => {
    await started?.daemon.close('test finished');
    await rm(started?.dataDir ?? '', { recursive: true, force: true });
  });

  it('regresses with cause runtime, breaches the KPI window and finds the change point', async () => {
    const families = await started.metrics();
    assert.deepEqual(stateOf(families), [1]);
    assert.equal(numericValue(sample(families, 'vmsoak_regressions_total', { ...SERIES, cause: 'runtime' })), 1);
    assert.equal(numericValue(sample(families, 'vmsoak_kpi_breached', P99)), 1);
    assert.ok(numericValue(sample(families, 'vmsoak_change_points_total', { ...SERIES, cause: 'runtime' })) >= 1);
  });
});

describe('the same pass judged, while the node was busier (0.45 other CPUs, within the 0.5 threshold)', () => {
  let started: Started;
  before(async () => {
    started = await startWith(JUDGED, 0.45);
  });
  after(async () => {
    await started?.daemon.close('test finished');
    await rm(started?.dataDir ?? '', { recursive: true, force: true });
  });

  it('counts the regression with cause environment and leaves vmsoak_regression_state at 0 (no VmsoakRegressionDetected)', async () => {
    const families = await started.metrics();
    assert.deepEqual(stateOf(families), [0]);
    assert.equal(numericValue(sample(families, 'vmsoak_regressions_total', { ...SERIES, cause: 'environment' })), 1);
    assert.equal(numericValue(sample(families, 'vmsoak_regressions_total', { ...SERIES, cause: 'runtime' })), 0);
    const changes = await started.changes() as unknown as { rolling: { series: { verdict: string; cause: string; causeReason: string }[] } };
    assert.equal(changes.rolling.series[0].verdict, 'regressed');
    assert.equal(changes.rolling.series[0].cause, 'environment');
    assert.match(changes.rolling.series[0].causeReason, /other processes' CPUs 0\.1 -> 0\.45/);
  });
});
