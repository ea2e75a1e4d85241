/**
 * pipeline.message-port's run thread with the ports replaced by scripted ones, so the test
 * chooses the order in which data and credits arrive. On real ports the credits for the
 * first channel come back on the source port and the data on the sink port, and the run
 * thread's event loop dispatches the sink's queue until it is empty before the source's
 * handler runs. In the latency phase each arrival sends the next message, which on a busy
 * machine (the run thread preempted while the stages work) is back in the sink's queue
 * before that check: the sink sees message after message while their credits wait unread.
 * The driver must then wait for a credit, not send without one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { initHdr } from '../../src/measure/hdr.ts';
import { createLocalContext, type LocalContext } from '../../src/workloads/local-context.ts';
import { LATENCY, STOP_SEQ, WARMUP, type PipelineMessage } from '../../src/workloads/pipeline/pipeline-message.ts';
import { PipelineMeasurement } from '../../src/workloads/pipeline/pipeline-measurement.ts';
import type { PipelineParams } from '../../src/workloads/pipeline/pipeline-spec.ts';
import { PortDriver, type DriverPort } from '../../src/workloads/pipeline/port-driver.ts';
import { stageMix } from '../../src/workloads/pipeline/stage-mix.ts';

const CAPACITY = 4;
const STAGES = 1;

/** A port whose incoming messages are delivered only when the test says so. */
class ScriptedPort implements DriverPort {
  readonly posted: unknown[] = [];
  #listener: ((value: unknown) => void) | null = null;

  on(_event: 'message', listener: (value: unknown) => void): this {
    this.#listener = listener;
    return this;
  }

  postMessage(value: unknown): void {
    this.posted.push(structuredClone(value));
  }

  deliver(value: unknown): void {
    assert.ok(this.#listener, 'the driver listens');
    this.#listener(value);
  }
}

/** The test plays the one stage: the source's `index`th message, mixed, arrives at the sink. */
function passThroughStage(source: ScriptedPort, sink: ScriptedPort, index: number): void {
  const message = { ...(source.posted[index] as PipelineMessage) };
  if (message.seq !== STOP_SEQ) message.value = stageMix(message.value, 0);
  sink.deliver(message);
}

const sentSeqs = (source: ScriptedPort): number[] => source.posted.map((message) => (message as PipelineMessage).seq);

describe('pipeline.message-port driver: credits arriving after the data they were spent on', () => {
  let ctx: LocalContext<PipelineParams>;
  before(async () => {
    await initHdr();
    ctx = createLocalContext<PipelineParams>({ phases: { warmupNs: 0, durationNs: 0 }, timerCostNs: 30 });
  });
  after(() => ctx.recorder.destroy());

  it('waits for a credit before every send, in every mode, and loses nothing', async () => {
    const source = new ScriptedPort();
    const sink = new ScriptedPort();
    const measurement = new PipelineMeasurement(ctx, STAGES);
    const never = new Promise<never>(() => {});
    try {
      const driver = new PortDriver(source, sink, CAPACITY, measurement, never);

      // Latency mode: the interleaving seen under load. Each lone message reaches the sink
      // before the credit it was sent on is read at the source; after CAPACITY of them the
      // driver is out of credits, and the next message must wait (it used to be sent, and
      // CreditWindow.spend threw "sent without a credit").
      const latency = driver.latency({ durationNs: 0, messages: 6 }, LATENCY);
      for (let i = 0; i < CAPACITY; i++) passThroughStage(source, sink, i);
      assert.deepEqual(sentSeqs(source), [0, 1, 2, 3], 'nothing sent without a credit');
      source.deliver(1);
      assert.deepEqual(sentSeqs(source), [0, 1, 2, 3, 4], 'a credit releases the waiting message');
      passThroughStage(source, sink, 4);
      assert.equal(source.posted.length, 5, 'out of credits again: the next lone message waits');
      source.deliver(1);
      passThroughStage(source, sink, 5);
      await latency;
      assert.deepEqual(sentSeqs(source), [0, 1, 2, 3, 4, 5]);

      // Throughput mode starts without a credit, sends as credits come, and ends when its
      // last message has arrived, whether or not the credits for it are back.
      const throughput = driver.throughput({ durationNs: 0, messages: 2 }, WARMUP);
      assert.equal(source.posted.length, 6, 'no credit, no send');
      source.deliver(2);
      assert.deepEqual(sentSeqs(source), [0, 1, 2, 3, 4, 5, 6, 7]);
      passThroughStage(source, sink, 6);
      passThroughStage(source, sink, 7);
      await throughput;

      // The stop message waits for its credit too.
      const stopped = driver.stop();
      assert.equal(source.posted.length, 8, 'the stop message waits for its credit');
      source.deliver(1);
      assert.deepEqual(sentSeqs(source), [0, 1, 2, 3, 4, 5, 6, 7, STOP_SEQ]);
      passThroughStage(source, sink, 8);
      await stopped;

      const report = measurement.audit.finish(measurement.sent);
      assert.deepEqual(
        { sent: report.sent, received: report.received, lost: report.lost, duplicated: report.duplicated, corrupt: report.corrupt },
        { sent: 8, received: 8, lost: 0, duplicated: 0, corrupt: 0 },
      );
      const creditsToLastStage = sink.posted.reduce((sum: number, credits) => sum + (credits as number), 0);
      assert.equal(creditsToLastStage, 9, 'the sink gave the last stage a credit back for every message, the stop message included');
    } finally {
      measurement.destroy();
    }
  });
});
