import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runSuite } from '../../src/run/suite.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { testConfig, testSuite } from '../helpers/test-config.ts';

describe("Jain's index per run", () => {
  it('is null for a workload whose threads do different jobs, and a number in [1/T, 1] otherwise', async () => {
    const catalog = await loadCatalog([]);
    const suite = await runSuite(testConfig(), testSuite({
      workloads: ['scheduler.thundering-herd', 'contention.padded-counter'], threads: [3], duration: 100, warmup: 10,
    }), catalog);
    const byName = new Map(suite.results.map((result) => [result.workload, result]));
    const herd = byName.get('scheduler.thundering-herd');
    const padded = byName.get('contention.padded-counter');
    assert.equal(herd?.status, 'ok', herd?.error?.message);
    assert.equal(herd.jainIndex, null);
    assert.equal(padded?.status, 'ok', padded?.error?.message);
    assert.ok(padded.jainIndex !== null && padded.jainIndex >= 1 / 3 && padded.jainIndex <= 1, String(padded.jainIndex));
  });
});
