/**
 * A/B in the daemon with real runs: a tier-1 fixture workload runs back to back in worker
 * threads, and a 10 % slowdown turned on through its knob file is reported (a runtime
 * regression, or a runtime change point) within 10 judged runs. The judgement is lax
 * (test/fixtures/lax-judgement.yaml's thresholds), so every run on this shared machine is
 * judged: the test is about the daemon's verdicts, not about how busy the machine is.
 * Nothing here measures time; the runs do, and only their ratio matters.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { parse } from 'yaml';
import { CONTINUOUS } from '../../src/config/cron.ts';
import { defaultConfig } from '../../src/config/defaults.ts';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.ts';
import type { JudgementThresholds } from '../../src/model/judgement.ts';
import { runSuite } from '../../src/run/suite.ts';
import type { LoadedWorkload } from '../../src/workloads/registry.ts';
import type { Workload } from '../../src/workloads/api.ts';
import { parseExposition, sample, samples } from '../export/prom-text.ts';
import { daemonConfig, eventually, tempDataDir } from './daemon-fixture.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/workloads/slowdown-knob.ts');
const LAX = (parse(readFileSync(path.resolve(import.meta.dirname, '../fixtures/lax-judgement.yaml'), 'utf8')) as { judgement: Partial<JudgementThresholds> }).judgement;
const SERIES = { workload: 'fixture.slowdown-knob', threads: '1' };
/** Judged runs before the switch: the rolling baseline's 5 and the current window's 5, and some. */
const BASELINE_RUNS = 12;
/** The bound: reported within 10 judged runs; one more for the run in flight when the knob turned. */
const WITHIN = 10 + 1;

interface Snapshot {
  judged: number;
  regressionState: number | null;
  runtimeChangePoints: number;
}

let dataDir: string;
let knob: string;
let daemon: Daemon;

async function snapshot(): Promise<Snapshot> {
  const families = parseExposition(await (await fetch(new URL('/metrics', daemon.url))).text());
  const state = samples(families, 'vmsoak_regression_state', SERIES);
  const points = samples(families, 'vmsoak_change_points_total', { ...SERIES, cause: 'runtime' });
  return {
    judged: Number(sample(families, 'vmsoak_run_judgements_total', { judgement: 'judged' }).value),
    regressionState: state.length === 0 ? null : Number(state[0].value),
    runtimeChangePoints: points.length === 0 ? 0 : Number(points[0].value),
  };
}

before(async () => {
  dataDir = await tempDataDir();
  knob = path.join(dataDir, 'slowdown');
  await writeFile(knob, '0');
  // Worker threads copy the environment when they start: every run's worker sees it.
  process.env.VMSOAK_TEST_SLOWDOWN_FILE = knob;
  const workload = (await import(pathToFileURL(FIXTURE).href) as { default: Workload }).default;
  const catalog: LoadedWorkload[] = [{ workload, moduleUrl: pathToFileURL(FIXTURE).href, builtin: false }];
  const config = daemonConfig(dataDir, {
    suites: [{ name: 'ab', schedule: CONTINUOUS, runOnStart: true, workloads: [workload.name], threads: [1], duration: 250, warmup: 10 }],
    judgement: { ...daemonConfig(dataDir).judgement, ...LAX },
    runTimeout: 30_000,
    // Runs back to back stand in for a scheduled daemon's, whose 5 judged runs span an hour:
    // the 10-minute holds (kpiWindow.for, changePoints.minSegmentSpan) are that span's, and
    // test/bench/inject-step.test.ts checks a step found with them on.
    kpiWindow: { ...defaultConfig().kpiWindow, for: 0 },
    history: { ...defaultConfig().history, changePoints: { ...defaultConfig().history.changePoints, minSegmentSpan: 0 } },
  });
  daemon = await startDaemon(config, { logger: pino({ level: 'silent' }), catalog, handleSignals: false, runSuite, continuousPauseMs: 0 });
});

after(async () => {
  await daemon?.close('test finished');
  delete process.env.VMSOAK_TEST_SLOWDOWN_FILE;
  await rm(dataDir, { recursive: true, force: true });
});

describe('A/B in the daemon with real runs', () => {
  it('reports a 10 % slowdown of a tier-1 workload within 10 judged runs, with cause runtime', { timeout: 240_000 }, async (t) => {
    const before = await eventually(async () => {
      const now = await snapshot();
      return now.judged >= BASELINE_RUNS ? now : undefined;
    }, `${BASELINE_RUNS} judged runs`, 120_000);
    await writeFile(knob, '0.1');
    const detected = await eventually(async () => {
      const now = await snapshot();
      const reported = now.regressionState === 1 || now.runtimeChangePoints > before.runtimeChangePoints;
      // Give up (and fail below) once the bound is passed without a report.
      return reported || now.judged > before.judged + WITHIN + 5 ? now : undefined;
    }, 'a regression or a runtime change point', 180_000);
    const judgedSince = detected.judged - before.judged;
    t.diagnostic(`reported after ${judgedSince} judged runs: regression state ${detected.regressionState}, runtime change points ${before.runtimeChangePoints} -> ${detected.runtimeChangePoints}`);
    assert.ok(detected.regressionState === 1 || detected.runtimeChangePoints > before.runtimeChangePoints,
      `no regression and no runtime change point after ${judgedSince} judged runs: ${JSON.stringify(detected)}`);
    assert.ok(judgedSince <= WITHIN, `reported after ${judgedSince} judged runs`);

    const changes = await (await fetch(new URL('/api/changes', daemon.url))).json() as {
      series: { workload: string; points: { change: number; cause?: string }[] }[];
      rolling: { series: { workload: string; verdict: string; cause?: string }[] };
    };
    const points = changes.series.find((series) => series.workload === SERIES.workload)?.points ?? [];
    const verdict = changes.rolling.series.find((series) => series.workload === SERIES.workload);
    // What was reported is a slowdown of about the knob's 10 % (a wake-up's own latency dilutes it a little), blamed on the runtime.
    t.diagnostic(`change points: ${JSON.stringify(points)}; rolling verdict: ${JSON.stringify(verdict && { verdict: verdict.verdict, cause: verdict.cause })}`);
    const slowdown = points.find((point) => point.cause === 'runtime' && point.change > 0.05 && point.change < 0.2);
    const regressed = verdict?.verdict === 'regressed' && verdict.cause === 'runtime';
    assert.ok(slowdown !== undefined || regressed, JSON.stringify(changes));
  });
});
