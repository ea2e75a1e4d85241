import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import type { SuiteConfig } from '../../src/config/types.ts';
import { SuiteScheduler, type PassOutcome } from '../../src/daemon/suite-scheduler.ts';
import { NEVER, suite } from './daemon-fixture.ts';

const logger = pino({ level: 'silent' });
const OK: PassOutcome = { runs: 1, failed: 0, error: false };

/** A runPass the test finishes by hand, one pass at a time. */
function manualPasses() {
  const started: string[] = [];
  const finishers: Array<() => void> = [];
  const runPass = (suiteConfig: SuiteConfig): Promise<PassOutcome> => {
    started.push(suiteConfig.name);
    return new Promise((resolve) => finishers.push(() => resolve(OK)));
  };
  return { started, runPass, finishNext: () => finishers.shift()?.() };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('SuiteScheduler', () => {
  it('queues a suite once while it is queued or running, and runs passes one at a time', async () => {
    const passes = manualPasses();
    const scheduler = new SuiteScheduler({
      suites: [suite({ name: 'a', runOnStart: false }), suite({ name: 'b', runOnStart: false })], runPass: passes.runPass, logger,
    });
    const first = scheduler.enqueue('a');
    assert.equal(scheduler.enqueue('a'), first, 'the same pending pass');
    void scheduler.enqueue('b');
    await tick();
    assert.deepEqual(passes.started, ['a']);
    assert.equal(scheduler.running, 'a');
    assert.deepEqual(scheduler.statuses().map((s) => s.state), ['running', 'queued']);
    passes.finishNext();
    await first;
    await tick();
    assert.deepEqual(passes.started, ['a', 'b']);
    passes.finishNext();
    await scheduler.idle();
    assert.deepEqual(scheduler.statuses().map((s) => [s.state, s.passes]), [['idle', 1], ['idle', 1]]);
  });

  it('stop() drops queued passes and leaves the running one to finish', async () => {
    const passes = manualPasses();
    const scheduler = new SuiteScheduler({
      suites: [suite({ name: 'a', runOnStart: false }), suite({ name: 'b', runOnStart: false })], runPass: passes.runPass, logger,
    });
    void scheduler.enqueue('a');
    const queued = scheduler.enqueue('b');
    await tick();
    scheduler.stop();
    await queued;
    passes.finishNext();
    await scheduler.idle();
    assert.deepEqual(passes.started, ['a']);
    await scheduler.enqueue('a');
    assert.deepEqual(passes.started, ['a'], 'nothing runs after stop()');
  });

  it('arms cron suites in UTC (next run known) and starts runOnStart ones', async () => {
    const passes = manualPasses();
    const scheduler = new SuiteScheduler({
      suites: [suite({ name: 'cron', schedule: NEVER, runOnStart: false }), suite({ name: 'now', schedule: NEVER, runOnStart: true })],
      runPass: passes.runPass, logger,
    });
    scheduler.start();
    await tick();
    const [cron] = scheduler.statuses();
    assert.ok(cron.nextRunAt instanceof Date);
    assert.equal(cron.nextRunAt.getUTCMonth(), 0);
    assert.equal(cron.nextRunAt.getUTCDate(), 1);
    assert.equal(cron.nextRunAt.getUTCHours(), 0);
    assert.deepEqual(passes.started, ['now']);
    scheduler.stop();
    passes.finishNext();
    await scheduler.idle();
  });

  it('backs off a continuous suite whose every run fails', async () => {
    let passes = 0;
    const scheduler = new SuiteScheduler({
      suites: [suite({ name: 'broken', schedule: 'continuous' })], logger,
      runPass: async () => {
        passes++;
        return { runs: 2, failed: 2, error: false };
      },
      continuousPauseMs: 1, failingPauseMs: 60_000,
    });
    scheduler.start();
    await scheduler.idle();
    await tick();
    const [status] = scheduler.statuses();
    assert.equal(passes, 1);
    assert.ok(status.nextRunAt !== null && status.nextRunAt.getTime() - Date.now() > 30_000, 'the next pass waits out the failing pause');
    scheduler.stop();
  });
});
