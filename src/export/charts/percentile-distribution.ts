/**
 * The points of a percentile plot from an encoded HDR histogram: exactly the rows of
 * HdrHistogram's `outputPercentileDistribution`, from the library's own PercentileIterator
 * (`ticksPerHalfDistance` equal steps each time the distance to 100 % halves: 0, 10, ...
 * 50, 55, ... 75, 77.5, ...). The final 100 % row is left out, as it has no place on a
 * 1/(1-p) axis; the row before it already carries the maximum.
 */
import type { JsHistogram } from 'hdr-histogram-js';
import { decodeHistogram } from '../../measure/hdr.ts';
import type { PercentilePoint } from './percentile-plot.ts';

export function percentileDistribution(encodedHdr: string, ticksPerHalfDistance = 5): PercentilePoint[] {
  // decodeHistogram gives a JS-mode histogram, the only mode with iterators.
  const histogram = decodeHistogram(encodedHdr) as JsHistogram;
  const points: PercentilePoint[] = [];
  if (histogram.totalCount === 0) return points;
  const iterator = histogram.percentileIterator;
  iterator.reset(ticksPerHalfDistance);
  while (iterator.hasNext()) {
    const step = iterator.next();
    if (step.percentileLevelIteratedTo >= 100) break;
    points.push({ percentile: step.percentileLevelIteratedTo, valueNs: step.valueIteratedTo });
  }
  // A histogram of one value reaches 100 % at once: its only point is that value at 0 %.
  if (points.length === 0) points.push({ percentile: 0, valueNs: histogram.maxValue });
  return points;
}
