/**
 * The server-side SVG charts: the percentile plot's 1/(1-p) axis, the scaling chart's
 * targets and log axes, escaping, and the HDR percentile rows against HdrHistogram's own
 * text output.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsHistogram } from 'hdr-histogram-js';
import { percentileDistribution } from '../../src/export/charts/percentile-distribution.ts';
import { percentilePlot, type PercentileSeries } from '../../src/export/charts/percentile-plot.ts';
import { scalingChart } from '../../src/export/charts/scaling-chart.ts';
import { decodeHistogram } from '../../src/measure/hdr.ts';
import { encodeRecorded, SPREAD } from '../export/run-fixture.ts';

/** [x, label] of every <text> inside the x axis group. */
function xTickLabels(svg: string): Array<[number, string]> {
  const axis = /<g class="x-axis">(.*?)<\/g>/s.exec(svg)?.[1] ?? '';
  return [...axis.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">([^<]+)<\/text>/g)].map((match) => [Number(match[1]), match[2]]);
}

function pathPoints(d: string): Array<[number, number]> {
  return [...d.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((match) => [Number(match[1]), Number(match[2])]);
}

const HOSTILE = '<script>alert("x")</script> & \'q\'';

describe('percentileDistribution', () => {
  it('gives the rows of HdrHistogram\'s outputPercentileDistribution, without the 100 % row', async () => {
    const encoded = await encodeRecorded(SPREAD);
    const text = (decodeHistogram(encoded) as JsHistogram).outputPercentileDistribution(5, 1);
    const rows = text.split('\n').map((line) => line.trim().split(/\s+/)).filter((cells) => cells.length === 4 && /^[\d.]+$/.test(cells[0]))
      .map((cells) => ({ valueNs: Number(cells[0]), percentile: Number(cells[1]) * 100 }));
    const points = percentileDistribution(encoded);
    assert.equal(points.length, rows.length, 'every row with a finite 1/(1-p)');
    for (const [i, point] of points.entries()) {
      assert.equal(point.valueNs, rows[i].valueNs, `row ${i}`);
      assert.ok(Math.abs(point.percentile - rows[i].percentile) < 1e-9, `row ${i}: ${point.percentile} vs ${rows[i].percentile}`);
    }
    assert.equal(points.at(-1)!.valueNs, decodeHistogram(encoded).maxValue);
  });

  it('gives one point for a single value and none for an empty histogram', async () => {
    assert.deepEqual(percentileDistribution(await encodeRecorded([[42, 1]])), [{ percentile: 0, valueNs: 42 }]);
    assert.deepEqual(percentileDistribution(await encodeRecorded([])), []);
  });
});

describe('percentilePlot', () => {
  const series: PercentileSeries[] = [
    { label: '1 thread', points: [{ percentile: 0, valueNs: 10 }, { percentile: 50, valueNs: 20 }, { percentile: 90, valueNs: 40 }, { percentile: 99, valueNs: 400 }, { percentile: 99.9, valueNs: 5000 }] },
    { label: HOSTILE, points: [{ percentile: 0, valueNs: 12 }, { percentile: 99, valueNs: 900 }] },
  ];
  const svg = percentilePlot(series, { title: `plot ${HOSTILE}`, id: 'p1' });

  it('spaces 90 %, 99 %, 99.9 % a decade apart on a 1/(1-p) axis, and 50 % log10(5) decades before 90 %', () => {
    const ticks = new Map(xTickLabels(svg).map(([x, label]) => [label, x]));
    for (const label of ['50%', '90%', '99%', '99.9%']) assert.ok(ticks.has(label), `tick ${label} in ${[...ticks.keys()].join(' ')}`);
    const decade = ticks.get('99%')! - ticks.get('90%')!;
    assert.ok(decade > 0);
    assert.ok(Math.abs(ticks.get('99.9%')! - ticks.get('99%')! - decade) < 0.02);
    assert.ok(Math.abs(ticks.get('90%')! - ticks.get('50%')! - decade * Math.log10(5)) < 0.02);
    const first = pathPoints(/<path d="([^"]+)"/.exec(svg)![1]);
    assert.equal(first.length, 5);
    assert.ok(Math.abs(first[3][0] - ticks.get('99%')!) < 0.02, 'the 99 % point sits on the 99 % tick');
    for (let i = 1; i < first.length; i++) assert.ok(first[i][1] < first[i - 1][1], 'higher latency is drawn higher');
  });

  it('escapes every text and draws one line per series', () => {
    assert.ok(!svg.includes('<script>'), 'raw markup');
    assert.ok(svg.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;'));
    assert.equal([...svg.matchAll(/<path /g)].length, 2);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(!/ style=/.test(svg), 'no style attributes (the page\'s CSP forbids them)');
  });

  it('says so when there is nothing to draw', () => {
    const empty = percentilePlot([{ label: 'none', points: [] }], { title: 'empty', id: 'p2' });
    assert.match(empty, /no latency data yet/);
    assert.ok(!empty.includes('<path'));
  });
});

describe('scalingChart', () => {
  const svg = scalingChart(
    [{ label: HOSTILE, points: [{ threads: 4, nsPerOp: 90 }, { threads: 1, nsPerOp: 8 }, { threads: 2, nsPerOp: 40 }] }],
    [
      { label: 'limit', severity: 'critical', points: [{ threads: 1, nsPerOp: 20 }, { threads: 2, nsPerOp: 100 }, { threads: 4, nsPerOp: 200 }] },
      { label: 'goal', severity: 'warning', points: [{ threads: 1, nsPerOp: 10 }, { threads: 2, nsPerOp: 50 }, { threads: 4, nsPerOp: 100 }] },
    ],
    { title: 'scaling', id: 's1' },
  );
  const paths = [...svg.matchAll(/<path d="([^"]+)"[^>]*stroke="([^"]+)"/g)].map((match) => ({ points: pathPoints(match[1]), stroke: match[2] }));

  it('puts doubling thread counts at equal steps, sorted, and draws the targets in red and amber', () => {
    assert.equal(paths.length, 3);
    const [workload, limit, goal] = paths;
    const xs = workload.points.map(([x]) => x);
    assert.ok(xs[0] < xs[1] && xs[1] < xs[2], 'sorted by threads');
    assert.ok(Math.abs((xs[1] - xs[0]) - (xs[2] - xs[1])) < 0.02, 'log2 thread axis');
    assert.equal(limit.stroke, '#cf222e');
    assert.equal(goal.stroke, '#9a6700');
    // The goal is below the limit at every thread count: larger y is lower on the page.
    for (let i = 0; i < 3; i++) assert.ok(goal.points[i][1] > limit.points[i][1]);
    assert.deepEqual(xTickLabels(svg).map(([, label]) => label).slice(0, 3), ['1', '2', '4']);
  });

  it('escapes the labels and shows a message without data', () => {
    assert.ok(!svg.includes('<script>'));
    assert.ok(svg.includes('&lt;script&gt;'));
    assert.match(scalingChart([], [], { title: 'none', id: 's2' }), /no contention results yet/);
  });
});
