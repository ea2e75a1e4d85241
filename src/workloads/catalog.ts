/**
 * Every built-in workload module, one line each. The registry imports each and takes its
 * default export; adding a built-in workload is adding its file and its line here.
 */
export const BUILTIN_WORKLOAD_MODULES: readonly URL[] = [
  new URL('./contention/atomic-add.ts', import.meta.url),
  new URL('./contention/padded-counter.ts', import.meta.url),
  new URL('./contention/cas-loop.ts', import.meta.url),
  new URL('./contention/futex-mutex.ts', import.meta.url),
  new URL('./contention/rwlock.ts', import.meta.url),
  new URL('./scheduler/wakeup-latency.ts', import.meta.url),
  new URL('./scheduler/fairness.ts', import.meta.url),
  new URL('./scheduler/thundering-herd.ts', import.meta.url),
  new URL('./scheduler/coroutine-create.ts', import.meta.url),
  new URL('./scheduler/async-create.ts', import.meta.url),
  new URL('./gc/churn-small.ts', import.meta.url),
  new URL('./gc/churn-large.ts', import.meta.url),
  new URL('./gc/hiccup.ts', import.meta.url),
  new URL('./async/await-overhead.ts', import.meta.url),
  new URL('./async/task-spawn.ts', import.meta.url),
  new URL('./async/microtask-throughput.ts', import.meta.url),
  new URL('./async/immediate-throughput.ts', import.meta.url),
  new URL('./async/concurrent-tasks.ts', import.meta.url),
];
