/**
 * parse-prometheus-text-format (CommonJS, untyped) with types, and lookups the metric
 * tests share. Its output follows prom2json: families with upper-case types, histograms
 * folded into `buckets` (le -> count), `sum` and `count`; all values are strings.
 */
import { createRequire } from 'node:module';

export interface PromSample {
  value?: string;
  labels?: Record<string, string>;
  buckets?: Record<string, string>;
  count?: string;
  sum?: string;
}

export interface PromFamily {
  name: string;
  help: string;
  type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  metrics: PromSample[];
}

const require = createRequire(import.meta.url);
const parsePrometheusTextFormat = require('parse-prometheus-text-format') as (text: string) => PromFamily[];

/**
 * The parser folds every series of a histogram family into one, dropping its labels (its
 * flattenMetrics only handles unlabelled histograms). So histogram families are rebuilt
 * here from a second parse in which they are declared untyped: the parser still reads
 * every line (escapes, labels), and the samples are grouped by their labels minus `le`.
 */
function rebuildHistograms(text: string, names: ReadonlySet<string>): Map<string, PromSample[]> {
  const untyped = parsePrometheusTextFormat(text.replace(/^# TYPE (\S+) histogram$/gm, '# TYPE $1 untyped'));
  const rebuilt = new Map<string, Map<string, PromSample>>();
  for (const parsed of untyped) {
    const suffix = /_(bucket|sum|count)$/.exec(parsed.name);
    const base = suffix ? parsed.name.slice(0, -suffix[0].length) : '';
    if (suffix === null || !names.has(base)) continue;
    const series = rebuilt.get(base) ?? new Map<string, PromSample>();
    rebuilt.set(base, series);
    for (const line of parsed.metrics) {
      const { le, ...labels } = line.labels ?? {};
      const key = JSON.stringify(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
      const found = series.get(key) ?? (Object.keys(labels).length > 0 ? { labels } : {});
      series.set(key, found);
      if (suffix[1] === 'bucket') {
        if (le === undefined || line.value === undefined) throw new Error(`${parsed.name}: bucket without le or value`);
        found.buckets = { ...found.buckets, [le]: line.value };
      } else {
        found[suffix[1] as 'sum' | 'count'] = line.value;
      }
    }
  }
  return new Map([...rebuilt].map(([name, series]) => [name, [...series.values()]]));
}

export function parseExposition(text: string): Map<string, PromFamily> {
  const families = parsePrometheusTextFormat(text);
  const histograms = rebuildHistograms(text, new Set(families.filter((f) => f.type === 'HISTOGRAM').map((f) => f.name)));
  return new Map(families.map((parsed) => [
    parsed.name, histograms.has(parsed.name) ? { ...parsed, metrics: histograms.get(parsed.name) ?? [] } : parsed,
  ]));
}

export function family(families: Map<string, PromFamily>, name: string): PromFamily {
  const found = families.get(name);
  if (found === undefined) throw new Error(`metric family ${name} is missing`);
  return found;
}

/** The samples whose labels include all of `labels`. */
export function samples(families: Map<string, PromFamily>, name: string, labels: Record<string, string> = {}): PromSample[] {
  return family(families, name).metrics.filter((sample) =>
    Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value));
}

/** The one sample matching `labels`; throws when there is none or more than one. */
export function sample(families: Map<string, PromFamily>, name: string, labels: Record<string, string> = {}): PromSample {
  const found = samples(families, name, labels);
  if (found.length !== 1) throw new Error(`${name}${JSON.stringify(labels)}: ${found.length} samples, expected 1`);
  return found[0];
}

export function numericValue(found: PromSample): number {
  if (found.value === undefined) throw new Error('sample has no value');
  return Number(found.value);
}

/** Histogram buckets as [le, cumulative count] in ascending le, +Inf last. */
export function sortedBuckets(found: PromSample): Array<[string, number]> {
  if (found.buckets === undefined) throw new Error('sample is not a histogram');
  return Object.entries(found.buckets)
    .map(([le, count]): [string, number] => [le, Number(count)])
    .sort(([a], [b]) => Number(a) - Number(b));
}
