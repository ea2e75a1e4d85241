/** The seeds' coroutine-creation KPI, shared by the generator and the async-function variants. */
import type { KpiSpec } from '../api.ts';

export const COROUTINE_CREATION_KPI: KpiSpec = {
  name: 'coroutine_creation',
  description: 'Mean time to create a coroutine and run it to its first suspension or completion (seeds: < 10 µs).',
  statistic: 'mean',
  target: 10_000,
  direction: 'max',
  unit: 'ns',
  severity: 'warning',
};
