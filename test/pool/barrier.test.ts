import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSuite } from '../../src/run/suite.ts';
import { loadFixture } from '../helpers/fixtures.ts';
import { testConfig, testSuite } from '../helpers/test-config.ts';

describe('start barrier', () => {
  for (const threads of [2, 4, 8]) {
    it(`at ${threads} threads, every thread arrives before any thread records`, async () => {
      const catalog = [await loadFixture('barrier-order')];
      const suite = await runSuite(testConfig(), testSuite({ workloads: ['fixture.barrier-order'], threads: [threads] }), catalog);
      const [result] = suite.results;
      assert.equal(result.status, 'ok', result.error?.message);
      assert.equal(result.threads, threads);
      assert.equal(result.metrics.threads_reported, threads, 'exactly T threads ran');
      assert.equal(result.metrics.distinct_tickets, 2 * threads);
      assert.equal(result.metrics.ordered, 1);
      assert.equal(result.ops, threads, 'each thread recorded one value');
      assert.equal(result.perThreadOps.length, threads);
    });
  }
});
