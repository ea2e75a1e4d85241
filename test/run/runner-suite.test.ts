/**
 * runSuite in a runner process, with real runner processes and fixture workloads: results
 * come back as in-process, a dying runner fails only its run (reason `crash`) and the pass
 * goes on in a fresh runner, the RSS cap fails a run with reason `oom`, an abort leaves no
 * runner behind, and runners live for a pass or, in continuous mode, for runner.maxRuns runs.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RunResult } from '../../src/model/result.ts';
import { createRunnerSuite } from '../../src/run/runner/runner-suite.ts';
import { loadFixture } from '../helpers/fixtures.ts';
import { isAlive } from '../helpers/processes.ts';
import { testConfig, testSuite } from '../helpers/test-config.ts';

const NEVER = '0 0 1 1 *';

/** A runner suite that records the runners it starts and what each run left behind. */
function observedRunnerSuite(options: { idleMs?: number } = {}) {
  const runners: number[] = [];
  const liveWorkers: (number | null)[] = [];
  const run = createRunnerSuite({
    ...options,
    events: {
      runnerStarted: ({ pid }) => runners.push(pid),
      runFinished: (finished) => liveWorkers.push(finished.liveWorkers),
    },
  });
  return { run, runners, liveWorkers };
}

describe('runSuite in a runner process', () => {
  it('runs each planned run in the runner and hands back complete results with the runner\'s peak RSS', async () => {
    const { run, runners, liveWorkers } = observedRunnerSuite();
    const announced: RunResult[] = [];
    const suite = await run(testConfig(), testSuite({ workloads: ['fixture.healthy'], threads: [1, 2], schedule: NEVER, seed: 3 }),
      [await loadFixture('healthy')], { onResult: (result) => { announced.push(result); } });
    assert.deepEqual(suite.results.map((result) => result.status), ['ok', 'ok']);
    assert.deepEqual(suite.results.map((result) => result.threads).sort(), [1, 2]);
    assert.deepEqual(announced, suite.results);
    for (const result of suite.results) {
      assert.ok(result.ops > 0 && result.histogram !== null);
      assert.ok((result.runnerPeakRssBytes ?? 0) > 10 * 1024 * 1024, `peak RSS ${result.runnerPeakRssBytes}`);
    }
    assert.equal(runners.length, 1, 'one runner for the pass');
    assert.deepEqual(liveWorkers, [0, 0], 'no worker thread left in the runner after a run');
    assert.equal(isAlive(runners[0]), false, 'the runner of a scheduled pass exits with it');
  });

  it('fails a run whose runner is SIGKILLed with reason crash, and runs the rest in a fresh runner', async () => {
    const { run, runners } = observedRunnerSuite();
    const catalog = [await loadFixture('self-kill'), await loadFixture('healthy')];
    let expectedRunners = 0;
    let killedFirst = false;
    for (const seed of [1, 2, 3, 4]) {
      const suite = await run(testConfig(), testSuite({ workloads: ['fixture.*'], threads: [1], schedule: NEVER, seed }), catalog);
      const killed = suite.results.find((result) => result.workload === 'fixture.self-kill');
      const healthy = suite.results.find((result) => result.workload === 'fixture.healthy');
      assert.equal(killed?.status, 'failed');
      assert.equal(killed?.error?.reason, 'crash');
      assert.match(killed?.error?.message ?? '', /killed by SIGKILL/);
      assert.equal(healthy?.status, 'ok');
      // Self-kill first: a fresh runner for the healthy run after it; last: none needed.
      const first = suite.results[0].workload === 'fixture.self-kill';
      killedFirst ||= first;
      expectedRunners += first ? 2 : 1;
    }
    assert.ok(killedFirst, 'some seed ran the self-kill before the healthy run');
    assert.equal(runners.length, expectedRunners);
  });

  it('kills a runner past runner.maxRssMb and fails its run with reason oom', async () => {
    const { run } = observedRunnerSuite();
    const config = testConfig({ runTimeout: 60_000, runner: { maxRssMb: 384, maxRuns: 100 } });
    const suite = await run(config, testSuite({ workloads: ['fixture.*'], threads: [1], schedule: NEVER, seed: 1 }),
      [await loadFixture('rss-hog'), await loadFixture('healthy')]);
    const hog = suite.results.find((result) => result.workload === 'fixture.rss-hog');
    assert.equal(hog?.status, 'failed');
    assert.equal(hog?.error?.reason, 'oom');
    assert.match(hog?.error?.message ?? '', /over runner\.maxRssMb \(384 MB\)/);
    assert.ok((hog?.runnerPeakRssBytes ?? 0) > 384 * 1024 * 1024, `peak RSS ${hog?.runnerPeakRssBytes}`);
    assert.equal(suite.results.find((result) => result.workload === 'fixture.healthy')?.status, 'ok');
  });

  it('an abort kills the runner in the middle of a run and resolves with the runs finished before it', async () => {
    const { run, runners } = observedRunnerSuite();
    const controller = new AbortController();
    const started = Promise.withResolvers<void>();
    const catalog = [await loadFixture('hangs')];
    const pending = run(testConfig({ runTimeout: 60_000 }), testSuite({ workloads: ['fixture.hangs'], threads: [1, 2], schedule: NEVER }), catalog, {
      signal: controller.signal,
      onProgress: () => started.resolve(),
    });
    await started.promise;
    // The runner is started after the progress report; abort once it is running the hang.
    for (let i = 0; i < 300 && runners.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(runners.length, 1, 'a runner started');
    controller.abort();
    const suite = await pending;
    assert.equal(suite.results.length, 0, 'the aborted run is not a result');
    assert.equal(isAlive(runners[0]), false, 'the runner is gone when the pass resolves');
  });

  it('keeps a continuous suite\'s runner across passes until runner.maxRuns, then starts a fresh one', async () => {
    const { run, runners } = observedRunnerSuite();
    const config = testConfig({ runner: { ...testConfig().runner, maxRuns: 3 } });
    const suite = testSuite({ workloads: ['fixture.healthy'], threads: [1, 2], schedule: 'continuous', seed: 1 });
    const catalog = [await loadFixture('healthy')];
    try {
      for (let pass = 0; pass < 2; pass++) {
        const result = await run(config, suite, catalog);
        assert.deepEqual(result.results.map((entry) => entry.status), ['ok', 'ok']);
      }
      // 4 runs, at most 3 per runner: the first serves pass 1 and the first run of pass 2.
      assert.equal(runners.length, 2, `runners started: ${runners.length}`);
      assert.equal(isAlive(runners[0]), false, 'a runner that reached maxRuns is stopped');
      assert.equal(isAlive(runners[1]), true, 'the runner with runs left waits for the next pass');
    } finally {
      await run.close();
    }
    assert.equal(isAlive(runners[1]), false, 'close() stops the kept runner');
  });
});
