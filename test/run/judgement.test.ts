import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_JUDGEMENT } from '../../src/config/defaults.ts';
import type { Interference } from '../../src/model/interference.ts';
import type { JudgementThresholds } from '../../src/model/judgement.ts';
import { judgeRun, type JudgeableRun } from '../../src/run/judgement.ts';

const THRESHOLDS: JudgementThresholds = {
  maxOtherCpus: 0.5, maxStealRatio: 0.1, maxThrottledRatio: 0.1, maxCpuPressureRatio: 0.3, maxInvoluntarySwitchesPerSecond: 100, maxRunQueueWaitRatio: 0.05, maxSlowCpuShare: 0.1,
};

function quiet(overrides: Partial<Interference> = {}): Interference {
  return {
    windowSeconds: 1, ownCpuSeconds: 1, otherCpuSeconds: 0.05, otherCpus: 0.05, cpusWatched: 2, stealSeconds: 0, stealRatio: 0,
    periods: 10, throttledPeriods: 0, throttledSeconds: 0, throttledRatio: 0, cpuPressureSeconds: 0.01, cpuPressureRatio: 0.01,
    involuntarySwitches: 3, involuntarySwitchesPerSecond: 3, unavailable: {}, ...overrides,
  };
}

function run(overrides: Partial<JudgeableRun> = {}): JudgeableRun {
  return { status: 'ok', threads: 1, effectiveCpus: 2, interference: quiet(), ...overrides };
}

describe('judgeRun', () => {
  it('judges a quiet run with no reason', () => {
    assert.deepEqual(judgeRun(run(), THRESHOLDS), { state: 'judged', reason: null });
  });

  it('names each cause of a disturbed run, as a one-line reason', () => {
    const cases: [Partial<Interference>, string][] = [
      [{ otherCpus: 0.9 }, 'other processes used 0.9 CPU'],
      [{ stealRatio: 0.12 }, 'steal 12 %'],
      [{ throttledRatio: 0.35 }, 'throttled 35 % of periods'],
      [{ cpuPressureRatio: 0.4 }, 'CPU pressure 40 %'],
      [{ involuntarySwitchesPerSecond: 250.4 }, '250 involuntary context switches per thread-second'],
      [{ runQueueWaitOnOthersRatio: 0.42 }, 'threads waited 42 % of the run for CPUs other processes used'],
      [{ slowCpuShare: 0.23 }, 'the CPU ran slow for 23 % of the run (reference loop)'],
    ];
    for (const [interference, reason] of cases) {
      assert.deepEqual(judgeRun(run({ interference: quiet(interference) }), THRESHOLDS), { state: 'disturbed', reason });
    }
  });

  it('does not count the wait the run\'s own process caused (runQueueWaitRatio alone)', () => {
    assert.deepEqual(judgeRun(run({ interference: quiet({ runQueueWaitRatio: 0.3, runQueueWaitOnOthersRatio: 0.01 }) }), THRESHOLDS), { state: 'judged', reason: null });
  });

  it('judges on the slow-CPU share only where it was measured, and not at all when its threshold is null', () => {
    assert.equal(judgeRun(run({ interference: quiet({ slowCpuShare: 0.1 }) }), THRESHOLDS).state, 'judged');
    assert.equal(judgeRun(run({ interference: quiet({ slowCpuShare: null }) }), THRESHOLDS).state, 'judged');
    assert.equal(judgeRun(run({ interference: quiet({ slowCpuShare: 0.9 }) }), { ...THRESHOLDS, maxSlowCpuShare: null }).state, 'judged');
  });

  it('lists every threshold crossed, in a fixed order', () => {
    const judgement = judgeRun(run({ interference: quiet({ otherCpus: 1.33, cpuPressureRatio: 0.95 }) }), THRESHOLDS);
    assert.deepEqual(judgement, { state: 'disturbed', reason: 'other processes used 1.33 CPU; CPU pressure 95 %' });
  });

  it('lets other processes use the CPUs a run does not need, beyond the threshold', () => {
    // 64 watched CPUs, 2 threads + the runner's main thread: 61 spare.
    const bigNode = (otherCpus: number) => run({ threads: 2, effectiveCpus: 64, interference: quiet({ cpusWatched: 64, otherCpus }) });
    assert.equal(judgeRun(bigNode(30), THRESHOLDS).state, 'judged');
    assert.equal(judgeRun(bigNode(61.5), THRESHOLDS).state, 'judged');
    assert.deepEqual(judgeRun(bigNode(62), THRESHOLDS), { state: 'disturbed', reason: 'other processes used 62 CPU (61 spare)' });
    // On 2 CPUs a 1-thread run has none spare: the threshold alone applies.
    assert.equal(judgeRun(run({ interference: quiet({ otherCpus: 0.6 }) }), THRESHOLDS).state, 'disturbed');
  });

  it('is not disturbed by a value at its threshold, only beyond it', () => {
    assert.equal(judgeRun(run({ interference: quiet({ otherCpus: 0.5, stealRatio: 0.1 }) }), THRESHOLDS).state, 'judged');
  });

  it('judges nothing on an unavailable reading, and nothing at all without interference', () => {
    const missing = quiet({ cpuPressureRatio: null, cpuPressureSeconds: null, unavailable: { psi: 'no /proc/pressure/cpu' } });
    assert.equal(judgeRun(run({ interference: missing }), THRESHOLDS).state, 'judged');
    assert.equal(judgeRun(run({ interference: undefined }), THRESHOLDS).state, 'judged');
  });

  it('ignores involuntary switches when that threshold is off (null)', () => {
    const busy = run({ interference: quiet({ involuntarySwitchesPerSecond: 10_000 }) });
    assert.equal(judgeRun(busy, { ...THRESHOLDS, maxInvoluntarySwitchesPerSecond: null }).state, 'judged');
  });

  it('marks more threads than effective CPUs oversubscribed, fractional quotas included', () => {
    assert.deepEqual(judgeRun(run({ threads: 16 }), THRESHOLDS), { state: 'oversubscribed', reason: '16 threads on 2 effective CPUs' });
    assert.deepEqual(judgeRun(run({ threads: 2, effectiveCpus: 1.5 }), THRESHOLDS), { state: 'oversubscribed', reason: '2 threads on 1.5 effective CPUs' });
    assert.deepEqual(judgeRun(run({ threads: 2, effectiveCpus: 1 }), THRESHOLDS).reason, '2 threads on 1 effective CPU');
    assert.equal(judgeRun(run({ threads: 2, effectiveCpus: 2 }), THRESHOLDS).state, 'judged');
  });

  it('puts failed before oversubscribed before disturbed', () => {
    const noisy = quiet({ otherCpus: 1.9 });
    const failed = judgeRun(run({
      status: 'failed', threads: 16, interference: noisy, error: { reason: 'timeout', message: 'run exceeded\nits timeout' },
    }), THRESHOLDS);
    assert.deepEqual(failed, { state: 'failed', reason: 'timeout: run exceeded its timeout' });
    assert.equal(judgeRun(run({ threads: 16, interference: noisy }), THRESHOLDS).state, 'oversubscribed');
    assert.equal(judgeRun(run({ threads: 2, interference: noisy }), THRESHOLDS).state, 'disturbed');
  });

  it('has defaults a quiet run passes and a saturated node does not', () => {
    assert.equal(judgeRun(run(), DEFAULT_JUDGEMENT).state, 'judged');
    assert.equal(judgeRun(run({ interference: quiet({ otherCpus: 1.3, cpuPressureRatio: 0.9 }) }), DEFAULT_JUDGEMENT).state, 'disturbed');
  });
});
