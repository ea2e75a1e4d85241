/**
 * PromQL that judges a node against its fleet (CPI²'s method): each node's judged KPI value
 * (vmsoak_kpi_window_value, the median of its KPI window) against the median of every
 * node reporting the same KPI, workload and thread count. VmsoakNodeOutlier and the
 * overview's ranking panel read the same expressions.
 */
import { FAMILIES } from '../export/metric-families.ts';
import { matcher, type Matcher, selector } from './promql.ts';

export type Direction = 'max' | 'min';

/** VmsoakNodeOutlier's default factor: 1.5× the fleet median the worse way. */
export const DEFAULT_OUTLIER_FACTOR = 1.5;
/** Nodes that must report a KPI before its fleet median means anything: with 2, each node is half of it. */
export const OUTLIER_MIN_NODES = 3;
/** What a node is compared on: the same KPI of the same workload at the same thread count. */
export const FLEET_KEY = 'kpi, workload, threads';

const values = (direction: Direction, extra: readonly Matcher[] = []) => selector(FAMILIES.kpiWindowValue.name, [matcher('direction', '=', direction), ...extra]);

/** The fleet median of one direction's judged KPI values, per KPI, workload and threads. */
export function fleetMedian(direction: Direction): string {
  return `quantile by (${FLEET_KEY}) (0.5, ${values(direction)})`;
}

/** The fleet median, only where OUTLIER_MIN_NODES nodes report the KPI. */
function countedFleetMedian(direction: Direction): string {
  return `${fleetMedian(direction)}\n  and on (${FLEET_KEY})\n  count by (${FLEET_KEY}) (${values(direction)}) >= ${OUTLIER_MIN_NODES}`;
}

/** The nodes beyond `factor` × the fleet median the worse way, with their own value and labels. */
export function fleetOutlier(direction: Direction, factor: number): string {
  const bound = direction === 'max' ? `${factor} * (${countedFleetMedian(direction)})` : `(${countedFleetMedian(direction)}) / ${factor}`;
  return `${values(direction)}\n${direction === 'max' ? '>' : '<'} on (${FLEET_KEY}) group_left ()\n(${bound})`;
}

/**
 * How many times worse than its fleet's median each node is, the `top` worst of each
 * direction: value / median where lower is better, median / value where higher is. `scope`
 * restricts the nodes shown (a dashboard's selection); the median is always the whole fleet's.
 */
export function fleetRatio(top: number, scope: (metric: string, extra: readonly Matcher[]) => string): string {
  const node = (direction: Direction) => scope(FAMILIES.kpiWindowValue.name, [matcher('direction', '=', direction)]);
  const worseAbove = `${node('max')} / on (${FLEET_KEY}) group_left () ${fleetMedian('max')}`;
  const worseBelow = `${fleetMedian('min')} / on (${FLEET_KEY}) group_right () ${node('min')}`;
  return `topk(${top}, ${worseAbove})\nor topk(${top}, ${worseBelow})`;
}
