import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addRun, disturbedShare, emptyRunTally, overlapMs, reasonKinds, runWindow, type TalliedRun } from '../../bench/hog-overlap.ts';

const T0 = Date.parse('2025-01-01T00:00:00.000Z');
const at = (ms: number): string => new Date(T0 + ms).toISOString();

function run(startMs: number, windowSeconds: number | null, state: 'judged' | 'disturbed' | 'oversubscribed' | 'failed', reason: string | null = null): TalliedRun {
  return {
    startedAt: at(startMs), durationSeconds: 0.3, status: state === 'failed' ? 'failed' : 'ok',
    ...(state === 'failed' ? {} : { judgement: { state, reason } }),
    ...(windowSeconds === null ? {} : { interference: { windowSeconds } }),
  };
}

describe('runWindow', () => {
  it('spans the interference window from the start', () => {
    assert.deepEqual(runWindow(run(1000, 0.5, 'judged')), { fromMs: T0 + 1000, toMs: T0 + 1500 });
  });

  it('falls back to the measured duration without interference readings', () => {
    assert.deepEqual(runWindow(run(1000, null, 'judged')), { fromMs: T0 + 1000, toMs: T0 + 1300 });
  });
});

describe('overlapMs', () => {
  const hogs = [{ fromMs: 1000, toMs: 2000 }, { fromMs: 5000, toMs: 6000 }];

  it('is 0 for windows before, between and after the hogs, and for one that only touches an end', () => {
    assert.equal(overlapMs({ fromMs: 0, toMs: 999 }, hogs), 0);
    assert.equal(overlapMs({ fromMs: 2000, toMs: 4999 }, hogs), 0);
    assert.equal(overlapMs({ fromMs: 6000, toMs: 9000 }, hogs), 0);
    assert.equal(overlapMs({ fromMs: 500, toMs: 1000 }, hogs), 0);
  });

  it('counts a partial overlap at either end, a window inside, and a window spanning two hogs', () => {
    assert.equal(overlapMs({ fromMs: 800, toMs: 1200 }, hogs), 200);
    assert.equal(overlapMs({ fromMs: 1900, toMs: 2400 }, hogs), 100);
    assert.equal(overlapMs({ fromMs: 1200, toMs: 1700 }, hogs), 500);
    assert.equal(overlapMs({ fromMs: 1500, toMs: 5500 }, hogs), 1000);
  });
});

describe('reasonKinds', () => {
  it('splits a reason into its disturbances with the numbers blanked', () => {
    assert.deepEqual(reasonKinds('other processes used 1.6 CPU; CPU pressure 98 %'), ['other processes used # CPU', 'CPU pressure # %']);
    assert.deepEqual(reasonKinds(null), []);
  });
});

describe('addRun', () => {
  it('tallies runs by judgement, and those overlapping the hog apart from the rest', () => {
    const hogs = [{ fromMs: T0 + 10_000, toMs: T0 + 20_000 }];
    const tally = emptyRunTally();
    const runs = [
      run(1000, 0.5, 'judged'),
      run(2000, 0.5, 'disturbed', 'other processes used 0.9 CPU'),
      run(9800, 0.5, 'judged'), // 300 ms of 500 in the hog
      run(12_000, 0.5, 'disturbed', 'other processes used 1.9 CPU; CPU pressure 99 %'),
      run(13_000, 0.5, 'disturbed', 'other processes used 2.0 CPU'),
      run(14_000, 0.5, 'oversubscribed', '2 threads on 1 effective CPUs'),
      run(15_000, 0.5, 'failed'),
      run(19_800, 0.5, 'disturbed', 'CPU pressure 60 %'), // ends after the hog
      run(25_000, 0.5, 'judged'),
    ];
    for (const entry of runs) addRun(tally, entry, hogs);

    assert.equal(tally.all.runs, 9);
    assert.deepEqual(tally.all.states, { judged: 3, disturbed: 4, oversubscribed: 1, failed: 1 });
    assert.deepEqual(tally.hog.states, { judged: 1, disturbed: 3, oversubscribed: 1, failed: 1 });
    assert.deepEqual(tally.hogInside.states, { judged: 0, disturbed: 2, oversubscribed: 1, failed: 1 });
    assert.deepEqual(tally.noHog.states, { judged: 2, disturbed: 1, oversubscribed: 0, failed: 0 });
    assert.equal(tally.hog.reasons.get('other processes used # CPU'), 2);
    assert.equal(tally.hog.reasons.get('CPU pressure # %'), 2);
    assert.equal(tally.noHog.reasons.get('other processes used # CPU'), 1);

    assert.deepEqual(tally.hogNotDisturbed.map((entry) => entry.state), ['judged', 'oversubscribed', 'failed']);
    assert.ok(Math.abs(tally.hogNotDisturbed[0].overlapShare - 0.6) < 1e-9);
    assert.equal(tally.hogNotDisturbed[2].reason, 'failed');
  });

  it('keeps the run-queue wait and other-CPU readings of the runs that have them, apart by overlap', () => {
    const hogs = [{ fromMs: T0 + 10_000, toMs: T0 + 20_000 }];
    const tally = emptyRunTally();
    const withReadings = (startMs: number, runQueueWaitRatio: number | null, otherCpus: number | null): TalliedRun => ({
      ...run(startMs, 0.5, 'judged'), interference: { windowSeconds: 0.5, runQueueWaitRatio, runQueueWaitOnOthersRatio: runQueueWaitRatio, otherCpus },
    });
    addRun(tally, withReadings(1000, 0.01, 0.2), hogs);
    addRun(tally, withReadings(12_000, 0.4, 0.9), hogs);
    addRun(tally, withReadings(13_000, null, null), hogs);
    addRun(tally, run(14_000, 0.5, 'judged'), hogs);

    assert.deepEqual(tally.noHog.runQueueWaitRatios, [0.01]);
    assert.deepEqual(tally.hogInside.runQueueWaitRatios, [0.4]);
    assert.deepEqual(tally.hogInside.otherCpus, [0.9]);
    assert.deepEqual(tally.hogInside.runQueueWaitOnOthersRatios, [0.4]);
    assert.equal(tally.all.runQueueWaitRatios.length, 2);
  });
});

describe('disturbedShare', () => {
  it('divides the disturbed runs by the judged and disturbed ones, leaving failed and oversubscribed runs out', () => {
    const tally = emptyRunTally().hog;
    tally.states = { judged: 1, disturbed: 19, oversubscribed: 5, failed: 5 };
    assert.equal(disturbedShare(tally), 0.95);
  });

  it('is null with no run that could have been judged', () => {
    const tally = emptyRunTally().hog;
    tally.states = { judged: 0, disturbed: 0, oversubscribed: 2, failed: 1 };
    assert.equal(disturbedShare(tally), null);
  });
});
