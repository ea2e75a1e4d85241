import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scrapesAtValue, stateChangesAfterFirstValue, type GaugeSample } from '../../bench/gauge-series.ts';

const sample = (atMs: number, values: Record<string, number>): GaugeSample => ({ atMs, values: new Map(Object.entries(values)) });

describe('stateChangesAfterFirstValue', () => {
  it('ignores the pending scrapes before a series first appears and counts each change after', () => {
    const states = stateChangesAfterFirstValue([
      sample(0, {}),
      sample(10, { a: 0 }),
      sample(20, { a: 0, b: 1 }),
      sample(30, { a: 1, b: 1 }),
      sample(40, { a: 1, b: 1 }),
      sample(50, { a: 0, b: 1 }),
    ]);
    assert.deepEqual(states, [
      { key: 'a', firstAtMs: 10, changes: [{ atMs: 30, from: 0, to: 1 }, { atMs: 50, from: 1, to: 0 }] },
      { key: 'b', firstAtMs: 20, changes: [] },
    ]);
  });

  it('counts a series that disappears after its first window, and its return', () => {
    const [series] = stateChangesAfterFirstValue([sample(0, { a: 1 }), sample(10, {}), sample(20, { a: 1 })]);
    assert.deepEqual(series.changes, [{ atMs: 10, from: 1, to: null }, { atMs: 20, from: null, to: 1 }]);
  });

  it('finds no change in a steady series', () => {
    const states = stateChangesAfterFirstValue([sample(0, { a: 0 }), sample(10, { a: 0 }), sample(20, { a: 0 })]);
    assert.equal(states[0].changes.length, 0);
  });
});

describe('scrapesAtValue', () => {
  it('counts, per series, the scrapes that showed the value, and leaves out the series that never did', () => {
    const counts = scrapesAtValue([
      sample(0, { a: 0, b: 1 }),
      sample(10, { a: 1, b: 1 }),
      sample(20, { a: -1, b: 0, c: 0 }),
    ], 1);
    assert.deepEqual([...counts], [['b', 2], ['a', 1]]);
  });
});
