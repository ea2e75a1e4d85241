import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { effectiveCpus } from '../../src/measure/interference/effective-cpus.ts';
import { parseCpuList } from '../../src/measure/interference/cpu-list.ts';
import { parseCfsQuota, parseCpuMax } from '../../src/measure/interference/cpu-quota.ts';

describe('effective CPUs', () => {
  it('is the quota on a big node: 200000/100000 on 64 CPUs gives 2', () => {
    assert.equal(effectiveCpus({ available: 64, quotaCpus: parseCpuMax('200000 100000'), cpusetCpus: 64 }), 2);
  });

  it('is the cpuset when it is the tighter limit: "0-3,8" gives 5', () => {
    assert.equal(effectiveCpus({ available: 64, quotaCpus: null, cpusetCpus: parseCpuList('0-3,8')!.length }), 5);
  });

  it('is unbounded by a quota of "max": the host count stands', () => {
    assert.equal(effectiveCpus({ available: 64, quotaCpus: parseCpuMax('max 100000'), cpusetCpus: null }), 64);
  });

  it('keeps a fractional quota (v1 150000/100000 is 1.5 CPUs, so 2 threads are oversubscribed)', () => {
    assert.equal(effectiveCpus({ available: 8, quotaCpus: parseCfsQuota('150000', '100000'), cpusetCpus: null }), 1.5);
  });

  it('never exceeds what the scheduler offers (affinity), whatever the quota', () => {
    assert.equal(effectiveCpus({ available: 2, quotaCpus: 4, cpusetCpus: 8 }), 2);
  });
});
