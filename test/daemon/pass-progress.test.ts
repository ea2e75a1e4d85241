import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockText, PassProgress, progressText } from '../../src/daemon/pass-progress.ts';

describe('pass progress', () => {
  it('estimates the time left from the mean time per finished run', () => {
    let now = 1_000_000;
    const progress = new PassProgress(() => now);
    progress.total = 80;
    now += 4000;
    const first = progress.runFinished();
    assert.deepEqual(first, { done: 1, total: 80, elapsedMs: 4000, etaMs: 79 * 4000 });
    now += 2000;
    const second = progress.runFinished();
    assert.equal(second.etaMs, 78 * 3000);
    assert.equal(progressText(second), 'run 2 of 80, 6s elapsed, ETA 3m 54s');
  });

  it('says nothing of a total or an ETA before the runner announced the pass size', () => {
    let now = 0;
    const progress = new PassProgress(() => now);
    now += 1500;
    const point = progress.runFinished();
    assert.equal(point.etaMs, null);
    assert.equal(progressText(point), 'run 1, 2s elapsed');
  });

  it('never counts down below zero when the runner finishes more runs than announced', () => {
    let now = 0;
    const progress = new PassProgress(() => now);
    progress.total = 1;
    now += 10;
    progress.runFinished();
    now += 10;
    assert.deepEqual(progress.runFinished(), { done: 2, total: 2, elapsedMs: 20, etaMs: 0 });
  });

  it('writes durations as a console reads them', () => {
    assert.equal(clockText(0), '0s');
    assert.equal(clockText(45_400), '45s');
    assert.equal(clockText(161_000), '2m 41s');
    assert.equal(clockText(3_780_000), '1h 03m');
  });
});
