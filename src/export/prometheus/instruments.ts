/**
 * prom-client instruments built from the family table, so a family's name, help and labels
 * are written once (metric-families.ts) and a counter cannot be built from a gauge's entry.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { MetricFamily, MetricType } from '../metric-families.ts';

function expect(family: MetricFamily, type: MetricType): void {
  if (family.type !== type) throw new Error(`${family.name} is a ${family.type}, not a ${type}`);
}

export function gaugeOf<L extends string>(family: MetricFamily<L>, registry: Registry): Gauge<L> {
  expect(family, 'gauge');
  return new Gauge<L>({ name: family.name, help: family.help, labelNames: family.labels, registers: [registry] });
}

export function counterOf<L extends string>(family: MetricFamily<L>, registry: Registry): Counter<L> {
  expect(family, 'counter');
  return new Counter<L>({ name: family.name, help: family.help, labelNames: family.labels, registers: [registry] });
}
