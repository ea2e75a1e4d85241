import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CpuCanary, MIN_CANARY_SAMPLES, slowShareOf } from '../../src/measure/cpu-canary.ts';
import { nowNs } from '../../src/measure/clock.ts';

describe('slowShareOf', () => {
  it('is null with too few timings to have a fast reference', () => {
    assert.equal(slowShareOf(new Array(MIN_CANARY_SAMPLES - 1).fill(1000)), null);
    assert.equal(slowShareOf([]), null);
  });

  it('counts the timings more than 1.25x the fast tenth, whatever their order', () => {
    // 80 timings at full speed, 20 of a half-speed episode in the middle.
    const timings = [...new Array(40).fill(1000), ...new Array(20).fill(1900), ...new Array(40).fill(1000)];
    assert.equal(slowShareOf(timings), 0.2);
    assert.equal(slowShareOf([...timings].reverse()), 0.2);
  });

  it('does not count the loop\'s own jitter below 1.25x as slow', () => {
    const timings = Array.from({ length: 100 }, (_, i) => 1000 + (i % 10) * 24); // up to 1.216x
    assert.equal(slowShareOf(timings), 0);
    assert.equal(slowShareOf([...timings, 1300]), 1 / 101);
  });

  it('takes the reference from the fast tenth, so a few lucky timings do not make the rest slow', () => {
    const timings = [...new Array(5).fill(700), ...new Array(95).fill(1000)];
    assert.equal(slowShareOf(timings), 0);
  });
});

describe('CpuCanary', () => {
  it('takes no timing before start, nor before its interval has passed', () => {
    const canary = new CpuCanary();
    canary.warmUp();
    canary.tick(nowNs());
    assert.equal(canary.samples, 0);
    const start = nowNs();
    canary.start(start);
    canary.tick(start);
    canary.tick(start + 1);
    assert.equal(canary.samples, 1, 'the second tick came before the 0.5 ms interval');
    assert.equal(canary.slowShare(), null);
  });

  it('times the loop at its interval and reads a share between 0 and 1', () => {
    const canary = new CpuCanary();
    canary.warmUp();
    const start = nowNs();
    canary.start(start);
    while (canary.samples < 50) canary.tick(nowNs());
    const share = canary.slowShare();
    assert.ok(share !== null && share >= 0 && share <= 1, `share ${share}`);
    // Each timing waited out the 0.5 ms interval after the one before.
    assert.ok(nowNs() - start >= 49 * 500_000, 'took 50 timings faster than the interval allows');
  });

  it('stays in fixed memory on a long run: a full buffer keeps every other timing', () => {
    const canary = new CpuCanary();
    canary.start(0);
    // Ticks far in the future each pass the interval.
    for (let i = 0; i < 5000; i++) canary.tick(1e18 + i);
    assert.equal(canary.samples, 2048 + (5000 - 4096));
    canary.start(nowNs());
    assert.equal(canary.samples, 0, 'start forgets the earlier run');
  });
});
