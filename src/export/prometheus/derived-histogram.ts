/**
 * A classic Prometheus histogram whose buckets are set from counts computed elsewhere (the
 * merged HDR histogram of a run) instead of from one `observe()` per sample.
 *
 * prom-client's Histogram can only be fed one observation at a time: replaying millions of
 * HDR counts through `observe()` would cost ~250 ns each on the main thread and still lose
 * the exact `_sum`. So this object implements the small interface prom-client's Registry
 * reads from a metric (`name`, `help`, `type`, `aggregator`, `get()`, `getForPromString()`,
 * `reset()`) and returns the same shapes prom-client's Histogram returns; the text format
 * is still written by prom-client's Registry, never by hand.
 */
import type { Metric, Registry } from 'prom-client';

export type HistogramLabels = Readonly<Record<string, string>>;

interface Series {
  labels: HistogramLabels;
  /** Cumulative count of values <= each upper bound. */
  cumulative: number[];
  sum: number;
  count: number;
}

/** One sample as prom-client's Histogram.get() returns it. */
export interface HistogramSample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

/** One sample as prom-client's Histogram.getForPromString() returns it: the series' labels shared. */
interface PromStringSample {
  metricName: string;
  labels: Record<string, string | number>;
  sharedLabels: HistogramLabels;
  value: number;
}

export interface DerivedHistogramConfig {
  name: string;
  help: string;
  labelNames: readonly string[];
  /** Ascending finite upper bounds, in the metric's unit; `+Inf` is implied. */
  upperBounds: readonly number[];
  registers?: readonly Registry[];
}

export class DerivedHistogram {
  readonly name: string;
  readonly help: string;
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  readonly labelNames: readonly string[];
  readonly upperBounds: readonly number[];
  readonly #series = new Map<string, Series>();

  constructor(config: DerivedHistogramConfig) {
    if (config.labelNames.includes('le')) throw new Error('le is a reserved label name');
    const bounds = config.upperBounds;
    if (bounds.length === 0 || bounds.some((bound, i) => !Number.isFinite(bound) || (i > 0 && bound <= bounds[i - 1]))) {
      throw new Error(`${config.name}: upper bounds must be finite and strictly ascending`);
    }
    this.name = config.name;
    this.help = config.help;
    this.labelNames = [...config.labelNames];
    this.upperBounds = [...bounds];
    for (const registry of config.registers ?? []) {
      // The Registry only reads the members implemented here; its declared parameter type
      // is the union of prom-client's own classes.
      registry.registerMetric(this as unknown as Metric);
    }
  }

  /** Creates the series with all counts at zero, so `rate()` sees its first increase. */
  zero(labels: HistogramLabels): void {
    this.#seriesFor(labels);
  }

  /**
   * Adds one run's data: `cumulative[i]` values were <= `upperBounds[i]`, `count` values in
   * all (the `+Inf` bucket and `_count`), summing to `sum`.
   */
  add(labels: HistogramLabels, cumulative: readonly number[], count: number, sum: number): void {
    if (cumulative.length !== this.upperBounds.length) {
      throw new Error(`${this.name}: ${cumulative.length} bucket counts for ${this.upperBounds.length} bounds`);
    }
    let previous = 0;
    for (const value of cumulative) {
      if (!Number.isFinite(value) || value < previous) throw new Error(`${this.name}: bucket counts must be cumulative`);
      previous = value;
    }
    if (!Number.isFinite(count) || count < previous) throw new Error(`${this.name}: count is below the last bucket`);
    if (!Number.isFinite(sum)) throw new Error(`${this.name}: sum must be finite`);
    const series = this.#seriesFor(labels);
    for (let i = 0; i < cumulative.length; i++) series.cumulative[i] += cumulative[i];
    series.count += count;
    series.sum += sum;
  }

  /**
   * What prom-client's Registry renders from, in the shape its own Histogram gives: each
   * sample carries only `le` as its labels and the series' labels as `sharedLabels`, one
   * object per series. The Registry formats shared labels once per object (a WeakMap
   * cache), not once per bucket line; with ~40 buckets per series, that is most of a
   * histogram's rendering time.
   */
  async getForPromString(): Promise<{ name: string; help: string; type: 'histogram'; values: PromStringSample[]; aggregator: 'sum' }> {
    const bucketName = `${this.name}_bucket`;
    const values: PromStringSample[] = [];
    for (const series of this.#series.values()) {
      const sharedLabels = series.labels;
      for (let i = 0; i < this.upperBounds.length; i++) {
        // A number, as Histogram does: the Registry prints it with String(), so the bound
        // reads the same in every series and every scrape.
        values.push({ metricName: bucketName, labels: { le: this.upperBounds[i] }, sharedLabels, value: series.cumulative[i] });
      }
      values.push(
        { metricName: bucketName, labels: { le: '+Inf' }, sharedLabels, value: series.count },
        { metricName: `${this.name}_sum`, labels: {}, sharedLabels, value: series.sum },
        { metricName: `${this.name}_count`, labels: {}, sharedLabels, value: series.count },
      );
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  /** The samples with their full label sets, as Histogram.get() returns them (getMetricsAsJSON). */
  async get(): Promise<{ name: string; help: string; type: 'histogram'; values: HistogramSample[]; aggregator: 'sum' }> {
    const data = await this.getForPromString();
    const values = data.values.map(({ metricName, labels, sharedLabels, value }) => ({ metricName, labels: { ...sharedLabels, ...labels }, value }));
    return { ...data, values };
  }

  reset(): void {
    this.#series.clear();
  }

  #seriesFor(labels: HistogramLabels): Series {
    const names = Object.keys(labels);
    if (names.length !== this.labelNames.length || !this.labelNames.every((name) => typeof labels[name] === 'string')) {
      throw new Error(`${this.name}: labels must be exactly ${this.labelNames.join(', ')}`);
    }
    const key = this.labelNames.map((name) => labels[name]).join('\u0000');
    let series = this.#series.get(key);
    if (series === undefined) {
      const ordered = Object.fromEntries(this.labelNames.map((name) => [name, labels[name]]));
      series = { labels: ordered, cumulative: new Array<number>(this.upperBounds.length).fill(0), sum: 0, count: 0 };
      this.#series.set(key, series);
    }
    return series;
  }
}
