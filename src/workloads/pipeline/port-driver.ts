/**
 * The run thread's side of pipeline.message-port: the source, which sends into stage 0's
 * input channel while it holds credits for it, and the sink, which audits what comes out of
 * the last stage and gives that channel its credits back (credit-window.ts). Each phase is
 * a promise that settles when its last message has arrived.
 */
import { nowNs } from '../../measure/clock.ts';
import { CreditWindow } from './credit-window.ts';
import { STOP_SEQ, THROUGHPUT, WARMUP, type Phase, type PipelineMessage } from './pipeline-message.ts';
import type { PipelineMeasurement } from './pipeline-measurement.ts';
import { phaseOver, type PhaseBudget } from './pipeline-phases.ts';
import { initialValue } from './stage-mix.ts';

const STALL_NS = 5_000_000_000;
const WATCHDOG_MS = 250;

type Mode = 'latency' | 'throughput' | 'stop';

/** What the driver needs of a MessagePort; a test passes its own, to choose the order messages arrive in. */
export interface DriverPort {
  on(event: 'message', listener: (value: unknown) => void): unknown;
  postMessage(value: unknown): void;
}

/** The run thread's two ends: the source's port into stage 0 and the sink's port out of the last stage. */
export class PortDriver {
  readonly #source: DriverPort;
  readonly #sink: DriverPort;
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
  /** Throughput mode: the phase still has messages to send. */
  #sending = false;
  /** Latency and stop modes: the next lone message is due and waits for a credit. */
  #loneDue = false;
  #lastProgressNs = 0;
  #pending: { resolve: () => void; reject: (error: Error) => void } | null = null;

  constructor(source: DriverPort, sink: DriverPort, capacity: number, measurement: PipelineMeasurement, failed: Promise<never>) {
    this.#source = source;
    this.#sink = sink;
    this.#sourceWindow = new CreditWindow(capacity);
    this.#sinkWindow = new CreditWindow(capacity);
    this.#measurement = measurement;
    this.#failed = failed;
    source.on('message', (credits) => {
      this.#sourceWindow.grant(credits as number);
      this.#lastProgressNs = nowNs();
      this.#pump();
    });
    sink.on('message', (message) => this.#arrive(message as PipelineMessage));
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

  /**
   * Sends what the mode has due, as far as the credits go; called at the start of a phase,
   * on every arrival and on every credit. No send may assume a credit is there: the
   * credits come back on the source port and the data on the sink port, and the event
   * loop dispatches one port's queue until it is empty, so the sink can see several lone
   * messages (each sent from the previous one's arrival) while their credits wait unread on
   * the source port, or a phase's last messages before the credits they were sent on.
   */
  #pump(): void {
    if (this.#mode === 'throughput') {
      this.#pumpThroughput();
    } else if (this.#loneDue && this.#sourceWindow.canSend) {
      this.#loneDue = false;
      if (this.#mode === 'stop') this.#post(STOP_SEQ);
      else this.#sendNext();
    }
  }

  #pumpThroughput(): void {
    const m = this.#measurement;
    while (this.#sending) {
      if (phaseOver(this.#budget, this.#startNs, nowNs(), this.#sentInPhase)) {
        this.#sending = false;
        break;
      }
      if (!this.#sourceWindow.canSend) return; // the next credit resumes
      this.#sendNext();
      if (this.#phase === THROUGHPUT) m.sourceOccupancy(this.#sourceWindow.occupancy());
    }
    if (m.drained) this.#settle();
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
      if (phaseOver(this.#budget, this.#startNs, now, this.#sentInPhase)) {
        this.#settle();
      } else {
        this.#loneDue = true;
        this.#pump();
      }
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
      if (mode === 'throughput') this.#sending = true;
      else this.#loneDue = true;
      this.#pump();
      await Promise.race([done, this.#failed]);
      return nowNs() - this.#startNs;
    } finally {
      clearInterval(watchdog);
    }
  }

  /** One message in flight at a time: the next is sent when the last has arrived (and a credit is there). */
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
