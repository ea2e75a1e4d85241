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
  // Without /proc/stat nothing can be attributed: all of the wait counts.
  assert.equal(interference.runQueueWaitOnOthersRatio, 0.2);
});

/** Two readings 1 s apart in which other processes used `otherTicks` ticks (of 100 per second) on one watched CPU. */
function readingsWithOthers(otherTicks: number): [InterferenceReading, InterferenceReading] {
  const at = (atNs: number, busy: number): InterferenceReading => ({ ...reading(atNs), ticks: { busy, steal: 0, total: atNs / 1e7 }, cpusWatched: 1 });
  return [at(0, 0), at(1e9, otherTicks)];
}

test('the wait other processes can have caused is capped at the CPU time they used, once per thread', () => {
  const threads = [
    { involuntarySwitches: 1, runQueueWaitNs: 300e6, wallNs: 1e9 },
    { involuntarySwitches: 1, runQueueWaitNs: 100e6, wallNs: 1e9 },
  ];
  // Others ran 0.05 s: at most 0.05 s of each thread's wait, 0.1 s of the 0.4 s, was theirs.
  const [before, after] = readingsWithOthers(5);
  const interference = interferenceBetween(before, after, threads);
  assert.equal(interference.runQueueWaitRatio, 0.2);
  assert.equal(interference.runQueueWaitOnOthersRatio, 0.05);
  // Others ran 0.5 s: all of the wait can have been theirs.
  const [busyBefore, busyAfter] = readingsWithOthers(50);
  assert.equal(interferenceBetween(busyBefore, busyAfter, threads).runQueueWaitOnOthersRatio, 0.2);
});

test('a thread without schedstat makes the wait unavailable with its reason, not 0', () => {
  const interference = interferenceBetween(reading(0), reading(1e9), [{ involuntarySwitches: 1, runQueueWaitNs: null, wallNs: 1e9 }]);
  assert.equal(interference.runQueueWaitRatio, null);
  assert.equal(interference.unavailable.schedstat, 'no /proc/thread-self/schedstat');
});
