/** The seeds' coroutine-creation KPI, shared by the generator and the async-function variants. */
import { latencyKpi } from '../kpis.ts';

export const COROUTINE_CREATION_KPI = latencyKpi(
  'coroutine_creation', 'Mean time to create a coroutine and run it to its first suspension or completion (seeds: < 10 µs).', 10_000,
);
