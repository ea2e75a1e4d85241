import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { parseCgroupMembership } from '../../src/measure/interference/cgroup-membership.ts';
import { parseCgroupMounts } from '../../src/measure/interference/cgroup-mounts.ts';
import { choosePressureSource } from '../../src/measure/interference/pressure-source.ts';

const PSI = 'some avg10=0.00 avg60=0.00 avg300=0.00 total=1\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n';
const MOUNTS = parseCgroupMounts('30 23 0:26 / /sys/fs/cgroup rw,nosuid - cgroup2 cgroup2 rw\n');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'vmsoak-psi-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function tree(name: string, files: Record<string, string>): string {
  const root = path.join(scratch, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe('the CPU pressure source', () => {
  it('is the pod\'s own cgroup cpu.pressure when the process is in a non-root v2 cgroup', () => {
    const root = tree('pod', { '/proc/pressure/cpu': PSI, '/sys/fs/cgroup/kubepods/pod1/cpu.pressure': PSI });
    const source = choosePressureSource({
      root, membership: parseCgroupMembership('0::/kubepods/pod1\n'), mounts: MOUNTS, allowedCpus: [0, 1], onlineCpus: 64,
    });
    assert.deepEqual(source, { file: '/sys/fs/cgroup/kubepods/pod1/cpu.pressure', scope: 'cgroup' });
  });

  it('is the node\'s /proc/pressure/cpu when the process may use every CPU and has no cgroup of its own', () => {
    const root = tree('node', { '/proc/pressure/cpu': PSI });
    const source = choosePressureSource({ root, membership: parseCgroupMembership('0::/\n'), mounts: MOUNTS, allowedCpus: [0, 1], onlineCpus: 2 });
    assert.deepEqual(source, { file: '/proc/pressure/cpu', scope: 'node' });
  });

  it('is none, with the reason, when only the node-wide file exists and the process is pinned to some CPUs', () => {
    const root = tree('pinned', { '/proc/pressure/cpu': PSI });
    const source = choosePressureSource({ root, membership: parseCgroupMembership('0::/\n'), mounts: MOUNTS, allowedCpus: [0], onlineCpus: 2 });
    assert.deepEqual(source, { file: null, reason: '/proc/pressure/cpu is node-wide and this process may use only 1 of 2 CPUs' });
  });

  it('is none when the kernel has no PSI', () => {
    const root = tree('no-psi', { '/proc/stat': '' });
    const source = choosePressureSource({ root, membership: null, mounts: null, allowedCpus: null, onlineCpus: 2 });
    assert.deepEqual(source, { file: null, reason: 'no /proc/pressure/cpu' });
  });
});
