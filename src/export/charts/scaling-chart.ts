/**
 * The contention scaling curve: ns per operation per thread against the thread count,
 * one line per contention workload, with the KPI targets drawn in as dashed lines (the
 * critical limit in red, the goal in amber). Both axes are log scales: thread
 * counts double, and the seeds' targets double with them, so a workload that scales as
 * the targets expect runs parallel to them.
 *
 * Input is plain data, the output a standalone SVG string; it needs no browser.
 */
import { scaleLog } from 'd3-scale';
import { formatNs } from '../reports/units.ts';
import { seriesStyle, TARGET_STYLES, type LineStyle } from './palette.ts';
import { legend, logTicks, noData, paddedLogDomain, plotArea, seriesLine, xAxis, yAxis, type LegendEntry } from './plot.ts';
import { element, svgRoot } from './svg.ts';

export interface ScalingPoint {
  threads: number;
  nsPerOp: number;
}

export interface ScalingSeries {
  /** The workload, e.g. "contention.atomic-add". */
  label: string;
  points: readonly ScalingPoint[];
}

export interface ScalingTarget {
  /** e.g. "ns_per_op limit". */
  label: string;
  /** `critical` draws the limit that pages, `warning` the goal. */
  severity: 'critical' | 'warning';
  points: readonly ScalingPoint[];
}

export interface ScalingChartOptions {
  title: string;
  /** Unique among the charts of one page (aria references). */
  id: string;
  width?: number;
  height?: number;
}

const byThreads = (a: ScalingPoint, b: ScalingPoint) => a.threads - b.threads;
const valid = (point: ScalingPoint) => point.threads >= 1 && point.nsPerOp > 0 && Number.isFinite(point.nsPerOp);

export function scalingChart(series: readonly ScalingSeries[], targets: readonly ScalingTarget[], options: ScalingChartOptions): string {
  const width = options.width ?? 680;
  const height = options.height ?? 340;
  const area = plotArea(width, height, { top: 28, right: 250, bottom: 44, left: 64 });
  const lines = series.map((entry) => ({ ...entry, points: entry.points.filter(valid).toSorted(byThreads) })).filter((entry) => entry.points.length > 0);
  const limits = targets.map((entry) => ({ ...entry, points: entry.points.filter(valid).toSorted(byThreads) })).filter((entry) => entry.points.length > 0);
  const frame = element('rect', { x: area.left, y: area.top, width: area.right - area.left, height: area.bottom - area.top, fill: 'none', stroke: '#ccc' });
  if (lines.length === 0) {
    return svgRoot({ width, height, title: options.title, id: options.id }, [frame, noData(area, 'no contention results yet')]);
  }
  const allPoints = [...lines, ...limits].flatMap((entry) => entry.points);
  const threadCounts = [...new Set(allPoints.map((point) => point.threads))].sort((a, b) => a - b);
  const xDomain: [number, number] = threadCounts.length > 1 ? [threadCounts[0], threadCounts.at(-1)!] : [threadCounts[0] / 2, threadCounts[0] * 2];
  const x = scaleLog().base(2).domain(xDomain).range([area.left + 12, area.right - 12]);
  const yDomain = paddedLogDomain(allPoints.map((point) => point.nsPerOp));
  const y = scaleLog().domain(yDomain).range([area.bottom, area.top]).clamp(true);
  const plotted = (points: readonly ScalingPoint[]) => points.map((point) => [x(point.threads), y(point.nsPerOp)] as const);
  const legendEntries: LegendEntry[] = [];
  const drawn: string[] = [];
  for (const [index, entry] of lines.entries()) {
    const style = seriesStyle(index);
    legendEntries.push({ label: entry.label, style });
    drawn.push(seriesLine(plotted(entry.points), style), markers(plotted(entry.points), style));
  }
  for (const entry of limits) {
    const style = TARGET_STYLES[entry.severity];
    legendEntries.push({ label: entry.label, style });
    drawn.push(seriesLine(plotted(entry.points), style, 1.5));
  }
  return svgRoot({
    width, height, title: options.title, id: options.id,
    description: `ns per operation per thread at ${threadCounts.join(', ')} threads for ${lines.map((entry) => entry.label).join(', ')}, with KPI targets.`,
  }, [
    xAxis(area, x, threadCounts.map((threads) => ({ value: threads, label: String(threads) })), 'threads'),
    yAxis(area, y, logTicks(yDomain, formatNs), 'ns per op per thread'),
    frame,
    ...drawn,
    legend(area.right + 16, area.top + 8, legendEntries),
  ]);
}

function markers(points: ReadonlyArray<readonly [number, number]>, style: LineStyle): string {
  return element('g', { fill: style.stroke }, ...points.map(([cx, cy]) => element('circle', { cx, cy, r: 3 })));
}
