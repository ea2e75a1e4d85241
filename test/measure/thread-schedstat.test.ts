import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRunQueueWaitNs, readThreadRunQueueWaitNs } from '../../src/measure/interference/thread-schedstat.ts';
import { interferenceBetween } from '../../src/measure/interference/interference.ts';
import type { InterferenceReading } from '../../src/measure/interference/probe.ts';

test('the run-queue wait is the second field of a schedstat line, in ns', () => {
  assert.equal(parseRunQueueWaitNs('392538 10726 2\n'), 10726);
  assert.equal(parseRunQueueWaitNs('garbage'), null);
  assert.equal(parseRunQueueWaitNs('1 -5 2'), null);
});

test('this thread has a readable run-queue wait on Linux', { skip: process.platform !== 'linux' && 'needs /proc' }, () => {
  const wait = readThreadRunQueueWaitNs();
  assert.ok(wait !== null && wait >= 0);
});

const reading = (atNs: number): InterferenceReading => ({ atNs, ownCpuUsec: 0, ticks: null, cpusWatched: null, throttling: null, cpuPressureUsec: null, unavailable: {} });

test('the run-queue wait ratio is the threads\' summed wait over their summed wall time', () => {
  const interference = interferenceBetween(reading(0), reading(1e9), [
    { involuntarySwitches: 1, runQueueWaitNs: 300e6, wallNs: 1e9 },
    { involuntarySwitches: 1, runQueueWaitNs: 100e6, wallNs: 1e9 },
  ]);
  assert.equal(interference.runQueueWaitSeconds, 0.4);
  assert.equal(interference.runQueueWaitRatio, 0.2);
});

test('a thread without schedstat makes the wait unavailable with its reason, not 0', () => {
  const interference = interferenceBetween(reading(0), reading(1e9), [{ involuntarySwitches: 1, runQueueWaitNs: null, wallNs: 1e9 }]);
  assert.equal(interference.runQueueWaitRatio, null);
  assert.equal(interference.unavailable.schedstat, 'no /proc/thread-self/schedstat');
});
