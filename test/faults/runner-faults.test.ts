/**
 * A real `vmsoak run` process whose workloads kill their own runner: one SIGKILLs its
 * process from a worker thread (a native crash or the OOM killer, as the runner sees it),
 * one allocates ArrayBuffers past runner.maxRssMb. /metrics is polled every 100 ms all
 * along and must answer every poll; the crash must fail only its run, with reason `crash`,
 * and the next run must be ok; the hog must fail with reason `oom` without the daemon's own
 * memory ever holding it.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunResult } from '../../src/model/result.ts';
import { readRssBytes } from '../../src/run/runner/process-rss.ts';
import { planRuns } from '../../src/run/plan.ts';
import { readResultsLog, resultsLogPath } from '../../src/store/results-log.ts';
import { numericValue, parseExposition, sample } from '../export/prom-text.ts';
import { spawnDaemon, type DaemonProcess } from '../helpers/daemon-process.ts';
import { fixturePath, loadFixture } from '../helpers/fixtures.ts';

const FIXTURES = ['self-kill', 'rss-hog', 'healthy'];
const MAX_RSS_MB = 384;
const POLL_MS = 100;
/** Generous: a runner start-up takes up to a few seconds on a loaded machine, and two runs need one each. */
const PASSES_LIMIT_MS = 180_000;

/** A seed whose (fixed) order puts the healthy run right after the self-kill, also across passes. */
async function seedWithHealthyAfterSelfKill(): Promise<number> {
  const catalog = await Promise.all(FIXTURES.map(loadFixture));
  for (let seed = 1; seed < 100; seed++) {
    const order = planRuns(catalog, [1], seed).map((planned) => planned.entry.workload.name);
    const next = order[(order.indexOf('fixture.self-kill') + 1) % order.length];
    if (next === 'fixture.healthy') return seed;
  }
  throw new Error('no seed puts fixture.healthy after fixture.self-kill');
}

describe('a runner that dies under a real daemon process', () => {
  let daemon: DaemonProcess;
  let results: RunResult[] = [];
  const polls: (number | string)[] = [];
  const daemonRssBytes: number[] = [];
  let polling = true;
  let poller: Promise<void>;

  before(async () => {
    const seed = await seedWithHealthyAfterSelfKill();
    daemon = await spawnDaemon({
      runTimeout: '60s',
      runner: { maxRssMb: MAX_RSS_MB },
      workloadModules: FIXTURES.map(fixturePath),
      suites: [{ name: 'crash', schedule: 'continuous', workloads: ['fixture.*'], threads: [1], duration: '100ms', warmup: '10ms', seed }],
    });
    poller = (async () => {
      while (polling) {
        try {
          const response = await fetch(new URL('/metrics', daemon.baseUrl), { signal: AbortSignal.timeout(5000) });
          await response.text();
          polls.push(response.status);
        } catch (error) {
          polls.push((error as Error).message);
        }
        const rss = readRssBytes(daemon.child.pid!);
        if (rss !== null) daemonRssBytes.push(rss);
        await sleep(POLL_MS);
      }
    })();
    const logFile = resultsLogPath(path.join(daemon.dir, 'data'));
    const deadline = Date.now() + PASSES_LIMIT_MS;
    // Two passes: the self-kill's successor has run in either order.
    while (results.length < 2 * FIXTURES.length && Date.now() < deadline) {
      await sleep(500);
      results = (await readResultsLog(logFile).catch(() => ({ results: [] }))).results;
    }
  });

  after(async () => {
    polling = false;
    await poller;
    await daemon.stop();
  });

  it('records two passes', () => {
    assert.ok(results.length >= 2 * FIXTURES.length, `${results.length} results within ${PASSES_LIMIT_MS} ms: ${daemon.stderr()}`);
  });

  it('fails the self-killed run with reason crash, naming the signal, and the next run is ok', () => {
    const crashes = results.flatMap((result, index) => (result.workload === 'fixture.self-kill' ? [index] : []));
    assert.ok(crashes.length >= 1);
    for (const index of crashes) {
      assert.equal(results[index].status, 'failed');
      assert.equal(results[index].error?.reason, 'crash');
      assert.match(results[index].error?.message ?? '', /killed by SIGKILL/);
      const next = results[index + 1];
      if (next === undefined) continue;
      assert.equal(next.workload, 'fixture.healthy');
      assert.equal(next.status, 'ok', next.error?.message);
    }
    assert.ok(crashes.some((index) => index + 1 < results.length), 'a run followed a crash');
  });

  it('fails the ArrayBuffer hog with reason oom, and the daemon\'s own memory never held it', () => {
    const hogs = results.filter((result) => result.workload === 'fixture.rss-hog');
    assert.ok(hogs.length >= 1);
    for (const hog of hogs) {
      assert.equal(hog.status, 'failed');
      assert.equal(hog.error?.reason, 'oom', hog.error?.message);
      assert.match(hog.error?.message ?? '', /runner\.maxRssMb/);
    }
    assert.ok(daemonRssBytes.length > 0 && Math.max(...daemonRssBytes) < MAX_RSS_MB * 1024 * 1024,
      `the daemon's RSS peaked at ${Math.max(...daemonRssBytes)} bytes`);
  });

  it('answered every /metrics poll with 200 and counts the crash and the oom', async () => {
    assert.ok(polls.length >= 20, `only ${polls.length} polls`);
    assert.deepEqual(polls.filter((status) => status !== 200), []);
    assert.equal(daemon.child.exitCode, null, 'the daemon process never exited');
    const families = parseExposition(await (await fetch(new URL('/metrics', daemon.baseUrl))).text());
    const failures = (workload: string, reason: string) => numericValue(sample(families, 'vmsoak_run_failures_total',
      { workload, category: 'fixture', threads: '1', reason }));
    assert.ok(failures('fixture.self-kill', 'crash') >= 1);
    assert.ok(failures('fixture.rss-hog', 'oom') >= 1);
  });
});
