import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError } from '../../src/errors.ts';
import { InnerWorkers } from '../../src/workloads/inner-workers.ts';
import { CreditWindow } from '../../src/workloads/pipeline/credit-window.ts';
import { DeliveryAudit } from '../../src/workloads/pipeline/delivery-audit.ts';
import messagePort from '../../src/workloads/pipeline/message-port.ts';
import { THROUGHPUT } from '../../src/workloads/pipeline/pipeline-message.ts';
import { PIPELINE_PARAMS, type PipelineParams } from '../../src/workloads/pipeline/pipeline-spec.ts';
import sharedRing from '../../src/workloads/pipeline/shared-ring.ts';
import { emptyMessage, HEAD, SpscRing, TAIL } from '../../src/workloads/pipeline/spsc-ring.ts';
import { expectedValue, initialValue, stageMix } from '../../src/workloads/pipeline/stage-mix.ts';
import type { Workload } from '../../src/workloads/api.ts';
import { runInProcess } from './fake-context.ts';

/**
 * Each measured phase ends after MESSAGES messages, not after a time: how many messages a
 * loaded machine moves in a given time is no business of these tests. The duration is only
 * a bound that is never reached.
 */
const MESSAGES = 600;
const SHORT = { warmupNs: 40_000_000, durationNs: 60_000_000_000, iterations: MESSAGES };

/** The checksum the sink must report: computed here from the sequence numbers alone. */
function expectedChecksum(sent: number, stages: number): number {
  let sum = 0;
  for (let seq = 0; seq < sent; seq++) sum = (sum + expectedValue(seq, stages)) >>> 0;
  return sum;
}

describe('stage mix', () => {
  it('gives every stage its own function and is deterministic', () => {
    assert.equal(expectedValue(5, 0), initialValue(5));
    assert.equal(expectedValue(5, 2), stageMix(stageMix(initialValue(5), 0), 1));
    assert.notEqual(stageMix(1234, 0), stageMix(1234, 1));
    assert.notEqual(expectedValue(5, 2), expectedValue(5, 3), 'a skipped stage shows');
    const values = new Set(Array.from({ length: 1000 }, (_, seq) => expectedValue(seq, 2)));
    assert.equal(values.size, 1000, 'no collisions among nearby messages');
  });
});

describe('DeliveryAudit', () => {
  const intact = (audit: DeliveryAudit, seq: number): boolean => audit.accept(seq, expectedValue(seq, audit.stages));

  it('accepts exactly the next message, intact', () => {
    const audit = new DeliveryAudit(2);
    for (let seq = 0; seq < 10; seq++) assert.equal(intact(audit, seq), true);
    const report = audit.finish(10);
    assert.deepEqual({ ...report, checksum: 0 }, { sent: 10, received: 10, lost: 0, duplicated: 0, corrupt: 0, errorRate: 0, checksum: 0 });
    assert.equal(report.checksum, expectedChecksum(10, 2));
  });

  it('counts a gap as lost, a repeat as duplicated, a wrong value as corrupt, and what never came as lost', () => {
    const audit = new DeliveryAudit(1);
    intact(audit, 0);
    assert.equal(intact(audit, 3), false, '1 and 2 skipped');
    assert.equal(intact(audit, 3), false, 'again');
    assert.equal(audit.accept(4, 12345), false);
    const report = audit.finish(7);
    assert.equal(report.lost, 2 + 2);
    assert.equal(report.duplicated, 1);
    assert.equal(report.corrupt, 1);
    assert.equal(report.received, 4);
    assert.equal(report.errorRate, 6 / 7);
    assert.equal(report.checksum, (expectedValue(0, 1) + expectedValue(3, 1)) >>> 0);
  });
});

describe('SpscRing', () => {
  it('is FIFO, refuses a push when full and a pop when empty, and reports its occupancy', () => {
    const buffer = new SharedArrayBuffer(SpscRing.bytesFor(4));
    const producer = new SpscRing(buffer, 4);
    const consumer = new SpscRing(buffer, 4);
    const message = emptyMessage();
    assert.equal(consumer.tryPop(message), false);
    for (let seq = 0; seq < 4; seq++) assert.equal(producer.tryPush(seq, seq * 10, seq + 100, THROUGHPUT), true);
    assert.equal(producer.tryPush(4, 0, 0, THROUGHPUT), false, 'full');
    assert.equal(producer.occupancy(), 1);
    for (let seq = 0; seq < 4; seq++) {
      assert.equal(consumer.tryPop(message), true);
      assert.deepEqual(message, { seq, sentAtNs: seq * 10, value: seq + 100, phase: THROUGHPUT });
    }
    assert.equal(consumer.tryPop(message), false);
    assert.equal(producer.occupancy(), 0);
  });

  it('keeps working across the wrap of its 32-bit counters', () => {
    const buffer = new SharedArrayBuffer(SpscRing.bytesFor(8));
    const words = new Int32Array(buffer);
    words[HEAD] = 2 ** 31 - 3;
    words[TAIL] = 2 ** 31 - 3;
    const producer = new SpscRing(buffer, 8);
    const consumer = new SpscRing(buffer, 8);
    const message = emptyMessage();
    for (let seq = 0; seq < 100; seq++) {
      assert.equal(producer.tryPush(seq, 0, seq, THROUGHPUT), true);
      if (seq % 3 === 2) {
        assert.equal(producer.occupancy(), 3 / 8);
        for (let k = seq - 2; k <= seq; k++) {
          assert.equal(consumer.tryPop(message), true);
          assert.equal(message.seq, k);
        }
      }
    }
    assert.ok(words[HEAD] < 0, 'the head counter did wrap');
  });

  it('refuses a capacity that is not a power of two, or memory too small', () => {
    assert.throws(() => new SpscRing(new SharedArrayBuffer(SpscRing.bytesFor(6)), 6), RangeError);
    assert.throws(() => new SpscRing(new SharedArrayBuffer(64), 4), RangeError);
  });
});

