import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseCgroupCpuStat } from '../../src/measure/interference/cgroup-cpu-stat.ts';
import { cgroupAncestry, locateCgroup } from '../../src/measure/interference/cgroup-location.ts';
import { parseCgroupMembership } from '../../src/measure/interference/cgroup-membership.ts';
import { parseCgroupMounts } from '../../src/measure/interference/cgroup-mounts.ts';
import { parseCpusAllowed } from '../../src/measure/interference/cpu-affinity.ts';
import { parseCpuList } from '../../src/measure/interference/cpu-list.ts';
import { parseCpuPressureSomeUsec } from '../../src/measure/interference/cpu-pressure.ts';
import { parseCfsQuota, parseCpuMax } from '../../src/measure/interference/cpu-quota.ts';
import { parseProcStat, ticksOfCpus } from '../../src/measure/interference/proc-stat.ts';
import { parseInvoluntarySwitches } from '../../src/measure/interference/thread-switches.ts';

const FIXTURES = new URL('../fixtures/procfs/', import.meta.url);
const fixture = (relative: string): string => readFileSync(new URL(relative, FIXTURES), 'utf8');

describe('/proc/stat', () => {
  it('sums busy, steal and total ticks per CPU, leaving guest time (already in user) out', () => {
    const stat = parseProcStat('cpu  10 1 5 100 2 3 4 7 9 9\ncpu0 6 1 3 50 1 2 2 4 9 9\ncpu1 4 0 2 50 1 1 2 3 0 0\nintr 5\n');
    assert.ok(stat);
    assert.deepEqual(stat.all, { busy: 10 + 1 + 5 + 3 + 4, steal: 7, total: 23 + 100 + 2 + 7 });
    assert.deepEqual(stat.perCpu.get(1), { busy: 4 + 2 + 1 + 2, steal: 3, total: 9 + 50 + 1 + 3 });
    assert.deepEqual(ticksOfCpus(stat, [0, 1]), { busy: 14 + 9, steal: 7, total: (14 + 50 + 1 + 4) + (9 + 50 + 1 + 3) });
  });

  it('sums only the CPUs asked for, and falls back to the aggregate line for an offline CPU', () => {
    const stat = parseProcStat(fixture('cgroup-v2/proc/stat'));
    assert.ok(stat);
    assert.equal(stat.perCpu.size, 64);
    assert.equal(ticksOfCpus(stat, [0, 8]).busy, 2 * 1530);
    assert.equal(ticksOfCpus(stat, null), stat.all);
    assert.equal(ticksOfCpus(stat, [0, 64]), stat.all);
  });

  it('is null without an aggregate cpu line', () => {
    assert.equal(parseProcStat('intr 5\nctxt 9\n'), null);
  });
});

describe('CPU lists', () => {
  it('expands ranges and single CPUs', () => {
    assert.deepEqual(parseCpuList('0-3,8\n'), [0, 1, 2, 3, 8]);
    assert.deepEqual(parseCpuList('5'), [5]);
    assert.deepEqual(parseCpuList('\n'), []);
  });

  it('rejects a malformed list', () => {
    assert.equal(parseCpuList('0-a'), null);
    assert.equal(parseCpuList('3-1'), null);
  });

  it('reads the affinity from a status file', () => {
    assert.deepEqual(parseCpusAllowed(fixture('cgroup-v1/proc/self/status')), [0, 1, 2, 3]);
    assert.equal(parseCpusAllowed('Name:\tnode\n'), null);
  });
});

