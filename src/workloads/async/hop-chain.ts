/**
 * A chain of `hops` callbacks where each schedules the next through `schedule`
 * (queueMicrotask, setImmediate): the queue never holds more than one of them, so the
 * chain's time is `hops` times the scheduler's cost to run one job and accept the next.
 * Resolves with the chain's ns, from the first schedule to the last hop.
 */
import { nowNs } from '../../measure/clock.ts';

export type Schedule = (callback: () => void) => unknown;

export function hopChain(schedule: Schedule, hops: number): Promise<number> {
  return new Promise((resolve) => {
    let left = hops;
    const start = nowNs();
    const hop = (): void => {
      if (--left === 0) resolve(nowNs() - start);
      else schedule(hop);
    };
    schedule(hop);
  });
}
