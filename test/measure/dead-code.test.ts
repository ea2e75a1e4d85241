import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEAD_CODE_RATIO, judgeDeadCode, looksDead, type NoopRetiming } from '../../src/measure/dead-code.ts';

/** A no-op whose batches take the scripted ns/op in turn, on a clock that advances 1 ms per batch. */
function scriptedNoop(nsPerOp: number[], windowNs = 10_000_000, minBatches = 1): NoopRetiming & { timed: () => number } {
  let clockNs = 0;
  let next = 0;
  return {
    timeNoopBatch: () => {
      clockNs += 1_000_000;
      return nsPerOp[Math.min(next++, nsPerOp.length - 1)];
    },
    now: () => clockNs,
    windowNs,
    minBatches,
    timed: () => next,
  };
}

describe('dead-code verdict', () => {
  it('suspects an op no more than DEAD_CODE_RATIO times the no-op', () => {
    assert.equal(looksDead(DEAD_CODE_RATIO * 2, 2), true);
    assert.equal(looksDead(DEAD_CODE_RATIO * 2 + 0.01, 2), false);
  });

  it('clears an honest op without retiming the no-op', () => {
    const noop = scriptedNoop([1]);
    assert.deepEqual(judgeDeadCode(6, 1, noop), { suspectDeadCode: false, noopNsPerOp: 1 });
    assert.equal(noop.timed(), 0);
  });

  it('clears an op that only looked dead because the no-op baseline ran unoptimized (a starved JIT under load)', () => {
    // The baseline window saw the no-op interpreted at 25 ns/op, as a loaded machine did;
    // retimed, it runs compiled at 1 ns/op, and the 20 ns op is plainly real work.
    const noop = scriptedNoop([25, 24, 1, 1]);
    assert.deepEqual(judgeDeadCode(20, 25, noop), { suspectDeadCode: false, noopNsPerOp: 1 });
    assert.equal(noop.timed(), 3, 'stops retiming as soon as the suspicion is disproved');
  });

  it('keeps the suspicion when the retimed no-op stays as fast as the op, for the whole window', () => {
    const noop = scriptedNoop([1.1, 1, 1.2], 5_000_000);
    assert.deepEqual(judgeDeadCode(1.2, 1.1, noop), { suspectDeadCode: true, noopNsPerOp: 1 });
    assert.equal(noop.timed(), 5, 'one batch per ms over a 5 ms window');
  });

  it('retimes at least minBatches batches, however little of the window the thread got', () => {
    // A starved thread: each batch takes 4 ms of wall time, so the 5 ms window holds 2;
    // V8 tiers the no-op up after work, and here it gets fast on the 6th batch.
    let clockNs = 0;
    let timed = 0;
    const retiming: NoopRetiming = {
      timeNoopBatch: () => {
        clockNs += 4_000_000;
        return ++timed < 6 ? 30 : 1;
      },
      now: () => clockNs,
      windowNs: 5_000_000,
      minBatches: 8,
    };
    assert.deepEqual(judgeDeadCode(20, 30, retiming), { suspectDeadCode: false, noopNsPerOp: 1 });
    assert.equal(timed, 6);
  });
});