describe('cgroup membership and mounts', () => {
  it('reads the unified path and each v1 controller path, keeping colons inside a path', () => {
    const membership = parseCgroupMembership(fixture('cgroup-v1/proc/self/cgroup'));
    assert.equal(membership.unifiedPath, '/kubepods/burstable/pod2/def');
    assert.equal(membership.v1Paths.get('cpu'), '/kubepods/burstable/pod2/def');
    assert.equal(membership.v1Paths.get('cpuacct'), '/kubepods/burstable/pod2/def');
    assert.equal(membership.v1Paths.get('name=systemd'), '/kubepods/burstable/pod2/def');
    assert.equal(parseCgroupMembership('0::/a:b\n').unifiedPath, '/a:b');
    assert.equal(parseCgroupMembership('0::/\n').v1Paths.size, 0);
  });

  it('finds cgroup mounts with their roots and v1 controllers, unescaping octal escapes', () => {
    const mounts = parseCgroupMounts(fixture('cgroup-v1/proc/self/mountinfo'));
    assert.equal(mounts.length, 4);
    assert.deepEqual(mounts[0], {
      version: 1, root: '/kubepods/burstable/pod2/def', mountPoint: '/sys/fs/cgroup/cpu,cpuacct', controllers: ['rw', 'cpu', 'cpuacct'],
    });
    assert.equal(mounts[2].version, 2);
    const escaped = parseCgroupMounts('1 0 0:1 / /my\\040cgroup rw - cgroup2 cgroup2 rw\n');
    assert.equal(escaped[0].mountPoint, '/my cgroup');
  });

  it('locates the cpu controller in v2 under a mount rooted at /', () => {
    const membership = parseCgroupMembership(fixture('cgroup-v2/proc/self/cgroup'));
    const mounts = parseCgroupMounts(fixture('cgroup-v2/proc/self/mountinfo'));
    const cpu = locateCgroup('cpu', membership, mounts);
    assert.equal(cpu?.version, 2);
    assert.match(cpu?.dir ?? '', /^\/sys\/fs\/cgroup\/kubepods\.slice\/.*\/cri-containerd-abc\.scope$/);
    assert.equal(cgroupAncestry(cpu!).at(-1), '/sys/fs/cgroup');
    assert.equal(cgroupAncestry(cpu!).length, 5);
  });

  it('prefers the v1 hierarchy a controller is bound to on a hybrid node, stripping the mount root', () => {
    const membership = parseCgroupMembership(fixture('cgroup-v1/proc/self/cgroup'));
    const mounts = parseCgroupMounts(fixture('cgroup-v1/proc/self/mountinfo'));
    assert.deepEqual(locateCgroup('cpu', membership, mounts), { version: 1, dir: '/sys/fs/cgroup/cpu,cpuacct', mountPoint: '/sys/fs/cgroup/cpu,cpuacct' });
    assert.deepEqual(locateCgroup('cpuset', membership, mounts), { version: 1, dir: '/sys/fs/cgroup/cpuset', mountPoint: '/sys/fs/cgroup/cpuset' });
  });

  it('finds nothing when no hierarchy is mounted', () => {
    const membership = parseCgroupMembership(fixture('missing/proc/self/cgroup'));
    assert.equal(locateCgroup('cpu', membership, parseCgroupMounts(fixture('missing/proc/self/mountinfo'))), null);
  });
});

describe('cgroup cpu.stat', () => {
  it('reads the v2 counters in µs', () => {
    const path = 'cgroup-v2/sys/fs/cgroup/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1.slice/cri-containerd-abc.scope/cpu.stat';
    assert.deepEqual(parseCgroupCpuStat(fixture(path)), { periods: 1000, throttledPeriods: 100, throttledUsec: 250_000 });
  });

  it('reads the v1 counters, converting throttled_time from ns', () => {
    assert.deepEqual(parseCgroupCpuStat(fixture('cgroup-v1/sys/fs/cgroup/cpu,cpuacct/cpu.stat')), {
      periods: 500, throttledPeriods: 50, throttledUsec: 2_000_000,
    });
  });

  it('is null for a v2 cpu.stat without the cpu controller (usage lines only)', () => {
    assert.equal(parseCgroupCpuStat(fixture('cgroup-v1/sys/fs/cgroup/unified/cpu.stat')), null);
  });
});

describe('CPU quota', () => {
  it('reads v2 cpu.max', () => {
    assert.equal(parseCpuMax('200000 100000\n'), 2);
    assert.equal(parseCpuMax('150000 100000'), 1.5);
    assert.equal(parseCpuMax('max 100000\n'), null);
    assert.equal(parseCpuMax(''), null);
  });

  it('reads v1 cfs quota and period, -1 meaning none', () => {
    assert.equal(parseCfsQuota('50000\n', '100000\n'), 0.5);
    assert.equal(parseCfsQuota('-1\n', '100000\n'), null);
  });
});

describe('CPU pressure and thread switches', () => {
  it('reads the some total in µs', () => {
    assert.equal(parseCpuPressureSomeUsec(fixture('cgroup-v2/proc/pressure/cpu')), 5_000_000);
    assert.equal(parseCpuPressureSomeUsec('full avg10=0.00 avg60=0.00 avg300=0.00 total=7\n'), null);
  });

  it('reads nonvoluntary_ctxt_switches, not the voluntary count', () => {
    assert.equal(parseInvoluntarySwitches(fixture('cgroup-v2/proc/thread-self/status')), 41);
    assert.equal(parseInvoluntarySwitches('Name:\tnode\n'), null);
  });
});
