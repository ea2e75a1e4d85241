import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseBenchOptions } from '../../bench/options.ts';
import type { BenchPart } from '../../bench/part.ts';
import { UsageError } from '../../src/errors.ts';

const PARTS: BenchPart[] = ['recording', 'load', 'soak'].map((name) => ({
  name, title: name, inDefaultRun: name !== 'soak', run: () => Promise.reject(new Error('not run')),
}));
const ROOT = '/repo';

describe('bench options', () => {
  it('runs the default parts and writes BENCHMARKS.md at the root without arguments', () => {
    const options = parseBenchOptions([], PARTS, {}, ROOT);
    assert.deepEqual(options.parts.map((part) => part.name), ['recording', 'load']);
    assert.equal(options.quick, false);
    assert.equal(options.out, path.join(ROOT, 'BENCHMARKS.md'));
  });

  it('selects named parts, the soak included', () => {
    assert.deepEqual(parseBenchOptions(['soak'], PARTS, {}, ROOT).parts.map((part) => part.name), ['soak']);
    assert.deepEqual(parseBenchOptions(['load', 'recording'], PARTS, {}, ROOT).parts.map((part) => part.name), ['recording', 'load']);
  });

  it('keeps quick runs out of BENCHMARKS.md unless told where to write', () => {
    assert.equal(parseBenchOptions(['--quick'], PARTS, {}, ROOT).out, null);
    const fromEnv = parseBenchOptions([], PARTS, { VMSOAK_BENCH_QUICK: '1' }, ROOT);
    assert.equal(fromEnv.quick, true);
    assert.equal(fromEnv.out, null);
    assert.equal(parseBenchOptions(['--quick', '--out', '/tmp/b.md'], PARTS, {}, ROOT).out, '/tmp/b.md');
    assert.equal(parseBenchOptions(['--no-write'], PARTS, {}, ROOT).out, null);
  });

  it('rejects an unknown part or flag with a one-line usage error', () => {
    assert.throws(() => parseBenchOptions(['nope'], PARTS, {}, ROOT), (error: unknown) =>
      error instanceof UsageError && /part "nope" does not exist; parts: recording, load, soak/.test(error.message) && !error.message.includes('\n'));
    assert.throws(() => parseBenchOptions(['--fast'], PARTS, {}, ROOT), (error: unknown) =>
      error instanceof UsageError && !error.message.includes('\n'));
    assert.throws(() => parseBenchOptions(['--out', 'x', '--no-write'], PARTS, {}, ROOT), UsageError);
  });
});
