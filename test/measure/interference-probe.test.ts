import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { effectiveCpus } from '../../src/measure/interference/effective-cpus.ts';
import { interferenceBetween } from '../../src/measure/interference/interference.ts';
import { InterferenceProbe, type InterferenceReading } from '../../src/measure/interference/probe.ts';
import { readThreadInvoluntarySwitches } from '../../src/measure/interference/thread-switches.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/procfs/', import.meta.url));
const scratch = mkdtempSync(path.join(os.tmpdir(), 'vmsoak-procfs-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * Two readings of a fixture tree 2 s apart, with this process having used `ownCpuSeconds`
 * in between: the tree is copied, read, overlaid with its `after/` files, and read again.
 */
function readTwice(name: string, ownCpuSeconds: number): { probe: InterferenceProbe; before: InterferenceReading; after: InterferenceReading } {
  const root = path.join(scratch, name);
  cpSync(path.join(FIXTURES, name), root, { recursive: true, filter: (source) => !source.includes(`${name}${path.sep}after`) });
  let ownCpuUsec = 1_000_000;
  const probe = new InterferenceProbe({ root, ownCpuUsec: () => ownCpuUsec });
  const before = { ...probe.read(), atNs: 0 };
  cpSync(path.join(FIXTURES, name, 'after'), root, { recursive: true });
  ownCpuUsec += ownCpuSeconds * 1e6;
  return { probe, before, after: { ...probe.read(), atNs: 2e9 } };
}

describe('interference from fixture trees', () => {
  it('cgroup v2: other CPUs on the allowed CPUs only, steal, throttling and pressure deltas', () => {
    const { probe, before, after: later } = readTwice('cgroup-v2', 2);
    assert.deepEqual(probe.cpus, [0, 1, 2, 3, 8]);
    const interference = interferenceBetween(before, later, [
      { involuntarySwitches: 30, runQueueWaitNs: 50e6, wallNs: 1e9, slowCpuShare: 0.02 },
      { involuntarySwitches: 10, runQueueWaitNs: 30e6, wallNs: 1e9, slowCpuShare: 0.31 },
    ]);
    assert.deepEqual(interference, {
      windowSeconds: 2, ownCpuSeconds: 2,
      // CPUs 0 and 1 were busy 150 ticks each, CPUs 2, 3 and 8 20 each: 3.6 s, less 2 s of our own.
      otherCpuSeconds: 1.6, otherCpus: 0.8, cpusWatched: 5,
      stealSeconds: 0.2, stealRatio: 0.02,
      periods: 20, throttledPeriods: 7, throttledSeconds: 0.14, throttledRatio: 0.35,
      // From the pod's own cgroup cpu.pressure (0.4 s), not the node-wide file (1.6 s).
      cpuPressureSeconds: 0.4, cpuPressureRatio: 0.2,
      involuntarySwitches: 40, involuntarySwitchesPerSecond: 20, runQueueWaitSeconds: 0.08, runQueueWaitRatio: 0.04, runQueueWaitOnOthersRatio: 0.04,
      // The worst thread's: one thread on a slowed CPU skews the run.
      slowCpuShare: 0.31,
      unavailable: {},
    });
  });

  it('cgroup v2: effective CPUs are the tightest quota of the cgroup and its ancestors, within the cpuset', () => {
    const { probe } = readTwice('cgroup-v2', 0);
    assert.deepEqual(probe.cpuLimits(64), { available: 64, quotaCpus: 2, cpusetCpus: 5 });
    assert.equal(effectiveCpus(probe.cpuLimits(64)), 2);
  });

  it('cgroup v1 (hybrid): v1 throttling in ns, the cfs quota, and PSI unavailable with its reason', () => {
    const { probe, before, after: later } = readTwice('cgroup-v1', 1.5);
    const interference = interferenceBetween(before, later, [{ involuntarySwitches: 0, runQueueWaitNs: 0, wallNs: 2e9, slowCpuShare: 0 }]);
    assert.equal(interference.otherCpus, 0.25);
    assert.equal(interference.stealRatio, 0);
    assert.equal(interference.throttledRatio, 0.4);
    assert.equal(interference.throttledSeconds, 0.12);
    assert.equal(interference.cpuPressureSeconds, null);
    assert.equal(interference.cpuPressureRatio, null);
    assert.deepEqual(interference.unavailable, { psi: 'no /proc/pressure/cpu' });
    assert.deepEqual(probe.cpuLimits(8), { available: 8, quotaCpus: 1.5, cpusetCpus: 4 });
  });

  it('missing sources: null fields with a reason each, never 0', () => {
    const { probe, before, after: later } = readTwice('missing', 1);
    const interference = interferenceBetween(before, later, [{ involuntarySwitches: null, runQueueWaitNs: null, wallNs: 1e9 }]);
    assert.equal(interference.otherCpus, 0.3);
    for (const field of ['periods', 'throttledPeriods', 'throttledSeconds', 'throttledRatio', 'cpuPressureRatio', 'involuntarySwitches'] as const) {
      assert.equal(interference[field], null, field);
    }
    assert.deepEqual(interference.unavailable, {
      cgroupCpu: 'no mounted cgroup hierarchy with the cpu controller',
      psi: 'no /proc/pressure/cpu',
      threadStatus: 'no /proc/thread-self/status',
      schedstat: 'no /proc/thread-self/schedstat',
      // Not the node's: this workload timed no batches, so no reference loop ran.
      canary: 'the workload times no batches, so no reference loop ran between them',
    });
    assert.equal(interference.slowCpuShare, null);
    assert.deepEqual(probe.cpuLimits(2), { available: 2, quotaCpus: null, cpusetCpus: null });
  });

  it('another OS (no /proc at all): every node-wide field null with a reason', () => {
    const root = mkdtempSync(path.join(scratch, 'empty-'));
    const probe = new InterferenceProbe({ root, ownCpuUsec: () => 0 });
    const interference = interferenceBetween({ ...probe.read(), atNs: 0 }, { ...probe.read(), atNs: 1e9 }, null);
    assert.equal(interference.otherCpus, null);
    assert.equal(interference.stealRatio, null);
    assert.deepEqual(interference.unavailable, {
      procStat: 'no /proc/stat', cgroupCpu: 'no /proc/self/cgroup', psi: 'no /proc/pressure/cpu',
      threadStatus: 'the run ended before its threads reported',
    });
    assert.equal(probe.cpus, null);
  });

  it('floors other CPUs at 0 when our own CPU time outruns the 10 ms tick accounting', () => {
    const { before, after: later } = readTwice('missing', 5);
    assert.equal(interferenceBetween(before, later, null).otherCpus, 0);
  });
});

describe('the real node', () => {
  it('reads this thread\'s involuntary switches where Linux has /proc/thread-self', { skip: process.platform !== 'linux' && 'Linux only' }, () => {
    const switches = readThreadInvoluntarySwitches();
    assert.ok(switches !== null && Number.isInteger(switches) && switches >= 0, String(switches));
  });
});
