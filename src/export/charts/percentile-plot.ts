/**
 * The HDR percentile distribution plot in the classic HdrHistogram style: latency against
 * percentile, with the percentile axis log-scaled as 1/(1 - percentile), so 50 %, 90 %,
 * 99 %, 99.9 %, ... are equally spaced and the tail gets the room it deserves.
 *
 * Input is plain data (see percentile-distribution.ts to get it from an HDR histogram), the
 * output a standalone SVG string; it needs no browser and no DOM.
 */
import { formatNs } from '../reports/units.ts';
import { seriesStyle } from './palette.ts';
import { legend, logTicks, noData, paddedLogDomain, plotArea, seriesLine, xAxis, yAxis, type Tick } from './plot.ts';
import { scaleLinear, scaleLog } from 'd3-scale';
import { element, svgRoot } from './svg.ts';

export interface PercentilePoint {
  /** 0 to 100 (exclusive: 100 % has no place on a 1/(1-p) axis). */
  percentile: number;
  valueNs: number;
}

export interface PercentileSeries {
  /** The legend entry, e.g. "4 threads". */
  label: string;
  /** Ascending by percentile. */
  points: readonly PercentilePoint[];
}

export interface PercentilePlotOptions {
  title: string;
  /** Unique among the charts of one page (aria references). */
  id: string;
  width?: number;
  height?: number;
  /** Latency axis: `log` (default) keeps a 10 ns median and a 10 ms tail both readable; `linear` is HdrHistogram's own. */
  yScale?: 'log' | 'linear';
}

/** 1/(1 - p): 50 % -> 2, 99 % -> 100. */
export function percentileToX(percentile: number): number {
  return 100 / (100 - percentile);
}

/** "99.9%" for x = 1000. */
export function percentileLabel(x: number): string {
  const percentile = 100 - 100 / x;
  return `${Number(percentile.toPrecision(12))}%`;
}

/** Rough width of a tick label at the charts' 11 px font. */
const labelWidth = (label: string) => label.length * 6.5 + 8;

/**
 * 50 %, then 90 %, 99 %, 99.9 %, ... as far as the data goes, thinned to every n-th decade
 * when the labels would overlap. The origin (0 %) is left unlabelled: 50 % sits a third of
 * a decade from it.
 */
function percentileTicks(maxX: number, plotWidth: number): Tick[] {
  const decades = Math.round(Math.log10(maxX));
  const pxPerDecade = plotWidth / decades;
  const step = Math.max(1, Math.ceil(labelWidth(percentileLabel(maxX)) / pxPerDecade));
  const ticks: Tick[] = [{ value: 2, label: '50%' }];
  for (let decade = 1; decade <= decades; decade += step) ticks.push({ value: 10 ** decade, label: percentileLabel(10 ** decade) });
  return ticks;
}

export function percentilePlot(series: readonly PercentileSeries[], options: PercentilePlotOptions): string {
  const width = options.width ?? 560;
  const height = options.height ?? 320;
  const area = plotArea(width, height, { top: 28, right: 110, bottom: 44, left: 64 });
  const drawn = series
    .map((entry) => ({ ...entry, points: entry.points.filter((point) => point.percentile >= 0 && point.percentile < 100 && Number.isFinite(point.valueNs)) }))
    .filter((entry) => entry.points.length > 0);
  const body: string[] = [];
  const frame = element('rect', { x: area.left, y: area.top, width: area.right - area.left, height: area.bottom - area.top, fill: 'none', stroke: '#ccc' });
  if (drawn.length === 0) {
    body.push(frame, noData(area, 'no latency data yet'));
    return svgRoot({ width, height, title: options.title, id: options.id }, body);
  }
  const xs = drawn.flatMap((entry) => entry.points.map((point) => percentileToX(point.percentile)));
  const maxX = 10 ** Math.max(1, Math.ceil(Math.log10(Math.max(...xs)) - 1e-9));
  const x = scaleLog().domain([1, maxX]).range([area.left, area.right]).clamp(true);
  const values = drawn.flatMap((entry) => entry.points.map((point) => point.valueNs));
  const logY = (options.yScale ?? 'log') === 'log';
  let y: (value: number) => number;
  let yTicks: Tick[];
  if (logY) {
    const domain = paddedLogDomain(values);
    const scale = scaleLog().domain(domain).range([area.bottom, area.top]).clamp(true);
    y = (value) => scale(Math.max(value, domain[0]));
    yTicks = logTicks(domain, formatNs);
  } else {
    const scale = scaleLinear().domain([0, Math.max(...values, 1)]).nice().range([area.bottom, area.top]);
    y = scale;
    yTicks = scale.ticks(6).map((value) => ({ value, label: formatNs(value) }));
  }
  body.push(
    xAxis(area, x, percentileTicks(maxX, area.right - area.left), 'percentile (log scale of 1/(1-p))'),
    yAxis(area, y, yTicks, 'latency'),
    frame,
    ...drawn.map((entry, index) => seriesLine(entry.points.map((point) => [x(percentileToX(point.percentile)), y(point.valueNs)]), seriesStyle(index))),
    legend(area.right + 16, area.top + 8, drawn.map((entry, index) => ({ label: entry.label, style: seriesStyle(index) }))),
  );
  return svgRoot({
    width, height, title: options.title, id: options.id,
    description: `Latency by percentile for ${drawn.map((entry) => entry.label).join(', ')}.`,
  }, body);
}
