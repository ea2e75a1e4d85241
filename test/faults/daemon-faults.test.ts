/**
 * Faults injected while the daemon runs: fixture workloads loaded through the plugin API
 * throw, hang, exhaust their heap, call process.exit, post a malformed result and flood the
 * main thread, all inside the daemon's runner process. After each, /metrics must keep
 * answering, the failure must be counted with its reason, the next run must happen, and no
 * worker thread may be left behind in the runner (nor ever started in the daemon's process).
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { startDaemon, type Daemon } from '../../src/daemon/daemon.ts';
import { liveWorkerCount } from '../../src/pool/run-threads.ts';
import type { RunResult } from '../../src/model/result.ts';
import { createRunnerSuite, type RunnerSuite } from '../../src/run/runner/runner-suite.ts';
import { daemonConfig, eventually, tempDataDir } from '../daemon/daemon-fixture.ts';
import { numericValue, parseExposition, sample } from '../export/prom-text.ts';
import { loadFixture } from '../helpers/fixtures.ts';

const FAULTS = [
  { fixture: 'throws', reason: 'error' },
  { fixture: 'hangs', reason: 'timeout' },
  { fixture: 'oom', reason: 'oom' },
  { fixture: 'exits', reason: 'exit' },
  { fixture: 'malformed', reason: 'error' },
  { fixture: 'flood', reason: 'error' },
] as const;

interface Observed {
  result: RunResult;
  /** Live worker threads in the runner when it handed the result over: every worker of the run has exited by then. */
  liveWorkers: number | null;
}

describe('faults while the daemon runs', () => {
  const observed: Observed[] = [];
  const scrapes: number[] = [];
  let daemon: Daemon;
  let dataDir: string;
  let workersBefore: number;
  let runner: RunnerSuite;
  let scraping = true;
  let scraper: Promise<void>;

  before(async () => {
    const catalog = await Promise.all([...FAULTS.map(({ fixture }) => fixture), 'healthy'].map(loadFixture));
    dataDir = await tempDataDir();
    workersBefore = liveWorkerCount();
    runner = createRunnerSuite({ events: { runFinished: ({ result, liveWorkers }) => observed.push({ result, liveWorkers }) } });
    daemon = await startDaemon(daemonConfig(dataDir, {
      // Generous: the timeout also covers worker start-up, which takes seconds on a loaded CPU;
      // only the hanging fixture waits it out.
      runTimeout: 6000,
      resourceLimits: { maxOldGenerationSizeMb: 64 },
      suites: [{ name: 'faults', schedule: 'continuous', runOnStart: true, workloads: ['fixture.*'], duration: 100, warmup: 10 }],
    }), {
      logger: pino({ level: 'silent' }), catalog, handleSignals: false, continuousPauseMs: 50,
      runSuite: runner,
    });
    // Scrape all along: a fault must never make /metrics fail or stall.
    scraper = (async () => {
      while (scraping) {
        const response = await fetch(new URL('/metrics', daemon.url));
        await response.text();
        scrapes.push(response.status);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    // Two full passes: every fault has been followed by at least one more run of everything.
    await eventually(async () => (observed.filter(({ result }) => result.workload === 'fixture.healthy').length >= 2 ? true : undefined),
      'two passes over the fault fixtures', 60_000);
  });

  after(async () => {
    scraping = false;
    await scraper;
    await daemon.close('test finished');
    await runner.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  for (const { fixture, reason } of FAULTS) {
    it(`fixture.${fixture} fails with reason ${reason}, counted in vmsoak_run_failures_total, and the daemon runs on`, async () => {
      const runs = observed.filter(({ result }) => result.workload === `fixture.${fixture}`);
      assert.ok(runs.length >= 1, 'the fault ran');
      for (const { result } of runs) {
        assert.equal(result.status, 'failed');
        assert.equal(result.error?.reason, reason, result.error?.message);
      }
      if (fixture === 'malformed' || fixture === 'flood') assert.match(runs[0].result.error?.message ?? '', /malformed message/);
      const firstFault = observed.indexOf(runs[0]);
      assert.ok(observed.slice(firstFault + 1).some(({ result }) => result.workload === 'fixture.healthy' && result.status === 'ok'),
        'a healthy run followed the fault');
      const families = parseExposition(await (await fetch(new URL('/metrics', daemon.url))).text());
      const failures = numericValue(sample(families, 'vmsoak_run_failures_total',
        { workload: `fixture.${fixture}`, category: 'fixture', threads: '1', reason }));
      assert.ok(failures >= runs.length, `counter ${failures} < ${runs.length} failed runs`);
    });
  }

  it('leaves no worker thread behind in the runner after any run, and starts none in the daemon\'s process', () => {
    assert.deepEqual(observed.filter(({ liveWorkers }) => liveWorkers !== 0).map(({ result }) => result.workload), []);
    assert.equal(liveWorkerCount(), workersBefore);
  });

  it('answered every scrape of /metrics with 200 while the faults ran', () => {
    assert.ok(scrapes.length >= 10, `only ${scrapes.length} scrapes`);
    assert.deepEqual(scrapes.filter((status) => status !== 200), []);
  });
});
