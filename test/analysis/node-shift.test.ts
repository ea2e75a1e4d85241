import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_OTHER_SERIES, MIN_RUNS_PER_SIDE, NODE_MOVE, nodeCause, nodeShift, type NodePoint } from '../../src/analysis/node-shift.ts';

const at = (second: number): string => new Date(Date.UTC(2026, 0, 1, 0, 0, second)).toISOString();

/** A series that ran `runs` times before second 100 at `before` ns/op and `runs` times after it at `after`. */
function series(before: number, after: number, runs = MIN_RUNS_PER_SIDE): NodePoint[] {
  return [
    ...Array.from({ length: runs }, (_, i) => ({ at: at(10 + i), value: before })),
    ...Array.from({ length: runs }, (_, i) => ({ at: at(100 + i), value: after })),
  ];
}

const BEFORE = { from: at(0), to: at(100) };
const AFTER = { from: at(100) };

describe('nodeShift', () => {
  it('is the median over the other series of their own after / before − 1', () => {
    const shift = nodeShift([series(10, 12), series(10, 13), series(20, 20), series(5, 6)], BEFORE, AFTER);
    assert.ok(shift !== null && shift !== 'waiting');
    assert.equal(shift.series, 4);
    assert.ok(Math.abs(shift.shift - 0.2) < 1e-12, String(shift.shift)); // +20 %, +30 %, 0 %, +20 %
  });

  it('says nothing with fewer other series than it needs', () => {
    assert.equal(nodeShift(Array.from({ length: MIN_OTHER_SERIES - 1 }, () => series(10, 20)), BEFORE, AFTER), null);
  });

  it('waits while the other series ran before the change but not enough after it yet', () => {
    const cut = (points: NodePoint[]) => points.filter((point) => point.at < at(100 + MIN_RUNS_PER_SIDE - 1));
    assert.equal(nodeShift([series(10, 12), series(10, 12), series(10, 12)].map(cut), BEFORE, AFTER), 'waiting');
  });

  it('keeps to the spans: runs outside both are not counted', () => {
    const outside = series(10, 10).map((point) => ({ ...point, at: at(200 + Number(point.at.slice(17, 19))) }));
    assert.equal(nodeShift([outside, outside, outside], BEFORE, { from: at(100), to: at(150) }), null);
  });
});

describe('nodeCause', () => {
  it('calls a change the node\'s when the other series moved the same way by a quarter of it or more', () => {
    const verdict = nodeCause(0.4, { shift: 0.12, series: 8 });
    assert.equal(verdict?.cause, 'environment');
    assert.match(verdict?.reason ?? '', /the node's 8 other series moved \+12 % over the same runs \(this one \+40 %\)/);
  });

  it('calls a change the node\'s when the node moved by NODE_MOVE, however much more the series moved', () => {
    // The 12:58 A/A soak: a slow CPU stretch, the other series +10 %, contention.atomic-add +58 %.
    const verdict = nodeCause(0.58, { shift: 0.1, series: 8 });
    assert.equal(verdict?.cause, 'environment');
    assert.equal(nodeCause(2, { shift: NODE_MOVE, series: 8 })?.cause, 'environment');
    assert.equal(nodeCause(2, { shift: NODE_MOVE - 0.001, series: 8 }), null);
    assert.equal(nodeCause(-0.6, { shift: -NODE_MOVE, series: 8 })?.cause, 'environment');
  });

  it('leaves a change alone that the node did not share: the other way, too little, or nothing to compare', () => {
    assert.equal(nodeCause(0.4, { shift: -0.2, series: 8 }), null);
    assert.equal(nodeCause(0.4, { shift: 0.04, series: 8 }), null);
    assert.equal(nodeCause(0.08, { shift: 0.019, series: 8 }), null);
    assert.equal(nodeCause(0.4, null), null);
    assert.equal(nodeCause(0, { shift: 0.1, series: 8 }), null);
  });
});
