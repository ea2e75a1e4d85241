import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { liveWorkerCount } from '../../src/pool/run-threads.ts';
import { runSuite } from '../../src/run/suite.ts';
import { loadFixture } from '../helpers/fixtures.ts';
import { testConfig, testSuite } from '../helpers/test-config.ts';

const cases = [
  { fixture: 'throws', reason: 'error', message: /deliberate failure/ },
  { fixture: 'hangs', reason: 'timeout', message: /timeout of 1500 ms/ },
  { fixture: 'oom', reason: 'oom', message: /memory/i },
  { fixture: 'exits', reason: 'exit', message: /exited with code 3/ },
] as const;

describe('failure isolation', () => {
  for (const { fixture, reason, message } of cases) {
    it(`a workload that ${fixture} fails its run with reason ${reason}, and the next run still happens`, async () => {
      const catalog = [await loadFixture(fixture), await loadFixture('barrier-order')];
      const before = liveWorkerCount();
      const config = testConfig({ runTimeout: 1500, resourceLimits: { maxOldGenerationSizeMb: 32 } });
      // Two seeds put the faulty run first in one pass and last in the other.
      for (const seed of [1, 2]) {
        const suite = await runSuite(config, testSuite({ workloads: ['fixture.*'], threads: [1], seed }), catalog);
        assert.equal(suite.results.length, 2);
        const failed = suite.results.find((result) => result.workload === `fixture.${fixture}`)!;
        assert.equal(failed.status, 'failed');
        assert.equal(failed.error?.reason, reason);
        assert.match(failed.error!.message, message);
        const healthy = suite.results.find((result) => result.workload === 'fixture.barrier-order')!;
        assert.equal(healthy.status, 'ok');
        assert.equal(liveWorkerCount(), before, 'no worker thread is left behind');
      }
    });
  }

  it('an aborted suite stops the run in flight and terminates its workers', async () => {
    const catalog = [await loadFixture('hangs')];
    const controller = new AbortController();
    const config = testConfig({ runTimeout: 60_000 });
    const pending = runSuite(config, testSuite({ workloads: ['fixture.hangs'], threads: [2] }), catalog, {
      signal: controller.signal,
      onProgress: () => setTimeout(() => controller.abort(), 200),
    });
    const suite = await pending;
    assert.equal(suite.results.length, 0, 'an aborted run is not recorded as a result');
    assert.equal(liveWorkerCount(), 0);
  });
});
