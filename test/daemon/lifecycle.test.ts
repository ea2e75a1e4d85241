import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { pino } from 'pino';
import { startDaemon } from '../../src/daemon/daemon.ts';
import { UsageError } from '../../src/errors.ts';
import type { SuiteResult } from '../../src/model/result.ts';
import { numericValue, parseExposition, sample } from '../export/prom-text.ts';
import { okRun, TEST_ENVIRONMENT } from '../export/run-fixture.ts';
import {
  daemonConfig, eventually, FIXTURE_CATALOG, fakeRunner, startTestDaemon, suite, tempDataDir, type RunSuite,
} from './daemon-fixture.ts';

/** A runner whose pass runs until aborted, then until the test releases it (a worker being terminated). */
function blockingRunner() {
  const started = Promise.withResolvers<AbortSignal>();
  const release = Promise.withResolvers<void>();
  const runner: RunSuite = async (_config, _suite, _catalog, hooks = {}) => {
    const signal = hooks.signal ?? new AbortController().signal;
    started.resolve(signal);
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await release.promise;
    const now = new Date().toISOString();
    return { ...TEST_ENVIRONMENT, seed: 1, startedAt: now, finishedAt: now, results: [] } satisfies SuiteResult;
  };
  return { runner, started: started.promise, release: () => release.resolve() };
}

function captureLogs(): { logger: pino.Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
  return {
    logger: pino({ level: 'info' }, stream),
    lines: () => chunks.join('').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('daemon lifecycle', () => {
  it('on close: turns unready, aborts the run in flight, waits for it, then closes the server', async () => {
    const blocking = blockingRunner();
    const test = await startTestDaemon(blocking.runner);
    const signal = await blocking.started;
    const closing = test.daemon.close('test');
    assert.equal(signal.aborted, true);
    const ready = await fetch(test.url('/-/ready'));
    assert.equal(ready.status, 503);
    assert.equal((await fetch(test.url('/-/healthy'))).status, 200);
    blocking.release();
    await closing;
    await test.daemon.closed;
    await assert.rejects(fetch(test.url('/-/healthy')));
    await test.stop();
  });

  it('still closes when the run does not stop within shutdownTimeout, and says so', async () => {
    const { logger, lines } = captureLogs();
    const blocking = blockingRunner();
    const dataDir = await tempDataDir();
    const daemon = await startDaemon(
      daemonConfig(dataDir, { shutdownTimeout: 1200 }),
      { logger, catalog: FIXTURE_CATALOG, handleSignals: false, runSuite: blocking.runner },
    );
    await blocking.started;
    await daemon.close('test');
    assert.ok(lines().some((line) => /did not stop in time/.test(String(line.msg))), 'an error line about the run');
    assert.ok(lines().some((line) => line.msg === 'vmsoak stopped'));
    blocking.release();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('runs one pass at a time across suites, and runs continuous suites again', async () => {
    let active = 0;
    let maxActive = 0;
    const passes = new Map<string, number>();
    const runner = fakeRunner(async (suiteConfig) => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((resolve) => setTimeout(resolve, 20));
      active--;
      passes.set(suiteConfig.name, (passes.get(suiteConfig.name) ?? 0) + 1);
      return [await okRun()];
    });
    const test = await startTestDaemon(runner, {
      suites: [suite({ name: 'a', schedule: 'continuous' }), suite({ name: 'b', schedule: 'continuous' }), suite({ name: 'c' })],
    }, 10);
    await eventually(async () => ((passes.get('a') ?? 0) >= 3 && (passes.get('b') ?? 0) >= 3 ? true : undefined), 'three passes of a and b');
    await test.stop();
    assert.equal(maxActive, 1);
    assert.equal(passes.get('c'), 1, 'the cron suite ran once, at start');
  });

  it('survives a runner that throws, counting it', async () => {
    const test = await startTestDaemon(async () => {
      throw new Error('runner bug');
    });
    await eventually(async () => {
      const families = parseExposition(await (await fetch(test.url('/metrics'))).text());
      return numericValue(sample(families, 'vmsoak_suite_errors_total', { suite: 'pass' })) === 1 ? true : undefined;
    }, 'the suite error to be counted');
    assert.equal((await fetch(test.url('/-/healthy'))).status, 200);
    await test.stop();
  });

  it('logs where it listens, with the status page and /metrics URLs', async () => {
    const { logger, lines } = captureLogs();
    const dataDir = await tempDataDir();
    const daemon = await startDaemon(daemonConfig(dataDir), { logger, catalog: FIXTURE_CATALOG, handleSignals: false, runSuite: fakeRunner(async () => []) });
    const line = lines().find((entry) => typeof entry.url === 'string');
    assert.ok(line, 'a start line with url');
    assert.equal(line.url, daemon.url);
    assert.equal(line.metricsUrl, `${daemon.url}metrics`);
    assert.ok(String(line.msg).includes(daemon.url) && String(line.msg).includes(`${daemon.url}metrics`));
    assert.match(daemon.url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    await daemon.close();
    await rm(dataDir, { recursive: true, force: true });
  });
});

describe('daemon start-up checks', () => {
  async function rejectsWith(overrides: Parameters<typeof startTestDaemon>[1], pattern: RegExp): Promise<void> {
    await assert.rejects(startTestDaemon(fakeRunner(async () => []), overrides),
      (error: unknown) => error instanceof UsageError && pattern.test(error.message));
  }

  // The suites (names, schedules, globs) are checked where the config is loaded, once:
  // test/config/schema.test.ts and test/config/catalog-check.test.ts.

  it('names listen when the address is bad or taken', async () => {
    await rejectsWith({ listen: 'localhost' }, /^listen: /);
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as { port: number };
    try {
      await rejectsWith({ listen: `127.0.0.1:${port}` }, /^listen: .*already in use/);
    } finally {
      taken.close();
    }
  });
});
