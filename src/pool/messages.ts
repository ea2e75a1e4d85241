/** The messages between the main thread and a run's worker threads. */
import type { BaseParams, Phases, ThreadOutput } from '../workloads/api.ts';

export interface WorkerJob {
  moduleUrl: string;
  params: BaseParams;
  threadIndex: number;
  threads: number;
  phases: Phases;
  timerCostNs: number;
  /** BARRIER_WORDS Int32 slots for the run's barrier. */
  control: SharedArrayBuffer;
  shared: SharedArrayBuffer;
}

export interface ThreadReport {
  type: 'result';
  output: ThreadOutput;
  ops: number;
  sumNs: number;
  /** Wall time from the start barrier until `run` returned. */
  wallNs: number;
  raw: string;
  corrected: string;
  /**
   * The thread's involuntary context switches from just before the start barrier until
   * `run` returned (/proc/thread-self/status); null where that file does not exist.
   */
  involuntarySwitches: number | null;
  /** ns the thread waited on a run queue over the same span (/proc/thread-self/schedstat); null where unreadable. */
  runQueueWaitNs: number | null;
  /** Share of the thread's reference-loop timings that ran slow (CpuCanary.slowShare); null when the workload timed no batches. */
  slowCpuShare: number | null;
}

export interface ThreadFailure {
  type: 'error';
  message: string;
}

export type WorkerMessage = ThreadReport | ThreadFailure;

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * A worker's message is untrusted input to the main thread (a workload may post anything):
 * check its shape before using it.
 */
export function parseWorkerMessage(message: unknown): WorkerMessage | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as Record<string, unknown>;
  if (m.type === 'error' && typeof m.message === 'string') return { type: 'error', message: m.message };
  if (m.type !== 'result') return null;
  if (!isFiniteNumber(m.ops) || !isFiniteNumber(m.sumNs) || !isFiniteNumber(m.wallNs)) return null;
  if (typeof m.raw !== 'string' || typeof m.corrected !== 'string') return null;
  if (typeof m.output !== 'object' || m.output === null) return null;
  if (m.involuntarySwitches !== null && !isFiniteNumber(m.involuntarySwitches)) return null;
  if (m.runQueueWaitNs !== null && !isFiniteNumber(m.runQueueWaitNs)) return null;
  if (m.slowCpuShare !== null && !isFiniteNumber(m.slowCpuShare)) return null;
  return message as ThreadReport;
}
