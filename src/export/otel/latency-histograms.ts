/**
 * The OTel side of the latency histogram family: one latency histogram per workload x
 * threads, accumulated over all runs from each run's raw HDR histogram, and handed to the
 * SDK's readers as a MetricProducer in two shapes:
 *
 * - classic (explicit bounds, the same log-spaced bounds and exact counts as the
 *   prom-client histogram, see measure/buckets.ts) for the Prometheus pull exporter,
 *   whose text format has no exponential histograms;
 * - base-2 exponential for the OTLP push exporter (exponential-buckets.ts).
 *
 * Why a producer and not a Histogram instrument: an SDK instrument takes one `record()`
 * per sample and no count, so feeding it a run would mean one call per operation, which
 * is what the HDR recorder exists to avoid. A producer is the SDK's documented way to
 * contribute pre-aggregated data (`metricProducers` on every MetricReader).
 *
 * Accuracy: HDR keeps 3 significant digits (unit resolution below 2048 ns, 0.1 % above);
 * every HDR sub-bucket is placed by its highest equivalent value, so a value can land one
 * bucket high only when it lies within 0.1 % under a bucket boundary. `count` and `sum`
 * are exact (ops and the run's exact ns sum); min and max are HDR-rounded (0.1 %).
 */
import type { Attributes, HrTime } from '@opentelemetry/api';
import { ValueType } from '@opentelemetry/api';
import { hrTime, type InstrumentationScope } from '@opentelemetry/core';
import { emptyResource } from '@opentelemetry/resources';
import {
  AggregationTemporality, DataPointType, type CollectionResult, type MetricData, type MetricDescriptor, type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import type { JsHistogram } from 'hdr-histogram-js';
import { cumulativeBucketCounts } from '../../measure/buckets.ts';
import { decodeHistogram } from '../../measure/hdr.ts';
import { ExponentialBuckets } from './exponential-buckets.ts';

const NS_PER_SECOND = 1e9;

interface Series {
  attributes: Attributes;
  startTime: HrTime;
  /** Per-bucket (not cumulative) counts: one per bound, then the overflow bucket. */
  classic: number[];
  exponential: ExponentialBuckets;
  count: number;
  sum: number;
}

export interface LatencyHistogramsOptions {
  descriptor: Omit<MetricDescriptor, 'valueType'>;
  /** Upper bounds of the classic histogram in ns, ascending. */
  boundsNs: readonly number[];
  scope: InstrumentationScope;
}

/** One run's data: its encoded raw HDR histogram (integer ns), its op count and exact sum. */
export interface RunLatency {
  histogram: string;
  ops: number;
  sumNs: number;
}

export class LatencyHistograms {
  readonly #descriptor: MetricDescriptor;
  readonly #boundsNs: readonly number[];
  readonly #boundsSeconds: number[];
  readonly #scope: InstrumentationScope;
  readonly #series = new Map<string, Series>();

  constructor(options: LatencyHistogramsOptions) {
    this.#descriptor = { ...options.descriptor, valueType: ValueType.DOUBLE };
    this.#boundsNs = options.boundsNs;
    this.#boundsSeconds = options.boundsNs.map((ns) => ns / NS_PER_SECOND);
    this.#scope = options.scope;
  }

  /** Starts a series at zero, so its first run shows as an increase. */
  zero(attributes: Attributes): void {
    this.#seriesFor(attributes);
  }

  /** Folds one run in: one pass over the HDR data's distinct values per shape. */
  add(attributes: Attributes, run: RunLatency): void {
    const series = this.#seriesFor(attributes);
    const { cumulative, count } = cumulativeBucketCounts(run.histogram, this.#boundsNs);
    let previous = 0;
    for (let i = 0; i < cumulative.length; i++) {
      series.classic[i] += cumulative[i] - previous;
      previous = cumulative[i];
    }
    series.classic[cumulative.length] += count - previous;
    // cumulativeBucketCounts walks a decoded copy of its own; decoding again keeps that
    // function's exact contract untouched, at one decode per run off the hot path.
    const iterator = (decodeHistogram(run.histogram) as JsHistogram).recordedValuesIterator;
    iterator.reset();
    while (iterator.hasNext()) {
      const step = iterator.next();
      series.exponential.add(step.valueIteratedTo / NS_PER_SECOND, step.countAtValueIteratedTo);
    }
    const sumSeconds = run.sumNs / NS_PER_SECOND;
    series.exponential.sum += sumSeconds;
    series.count += count;
    series.sum += sumSeconds;
  }

  /** Explicit-bucket histograms, for the Prometheus exporter. */
  readonly classicProducer: MetricProducer = {
    collect: () => Promise.resolve(this.#collect((series, endTime) => ({
      startTime: series.startTime, endTime, attributes: series.attributes,
      value: { buckets: { boundaries: [...this.#boundsSeconds], counts: [...series.classic] }, count: series.count, sum: series.sum },
    }), DataPointType.HISTOGRAM)),
  };

  /** Base-2 exponential histograms, for OTLP. */
  readonly exponentialProducer: MetricProducer = {
    collect: () => Promise.resolve(this.#collect((series, endTime) => ({
      startTime: series.startTime, endTime, attributes: series.attributes, value: series.exponential.snapshot(),
    }), DataPointType.EXPONENTIAL_HISTOGRAM)),
  };

  #collect<P>(point: (series: Series, endTime: HrTime) => P, type: DataPointType.HISTOGRAM | DataPointType.EXPONENTIAL_HISTOGRAM): CollectionResult {
    const endTime = hrTime();
    const metrics: MetricData[] = [];
    if (this.#series.size > 0) {
      metrics.push({
        descriptor: this.#descriptor,
        aggregationTemporality: AggregationTemporality.CUMULATIVE,
        dataPointType: type,
        dataPoints: [...this.#series.values()].map((series) => point(series, endTime)),
      } as MetricData);
    }
    // The readers replace the resource with the MeterProvider's own.
    return { resourceMetrics: { resource: emptyResource(), scopeMetrics: [{ scope: this.#scope, metrics }] }, errors: [] };
  }

  #seriesFor(attributes: Attributes): Series {
    const key = JSON.stringify(Object.entries(attributes).sort(([a], [b]) => a.localeCompare(b)));
    let series = this.#series.get(key);
    if (series === undefined) {
      series = {
        attributes: { ...attributes }, startTime: hrTime(),
        classic: new Array<number>(this.#boundsNs.length + 1).fill(0),
        exponential: new ExponentialBuckets(), count: 0, sum: 0,
      };
      this.#series.set(key, series);
    }
    return series;
  }
}
