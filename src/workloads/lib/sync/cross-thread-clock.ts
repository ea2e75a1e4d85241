/**
 * A clock whose readings can be compared between worker threads, for latencies that start
 * in one thread and end in another (a waker's stamp, a sleeper's wake-up).
 *
 * `process.hrtime.bigint()` reads libuv's monotonic clock (CLOCK_MONOTONIC on Linux): one
 * clock for the whole process, documented as such, with no per-thread origin. The other
 * candidate, `performance.now()`, is relative to `performance.timeOrigin`. On Node 24 the
 * workers inherit the process's origin (measured: the offset between `performance.now()`
 * and hrtime agreed within 25 ns across the main thread and three workers), but older
 * Node versions gave each worker its own origin, and `timeOrigin + now()` as a double
 * near 1.8e12 ms only resolves about 0.24 µs. So cross-thread stamps use hrtime and are
 * stored exactly in a BigInt64Array; the BigInt each read allocates is irrelevant next to
 * the tens of microseconds these latencies take.
 */
export function crossThreadNowNs(): bigint {
  return process.hrtime.bigint();
}

/** Nanoseconds from `earlier` to `later` as a number (exact below 2^53 ns, 104 days). */
export function elapsedNs(earlier: bigint, later: bigint): number {
  return Number(later - earlier);
}
