import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProcessCpuUsec, readProcessCpuUsec } from '../../src/measure/interference/process-cpu.ts';

test('utime + stime of a /proc/<pid>/stat line, in µs, with a command name holding spaces and parentheses', () => {
  // Fields 14 and 15 (utime 250, stime 50 ticks) after a name that would shift a naive split.
  const line = '4242 (node (x) y) S 1 4242 4242 0 -1 4194560 9000 0 0 0 250 50 0 0 20 0 11 0 123 456 789';
  assert.equal(parseProcessCpuUsec(line), 3_000_000);
});

test('an unparsable line is null, not 0', () => {
  assert.equal(parseProcessCpuUsec('garbage'), null);
  assert.equal(parseProcessCpuUsec('1 (x) S 1'), null);
});

test('a process that is gone reads as null', () => {
  assert.equal(readProcessCpuUsec('/', 2 ** 30), null);
});

test('this process reads as a plausible CPU time on Linux', { skip: process.platform !== 'linux' && 'needs /proc' }, () => {
  const usec = readProcessCpuUsec('/', process.pid);
  assert.ok(usec !== null && usec > 0);
  const { user, system } = process.cpuUsage();
  // /proc counts 10 ms ticks; cpuUsage is exact: they agree within a few ticks.
  assert.ok(Math.abs(usec - (user + system)) < 100_000, `${usec} vs ${user + system}`);
});
