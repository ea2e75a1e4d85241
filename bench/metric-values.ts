/**
 * Values read back from a /metrics scrape, through parse-prometheus-text-format (the
 * benchmark parses the exposition, it never writes it).
 */
import { createRequire } from 'node:module';

interface ParsedFamily {
  name: string;
  metrics: { value?: string; count?: string; labels?: Record<string, string> }[];
}

const require = createRequire(import.meta.url);
const parsePrometheusTextFormat = require('parse-prometheus-text-format') as (text: string) => ParsedFamily[];

export type ScrapedValues = ReadonlyMap<string, number>;

/** Each family's samples summed (over all label sets): a counter's total, or a gauge's value when it has no labels. */
export function familySums(exposition: string): ScrapedValues {
  const sums = new Map<string, number>();
  for (const family of parsePrometheusTextFormat(exposition)) {
    let total = 0;
    for (const sample of family.metrics) total += Number(sample.value ?? sample.count ?? 0);
    sums.set(family.name, total);
  }
  return sums;
}

export async function scrapeFamilySums(metricsUrl: string): Promise<ScrapedValues> {
  const response = await fetch(metricsUrl);
  if (!response.ok) throw new Error(`GET ${metricsUrl}: HTTP ${response.status}`);
  return familySums(await response.text());
}

/** One sample of a counter or gauge family, with its labels. */
export interface LabelledSample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

/**
 * The samples of each family in the exposition, by family name. A family declared with no
 * samples yet (a counter that never counted) maps to an empty list; one not declared at
 * all is absent, which tells "0 so far" from "this daemon does not export it".
 */
export function labelledSamples(exposition: string): ReadonlyMap<string, readonly LabelledSample[]> {
  const families = new Map<string, LabelledSample[]>();
  for (const family of parsePrometheusTextFormat(exposition)) {
    families.set(family.name, family.metrics
      .filter((sample) => sample.value !== undefined)
      .map((sample) => ({ labels: sample.labels ?? {}, value: Number(sample.value) })));
  }
  return families;
}

/** The samples summed by one label's value (e.g. a counter by `cause`). */
export function sumByLabel(samples: readonly LabelledSample[], label: string): Map<string, number> {
  const sums = new Map<string, number>();
  for (const sample of samples) {
    const key = sample.labels[label] ?? '';
    sums.set(key, (sums.get(key) ?? 0) + sample.value);
  }
  return sums;
}

/** Each sample's value keyed by the named labels' values, joined (e.g. "tier0.x.cv tier0.x 1"). */
export function valuesByLabels(samples: readonly LabelledSample[], labels: readonly string[]): Map<string, number> {
  return new Map(samples.map((sample) => [labels.map((label) => sample.labels[label] ?? '').join(' '), sample.value]));
}

export function valueOf(values: ScrapedValues, family: string): number {
  const value = values.get(family);
  if (value === undefined) throw new Error(`the scrape has no ${family}`);
  return value;
}
