/**
 * The trend of one KPI over the run history: one line per thread count against time, the
 * KPI targets as dashed horizontal lines, and every change point marked where it happened
 * (a vertical dashed rule with the size of the change), so a step in the series is seen
 * together with the run that started it.
 *
 * Input is plain data, the output a standalone SVG string; it needs no browser.
 */
import { scaleLinear, scaleUtc } from 'd3-scale';
import { seriesStyle, TARGET_STYLES } from './palette.ts';
import { legend, noData, plotArea, seriesLine, xAxis, yAxis, type LegendEntry } from './plot.ts';
import { element, svgRoot, textElement } from './svg.ts';

export interface TrendPoint {
  /** Unix time in milliseconds. */
  time: number;
  value: number;
}

export interface TrendChangePoint {
  /** Unix time in ms of the first run after the change. */
  time: number;
  /** after / before − 1. */
  change: number;
}

export interface TrendLine {
  /** The legend entry, e.g. "4 threads". */
  label: string;
  points: readonly TrendPoint[];
  changePoints: readonly TrendChangePoint[];
}

export interface TrendTarget {
  label: string;
  value: number;
  severity: 'critical' | 'warning';
}

export interface TrendChartOptions {
  title: string;
  /** Unique among the charts of one page (aria references). */
  id: string;
  /** Formats a value for the axis, e.g. formatNs. */
  format: (value: number) => string;
  yTitle: string;
  width?: number;
  height?: number;
}

const CHANGE_POINT = '#8250df';
const MIN_SPAN_MS = 3_600_000;

const valid = (point: TrendPoint) => Number.isFinite(point.time) && Number.isFinite(point.value);

function changeLabel(change: number): string {
  const percent = change * 100;
  return `${percent >= 0 ? '+' : '−'}${Math.abs(percent).toFixed(Math.abs(percent) >= 10 ? 0 : 1)} %`;
}

export function trendChart(lines: readonly TrendLine[], targets: readonly TrendTarget[], options: TrendChartOptions): string {
  const width = options.width ?? 640;
  const height = options.height ?? 300;
  const area = plotArea(width, height, { top: 28, right: 170, bottom: 44, left: 72 });
  const frame = element('rect', { x: area.left, y: area.top, width: area.right - area.left, height: area.bottom - area.top, fill: 'none', stroke: '#ccc' });
  const drawn = lines.map((line) => ({ ...line, points: line.points.filter(valid).toSorted((a, b) => a.time - b.time) }))
    .filter((line) => line.points.length > 0);
  if (drawn.length === 0) return svgRoot({ width, height, title: options.title, id: options.id }, [frame, noData(area, 'no run history yet')]);

  const times = drawn.flatMap((line) => line.points.map((point) => point.time));
  const first = Math.min(...times);
  const last = Math.max(...times);
  // A short history (a single pass) still gets a readable time axis: at least an hour wide.
  const pad = Math.max(0, MIN_SPAN_MS - (last - first)) / 2;
  const [start, end] = [first - pad, last + pad];
  const x = scaleUtc().domain([start, end]).range([area.left + 8, area.right - 8]);
  const values = [...drawn.flatMap((line) => line.points.map((point) => point.value)), ...targets.map((target) => target.value)];
  const low = Math.min(0, ...values);
  const y = scaleLinear().domain([low, Math.max(...values) * 1.08 || 1]).nice().range([area.bottom, area.top]);

  const legendEntries: LegendEntry[] = [];
  const body: string[] = [];
  for (const [index, line] of drawn.entries()) {
    const style = seriesStyle(index);
    legendEntries.push({ label: line.label, style });
    const plotted = line.points.map((point) => [x(point.time), y(point.value)] as const);
    body.push(seriesLine(plotted, style), element('g', { fill: style.stroke }, ...plotted.map(([cx, cy]) => element('circle', { cx, cy, r: 2.5 }))));
    for (const mark of line.changePoints) {
      if (!(mark.time >= start && mark.time <= end)) continue;
      const at = x(mark.time);
      body.push(element('g', { class: 'change-point' },
        element('line', { x1: at, x2: at, y1: area.top, y2: area.bottom, stroke: CHANGE_POINT, 'stroke-width': 1.5, 'stroke-dasharray': '4 3' }),
        element('path', { d: `M ${at - 5} ${area.top} L ${at + 5} ${area.top} L ${at} ${area.top + 8} Z`, fill: CHANGE_POINT }),
        textElement({ x: at + 4, y: area.top + 18, fill: CHANGE_POINT }, `${changeLabel(mark.change)} (${line.label})`)));
    }
  }
  for (const target of targets) {
    const style = TARGET_STYLES[target.severity];
    legendEntries.push({ label: target.label, style });
    body.push(seriesLine([[area.left, y(target.value)], [area.right, y(target.value)]], style, 1.5));
  }
  if (drawn.some((line) => line.changePoints.length > 0)) legendEntries.push({ label: 'change point', style: { stroke: CHANGE_POINT, dash: '4 3' } });

  const timeTicks = x.ticks(5).map((tick) => ({ value: tick.getTime(), label: x.tickFormat(5)(tick) }));
  const changes = drawn.reduce((count, line) => count + line.changePoints.length, 0);
  return svgRoot({
    width, height, title: options.title, id: options.id,
    description: `${options.yTitle} per run from ${new Date(first).toISOString()} to ${new Date(last).toISOString()} for ${drawn.map((line) => line.label).join(', ')}; ${changes} change point${changes === 1 ? '' : 's'}.`,
  }, [
    xAxis(area, (value) => x(value), timeTicks, 'run time (UTC)'),
    yAxis(area, y, y.ticks(5).map((value) => ({ value, label: options.format(value) })), options.yTitle),
    frame,
    ...body,
    legend(area.right + 16, area.top + 8, legendEntries),
  ]);
}
