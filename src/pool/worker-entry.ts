/**
 * The body of every worker thread: import the workload module, wait for all threads of
 * the run at the start barrier, run, and post the thread's histograms and output back.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { nowNs } from '../measure/clock.ts';
import { initHdr } from '../measure/hdr.ts';
import { readThreadRunQueueWaitNs } from '../measure/interference/thread-schedstat.ts';
import { readThreadInvoluntarySwitches } from '../measure/interference/thread-switches.ts';
import { CpuCanary } from '../measure/cpu-canary.ts';
import { LatencyRecorder } from '../measure/recorder.ts';
import type { Workload, WorkerContext } from '../workloads/api.ts';
import { Barrier, BARRIER_WORDS } from './barrier.ts';
import type { ThreadFailure, ThreadReport, WorkerJob } from './messages.ts';

const job = workerData as WorkerJob;
const port = parentPort!;

async function main(): Promise<void> {
  await initHdr();
  const workload = (await import(job.moduleUrl)).default as Workload;
  const barrier = new Barrier(new Int32Array(job.control, 0, BARRIER_WORDS), job.threads);
  const recorder = new LatencyRecorder();
  const cpuCanary = new CpuCanary();
  const context: WorkerContext = {
    workload: workload.name,
    threadIndex: job.threadIndex,
    threads: job.threads,
    params: job.params,
    shared: job.shared,
    phases: job.phases,
    timerCostNs: job.timerCostNs,
    barrier: () => barrier.wait(),
    recorder,
    cpuCanary,
  };
  try {
    // Read before the barrier, so that the read does not delay this thread's start against the others.
    const switchesBefore = readThreadInvoluntarySwitches();
    const waitBefore = readThreadRunQueueWaitNs();
    barrier.wait();
    const startNs = nowNs();
    const output = await workload.run(context);
    const wallNs = nowNs() - startNs;
    const switchesAfter = readThreadInvoluntarySwitches();
    const waitAfter = readThreadRunQueueWaitNs();
    const { raw, corrected } = recorder.encode();
    const report: ThreadReport = {
      type: 'result', output: output ?? {}, ops: recorder.ops, sumNs: recorder.sumNs, wallNs, raw, corrected,
      involuntarySwitches: switchesBefore === null || switchesAfter === null ? null : switchesAfter - switchesBefore,
      runQueueWaitNs: waitBefore === null || waitAfter === null ? null : waitAfter - waitBefore,
      slowCpuShare: cpuCanary.slowShare(),
    };
    port.postMessage(report);
  } finally {
    recorder.destroy();
  }
}

main().catch((error: unknown) => {
  const failure: ThreadFailure = {
    type: 'error',
    message: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  };
  port.postMessage(failure);
});
