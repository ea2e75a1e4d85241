import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateClock, nowNs } from '../../src/measure/clock.ts';

test('nowNs is a monotonic double in ns', () => {
  const first = nowNs();
  let previous = first;
  for (let i = 0; i < 1000; i++) {
    const current = nowNs();
    assert.ok(current >= previous);
    previous = current;
  }
  assert.equal(typeof first, 'number');
  // performance.now() counts from process start in ms; in ns it is far above 1e3.
  assert.ok(first > 1e3);
});

test('calibrateClock gives a positive finite cost and resolution', () => {
  const { timerCostNs, timerResolutionNs } = calibrateClock();
  assert.ok(Number.isFinite(timerCostNs) && timerCostNs > 0, `cost ${timerCostNs}`);
  assert.ok(Number.isFinite(timerResolutionNs) && timerResolutionNs > 0, `resolution ${timerResolutionNs}`);
  // A clock coarser than a thousand reads would be useless for batching; cost and
  // resolution measured on the same clock must be of compatible orders.
  assert.ok(timerResolutionNs <= timerCostNs * 1000, `resolution ${timerResolutionNs} vs cost ${timerCostNs}`);
});