describe('CreditWindow', () => {
  it('lets a sender send `capacity` messages, then only after credits come back', () => {
    const window = new CreditWindow(4);
    for (let i = 0; i < 4; i++) window.spend();
    assert.equal(window.canSend, false);
    assert.equal(window.occupancy(), 1);
    assert.throws(() => window.spend(), /without a credit/);
    window.grant(1);
    assert.equal(window.canSend, true);
  });

  it('returns credits to the sender in batches of a quarter of the capacity', () => {
    const window = new CreditWindow(8);
    assert.deepEqual([window.consumed(), window.consumed(), window.consumed(), window.consumed()], [0, 2, 0, 2]);
    assert.equal(new CreditWindow(2).batch, 1);
  });
});

describe('InnerWorkers', () => {
  it('turns an inner worker\'s uncaught error into a rejection naming it', async () => {
    const workers = new InnerWorkers();
    try {
      const worker = workers.spawn(new URL('../fixtures/inner/throws-worker.ts', import.meta.url), null);
      assert.equal(await workers.nextMessage(worker), 'ready');
      const failure = workers.nextMessage(worker);
      worker.postMessage('throw now');
      await assert.rejects(failure, /throws-worker\.ts: deliberate stage failure/);
      assert.match(workers.failure?.message ?? '', /deliberate stage failure/);
    } finally {
      await workers.terminateAll();
    }
  });
});

describe('pipelines lose, duplicate and corrupt nothing', () => {
  for (const workload of [sharedRing, messagePort] as Workload<PipelineParams>[]) {
    const variants: Partial<PipelineParams>[] = [{}, { stages: 3, capacity: 4 }];
    for (const params of variants) {
      it(`${workload.name} ${JSON.stringify(params)}: every message arrives once, in order, with the right checksum`, async () => {
        const run = await runInProcess(workload, { params, phases: SHORT });
        const { metrics } = run;
        const stages = params.stages ?? PIPELINE_PARAMS.stages;
        assert.ok(metrics.sent >= 2 * MESSAGES, `sent ${metrics.sent}: warm-up, then MESSAGES in each measured phase`);
        assert.equal(metrics.received, metrics.sent);
        assert.equal(metrics.lost, 0);
        assert.equal(metrics.duplicated, 0);
        assert.equal(metrics.corrupt, 0);
        assert.equal(metrics.error_rate, 0);
        assert.equal(metrics.intact_ratio, 1);
        assert.equal(metrics.checksum, expectedChecksum(metrics.sent, stages));
        assert.equal(metrics.forwarded_per_stage, metrics.sent, 'every stage passed every message on');
        assert.ok(run.ops > 0, 'lone-message latencies recorded');
        assert.ok(metrics.messages_per_second > 0);
        assert.ok(metrics.buffer_occupancy > 0 && metrics.buffer_occupancy <= 1, `occupancy ${metrics.buffer_occupancy}`);
        assert.ok(metrics.latency_p95_ns > 0 && metrics.latency_p95_ns <= metrics.latency_p99_ns);
        assert.equal(run.barrierCalls, 1);
      });
    }
  }

  it('stops the latency and throughput phases after `iterations` messages each', async () => {
    const run = await runInProcess(sharedRing, { phases: { warmupNs: 10_000_000, durationNs: 60_000_000_000, iterations: 500 } });
    assert.equal(run.ops, 500);
    assert.equal(run.metrics.lost, 0);
  });

  it('rejects a capacity that is not a power of two, naming the field', async () => {
    await assert.rejects(runInProcess(messagePort, { params: { capacity: 48 } }), (error: Error) => {
      assert.ok(error instanceof UsageError);
      assert.match(error.message, /params\.capacity/);
      return true;
    });
  });
});
