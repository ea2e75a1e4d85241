/**
 * Which stalls of the hiccup meter a GC pause explains: a stall is explained when any
 * pause interval overlaps the loop iteration it was seen in. What is left over is time
 * the thread lost to something the VM does not report: the OS scheduler, page faults,
 * other processes, a hypervisor.
 */
import type { GcPause } from './gc-pauses.ts';

export interface Stall {
  startMs: number;
  endMs: number;
  hiccupNs: number;
}

export interface StallAttribution {
  explained: number;
  unexplained: number;
  maxUnexplainedNs: number;
}

function overlaps(stall: Stall, pause: GcPause): boolean {
  return pause.startMs < stall.endMs && pause.startMs + pause.durationMs > stall.startMs;
}

export function attributeStalls(stalls: readonly Stall[], pauses: readonly GcPause[]): StallAttribution {
  let explained = 0;
  let unexplained = 0;
  let maxUnexplainedNs = 0;
  for (const stall of stalls) {
    if (pauses.some((pause) => overlaps(stall, pause))) {
      explained++;
    } else {
      unexplained++;
      if (stall.hiccupNs > maxUnexplainedNs) maxUnexplainedNs = stall.hiccupNs;
    }
  }
  return { explained, unexplained, maxUnexplainedNs };
}
