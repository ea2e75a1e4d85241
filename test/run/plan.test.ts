import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planRuns, threadCountsFor } from '../../src/run/plan.ts';
import { defineWorkload } from '../../src/workloads/api.ts';
import { defineParams } from '../../src/workloads/params.ts';
import type { LoadedWorkload } from '../../src/workloads/registry.ts';

function entry(name: string, threads: number[], minThreads?: number): LoadedWorkload {
  return {
    moduleUrl: `file:///${name}.ts`, builtin: true,
    workload: defineWorkload({ name, category: name.split('.')[0], tier: 2, description: 'x', params: defineParams(threads), minThreads, kpis: [], run: () => ({}) }),
  };
}

const entries = [entry('a.one', [1, 2, 4]), entry('b.two', [2, 4], 2), entry('c.three', [1])];

function key(plan: ReturnType<typeof planRuns>): string[] {
  return plan.map((run) => `${run.entry.workload.name}@${run.threads}`);
}

describe('run plan', () => {
  it('covers every workload at every accepted thread count exactly once', () => {
    assert.deepEqual(key(planRuns(entries, undefined, 7)).sort(), ['a.one@1', 'a.one@2', 'a.one@4', 'b.two@2', 'b.two@4', 'c.three@1']);
  });

  it('applies a thread override but respects minThreads', () => {
    assert.deepEqual(threadCountsFor(entries[1], [1, 2, 16]), [2, 16]);
    assert.deepEqual(threadCountsFor(entries[0], [4, 1, 4]), [1, 4]);
  });

  it('is reproducible for a seed and differs between seeds', () => {
    const orders = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      assert.deepEqual(key(planRuns(entries, undefined, seed)), key(planRuns(entries, undefined, seed)));
      orders.add(key(planRuns(entries, undefined, seed)).join(','));
    }
    assert.ok(orders.size > 5, `20 seeds gave only ${orders.size} distinct orders`);
  });
});
