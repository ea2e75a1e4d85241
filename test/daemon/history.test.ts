/**
 * The daemon's own history: a results log with a step in it is loaded at start, each new run
 * is judged against the rolling baseline, and the regression metrics, /api/changes,
 * /api/report, /report.html and the HDR interval log show it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.ts';
import type { RunResult } from '../../src/model/result.ts';
import { intervalLogFile } from '../../src/store/hdr-interval-log.ts';
import { resultsLogPath } from '../../src/store/results-log.ts';
import { evaluateKpis } from '../../src/run/kpi.ts';
import { okRun, testWorkload } from '../export/run-fixture.ts';
import { parseExposition, sample } from '../export/prom-text.ts';
import { seededRandom } from '../helpers/seeded-random.ts';
import { daemonConfig, eventually, fakeRunner, FIXTURE_CATALOG, suite, tempDataDir } from './daemon-fixture.ts';

const random = seededRandom(42);
const MINUTE = 60_000;

/** A run of the fixture series whose samples and statistics sit at `meanNs` (CV 2 %). */
async function runAt(at: number, meanNs: number): Promise<RunResult> {
  const base = await okRun();
  const samples = Array.from({ length: 200 }, () => random.logNormal(meanNs, 0.02));
  const partial = {
    ...base, startedAt: new Date(at).toISOString(), samples, cv: 0.02,
    latencyNs: { ...base.latencyNs, mean: meanNs, p50: meanNs, p99: meanNs * 1.1, max: meanNs * 1.3 },
    opsPerSecond: 1e9 / meanNs,
  };
  return { ...partial, kpis: evaluateKpis(testWorkload, 1, partial, {}) };
}

let dataDir: string;
let daemon: Daemon;
let history: RunResult[];
const url = (pathname: string) => new URL(pathname, daemon.url).href;

before(async () => {
  dataDir = await tempDataDir();
  const start = Date.now() - 2 * 86_400_000;
  history = [];
  for (let i = 0; i < 60; i++) history.push(await runAt(start + i * 10 * MINUTE, i < 30 ? 1000 : 1200));
  await mkdir(dataDir, { recursive: true });
  await writeFile(resultsLogPath(dataDir), history.map((run) => `${JSON.stringify(run)}\n`).join(''));
  const passStart = Date.now() - 20 * MINUTE;
  // 2 minutes apart: the pass's level holds for 14 minutes, past kpiWindow.for and history.changePoints.minSegmentSpan (10m).
  const pass = await Promise.all(Array.from({ length: 8 }, (_, i) => runAt(passStart + i * 2 * MINUTE, 1500)));
  // Full detail: every ratio statistic and the p-value (the default exports the mean ratio only).
  daemon = await startDaemon(daemonConfig(dataDir, { suites: [suite()], metrics: { detail: 'full' } }), {
    logger: pino({ level: 'silent' }), catalog: FIXTURE_CATALOG, handleSignals: false, runSuite: fakeRunner(async () => pass),
  });
  await eventually(async () => {
    const text = await (await fetch(url('/metrics'))).text();
    return /vmsoak_regression_state\{[^}]*\} 1/.test(text) ? text : undefined;
  }, 'the regression state of the pass');
});

after(async () => {
  await daemon?.close('test finished');
  await rm(dataDir, { recursive: true, force: true });
});

describe('daemon history', () => {
  const labels = { workload: 'contention.fixture', threads: '1' };

  it('exports the rolling-baseline comparison and the change points as metrics', async () => {
    const families = parseExposition(await (await fetch(url('/metrics'))).text());
    assert.equal(sample(families, 'vmsoak_regression_state', labels).value, '1');
    const ratio = Number(sample(families, 'vmsoak_baseline_ratio', { ...labels, statistic: 'mean' }).value);
    // The window's median run is at 1000 or 1200 ns (its last 64 runs, the pass's earlier ones included), the last run at 1500.
    assert.ok(ratio > 1.2 && ratio < 1.55, `ratio ${ratio}`);
    for (const statistic of ['p50', 'p99', 'max']) assert.ok(Number(sample(families, 'vmsoak_baseline_ratio', { ...labels, statistic }).value) > 1);
    assert.ok(Number(sample(families, 'vmsoak_regression_p_value', labels).value) < 0.05);
    // The step at run 30 was in the loaded history: known, not counted; the pass's own step is new.
    // Runs without interference readings cannot blame the node: the cause is runtime.
    assert.ok(Number(sample(families, 'vmsoak_change_points_total', { ...labels, cause: 'runtime' }).value) >= 1);
    assert.equal(sample(families, 'vmsoak_change_points_total', { ...labels, cause: 'environment' }).value, '0');
    assert.equal(sample(families, 'vmsoak_regressions_total', { ...labels, cause: 'runtime' }).value, '1');
    const last = Number(sample(families, 'vmsoak_last_change_point_timestamp_seconds', labels).value);
    assert.ok(last * 1000 >= Date.parse(history[30].startedAt), `last change point at ${new Date(last * 1000).toISOString()}`);
  });

  it('/api/changes lists the change points with the run each starts at', async () => {
    const body = await (await fetch(url('/api/changes'))).json() as {
      series: { workload: string; points: { at: string; change: number; cause: string }[] }[]; rolling: { series: { verdict: string; cause: string }[] };
    };
    const [series] = body.series;
    assert.equal(series.workload, 'contention.fixture');
    const step = series.points.find((point) => point.at === history[30].startedAt);
    assert.ok(step !== undefined, JSON.stringify(series.points));
    assert.ok(step.change > 0.15 && step.change < 0.25);
    assert.equal(step.cause, 'runtime');
    assert.equal(body.rolling.series[0].verdict, 'regressed');
    assert.equal(body.rolling.series[0].cause, 'runtime');
  });

  it('/api/report and /report.html hold the comparison, the change points and the three charts', async () => {
    const markdown = await (await fetch(url('/api/report'))).text();
    assert.match(markdown, /## Change against the rolling baseline[\s\S]*✘ regressed \(critical\)/);
    assert.match(markdown, /## Change points[\s\S]*\| `contention\.fixture` \| 1 \|/);
    assert.match(markdown, /## Fastest and slowest|## Results/);
    const response = await fetch(url('/report.html'));
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const html = await response.text();
    assert.match(html, /contention\.fixture: latency by percentile/);
    assert.match(html, /Contention scaling: ns per op per thread/);
    assert.match(html, /contention\.fixture\.p99_latency over time[\s\S]*class="change-point"/);
    assert.doesNotMatch(html, /<script/);
  });

  it('writes the runs into the day\'s HDR interval log', async () => {
    const file = intervalLogFile(dataDir, new Date());
    const rawLines = () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => line.startsWith('Tag=contention.fixture@1,')).length : 0);
    await eventually(async () => (rawLines() === 8 ? true : undefined), 'eight raw interval lines');
    assert.match(readFileSync(file, 'utf8'), /^#\[Histogram log format version 1\.3\]$/m);
    assert.ok(existsSync(path.join(dataDir, 'results.jsonl')));
  });
});
