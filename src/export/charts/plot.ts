/**
 * What every chart draws around its data: the plot area, axes with grid lines, the
 * legend, and line paths. Scales and their ticks come from d3-scale and paths from
 * d3-shape, both pure functions that need no DOM.
 */
import { scaleLog } from 'd3-scale';
import { line } from 'd3-shape';
import type { LineStyle } from './palette.ts';
import { element, textElement } from './svg.ts';

export interface Margins {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The rectangle the data is drawn in, in SVG coordinates (y grows downwards). */
export interface PlotArea {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function plotArea(width: number, height: number, margins: Margins): PlotArea {
  return { left: margins.left, right: width - margins.right, top: margins.top, bottom: height - margins.bottom };
}

export interface Tick {
  value: number;
  label: string;
}

const GRID = '#e5e5e5';
const AXIS = '#555';

export function xAxis(area: PlotArea, x: (value: number) => number, ticks: readonly Tick[], title: string): string {
  const parts = ticks.map((tick) => {
    const at = x(tick.value);
    return element('line', { x1: at, x2: at, y1: area.top, y2: area.bottom, stroke: GRID })
      + textElement({ x: at, y: area.bottom + 14, 'text-anchor': 'middle' }, tick.label);
  });
  return element('g', { class: 'x-axis' },
    ...parts,
    element('line', { x1: area.left, x2: area.right, y1: area.bottom, y2: area.bottom, stroke: AXIS }),
    textElement({ x: (area.left + area.right) / 2, y: area.bottom + 32, 'text-anchor': 'middle' }, title));
}

export function yAxis(area: PlotArea, y: (value: number) => number, ticks: readonly Tick[], title: string): string {
  const parts = ticks.map((tick) => {
    const at = y(tick.value);
    return element('line', { x1: area.left, x2: area.right, y1: at, y2: at, stroke: GRID })
      + textElement({ x: area.left - 6, y: at + 4, 'text-anchor': 'end' }, tick.label);
  });
  const middle = (area.top + area.bottom) / 2;
  return element('g', { class: 'y-axis' },
    ...parts,
    element('line', { x1: area.left, x2: area.left, y1: area.top, y2: area.bottom, stroke: AXIS }),
    textElement({ x: 14, y: middle, 'text-anchor': 'middle', transform: `rotate(-90 14 ${middle})` }, title));
}

/**
 * Ticks of a log axis: 1-2-5 per decade while that gives at most `maxTicks`, else every
 * decade, else every n-th decade. Never empty for a valid domain: with no round value in
 * range, the domain's ends are the ticks.
 */
export function logTicks(domain: readonly [number, number], format: (value: number) => string, maxTicks = 8): Tick[] {
  const [low, high] = domain;
  const all = scaleLog().domain([low, high]).ticks(50).filter((value) => value >= low && value <= high);
  const mantissa = (value: number) => Math.round(value / 10 ** Math.floor(Math.log10(value) + 1e-9));
  let chosen = all.filter((value) => [1, 2, 5].includes(mantissa(value)));
  if (chosen.length > maxTicks) chosen = all.filter((value) => mantissa(value) === 1);
  if (chosen.length > maxTicks) {
    const step = Math.ceil(chosen.length / maxTicks);
    chosen = chosen.filter((_, index) => index % step === 0);
  }
  if (chosen.length === 0) chosen = [low, high];
  return chosen.map((value) => ({ value, label: format(value) }));
}

/** A log domain padded to the 1-2-5 values around the data, so lines do not touch the frame. */
export function paddedLogDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((value) => value > 0 && Number.isFinite(value));
  if (positive.length === 0) return [1, 10];
  const low = Math.min(...positive);
  const high = Math.max(...positive);
  const down = (value: number) => {
    const decade = 10 ** Math.floor(Math.log10(value));
    return [5, 2, 1].map((m) => m * decade).find((step) => step <= value) ?? decade;
  };
  const up = (value: number) => {
    const decade = 10 ** Math.floor(Math.log10(value));
    return [1, 2, 5, 10].map((m) => m * decade).find((step) => step >= value) ?? 10 * decade;
  };
  const lower = down(low);
  const upper = up(high);
  return upper > lower ? [lower, upper] : [lower, lower * 10];
}

/** An SVG path through the points, in order; empty when there are none. */
export function linePath(points: ReadonlyArray<readonly [number, number]>): string {
  return line<readonly [number, number]>().x((point) => point[0]).y((point) => point[1]).digits(2)(points) ?? '';
}

export function seriesLine(points: ReadonlyArray<readonly [number, number]>, style: LineStyle, width = 2): string {
  return element('path', {
    d: linePath(points), fill: 'none', stroke: style.stroke, 'stroke-width': width, 'stroke-dasharray': style.dash,
    'stroke-linejoin': 'round',
  });
}

export interface LegendEntry {
  label: string;
  style: LineStyle;
}

/** One entry per line, top-down, starting at (x, y). */
export function legend(x: number, y: number, entries: readonly LegendEntry[]): string {
  return element('g', { class: 'legend' }, ...entries.map((entry, index) => {
    const at = y + index * 16;
    return element('line', {
      x1: x, x2: x + 22, y1: at, y2: at, stroke: entry.style.stroke, 'stroke-width': 2, 'stroke-dasharray': entry.style.dash,
    }) + textElement({ x: x + 28, y: at + 4 }, entry.label);
  }));
}

/** The message a chart shows instead of lines when it has nothing to draw. */
export function noData(area: PlotArea, message: string): string {
  return textElement({ x: (area.left + area.right) / 2, y: (area.top + area.bottom) / 2, 'text-anchor': 'middle', fill: '#777' }, message);
}
