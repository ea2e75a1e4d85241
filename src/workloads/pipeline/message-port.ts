/**
 * pipeline.message-port: the pipeline with MessagePorts as its channels, made bounded by
 * credits (credit-window.ts). Everything here is event-driven: the source sends from the
 * credit handler, the sink audits from the message handler, and each phase is a promise
 * that settles when its last message has arrived. See pipeline-spec.ts for the topology
 * and pipeline-measurement.ts for the phases.
 */
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { nowNs } from '../../measure/clock.ts';
import { defineWorkload } from '../api.ts';
import { InnerWorkers } from '../inner-workers.ts';
import { CreditWindow } from './credit-window.ts';
import { LATENCY, STOP_SEQ, THROUGHPUT, WARMUP, type Phase, type PipelineMessage, type StageStats } from './pipeline-message.ts';
import { PipelineMeasurement } from './pipeline-measurement.ts';
import { phaseOver, pipelinePhasePlan, type PhaseBudget } from './pipeline-phases.ts';
import { checkedPipelineParams, PIPELINE_KPIS, PIPELINE_PARAMS, type PipelineParams } from './pipeline-spec.ts';
import { initialValue } from './stage-mix.ts';

const STAGE_ENTRY = new URL('./port-stage-worker.ts', import.meta.url);
const STALL_NS = 5_000_000_000;
const WATCHDOG_MS = 250;

type Mode = 'latency' | 'throughput' | 'stop';

/** The run thread's two ends: the source's port into stage 0 and the sink's port out of the last stage. */
class PortDriver {
  readonly #source: MessagePort;
  readonly #sink: MessagePort;
  readonly #sourceWindow: CreditWindow;
  readonly #sinkWindow: CreditWindow;
  readonly #measurement: PipelineMeasurement;
  readonly #failed: Promise<never>;
  // The phase in progress.
  #mode: Mode = 'stop';
  #phase: Phase = WARMUP;
  #budget: PhaseBudget = { durationNs: 0, messages: 0 };
  #startNs = 0;
  #sentInPhase = 0;
  #sending = false;
  #lastProgressNs = 0;
  #pending: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(source: MessagePort, sink: MessagePort, capacity: number, measurement: PipelineMeasurement, failed: Promise<never>) {
    this.#source = source;
    this.#sink = sink;
    this.#sourceWindow = new CreditWindow(capacity);
    this.#sinkWindow = new CreditWindow(capacity);
    this.#measurement = measurement;
    this.#failed = failed;
    source.on('message', (credits: number) => {
      this.#sourceWindow.grant(credits);
      this.#lastProgressNs = nowNs();
      if (this.#mode === 'throughput') this.#pump();
    });
    sink.on('message', (message: PipelineMessage) => this.#arrive(message));
  }

  #post(seq: number): void {
    this.#sourceWindow.spend();
    const message: PipelineMessage = { seq, sentAtNs: nowNs(), value: seq === STOP_SEQ ? 0 : initialValue(seq), phase: this.#phase };
    this.#source.postMessage(message);
  }

  #sendNext(): void {
    this.#post(this.#measurement.sent++);
    this.#sentInPhase++;
  }

