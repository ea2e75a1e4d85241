/**
 * One stage of pipeline.shared-ring, in its own thread: pop from ring `stage`, mix the
 * value, push to ring `stage + 1`, sleeping in Atomics.wait while the input is empty or
 * the output full. The stop message is passed on, then the stage reports its counts to
 * its parent and ends.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { THROUGHPUT, STOP_SEQ, type StageStats } from './pipeline-message.ts';
import { emptyMessage, SpscRing } from './spsc-ring.ts';
import { stageMix } from './stage-mix.ts';

export interface RingStageJob {
  buffer: SharedArrayBuffer;
  capacity: number;
  stage: number;
}

/** The waits time out now and then only so that a terminated thread notices. */
const WAIT_MS = 100;

const job = workerData as RingStageJob;
const ringBytes = SpscRing.bytesFor(job.capacity);
const input = new SpscRing(job.buffer, job.capacity, job.stage * ringBytes);
const output = new SpscRing(job.buffer, job.capacity, (job.stage + 1) * ringBytes);
const message = emptyMessage();
const stats: StageStats = { forwarded: 0, occupancySum: 0, occupancySamples: 0 };

parentPort!.postMessage('ready');
for (;;) {
  if (!input.tryPop(message)) {
    input.waitForData(WAIT_MS);
    continue;
  }
  const stopping = message.seq === STOP_SEQ;
  if (!stopping) message.value = stageMix(message.value, job.stage);
  while (!output.tryPush(message.seq, message.sentAtNs, message.value, message.phase)) output.waitForSpace(WAIT_MS);
  if (stopping) break;
  stats.forwarded++;
  if (message.phase === THROUGHPUT) {
    stats.occupancySum += output.occupancy();
    stats.occupancySamples++;
  }
}
parentPort!.postMessage(stats);
