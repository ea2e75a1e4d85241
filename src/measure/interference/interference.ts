/** Turns two readings and the worker threads' own counters into a run's Interference. */
import type { Interference, InterferenceSource } from '../../model/interference.ts';
import type { InterferenceReading } from './probe.ts';
import { TICKS_PER_SECOND } from './proc-stat.ts';

/** What one worker thread measured of itself. */
export interface ThreadSwitches {
  /** nonvoluntary_ctxt_switches over the thread's run; null when /proc/thread-self/status was missing. */
  involuntarySwitches: number | null;
  /** ns the thread waited for a CPU over the same span (/proc/thread-self/schedstat); null (or absent) when unreadable. */
  runQueueWaitNs?: number | null;
  /** The thread's wall time over the same span, ns. */
  wallNs: number;
  /** Share of the thread's reference-loop timings that ran slow (cpu-canary.ts); null (or absent) when it timed none. */
  slowCpuShare?: number | null;
}

const round = (value: number, decimals: number): number => {
  const scale = 10 ** decimals;
  return Math.round(value * scale) / scale;
};
/** Seconds to µs, ratios and CPUs to 4 digits: finer than any of the sources resolve. */
const seconds = (value: number): number => round(value, 6);
const ratio = (value: number): number => round(value, 4);

function involuntary(threads: readonly ThreadSwitches[] | null, unavailable: Partial<Record<InterferenceSource, string>>) {
  if (threads === null || threads.length === 0) {
    unavailable.threadStatus = 'the run ended before its threads reported';
    return { involuntarySwitches: null, involuntarySwitchesPerSecond: null };
  }
  if (threads.some((thread) => thread.involuntarySwitches === null)) {
    unavailable.threadStatus = 'no /proc/thread-self/status';
    return { involuntarySwitches: null, involuntarySwitchesPerSecond: null };
  }
  const total = threads.reduce((sum, thread) => sum + (thread.involuntarySwitches ?? 0), 0);
  const threadSeconds = threads.reduce((sum, thread) => sum + thread.wallNs, 0) / 1e9;
  return { involuntarySwitches: total, involuntarySwitchesPerSecond: threadSeconds > 0 ? round(total / threadSeconds, 1) : 0 };
}

/**
 * The share of the run threads' wall time spent runnable but waiting for a CPU, and the part
 * of it other processes can have caused. Other processes that ran for S CPU-seconds on the
 * watched CPUs can have delayed each thread by S at most, so the wait beyond threads × S was
 * the run's own process (its main thread, V8's helper threads) competing with its workers.
 */
function runQueueWait(
  threads: readonly ThreadSwitches[] | null, otherCpuSeconds: number | null, unavailable: Partial<Record<InterferenceSource, string>>,
) {
  const none = { runQueueWaitSeconds: null, runQueueWaitRatio: null, runQueueWaitOnOthersRatio: null };
  if (threads === null || threads.length === 0) return none;
  if (threads.some((thread) => thread.runQueueWaitNs === null || thread.runQueueWaitNs === undefined)) {
    unavailable.schedstat = 'no /proc/thread-self/schedstat';
    return none;
  }
  const waitNs = threads.reduce((sum, thread) => sum + (thread.runQueueWaitNs ?? 0), 0);
  const wallNs = threads.reduce((sum, thread) => sum + thread.wallNs, 0);
  const onOthersNs = otherCpuSeconds === null ? waitNs : Math.min(waitNs, otherCpuSeconds * 1e9 * threads.length);
  return {
    runQueueWaitSeconds: seconds(waitNs / 1e9),
    runQueueWaitRatio: wallNs > 0 ? ratio(waitNs / wallNs) : 0,
    runQueueWaitOnOthersRatio: wallNs > 0 ? ratio(onOthersNs / wallNs) : 0,
  };
}

/**
 * The worst thread's slow-CPU share: one thread on a slowed CPU is enough to skew the run's
 * samples. Null when no thread timed the reference loop (the workload times no batches).
 */
function slowCpu(threads: readonly ThreadSwitches[] | null, unavailable: Partial<Record<InterferenceSource, string>>) {
  const shares = (threads ?? []).map((thread) => thread.slowCpuShare).filter((share): share is number => typeof share === 'number');
  if (shares.length === 0) {
    if (threads !== null && threads.length > 0) unavailable.canary = 'the workload times no batches, so no reference loop ran between them';
    return { slowCpuShare: null };
  }
  return { slowCpuShare: ratio(Math.max(...shares)) };
}

/**
 * The interference between `before` and `after`. `threads` is null when no worker
 * reported (a failed run): its switch counts are then unavailable, the rest still holds.
 */
export function interferenceBetween(
  before: InterferenceReading, after: InterferenceReading, threads: readonly ThreadSwitches[] | null,
): Interference {
  const unavailable: Partial<Record<InterferenceSource, string>> = { ...before.unavailable, ...after.unavailable };
  const windowSeconds = Math.max(after.atNs - before.atNs, 1) / 1e9;
  const ownCpuSeconds = Math.max(after.ownCpuUsec - before.ownCpuUsec, 0) / 1e6;

  let otherCpuSeconds: number | null = null;
  let stealSeconds: number | null = null;
  let stealRatio: number | null = null;
  if (before.ticks && after.ticks) {
    const busySeconds = (after.ticks.busy - before.ticks.busy) / TICKS_PER_SECOND;
    otherCpuSeconds = Math.max(busySeconds - ownCpuSeconds, 0);
    const steal = after.ticks.steal - before.ticks.steal;
    const total = after.ticks.total - before.ticks.total;
    stealSeconds = steal / TICKS_PER_SECOND;
    stealRatio = total > 0 ? steal / total : 0;
  }

  let periods: number | null = null;
  let throttledPeriods: number | null = null;
  let throttledSeconds: number | null = null;
  if (before.throttling && after.throttling) {
    periods = after.throttling.periods - before.throttling.periods;
    throttledPeriods = after.throttling.throttledPeriods - before.throttling.throttledPeriods;
    throttledSeconds = (after.throttling.throttledUsec - before.throttling.throttledUsec) / 1e6;
  }

  const cpuPressureSeconds = before.cpuPressureUsec !== null && after.cpuPressureUsec !== null
    ? (after.cpuPressureUsec - before.cpuPressureUsec) / 1e6 : null;

  return {
    windowSeconds: seconds(windowSeconds),
    ownCpuSeconds: seconds(ownCpuSeconds),
    otherCpuSeconds: otherCpuSeconds === null ? null : seconds(otherCpuSeconds),
    otherCpus: otherCpuSeconds === null ? null : ratio(otherCpuSeconds / windowSeconds),
    cpusWatched: otherCpuSeconds === null ? null : after.cpusWatched,
    stealSeconds: stealSeconds === null ? null : seconds(stealSeconds),
    stealRatio: stealRatio === null ? null : ratio(stealRatio),
    periods,
    throttledPeriods,
    throttledSeconds: throttledSeconds === null ? null : seconds(throttledSeconds),
    throttledRatio: periods === null || throttledPeriods === null ? null : periods > 0 ? ratio(throttledPeriods / periods) : 0,
    cpuPressureSeconds: cpuPressureSeconds === null ? null : seconds(cpuPressureSeconds),
    cpuPressureRatio: cpuPressureSeconds === null ? null : ratio(Math.min(cpuPressureSeconds / windowSeconds, 1)),
    ...involuntary(threads, unavailable),
    ...runQueueWait(threads, otherCpuSeconds, unavailable),
    ...slowCpu(threads, unavailable),
    unavailable,
  };
}
