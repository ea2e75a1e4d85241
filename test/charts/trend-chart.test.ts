import assert from 'node:assert/strict';
import { test } from 'node:test';
import { trendChart } from '../../src/export/charts/trend-chart.ts';
import { formatNs } from '../../src/export/reports/units.ts';

const HOUR = 3_600_000;
const options = { title: 'contention.x.ns_per_op over time', id: 'trend-0', format: formatNs, yTitle: 'ns_per_op' };

test('one line per series, the target as a dashed rule, the change point marked where it happened', () => {
  const points = Array.from({ length: 10 }, (_, i) => ({ time: i * HOUR, value: i < 5 ? 20 : 26 }));
  const svg = trendChart([{ label: '1 thread', points, changePoints: [{ time: 5 * HOUR, change: 0.3 }] }], [{ label: 'target 50 ns', value: 50, severity: 'warning' }], options);
  assert.match(svg, /^<svg [^>]*viewBox="0 0 640 300"/);
  assert.match(svg, /<text id="trend-0-title"[^>]*>contention\.x\.ns_per_op over time<\/text>/);
  const marks = [...svg.matchAll(/<g class="change-point"><line x1="([\d.]+)"/g)].map((match) => Number(match[1]));
  assert.equal(marks.length, 1);
  // The mark sits on the x of the sixth point: between the fifth and the seventh.
  const circles = [...svg.matchAll(/<circle cx="([\d.]+)"/g)].map((match) => Number(match[1]));
  assert.ok(Math.abs(marks[0] - circles[5]) < 0.01, `${marks[0]} vs ${circles[5]}`);
  assert.match(svg, />\+30 % \(1 thread\)</);
  assert.match(svg, /stroke-dasharray="3 3"/, 'the warning target style');
  assert.match(svg, />change point</, 'in the legend');
});

test('no data: a message instead of lines; names are escaped', () => {
  const svg = trendChart([{ label: '<b>', points: [], changePoints: [] }], [], { ...options, title: '<script>x</script>' });
  assert.match(svg, /no run history yet/);
  assert.doesNotMatch(svg, /<script>/);
  assert.match(svg, /&lt;script&gt;/);
});

test('a single run gets an hour-wide time axis rather than millisecond ticks', () => {
  const svg = trendChart([{ label: '1 thread', points: [{ time: Date.parse('2026-06-30T12:00:00Z'), value: 5 }], changePoints: [] }], [], options);
  const labels = [...svg.matchAll(/<g class="x-axis">(.*?)<\/g>/g)][0][1];
  assert.doesNotMatch(labels, />\.\d{3}</, labels);
});
