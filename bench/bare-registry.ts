/**
 * The reference for the exposition benchmark: a bare prom-client Registry holding the same
 * series as vmsoak's (names, help, labels, values and bucket counts), built only from
 * prom-client's own Gauge, Counter and Histogram. Rendering both and comparing the times
 * says what vmsoak's own code (its derived histogram, its label handling) adds on top of
 * the library.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

interface JsonValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

interface JsonMetric {
  name: string;
  help: string;
  type: string;
  values: JsonValue[];
}

interface HistogramSeries {
  labels: Record<string, string>;
  /** Cumulative count per upper bound, in the source's order. */
  cumulative: Map<number, number>;
  sum: number;
  count: number;
}

/**
 * prom-client's Histogram can only be fed one observation at a time, and replaying
 * millions of counts through observe() would take minutes. Its per-series state (the
 * non-cumulative count per bound, sum and count) is therefore written directly: only the
 * filling goes around the API, the rendering that is measured is prom-client's own.
 */
interface HistogramState {
  hashMap: Record<string, { labels: Record<string, string>; bucketValues: Record<number, number>; sum: number; count: number }>;
}

function withoutLe(labels: Record<string, string | number>): Record<string, string> {
  const { le: _le, ...rest } = labels;
  return Object.fromEntries(Object.entries(rest).map(([name, value]) => [name, String(value)]));
}

function labelNamesOf(values: readonly JsonValue[]): string[] {
  return [...new Set(values.flatMap((value) => Object.keys(withoutLe(value.labels))))];
}

function histogramSeries(name: string, values: readonly JsonValue[]): HistogramSeries[] {
  const byKey = new Map<string, HistogramSeries>();
  for (const value of values) {
    const labels = withoutLe(value.labels);
    const key = JSON.stringify(labels);
    let series = byKey.get(key);
    if (series === undefined) {
      series = { labels, cumulative: new Map(), sum: 0, count: 0 };
      byKey.set(key, series);
    }
    if (value.metricName === `${name}_sum`) series.sum = value.value;
    else if (value.metricName === `${name}_count`) series.count = value.value;
    else if (value.labels.le !== '+Inf') series.cumulative.set(Number(value.labels.le), value.value);
  }
  return [...byKey.values()];
}

function mirrorHistogram(name: string, help: string, labelNames: string[], values: readonly JsonValue[], registry: Registry): void {
  const series = histogramSeries(name, values);
  const buckets = series.length === 0 ? [] : [...series[0].cumulative.keys()];
  const histogram = new Histogram({ name, help, labelNames, buckets, registers: [registry] });
  const state = histogram as unknown as HistogramState;
  for (const { labels, cumulative, sum, count } of series) {
    histogram.zero(labels);
    const entry = Object.values(state.hashMap).find((candidate) => candidate.labels === labels);
    if (entry === undefined) throw new Error(`${name}: prom-client's Histogram no longer keeps its series in hashMap`);
    let previous = 0;
    for (const bound of buckets) {
      const total = cumulative.get(bound) ?? previous;
      entry.bucketValues[bound] = total - previous;
      previous = total;
    }
    entry.sum = sum;
    entry.count = count;
  }
}

/** A new bare Registry with every metric of `source` recreated from its current values. */
export async function mirrorIntoBareRegistry(source: Registry): Promise<Registry> {
  const bare = new Registry();
  for (const sourceMetric of source.getMetricsAsArray()) {
    const metric = await (sourceMetric as unknown as { get(): Promise<JsonMetric> }).get();
    const values = metric.values;
    // The declared label names, not those seen in values: a labelled metric with no series
    // yet must stay empty, where a label-less one would print a 0 sample.
    const declared = (sourceMetric as { labelNames?: readonly string[] }).labelNames;
    const labelNames = declared === undefined ? labelNamesOf(values) : [...declared];
    const common = { name: metric.name, help: metric.help, labelNames, registers: [bare] };
    switch (metric.type) {
      // A label-less metric starts with a 0 sample; vmsoak removes it while it has no value
      // (vmsoak_effective_cpus before the first run), and so must the mirror.
      case 'gauge': {
        const gauge = new Gauge(common);
        if (labelNames.length === 0 && values.length === 0) gauge.remove();
        for (const { labels, value } of values) gauge.set(labels, value);
        break;
      }
      case 'counter': {
        const counter = new Counter(common);
        if (labelNames.length === 0 && values.length === 0) counter.remove();
        for (const { labels, value } of values) counter.inc(labels, value);
        break;
      }
      case 'histogram':
        mirrorHistogram(metric.name, metric.help, labelNames, values, bare);
        break;
      default:
        throw new Error(`${metric.name}: cannot mirror a metric of type ${metric.type}`);
    }
  }
  return bare;
}

function canonicalSamples(metrics: Awaited<ReturnType<Registry['getMetricsAsJSON']>>): string[] {
  return metrics.flatMap((metric) => [
    `# ${metric.name} ${metric.type} ${metric.help}`,
    ...(metric.values as JsonValue[]).map((value) => {
      const labels = Object.entries(value.labels).map(([name, label]) => `${name}=${String(label)}`).sort().join(',');
      return `${value.metricName ?? metric.name}{${labels}} ${value.value}`;
    }).sort(),
  ]);
}

/** Throws naming the first difference unless both registries hold the same families and samples. */
export async function assertSameSeries(a: Registry, b: Registry): Promise<number> {
  const left = canonicalSamples(await a.getMetricsAsJSON());
  const right = canonicalSamples(await b.getMetricsAsJSON());
  const length = Math.max(left.length, right.length);
  for (let i = 0; i < length; i++) {
    if (left[i] !== right[i]) throw new Error(`the registries differ: "${left[i] ?? '(nothing)'}" against "${right[i] ?? '(nothing)'}"`);
  }
  return left.filter((line) => !line.startsWith('# ')).length;
}
