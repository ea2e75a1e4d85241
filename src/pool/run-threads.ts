/**
 * Runs one workload at T threads: starts exactly T worker threads, collects one report
 * from each, and turns every way a worker can die into a failed run with a reason. All
 * workers of a run are gone when this resolves, whatever happened.
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { FailureReason } from '../model/result.ts';
import type { BaseParams, Phases } from '../workloads/api.ts';
import { BARRIER_WORDS } from './barrier.ts';
import { parseWorkerMessage, type ThreadReport, type WorkerJob } from './messages.ts';

const WORKER_ENTRY = new URL('./worker-entry.ts', import.meta.url);

export interface ThreadsRequest {
  moduleUrl: string;
  params: BaseParams;
  threads: number;
  sharedBytes: number;
  phases: Phases;
  timerCostNs: number;
  timeoutMs: number;
  resourceLimits: ResourceLimits;
  signal?: AbortSignal;
}

export type ThreadsOutcome =
  | { status: 'ok'; reports: ThreadReport[] }
  | { status: 'failed'; reason: FailureReason; message: string }
  | { status: 'aborted' };

/** Live worker threads across all runs; the fault tests check it returns to its old value. */
let liveWorkers = 0;
export function liveWorkerCount(): number {
  return liveWorkers;
}

export function runThreads(request: ThreadsRequest): Promise<ThreadsOutcome> {
  const control = new SharedArrayBuffer(BARRIER_WORDS * Int32Array.BYTES_PER_ELEMENT);
  const shared = new SharedArrayBuffer(request.sharedBytes);
  const reports: ThreadReport[] = new Array(request.threads);
  const workers: Worker[] = [];
  let received = 0;
  let exited = 0;
  let settled = false;

  return new Promise<ThreadsOutcome>((resolve) => {
    let outcome: ThreadsOutcome | null = null;

    // Resolve only after every worker has exited, so a finished run never leaves a thread behind.
    const finish = (result: ThreadsOutcome): void => {
      if (settled) return;
      settled = true;
      outcome = result;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      for (const worker of workers) void worker.terminate();
      if (exited === workers.length) resolve(result);
    };
    const onExit = (): void => {
      exited += 1;
      liveWorkers -= 1;
      if (settled && exited === workers.length) resolve(outcome!);
    };
    const onAbort = (): void => finish({ status: 'aborted' });
    const timer = setTimeout(
      () => finish({ status: 'failed', reason: 'timeout', message: `run exceeded its timeout of ${request.timeoutMs} ms` }),
      request.timeoutMs,
    );

    if (request.signal?.aborted) {
      settled = true;
      clearTimeout(timer);
      resolve({ status: 'aborted' });
      return;
    }
    request.signal?.addEventListener('abort', onAbort, { once: true });

    for (let threadIndex = 0; threadIndex < request.threads; threadIndex++) {
      const job: WorkerJob = {
        moduleUrl: request.moduleUrl, params: request.params, threadIndex, threads: request.threads,
        phases: request.phases, timerCostNs: request.timerCostNs, control, shared,
      };
      const worker = new Worker(WORKER_ENTRY, { workerData: job, resourceLimits: request.resourceLimits });
      liveWorkers += 1;
      workers.push(worker);
      let reported = false;
      worker.on('message', (raw: unknown) => {
        if (settled) return;
        const message = parseWorkerMessage(raw);
        if (message === null || reported) {
          finish({ status: 'failed', reason: 'error', message: `thread ${threadIndex} sent a malformed message` });
          return;
        }
        if (message.type === 'error') {
          finish({ status: 'failed', reason: 'error', message: `thread ${threadIndex}: ${message.message}` });
          return;
        }
        reported = true;
        reports[threadIndex] = message;
        received += 1;
        if (received === request.threads) finish({ status: 'ok', reports });
      });
      worker.on('error', (error: Error & { code?: string }) => {
        const reason: FailureReason = error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'oom' : 'error';
        finish({ status: 'failed', reason, message: `thread ${threadIndex}: ${error.message}` });
      });
      worker.on('exit', (code) => {
        if (!reported) {
          finish({ status: 'failed', reason: 'exit', message: `thread ${threadIndex} exited with code ${code} before reporting` });
        }
        onExit();
      });
    }
  });
}
