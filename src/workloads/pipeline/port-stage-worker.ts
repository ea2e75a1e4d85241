/**
 * One stage of pipeline.message-port, in its own thread: messages arrive on `input`, are
 * queued, mixed and sent on `output` as long as the output has credits (credit-window.ts);
 * credits for `input` go back once messages have left. The stop message is passed on,
 * then the stage reports its counts to its parent and closes its ports, which lets the
 * thread end.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { CreditWindow } from './credit-window.ts';
import { THROUGHPUT, STOP_SEQ, type PipelineMessage, type StageStats } from './pipeline-message.ts';
import { stageMix } from './stage-mix.ts';

export interface PortStageJob {
  input: MessagePort;
  output: MessagePort;
  capacity: number;
  stage: number;
}

const job = workerData as PortStageJob;
const { input, output, stage } = job;
const outputWindow = new CreditWindow(job.capacity);
const inputWindow = new CreditWindow(job.capacity);
const stats: StageStats = { forwarded: 0, occupancySum: 0, occupancySamples: 0 };
// A FIFO of waiting messages: an array and a read index, reset whenever it empties (a
// stage never holds more than `capacity`, so it stays small).
const queue: PipelineMessage[] = [];
let queueHead = 0;

function forward(): void {
  while (queueHead < queue.length && outputWindow.canSend) {
    const message = queue[queueHead++];
    const stopping = message.seq === STOP_SEQ;
    if (!stopping) message.value = stageMix(message.value, stage);
    outputWindow.spend();
    output.postMessage(message);
    if (stopping) {
      parentPort!.postMessage(stats);
      input.close();
      output.close();
      return;
    }
    stats.forwarded++;
    if (message.phase === THROUGHPUT) {
      stats.occupancySum += outputWindow.occupancy();
      stats.occupancySamples++;
    }
    const credits = inputWindow.consumed();
    if (credits > 0) input.postMessage(credits);
  }
  if (queueHead === queue.length) {
    queue.length = 0;
    queueHead = 0;
  }
}

input.on('message', (message: PipelineMessage) => {
  queue.push(message);
  forward();
});
output.on('message', (credits: number) => {
  outputWindow.grant(credits);
  forward();
});
parentPort!.postMessage('ready');
