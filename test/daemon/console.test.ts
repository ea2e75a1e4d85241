/**
 * What the daemon's console says, in order: first where it listens (a URL that works),
 * then a line per run with the pass's progress, then a one-line summary of the pass.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.ts';
import type { Config } from '../../src/config/types.ts';
import { failedRun, okRun } from '../export/run-fixture.ts';
import { daemonConfig, eventually, FIXTURE_CATALOG, fakeRunner, suite, tempDataDir, type RunSuite } from './daemon-fixture.ts';

type LogLine = Record<string, unknown> & { msg: string };

interface Capture {
  logger: pino.Logger;
  lines(): LogLine[];
}

function captureLogs(): Capture {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
  return {
    logger: pino({ level: 'info' }, stream),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as LogLine),
  };
}

async function withLoggedDaemon(
  capture: Capture, runner: RunSuite, overrides: Partial<Config>, check: (daemon: Daemon, lines: () => LogLine[]) => Promise<void>,
): Promise<void> {
  const { lines } = capture;
  const dataDir = await tempDataDir();
  const daemon = await startDaemon(daemonConfig(dataDir, overrides), {
    logger: capture.logger, catalog: FIXTURE_CATALOG, handleSignals: false, runSuite: runner,
  });
  try {
    await check(daemon, lines);
  } finally {
    await daemon.close('test finished');
    await rm(dataDir, { recursive: true, force: true });
  }
}

describe('daemon console', () => {
  it('says first where it listens, answers there before the first pass, then shows progress and a summary', async () => {
    let answeredBeforePass: number | null = null;
    let firstLineAtPass: LogLine | undefined;
    const capture = captureLogs();
    const { lines } = capture;
    const runner = fakeRunner(async () => {
      // When the pass starts, the first line is already out, and its URL answers.
      firstLineAtPass = lines()[0];
      answeredBeforePass = (await fetch(new URL('-/healthy', String(firstLineAtPass?.url)))).status;
      const meetsTargets = [[100, 1000]] as const;
      return [await okRun({ threads: 1, recorded: meetsTargets }), failedRun('timeout', 2), await okRun({ threads: 2, recorded: [[5000, 100]] })];
    });
    await withLoggedDaemon(capture, runner, { suites: [suite({ name: 'pass' })] }, async (daemon) => {
      const summary = await eventually(async () => lines().find((line) => line.event === 'suite pass finished'), 'the pass summary');
      const all = lines();
      assert.equal(all[0].msg, `vmsoak listening on ${daemon.url} (metrics at ${daemon.url}metrics)`);
      assert.equal(all[0].url, daemon.url);
      assert.equal(firstLineAtPass?.msg, all[0].msg);
      assert.equal(answeredBeforePass, 200);

      const events = all.map((line) => line.event).filter((event) => event !== undefined);
      assert.deepEqual(events, ['suite pass started', 'run finished', 'run failed', 'run finished', 'suite pass finished']);
      const runs = all.filter((line) => line.event === 'run finished' || line.event === 'run failed');
      assert.deepEqual(runs.map((line) => [line.run, line.runs]), [[1, 3], [2, 3], [3, 3]]);
      assert.match(runs[0].msg, /^run 1 of 3, \d+s elapsed, ETA \d+s: contention\.fixture ×1 finished$/);
      assert.match(runs[1].msg, /^run 2 of 3, .*: contention\.fixture ×2 failed \(timeout\)$/);
      // 5 µs against the fixture's 500 ns p99 target (and no hit_rate below 0.9): one KPI
      // beyond target in this run, which is a hint and not a breach (a window's verdict).
      assert.match(runs[2].msg, /finished, beyond target in this run: p99_latency$/);
      assert.equal(runs[2].etaMs, 0);

      // One run per series cannot fill a 5-run KPI window: nothing breached, the KPIs pending.
      assert.deepEqual([summary.runs, summary.failed, summary.kpisBreached], [3, 1, 0]);
      assert.deepEqual(summary.judgements, { judged: 2, disturbed: 0, oversubscribed: 0, failed: 1 });
      assert.ok(Number(summary.kpisPending) > 0);
      // The fixture suite's cron fires at midnight on January 1st.
      const next = new Date(String(summary.nextPassAt));
      assert.equal(next.getUTCMonth(), 0);
      assert.equal(next.getUTCDate(), 1);
      assert.ok(next.getTime() > Date.now());
      assert.match(summary.msg, /^suite pass: pass finished: 3 runs \(2 judged, 0 disturbed, 0 oversubscribed, 1 failed\), 0 KPIs breached, \d+ pending, in \d+s; next pass at \d{4}-01-01T00:00:00Z$/);
    });
  });

  it('prints localhost for a daemon bound to every interface, and that URL answers', async () => {
    const runner = fakeRunner(async () => []);
    await withLoggedDaemon(captureLogs(), runner, { listen: '0.0.0.0:0' }, async (daemon, lines) => {
      assert.match(daemon.url, /^http:\/\/localhost:\d+\/$/);
      assert.equal(lines()[0].url, daemon.url);
      assert.equal(lines()[0].bound, daemon.url.replace('localhost', '0.0.0.0'));
      assert.equal((await fetch(new URL('-/healthy', daemon.url))).status, 200);
    });
  });
});
