import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { configHash } from '../../src/analysis/fingerprint.ts';
import type { Workload } from '../../src/workloads/api.ts';
import { loadCatalog } from '../../src/workloads/registry.ts';
import { testConfig, testSuite } from '../helpers/test-config.ts';

describe('the config hash of a fingerprint', () => {
  let workloads: Workload[];
  const config = testConfig();
  before(async () => {
    workloads = (await loadCatalog()).map((entry) => entry.workload).filter((workload) => workload.category === 'gc');
  });

  const hash = (params?: Record<string, Record<string, unknown>>, selected = ['gc.*']) =>
    configHash(config, [testSuite({ workloads: selected, params })], workloads);

  it('changes when a suite sets a workload param', () => {
    assert.notEqual(hash({ 'gc.churn-small': { liveSetMB: 64 } }), hash());
    assert.notEqual(hash({ 'gc.churn-small': { liveSetMB: 64 } }), hash({ 'gc.churn-small': { liveSetMB: 65 } }));
  });

  it('stays the same when the params equal the defaults, so older baselines still compare', () => {
    assert.equal(hash({ 'gc.churn-small': { liveSetMB: 32, allocationMBps: 200 } }), hash());
    assert.equal(hash({}), hash());
  });

  it('counts a suite only for the workloads it selects', () => {
    const bigSmall = testSuite({ workloads: ['gc.churn-small'], params: { 'gc.churn-small': { liveSetMB: 64 } } });
    const hiccupOnly = configHash(config, [bigSmall, testSuite({ name: 'other', workloads: ['gc.hiccup'] })], workloads);
    const smallTwice = configHash(config, [bigSmall, testSuite({ name: 'other', workloads: ['gc.*'] })], workloads);
    // The second suite runs gc.churn-small with its defaults too: two settings of it, not one.
    assert.notEqual(hiccupOnly, smallTwice);
  });

  it('tells two suites running one workload with different params from one suite', () => {
    const twoWays = configHash(config, [
      testSuite({ workloads: ['gc.*'] }),
      testSuite({ name: 'big', workloads: ['gc.churn-small'], params: { 'gc.churn-small': { liveSetMB: 256 } } }),
    ], workloads);
    assert.notEqual(twoWays, hash());
    assert.notEqual(twoWays, hash({ 'gc.churn-small': { liveSetMB: 256 } }));
  });
});
