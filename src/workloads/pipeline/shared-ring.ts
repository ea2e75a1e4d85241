/**
 * pipeline.shared-ring: the pipeline with SharedArrayBuffer ring buffers (spsc-ring.ts) as
 * its channels. The run thread is source and sink and runs synchronously: it pushes into
 * ring 0, pops from ring `stages`, and sleeps in Atomics.wait when it can do neither.
 * See pipeline-spec.ts for the topology and pipeline-measurement.ts for the phases.
 *
 * A stage that dies cannot be seen from a thread blocked in Atomics.wait (its error is an
 * event, and events wait for the loop), so every blocking loop gives up after STALL_NS
 * without progress, and the run then reports the stage's error if one has arrived.
 */
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload } from '../api.ts';
import { InnerWorkers } from '../inner-workers.ts';
import { LATENCY, STOP_SEQ, THROUGHPUT, WARMUP, type Phase, type StageStats } from './pipeline-message.ts';
import { PipelineMeasurement } from './pipeline-measurement.ts';
import { phaseOver, pipelinePhasePlan, type PhaseBudget } from './pipeline-phases.ts';
import { PIPELINE_KPIS, pipelineParams } from './pipeline-spec.ts';
import { emptyMessage, SpscRing } from './spsc-ring.ts';
import { initialValue } from './stage-mix.ts';

const STAGE_ENTRY = new URL('./ring-stage-worker.ts', import.meta.url);
const WAIT_MS = 10;
const STALL_NS = 5_000_000_000;

class RingDriver {
  readonly #first: SpscRing;
  readonly #last: SpscRing;
  readonly #measurement: PipelineMeasurement;
  readonly #arrival = emptyMessage();

  constructor(first: SpscRing, last: SpscRing, measurement: PipelineMeasurement) {
    this.#first = first;
    this.#last = last;
    this.#measurement = measurement;
  }

  #stalled(sinceNs: number, what: string): void {
    if (nowNs() - sinceNs > STALL_NS) throw new Error(`pipeline.shared-ring stalled: ${what} for ${STALL_NS / 1e9} s`);
  }

  #push(seq: number, phase: Phase): void {
    const since = nowNs();
    while (!this.#first.tryPush(seq, nowNs(), seq === STOP_SEQ ? 0 : initialValue(seq), phase)) {
      this.#first.waitForSpace(WAIT_MS);
      this.#stalled(since, 'the first ring stayed full');
    }
  }

  /** Pops one arrival (blocking); returns false for the stop message. */
  #receive(): boolean {
    const since = nowNs();
    while (!this.#last.tryPop(this.#arrival)) {
      this.#last.waitForData(WAIT_MS);
      this.#stalled(since, 'nothing reached the sink');
    }
    if (this.#arrival.seq === STOP_SEQ) return false;
    this.#measurement.arrived(this.#arrival, nowNs());
    return true;
  }

  /** One message in flight at a time. Returns the phase's wall time. */
  latency(budget: PhaseBudget, phase: Phase): number {
    const m = this.#measurement;
    const start = nowNs();
    let sent = 0;
    do {
      this.#push(m.sent++, phase);
      sent++;
      this.#receive();
    } while (!phaseOver(budget, start, nowNs(), sent));
    return nowNs() - start;
  }

  /** The source sends whenever ring 0 has room; ends when every message sent has arrived. */
  throughput(budget: PhaseBudget, phase: Phase): number {
    const m = this.#measurement;
    const first = this.#first;
    const last = this.#last;
    const start = nowNs();
    let sent = 0;
    let progressAt = start;
    while (!phaseOver(budget, start, nowNs(), sent)) {
      let progressed = false;
      while (first.tryPush(m.sent, nowNs(), initialValue(m.sent), phase)) {
        m.sent++;
        sent++;
        progressed = true;
        if (phase === THROUGHPUT) m.sourceOccupancy(first.occupancy());
        if (budget.messages !== undefined && sent >= budget.messages) break;
      }
      while (last.tryPop(this.#arrival)) {
        m.arrived(this.#arrival, nowNs());
        progressed = true;
      }
      if (progressed) {
        progressAt = nowNs();
      } else {
        last.waitForData(WAIT_MS);
        this.#stalled(progressAt, 'no message moved');
      }
    }
    while (!m.drained) this.#receive();
    return nowNs() - start;
  }

  /** Sends the stop message and takes everything before it off the last ring. */
  stop(): void {
    this.#push(STOP_SEQ, WARMUP);
    while (this.#receive());
  }
}

export default defineWorkload({
  name: 'pipeline.shared-ring',
  category: 'pipeline',
  tier: 2,
  description: 'Source → N stage threads → sink over bounded SharedArrayBuffer ring buffers (Atomics.wait/notify when empty or full); latency, throughput, loss.',
  params: pipelineParams,
  maxThreads: 1,
  kpis: PIPELINE_KPIS,
  async run(ctx) {
    const { stages, capacity } = ctx.params;
    const ringBytes = SpscRing.bytesFor(capacity);
    const buffer = new SharedArrayBuffer((stages + 1) * ringBytes);
    const first = new SpscRing(buffer, capacity, 0);
    const last = new SpscRing(buffer, capacity, stages * ringBytes);
    const rssBefore = process.memoryUsage.rss();
    const workers = new InnerWorkers();
    const measurement = new PipelineMeasurement(ctx, stages);
    try {
      const threads = Array.from({ length: stages }, (_, stage) => workers.spawn(STAGE_ENTRY, { buffer, capacity, stage }));
      await Promise.all(threads.map((thread) => workers.nextMessage(thread)));
      const driver = new RingDriver(first, last, measurement);
      const plan = pipelinePhasePlan(ctx.phases);
      let rssLoaded: number;
      try {
        driver.throughput(plan.warmup, WARMUP);
        driver.latency(plan.warmup, WARMUP);
        ctx.barrier();
        measurement.latencyPhaseTook(driver.latency(plan.measure, LATENCY));
        measurement.throughputPhaseTook(driver.throughput(plan.measure, THROUGHPUT));
        rssLoaded = process.memoryUsage.rss();
      } catch (error) {
        // Let the stages' error events in: a stall is usually a stage that died.
        await new Promise((resolve) => setImmediate(resolve));
        throw workers.failure ?? error;
      }
      // Listening before the stop: the stages report as soon as they have passed it on.
      const reports = Promise.all(threads.map((thread) => workers.nextMessage(thread) as Promise<StageStats>));
      reports.catch(() => {}); // awaited below; a failure while stop() blocks must not go unhandled
      driver.stop();
      return measurement.output(await reports, rssBefore, rssLoaded);
    } finally {
      measurement.destroy();
      await workers.terminateAll();
    }
  },
});
