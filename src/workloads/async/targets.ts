/**
 * The async targets. The seeds give one number, the async overhead (< 500 ns per await);
 * the executor throughputs are derived from it and from the seeds' scheduling latency, so
 * that every async.* KPI traces back to a seed figure.
 */

/** Seeds: async vs sync overhead < 500 ns. */
export const ASYNC_OVERHEAD_TARGET_NS = 500;

/**
 * A microtask hop is the machinery an await's resumption runs on; if an await may cost
 * 500 ns, the microtask queue has to sustain at least 1 / 500 ns = 2 M hops per second.
 */
export const MICROTASK_HOPS_PER_SECOND_TARGET = 1e9 / ASYNC_OVERHEAD_TARGET_NS;

/** Seeds: scheduling latency < 100 µs. */
const SCHEDULING_LATENCY_TARGET_NS = 100_000;

/**
 * A setImmediate hop yields to the event loop and is scheduled again: a scheduling
 * decision, so at most 100 µs each, i.e. at least 10 000 turns per second.
 */
export const EVENT_LOOP_TURNS_PER_SECOND_TARGET = 1e9 / SCHEDULING_LATENCY_TARGET_NS;
