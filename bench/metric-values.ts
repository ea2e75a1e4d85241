/**
 * Values read back from a /metrics scrape, through parse-prometheus-text-format (the
 * benchmark parses the exposition, it never writes it).
 */
import { createRequire } from 'node:module';

interface ParsedFamily {
  name: string;
  metrics: { value?: string; count?: string }[];
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

export function valueOf(values: ScrapedValues, family: string): number {
  const value = values.get(family);
  if (value === undefined) throw new Error(`the scrape has no ${family}`);
  return value;
}
