/**
 * GC pauses of this thread, from PerformanceObserver entries of type 'gc'. Each worker
 * thread is its own V8 isolate with its own heap, so the observer sees exactly the
 * collections of the workload that runs in it.
 *
 * Entries arrive asynchronously: Node queues them and delivers them to the observer from
 * the event loop, so a workload must yield to the event loop now and then while it runs,
 * and `stop()` yields once more and takes what is still queued before disconnecting.
 */
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

export const GC_KINDS = ['minor', 'major', 'incremental', 'weakcb'] as const;
export type GcKind = (typeof GC_KINDS)[number];

const KIND_BY_FLAG = new Map<number, GcKind>([
  [constants.NODE_PERFORMANCE_GC_MINOR, 'minor'],
  [constants.NODE_PERFORMANCE_GC_MAJOR, 'major'],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, 'incremental'],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, 'weakcb'],
]);

export interface GcPause {
  kind: GcKind;
  /** performance.now() of this thread, in ms (the same clock as nowNs()). */
  startMs: number;
  durationMs: number;
}

interface GcEntryLike {
  startTime: number;
  duration: number;
  detail?: unknown;
}

function toPause(entry: GcEntryLike): GcPause | null {
  const detail = entry.detail as { kind?: number } | undefined;
  const kind = detail?.kind === undefined ? undefined : KIND_BY_FLAG.get(detail.kind);
  if (kind === undefined) return null;
  return { kind, startMs: entry.startTime, durationMs: entry.duration };
}

export class GcPauseLog {
  readonly pauses: GcPause[] = [];
  readonly #observer: PerformanceObserver;

  constructor() {
    this.#observer = new PerformanceObserver((list) => this.#take(list.getEntries()));
    this.#observer.observe({ entryTypes: ['gc'] });
  }

  #take(entries: readonly GcEntryLike[]): void {
    for (const entry of entries) {
      const pause = toPause(entry);
      if (pause !== null) this.pauses.push(pause);
    }
  }

  /** Lets queued entries through, takes the rest and disconnects. Call once, at the end. */
  async stop(): Promise<GcPause[]> {
    await yieldToEventLoop();
    this.#take(this.#observer.takeRecords());
    this.#observer.disconnect();
    return this.pauses;
  }
}