  #pump(): void {
    const m = this.#measurement;
    while (this.#sending && this.#sourceWindow.canSend) {
      if (phaseOver(this.#budget, this.#startNs, nowNs(), this.#sentInPhase)) {
        this.#sending = false;
        break;
      }
      this.#sendNext();
      if (this.#phase === THROUGHPUT) m.sourceOccupancy(this.#sourceWindow.occupancy());
    }
    if (!this.#sending && m.drained) this.#settle();
  }

  #arrive(message: PipelineMessage): void {
    const now = nowNs();
    this.#lastProgressNs = now;
    const credits = this.#sinkWindow.consumed();
    if (credits > 0) this.#sink.postMessage(credits);
    if (message.seq === STOP_SEQ) {
      this.#settle();
      return;
    }
    this.#measurement.arrived(message, now);
    if (this.#mode === 'throughput') this.#pump();
    else if (this.#mode === 'latency') {
      if (phaseOver(this.#budget, this.#startNs, now, this.#sentInPhase)) this.#settle();
      else this.#sendNext();
    }
  }

  #settle(error?: Error): void {
    const pending = this.#pending;
    this.#pending = null;
    if (pending === null) return;
    if (error === undefined) pending.resolve();
    else pending.reject(error);
  }

  /** Starts `mode` and resolves with its wall time once its last message has arrived. */
  async #run(mode: Mode, budget: PhaseBudget, phase: Phase): Promise<number> {
    this.#mode = mode;
    this.#budget = budget;
    this.#phase = phase;
    this.#sentInPhase = 0;
    this.#startNs = nowNs();
    this.#lastProgressNs = this.#startNs;
    const done = new Promise<void>((resolve, reject) => {
      this.#pending = { resolve, reject };
    });
    const watchdog = setInterval(() => {
      if (nowNs() - this.#lastProgressNs > STALL_NS) {
        this.#settle(new Error(`pipeline.message-port stalled: no message moved for ${STALL_NS / 1e9} s`));
      }
    }, WATCHDOG_MS);
    try {
      if (mode === 'throughput') {
        this.#sending = true;
        this.#pump();
      } else {
        this.#post(mode === 'stop' ? STOP_SEQ : this.#measurement.sent++);
        if (mode === 'latency') this.#sentInPhase++;
      }
      await Promise.race([done, this.#failed]);
      return nowNs() - this.#startNs;
    } finally {
      clearInterval(watchdog);
    }
  }

  /** One message in flight at a time. */
  latency(budget: PhaseBudget, phase: Phase): Promise<number> {
    return this.#run('latency', budget, phase);
  }

  /** The source sends whenever it has a credit; ends when every message sent has arrived. */
  throughput(budget: PhaseBudget, phase: Phase): Promise<number> {
    return this.#run('throughput', budget, phase);
  }

  /** Sends the stop message through every stage; resolves when it reaches the sink. */
  async stop(): Promise<void> {
    await this.#run('stop', { durationNs: 0, messages: 0 }, WARMUP);
  }
}

export default defineWorkload<PipelineParams>({
  name: 'pipeline.message-port',
  category: 'pipeline',
  tier: 2,
  description: 'Source → N stage threads → sink over MessagePorts bounded by credits (structured clone per hop); latency, throughput, loss.',
  params: PIPELINE_PARAMS,
  maxThreads: 1,
  kpis: PIPELINE_KPIS,
  async run(ctx) {
    const { stages, capacity } = checkedPipelineParams(ctx);
    const channels = Array.from({ length: stages + 1 }, () => new MessageChannel());
    const source = channels[0].port1;
    const sink = channels[stages].port2;
    const rssBefore = process.memoryUsage.rss();
    const workers = new InnerWorkers();
    const measurement = new PipelineMeasurement(ctx, stages);
    try {
      const threads = Array.from({ length: stages }, (_, stage) => {
        const input = channels[stage].port2;
        const output = channels[stage + 1].port1;
        return workers.spawn(STAGE_ENTRY, { input, output, capacity, stage }, [input, output]);
      });
      await Promise.all(threads.map((thread) => workers.nextMessage(thread)));
      // Listening from now on: a stage reports when the stop message passes it.
      const reports = Promise.all(threads.map((thread) => workers.nextMessage(thread) as Promise<StageStats>));
      reports.catch(() => {}); // awaited below; a failure before then must not go unhandled
      const driver = new PortDriver(source, sink, capacity, measurement, workers.failed);
      const plan = pipelinePhasePlan(ctx.phases);
      await driver.throughput(plan.warmup, WARMUP);
      await driver.latency(plan.warmup, WARMUP);
      ctx.barrier();
      measurement.latencyPhaseTook(await driver.latency(plan.measure, LATENCY));
      measurement.throughputPhaseTook(await driver.throughput(plan.measure, THROUGHPUT));
      const rssLoaded = process.memoryUsage.rss();
      await driver.stop();
      return measurement.output(await reports, rssBefore, rssLoaded);
    } finally {
      measurement.destroy();
      source.close();
      sink.close();
      await workers.terminateAll();
    }
  },
});
