import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { summariseChanges } from '../../bench/changes-view.ts';

describe('summariseChanges', () => {
  it('counts change points by cause and the rolling verdicts with the cause of a change', () => {
    const summary = summariseChanges({
      series: [
        { workload: 'tier0.hook-poll', threads: 1, points: [{ at: 'x', change: 0.25, cause: 'environment' }, { at: 'y', change: -0.1, cause: 'runtime' }] },
        { workload: 'tier1.counter-increment', threads: 1, points: [{ at: 'z', change: 0.3 }] },
        { workload: 'contention.atomic-add', threads: 1, points: [] },
      ],
      rolling: {
        series: [
          { workload: 'a', threads: 1, verdict: 'unchanged' },
          { workload: 'b', threads: 1, verdict: 'regressed', cause: 'environment' },
          { workload: 'c', threads: 1, verdict: 'unchanged' },
          { workload: 'd', threads: 1, verdict: 'noisy', cause: 'runtime' },
        ],
      },
    });
    assert.ok(summary !== null);
    assert.deepEqual([...summary.pointsByCause], [['environment', 1], ['runtime', 1], ['no cause', 1]]);
    assert.deepEqual(summary.points, ['tier0.hook-poll@1: +25.0 % (environment)', 'tier0.hook-poll@1: -10.0 % (runtime)', 'tier1.counter-increment@1: +30.0 % (no cause)']);
    assert.deepEqual([...summary.verdicts], [['unchanged', 2], ['regressed (environment)', 1], ['noisy', 1]]);
  });

  it('is null for an answer that is not a change-point list', () => {
    assert.equal(summariseChanges({ error: 'not found' }), null);
    assert.equal(summariseChanges(null), null);
  });
});
